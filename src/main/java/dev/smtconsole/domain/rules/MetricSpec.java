package dev.smtconsole.domain.rules;

/**
 * Limits of one metric (table metric_spec): which sources may write it, min/max (outside →
 * rejected) and warn/alarm thresholds (above → accepted and flagged). lineId/machineId null =
 * factory-wide; the most specific spec wins.
 */
public record MetricSpec(String metric, Long lineId, Long machineId, boolean allowAuto, boolean allowManual,
                         Double min, Double max, Double warnAbove, Double alarmAbove) {
    public static final String BOARDS = "boards";
    public static final String PICKS = "picks";
    public static final String PLACEMENTS = "placements";
    public static final String REJECTS = "rejects";
    public static final String LOSS_RATE = "lossRate";

    int specificity() {
        return machineId != null ? 2 : lineId != null ? 1 : 0;
    }
}
