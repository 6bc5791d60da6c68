package dev.smtconsole.report;

import dev.smtconsole.domain.InOutEntryData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The in/out sheet as CSV: {@code date,time,line,job,in_qty,in_total,signed_by,warehouse_total,remark}. */
public final class InOutCsv {
    public static final List<String> HEADER = List.of("date", "time", "line", "job", "in_qty", "in_total", "signed_by",
            "warehouse_total", "remark");

    private InOutCsv() {
    }

    public static void write(List<InOutReport> reports, Path file) throws IOException {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter out = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(w)) {
            // Every text cell through CsvSafe (formula injection); the header is ours.
            out.printRecord(HEADER);
            for (InOutReport report : reports) {
                for (InOutRow r : report.rows()) {
                    InOutEntryData e = r.entry();
                    printSafe(out, e.date(), hm.format(e.time()), report.lineCode(), e.jobNo() == null ? "" : e.jobNo(),
                            e.inQty(), r.inTotal(), e.signedBy() == null ? "" : e.signedBy(), r.warehouseTotal(),
                            e.remark() == null ? "" : e.remark());
                }
            }
        }
    }

    private static void printSafe(CSVPrinter out, Object... values) throws IOException {
        for (int i = 0; i < values.length; i++) values[i] = CsvSafe.value(values[i]);
        out.printRecord(values);
    }
}
