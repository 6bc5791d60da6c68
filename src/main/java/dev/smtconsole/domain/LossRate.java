package dev.smtconsole.domain;

import java.util.OptionalDouble;

/** Dumps and loss rate as engineers compute them from the paper form. */
public final class LossRate {
    private LossRate() {
    }

    /** rejects = picks − placements. */
    public static long rejects(long picks, long placements) {
        return picks - placements;
    }

    /** loss rate = rejects / picks; empty when nothing was picked. */
    public static OptionalDouble of(long picks, long placements) {
        if (picks <= 0) return OptionalDouble.empty();
        return OptionalDouble.of((double) (picks - placements) / picks);
    }

    /** "1.00%" style, or empty text when there is no rate. */
    public static String format(OptionalDouble rate) {
        return rate.isPresent() ? String.format(java.util.Locale.ROOT, "%.2f%%", rate.getAsDouble() * 100) : "";
    }
}
