package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's round trip: the report feature's .xlsx export (issue 6), imported back with the
 * old-sheet importer into another database, gives the same report — quantities and each
 * machine's picks and placements per day and job. The report feature lives on another branch;
 * it is reached by reflection so this test compiles without it and runs once both are merged
 * (until then it is skipped, saying so).
 */
class ReportRoundTripTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate FROM = LocalDate.of(2026, 11, 23), TO = LocalDate.of(2026, 11, 24);

    @TempDir
    Path dir;

    private static AppServices open(Path dir) {
        AppServices s = new AppServices(Database.open(TestDatabases.h2(dir)), CLOCK);
        s.masterData().importFile(Path.of("sample-data", "lines.csv"));
        s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        return s;
    }

    private static Object call(Object target, String method, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) return m.invoke(target, args);
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + method);
    }

    /** day | job | quantity | machine:picks/placements … for every row of the L1 and L2 reports. */
    @SuppressWarnings("unchecked")
    private static List<String> summary(Object reports, List<Object> out) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : List.of("L1", "L2")) {
            Object report = call(reports, "production", line, FROM, TO, null);
            out.add(report);
            for (Object row : (List<Object>) call(report, "rows")) {
                StringBuilder sb = new StringBuilder(line + " " + call(row, "day") + " " + call(row, "jobNo") + " q=" + call(row, "quantity"));
                for (Object cell : (List<Object>) call(row, "machines")) {
                    sb.append(' ').append(call(cell, "machineCode")).append(':').append(call(cell, "picks")).append('/')
                            .append(call(cell, "placements"));
                }
                lines.add(sb.toString());
            }
        }
        return lines;
    }

    @Test
    void theReportExportImportedBackGivesTheSameReport() throws Exception {
        try {
            Class.forName("dev.smtconsole.app.ReportService");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("report export (issue 6) not merged into this branch: round trip skipped");
        }
        Path xlsx = dir.resolve("report.xlsx");
        List<String> before;
        try (AppServices a = open(dir.resolve("a"))) {
            var r = a.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                    new IngestService.ImportOptions("csv", "OP1001", null, null), null, () -> false);
            assertThat(r.accepted()).isEqualTo(56);
            Object reports = call(a, "reports");
            List<Object> forms = new ArrayList<>();
            before = summary(reports, forms);
            Class<?> dateStyle = Class.forName("dev.smtconsole.report.DateStyle");
            Object paper = dateStyle.getMethod("valueOf", String.class).invoke(null, "PAPER");
            call(reports, "writeProductionXlsx", forms, xlsx, paper, null);
        }
        assertThat(before).hasSize(4);
        try (AppServices b = open(dir.resolve("b"))) {
            var r = b.ingest().importFile(xlsx, new IngestService.ImportOptions("auto", "OP1001", null, null), null, () -> false);
            assertThat(r.format()).isEqualTo("xlsx");
            assertThat(r.rejected()).as(r.message()).isZero();
            List<String> after = summary(call(b, "reports"), new ArrayList<>());
            assertThat(after).isEqualTo(before);
            var again = b.ingest().importFile(xlsx, new IngestService.ImportOptions("xlsx", "OP1001", null, null), null, () -> false);
            assertThat(again.accepted()).isZero();
        }
    }
}
