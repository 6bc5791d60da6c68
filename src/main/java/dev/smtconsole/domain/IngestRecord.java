package dev.smtconsole.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated counter increment, ready to be written: the common shape every door (manual
 * form, file import, gateway) produces. Counts are deltas.
 *
 * @param rowNo        the source row (1-based data row), for messages; 0 when not from a file
 * @param eventId      the idempotency key: from the source, or derived from the row's content
 * @param machineCode  null for line-level counts
 * @param productModel null when the source does not say
 */
public record IngestRecord(long rowNo, String eventId, Instant eventTime, Instant startTime, Source source,
                           String lineCode, String machineCode, String jobNo, String productModel,
                           long boards, long picks, long placements, long rejects,
                           String operatorId, String remark, String rawText) {
    public IngestRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(lineCode, "lineCode");
        Objects.requireNonNull(jobNo, "jobNo");
    }
}
