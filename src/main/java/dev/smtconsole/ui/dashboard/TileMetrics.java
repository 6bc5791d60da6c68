package dev.smtconsole.ui.dashboard;

/**
 * Sizes of one line's group: font sizes in px, the group's whole height (tiles, padding and the
 * per-machine strip when it shows). The wall takes them from {@link WallLayout}; the office window
 * uses {@link #OFFICE}.
 */
record TileMetrics(double caption, double value, double detail, double rowHeight, boolean showMachines) {
    /** The dashboard area of the main window: read at a desk, not across the hall. */
    static final TileMetrics OFFICE = new TileMetrics(13, 28, 12, 150, true);

    static TileMetrics of(WallLayout l) {
        return new TileMetrics(l.caption(), l.value(), l.detail(), l.rowHeight(), l.showMachines());
    }
}
