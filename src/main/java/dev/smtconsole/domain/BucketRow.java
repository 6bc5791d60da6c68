package dev.smtconsole.domain;

import java.time.Instant;

/**
 * One counter bucket of a line as the report reads it: machine 0 holds line-level counts.
 *
 * @param start      the bucket's quarter hour (ProductionCalendar#bucketStart): it decides the production day
 * @param first      its first event time, {@code last} its last
 * @param firstStart the earliest start of its events: a typed or written start, a CFX WorkStarted, else the event time
 */
public record BucketRow(long machineId, long jobId, Instant start, long boards, long picks, long placements,
                        long rejects, long events, Instant first, Instant last, Instant firstStart) {
    /** A bucket whose events carry no start of their own. */
    public BucketRow(long machineId, long jobId, Instant start, long boards, long picks, long placements, long rejects,
                     long events, Instant first, Instant last) {
        this(machineId, jobId, start, boards, picks, placements, rejects, events, first, last, first);
    }
}
