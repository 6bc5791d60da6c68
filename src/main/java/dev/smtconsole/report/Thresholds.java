package dev.smtconsole.report;

import java.util.OptionalDouble;

/** Warn / alarm limits of the loss rate (fractions, 0.005 = 0.5 %); null = no such limit. */
public record Thresholds(Double warnAbove, Double alarmAbove) {
    public static final Thresholds NONE = new Thresholds(null, null);

    public Level level(OptionalDouble rate) {
        if (rate.isEmpty()) return Level.NONE;
        double r = rate.getAsDouble();
        if (alarmAbove != null && r > alarmAbove) return Level.ALARM;
        if (warnAbove != null && r > warnAbove) return Level.WARN;
        return Level.OK;
    }
}
