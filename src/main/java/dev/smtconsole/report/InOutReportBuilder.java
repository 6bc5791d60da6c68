package dev.smtconsole.report;

import dev.smtconsole.domain.InOutEntryData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Derives IN TOTAL and 入仓累计 from the typed rows: running totals are never typed. */
public final class InOutReportBuilder {
    private InOutReportBuilder() {
    }

    /**
     * @param entries      the period's rows (any order)
     * @param priorByJob   IN per job before the period (key null = rows without a job), so IN TOTAL carries over
     */
    public static InOutReport build(String lineCode, LocalDate from, LocalDate to, List<InOutEntryData> entries,
                                    Map<Long, Long> priorByJob) {
        List<InOutEntryData> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(InOutEntryData::date).thenComparing(InOutEntryData::time)
                .thenComparingLong(InOutEntryData::id));
        Map<Long, Long> jobTotals = new HashMap<>(priorByJob);
        long warehouse = 0;
        List<InOutRow> rows = new ArrayList<>(sorted.size());
        for (InOutEntryData e : sorted) {
            long jobTotal = jobTotals.merge(e.jobId(), e.inQty(), Long::sum);
            warehouse += e.inQty();
            rows.add(new InOutRow(e, jobTotal, warehouse));
        }
        Objects.requireNonNull(lineCode);
        return new InOutReport(lineCode, from, to, rows);
    }
}
