package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.OldSheetParser;
import dev.smtconsole.ingest.formats.Samples;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 物料核对人 of an old 生产数据记录表 reach job_record and so the production report; a second
 * import of the same sheet changes nothing, and checkers a person typed are never overwritten.
 */
class OldSheetCheckersImportTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final String SHEET = "production-record-L2.xlsx";

    /** (job, production day) → checkers as the sheet writes them, first row of a job and day wins. */
    static Map<String, String> expected() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (SourceRow r : Samples.parse(new OldSheetParser(), SHEET)) {
            String c = r.get(Field.CHECKERS);
            if (c == null || c.isBlank()) continue;
            LocalDate day = OffsetDateTime.parse(r.get(Field.EVENT_TIME)).atZoneSameInstant(CLOCK.getZone()).toLocalDate();
            out.putIfAbsent(r.get(Field.JOB) + "@" + day, c);
        }
        return out;
    }

    abstract static class Base extends SampleDataServices {
        @Override
        Clock clock() {
            return CLOCK;
        }

        IngestService.ImportResult importSheet() {
            return services.ingest().importFile(Path.of("sample-data", SHEET),
                    new IngestService.ImportOptions("xlsx", "OP1001", null, null), null, () -> false);
        }

        List<ProductionRow> reportRows() {
            return services.reports().production("L2", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), null).rows();
        }

        /** id, checkers and version of every job record, and the audit rows: what a re-import must not touch. */
        List<String> snapshot() {
            return services.database().jdbc(c -> {
                List<String> out = new ArrayList<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, checkers, version, updated_at FROM job_record ORDER BY id")) {
                    while (rs.next()) out.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getTimestamp(4));
                }
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_event WHERE entity = 'job_record'")) {
                    rs.next();
                    out.add("audit=" + rs.getLong(1));
                }
                return out;
            });
        }

        @Test
        void checkersLandInTheReportAndAReimportChangesNothing() throws Exception {
            Map<String, String> expected = expected();
            assertThat(expected).isNotEmpty().containsValue("礼、珍");

            var first = importSheet();
            assertThat(first.rejected()).isZero();
            List<ProductionRow> rows = reportRows();
            Map<String, String> shown = new LinkedHashMap<>();
            for (ProductionRow r : rows) shown.put(r.jobNo() + "@" + r.day(), r.checkers());
            assertThat(shown).containsAllEntriesOf(expected);
            ProductionRow m008321 = rows.stream().filter(r -> r.jobNo().equals("M008321") && r.day().equals(LocalDate.of(2026, 11, 2)))
                    .findFirst().orElseThrow();
            assertThat(m008321.checkers()).isEqualTo("礼、珍");
            // each fill is audited, naming the batch
            assertThat(services.reports().history(m008321)).anySatisfy(h -> {
                assertThat(h.field()).isEqualTo("checkers");
                assertThat(h.newValue()).isEqualTo("礼、珍");
                assertThat(h.reason()).isEqualTo("import batch " + first.batchId());
            });

            List<String> before = snapshot();
            var again = importSheet();
            assertThat(again.accepted()).isZero();
            assertThat(snapshot()).isEqualTo(before);

            // A person's edit stands: the sheet fills only an empty cell.
            services.reports().edit("L2", m008321, ReportService.EditField.CHECKERS, "张三", null, "OP1002");
            importSheet();
            ProductionRow after = reportRows().stream().filter(r -> r.jobNo().equals("M008321") && r.day().equals(LocalDate.of(2026, 11, 2)))
                    .findFirst().orElseThrow();
            assertThat(after.checkers()).isEqualTo("张三");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("checkers-h2");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.postgres();
        }
    }
}
