package dev.smtconsole.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable form (ingest issue item 5): UTF-8, one row per production day × job × machine.
 * {@code boards} is the day's job quantity repeated on each machine row; {@code start}/{@code end}
 * when the job's work began and its last count that day (docs/REPORTS.md: a typed or written start,
 * a CFX WorkStarted, else the first count; a hand correction wins, as on the signed form).
 */
public final class ProductionCsv {
    public static final List<String> HEADER = List.of("date", "line", "product_model", "job", "boards", "checkers",
            "start", "end", "machine", "picks", "placements", "rejects", "loss_rate", "remark");

    private ProductionCsv() {
    }

    public static void write(List<ProductionReport> reports, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter out = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(w)) {
            // Every text cell through CsvSafe (formula injection); the header is ours.
            out.printRecord(HEADER);
            for (ProductionReport report : reports) {
                for (ProductionRow r : report.rows()) {
                    String start = FormText.iso(r.start(), report.zone());
                    String end = FormText.iso(r.end(), report.zone());
                    if (r.machines().isEmpty()) {
                        printSafe(out, r.day(), report.lineCode(), nz(r.productModel()), r.jobNo(), r.quantity(),
                                r.checkers(), start, end, "", "", "", "", "", r.remark());
                    }
                    for (MachineCell m : r.machines()) {
                        String loss = m.lossRate().isPresent() ? String.format(Locale.ROOT, "%.6f", m.lossRate().getAsDouble()) : "";
                        printSafe(out, r.day(), report.lineCode(), nz(r.productModel()), r.jobNo(), r.quantity(),
                                r.checkers(), start, end, m.machineCode(), m.picks(), m.placements(), m.rejects(), loss,
                                r.remark());
                    }
                }
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void printSafe(CSVPrinter out, Object... values) throws IOException {
        for (int i = 0; i < values.length; i++) values[i] = CsvSafe.value(values[i]);
        out.printRecord(values);
    }
}
