package dev.smtconsole.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Board-count rules shared by the wall and the reports (DESIGN §4). */
public final class BoardCount {
    private BoardCount() {
    }

    /**
     * A job's quantity: its line-level boards when line-level rows exist, else the largest board
     * count among the line's machines, because every machine sees the same boards.
     *
     * @param hasLineLevel     whether any line-level row exists for the job in the period judged
     * @param machineBoards    boards per machine id
     */
    public static double quantity(boolean hasLineLevel, double lineLevelBoards, Map<Long, Double> machineBoards) {
        if (hasLineLevel) return lineLevelBoards;
        double max = 0;
        for (double b : machineBoards.values()) max = Math.max(max, b);
        return max;
    }

    /**
     * The share of a bucket's counts that fell inside [windowStart, ∞). Hour buckets only know their
     * first and last event times, so counts are taken as spread evenly between them: good enough
     * for "boards in the last 60 minutes" without reading single events.
     */
    public static double shareSince(Instant first, Instant last, Instant windowStart) {
        if (last.isBefore(windowStart)) return 0;
        if (!first.isBefore(windowStart)) return 1;
        long span = Duration.between(first, last).toMillis();
        if (span <= 0) return 1;
        return (double) Duration.between(windowStart, last).toMillis() / span;
    }
}
