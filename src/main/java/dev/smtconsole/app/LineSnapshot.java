package dev.smtconsole.app;

import dev.smtconsole.domain.AlarmLevel;

import java.time.Instant;
import java.util.List;

/**
 * One line's tiles at one moment. Counts are for the production day; null means "not known"
 * (no plan set, no target, nothing picked).
 *
 * @param boardsToday     the line's boards today: the sum of its jobs' quantities (DESIGN §4)
 * @param planToday       sum of the planned quantities of today's jobs that have one; null when none has
 * @param boardsLastHour  boards in the 60 minutes before the snapshot, estimated from hour buckets
 * @param lastEventAt     newest data of the line (up to a week back); null when none
 * @param stale           no data for longer than the configured minutes (or none at all)
 */
public record LineSnapshot(long lineId, String lineCode, String lineName,
                           String jobNo, String productModel, long jobBoardsToday, Integer jobPlannedQty,
                           long boardsToday, Integer planToday,
                           long picks, long placements, Double lossRate, AlarmLevel lossLevel,
                           Double warnAbove, Double alarmAbove,
                           long boardsLastHour, Integer targetPerHour,
                           Instant lastEventAt, boolean stale,
                           List<MachineLoss> machines) {
    public LineSnapshot {
        machines = List.copyOf(machines);
    }

    public long rejects() {
        return picks - placements;
    }

    /** Per placement machine: its picks, placements and loss rate judged by its own spec row. */
    public record MachineLoss(long machineId, String code, String name, long picks, long placements, Double lossRate,
                              AlarmLevel level, Double warnAbove, Double alarmAbove) {
    }
}
