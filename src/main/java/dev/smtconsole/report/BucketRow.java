package dev.smtconsole.report;

import java.time.Instant;

/** One counter bucket of a line as the report reads it: machine 0 holds line-level counts. */
public record BucketRow(long machineId, long jobId, Instant hour, long boards, long picks, long placements,
                        long rejects, long events, Instant first, Instant last) {
}
