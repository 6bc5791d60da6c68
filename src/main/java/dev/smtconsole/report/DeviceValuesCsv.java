package dev.smtconsole.report;

import dev.smtconsole.domain.DeviceValueRow;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A line's device values (the gateway's values that are not counters) as CSV:
 * {@code line,collected_at,machine,job,spec,value,unit,message_id}. A number is written as a
 * number; text, true/false and JSON values pass through {@link CsvSafe} like every text cell.
 */
public final class DeviceValuesCsv {
    public static final List<String> HEADER = List.of("line", "collected_at", "machine", "job", "spec", "value", "unit",
            "message_id");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private DeviceValuesCsv() {
    }

    public static void write(String lineCode, List<DeviceValueRow> rows, ZoneId zone, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter out = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(w)) {
            out.printRecord(HEADER);
            for (DeviceValueRow r : rows) {
                Object value = r.number() != null ? (Object) number(r.number()) : CsvSafe.cell(r.valueText());
                out.printRecord(CsvSafe.cell(lineCode), TIME.format(r.collectedAt().atZone(zone)),
                        CsvSafe.cell(blank(r.machineCode())), CsvSafe.cell(blank(r.jobNo())), CsvSafe.cell(r.spec()), value,
                        CsvSafe.cell(blank(r.unit())), r.messageId());
            }
        }
    }

    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
