package dev.smtconsole.ui.dashboard;

/**
 * How the wall fills a screen (DASHBOARD.md, "The wall at five metres"): pure arithmetic, no JavaFX,
 * so the rules are unit-tested for every size from 1366×768 to 3840×2160 and 1 to 12 lines.
 * <ul>
 *   <li>captions and the small line under each value are at least {@link #MIN_CAPTION_SHARE} of the
 *       screen height (readable at five metres on a TV of any resolution);</li>
 *   <li>a value is at least {@link #MIN_VALUE_RATIO} × the caption, and as large as the row allows;</li>
 *   <li>all lines share one page when each gets its minimum row (up to 5); otherwise pages of
 *       equal size (7 lines → 4 + 3, never 5 + 2).</li>
 * </ul>
 * The widths of the values are the view's business (it shrinks a value that would not fit its tile).
 */
public record WallLayout(double width, double height, int lines, int linesPerPage, int pages, double headerHeight,
                         double rowHeight, double gap, double caption, double value, boolean showMachines) {
    public static final double MIN_CAPTION_SHARE = 0.02;
    public static final double MIN_VALUE_RATIO = 2.0;
    /** Screen share of the top bar (clock, factory date, page). */
    static final double HEADER_SHARE = 0.07;
    /** Margin around the page and gap between rows, as a share of the height. */
    static final double GAP_SHARE = 0.008;
    /** Line height of a font, in font sizes (fonts with Chinese glyphs are tall). */
    static final double LINE = 1.45;
    /** A row at its smallest: caption, value, small line, bar, padding and borders, in captions. */
    static final double MIN_ROW_IN_CAPTIONS = LINE + MIN_VALUE_RATIO * LINE + LINE + 1.6;
    /** The per-machine strip under the tiles, in captions; shown only where a row has room for it. */
    static final double MACHINE_STRIP_IN_CAPTIONS = 1.9;
    /** Values never grow past this share of the height (one line on a 4K TV stays sane). */
    static final double MAX_VALUE_SHARE = 0.16;

    public static WallLayout of(double width, double height, int lines) {
        double caption = Math.ceil(height * MIN_CAPTION_SHARE);
        double gap = Math.max(4, Math.round(height * GAP_SHARE));
        double header = Math.round(height * HEADER_SHARE);
        double room = height - header - 2 * gap;
        int n = Math.max(1, lines);
        double minRow = caption * MIN_ROW_IN_CAPTIONS;
        int fit = Math.max(1, (int) Math.floor((room + gap) / (minRow + gap)));
        int pages = (n + fit - 1) / fit;
        int perPage = (n + pages - 1) / pages; // balanced pages
        double row = Math.floor((room - (perPage - 1) * gap) / perPage);
        boolean machines = row >= minRow + caption * MACHINE_STRIP_IN_CAPTIONS;
        double forValue = row - caption * (LINE + LINE + 1.6) - (machines ? caption * MACHINE_STRIP_IN_CAPTIONS : 0);
        double value = Math.max(caption * MIN_VALUE_RATIO, Math.min(forValue / LINE, height * MAX_VALUE_SHARE));
        return new WallLayout(width, height, lines, perPage, pages, header, row, gap, caption, Math.floor(value), machines);
    }

    /** The small line under a value, and the machine chips: the caption's size. */
    public double detail() {
        return caption;
    }
}
