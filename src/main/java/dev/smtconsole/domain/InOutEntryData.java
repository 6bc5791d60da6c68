package dev.smtconsole.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/** One typed row of the 产品出/入数记录表; {@code jobId} null when the sheet names no job. */
public record InOutEntryData(long id, Long jobId, String jobNo, LocalDate date, LocalTime time, long inQty,
                             String signedBy, String remark, String operatorId, Instant createdAt) {
}
