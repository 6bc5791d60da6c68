package dev.smtconsole.report;

import java.time.Instant;
import java.time.LocalDate;

/** The hand-written part of one form row (line × job × production day) with its lock version. */
public record JobRecordData(long id, long jobId, LocalDate day, String checkers, String remark, Long quantityOverride,
                            Instant startOverride, Instant endOverride, String correctionReason, String updatedBy,
                            Instant updatedAt, int version) {
}
