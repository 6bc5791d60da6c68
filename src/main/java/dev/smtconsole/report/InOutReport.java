package dev.smtconsole.report;

import java.time.LocalDate;
import java.util.List;

/** The 产品出/入数记录表 of one line for a period. */
public record InOutReport(String lineCode, LocalDate from, LocalDate to, List<InOutRow> rows) {
    public InOutReport {
        rows = List.copyOf(rows);
    }

    public long totalIn() {
        return rows.stream().mapToLong(r -> r.entry().inQty()).sum();
    }
}
