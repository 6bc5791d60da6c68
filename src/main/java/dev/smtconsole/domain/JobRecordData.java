package dev.smtconsole.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * The hand-written part of one form row (line × job × production day) with its lock version.
 *
 * @param editedFields fields changed through the report (they have audit entries): "checkers", "remark", …
 */
public record JobRecordData(long id, long jobId, LocalDate day, String checkers, String remark, Long quantityOverride,
                            Instant startOverride, Instant endOverride, String correctionReason, String updatedBy,
                            Instant updatedAt, int version, Set<String> editedFields) {
    public JobRecordData {
        editedFields = editedFields == null ? Set.of() : Set.copyOf(editedFields);
    }

    public JobRecordData withEditedFields(Set<String> fields) {
        return new JobRecordData(id, jobId, day, checkers, remark, quantityOverride, startOverride, endOverride,
                correctionReason, updatedBy, updatedAt, version, fields);
    }
}
