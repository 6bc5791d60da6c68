package dev.smtconsole.ui.dashboard;

/**
 * Sizes of one row of tiles: font sizes in px, the row's height and whether the per-machine strip
 * shows. The wall takes them from {@link WallLayout}; the office window uses {@link #OFFICE}.
 */
record TileMetrics(double caption, double value, double detail, double rowHeight, boolean showMachines) {
    /** The dashboard area of the main window: read at a desk, not across the hall. */
    static final TileMetrics OFFICE = new TileMetrics(13, 28, 12, 96, true);

    static TileMetrics of(WallLayout l) {
        return new TileMetrics(l.caption(), l.value(), l.detail(),
                l.rowHeight() - (l.showMachines() ? Math.ceil(l.caption() * WallLayout.MACHINE_STRIP_IN_CAPTIONS) : 0),
                l.showMachines());
    }
}
