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
 * @param pcbs         circuits (PCBs) in the boards counted: a carrier or panel of N circuits is 1
 *                     board and N PCBs (IPC-CFX {@code UnitCount}); equal to boards when the source
 *                     does not say. Not stored yet: the write path keeps boards only
 */
public record IngestRecord(long rowNo, String eventId, Instant eventTime, Instant startTime, Source source,
                           String lineCode, String machineCode, String jobNo, String productModel,
                           long boards, long picks, long placements, long rejects,
                           String operatorId, String remark, String rawText, long pcbs) {
    /** A record whose source does not count PCBs apart from boards (pcbs = boards). */
    public IngestRecord(long rowNo, String eventId, Instant eventTime, Instant startTime, Source source,
                        String lineCode, String machineCode, String jobNo, String productModel,
                        long boards, long picks, long placements, long rejects,
                        String operatorId, String remark, String rawText) {
        this(rowNo, eventId, eventTime, startTime, source, lineCode, machineCode, jobNo, productModel, boards, picks,
                placements, rejects, operatorId, remark, rawText, boards);
    }

    /** The job of a count whose job is not known yet (held as unassigned, never written as an event). */
    public static final String NO_JOB = "";

    /** Whether the record names its job (else it is an unassigned count). */
    public boolean hasJob() {
        return !jobNo.isEmpty();
    }

    /** The same count with the job an engineer assigned. */
    public IngestRecord withJob(String job) {
        return new IngestRecord(rowNo, eventId, eventTime, startTime, source, lineCode, machineCode, job, productModel, boards,
                picks, placements, rejects, operatorId, remark, rawText, pcbs);
    }

    public IngestRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(lineCode, "lineCode");
        Objects.requireNonNull(jobNo, "jobNo");
    }
}
