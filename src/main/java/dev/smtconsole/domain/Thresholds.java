package dev.smtconsole.domain;

/**
 * Warn/alarm limits of one metric for one scope (factory default, a line or a machine), as the
 * metric spec stores them. A value strictly above a limit crosses it; a missing limit never trips.
 */
public record Thresholds(Double warnAbove, Double alarmAbove) {
    public static final Thresholds NONE = new Thresholds(null, null);

    public AlarmLevel level(Double value) {
        if (value == null || value.isNaN()) return AlarmLevel.NONE;
        if (alarmAbove != null && value > alarmAbove) return AlarmLevel.ALARM;
        if (warnAbove != null && value > warnAbove) return AlarmLevel.WARN;
        return AlarmLevel.OK;
    }

    /** The level of a rate that may be missing (no picks: no loss rate). */
    public AlarmLevel level(java.util.OptionalDouble rate) {
        return rate.isEmpty() ? AlarmLevel.NONE : level(rate.getAsDouble());
    }
}
