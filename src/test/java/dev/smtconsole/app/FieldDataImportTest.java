package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Machine data shaped like the field's (issue 13) through the real pipeline into H2 and PostgreSQL:
 * counts whose job the file cannot tell are held back with that reason until a job is given at
 * import; the job's real start is stored; a carrier is one board; wrapped envelopes, XML lot logs
 * and positional host events import with their expected numbers.
 */
class FieldDataImportTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final Path FIELD = Path.of("src/test/resources/field-data");
    static final Path SAMPLES = Path.of("sample-data");

    abstract static class Base extends SampleDataServices {
        @Override
        Clock clock() {
            return CLOCK;
        }

        IngestService.ImportResult importFile(Path file, String job) {
            return importFile(file, job, Map.of());
        }

        IngestService.ImportResult importFile(Path file, String job, Map<String, String> set) {
            var r = services.ingest().importFile(file, new IngestService.ImportOptions("auto", "OP1001", null, null, job, set, null),
                    null, () -> false);
            assertThat(r.read()).as("nothing read is lost").isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped()
                    + r.unassigned());
            return r;
        }

        /** The earliest start stored for the machine's board counts of a job. */
        OffsetDateTime firstStart(String machine, String job) {
            return query("SELECT MIN(e.start_time) FROM production_event e JOIN machine m ON m.id = e.machine_id"
                    + " JOIN job j ON j.id = e.job_id WHERE m.code = '" + machine + "' AND j.job_no = '" + job + "' AND e.boards > 0",
                    rs -> rs.getObject(1, OffsetDateTime.class));
        }

        /** What a column of the machine's events adds up to for one job. */
        long sum(String column, String machine, String job) {
            return query("SELECT COALESCE(SUM(e." + column + "),0) FROM production_event e JOIN machine m ON m.id = e.machine_id"
                    + " JOIN job j ON j.id = e.job_id WHERE m.code = '" + machine + "' AND j.job_no = '" + job + "' AND NOT e.voided",
                    rs -> rs.getLong(1));
        }

        interface Read<T> {
            T from(ResultSet rs) throws java.sql.SQLException;
        }

        <T> T query(String sql, Read<T> read) {
            return services.database().jdbc(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    return read.from(rs);
                }
            });
        }

        @Test
        void aStreamOfOnlyWorkCompletedIsHeldBackWithItsReasonUntilTheJobIsGiven() {
            Path file = FIELD.resolve("cfx-split-workcompleted.jsonl");
            var without = importFile(file, null);
            assertThat(without.accepted()).isZero();
            assertThat(without.rejected()).isZero();
            assertThat(without.unassigned()).as("held without a job (ADR 0027)").isEqualTo(11);
            assertThat(without.skipped()).isEqualTo(1);
            assertThat(services.ingest().unassigned(dev.smtconsole.port.EventSink.HeldQuery.all(), 100))
                    .extracting(dev.smtconsole.port.EventSink.Held::reason).allMatch(x -> x.contains("is not in this file"));
            assertThat(sum("boards", "L3-M1", "M008510")).isZero();

            var with = importFile(file, "M008510");
            assertThat(with.accepted()).isEqualTo(11);
            assertThat(with.rejected()).isZero();
            assertThat(sum("boards", "L3-M1", "M008510")).isEqualTo(4);
            assertThat(sum("boards", "L3-M2", "M008510")).isEqualTo(4);
            assertThat(sum("boards", "L3-M3", "M008510")).isEqualTo(3);
            assertThat(importFile(file, "M008510").duplicates()).isEqualTo(11);
        }

        @Test
        void cfxBefore21ImportsWithTheJobGivenAndKeepsTheRealStartOfEachBoard() {
            var r = importFile(FIELD.resolve("cfx-pre21.jsonl"), "M008504");
            assertThat(r.accepted()).isEqualTo(12);
            assertThat(r.skipped()).isEqualTo(9);
            assertThat(sum("boards", "L3-M2", "M008504")).isEqualTo(3);
            assertThat(sum("placements", "L3-M1", "M008504")).isEqualTo(258);
            assertThat(sum("picks", "L3-M1", "M008504")).isEqualTo(260);
            // the first board on L3-M1 started at its WorkStarted, 11:00:05, not when it was counted (11:00:46)
            assertThat(firstStart("L3-M1", "M008504").toInstant()).isBetween(Instant.parse("2026-11-20T03:00:05Z"),
                    Instant.parse("2026-11-20T03:00:05.001Z"));
        }

        @Test
        void wrappedEnvelopesImportAndTheOneThatIsNotCfxIsRejectedSayingSo() {
            var r = importFile(FIELD.resolve("cfx-wrapped.jsonl"), null);
            assertThat(r.accepted()).isEqualTo(7);
            assertThat(r.skipped()).isEqualTo(2);
            assertThat(r.rejected()).isEqualTo(1);
            assertThat(r.firstRejection()).contains("message 10 is not a CFX envelope (no MessageName");
            assertThat(sum("boards", "L2-M1", "M008358")).isEqualTo(3);
            assertThat(sum("boards", "L2-M2", "M008358")).isEqualTo(3);
            assertThat(sum("placements", "L2-M1", "M008358")).isEqualTo(447);
        }

        @Test
        void aCarrierOfTwoPcbsIsOneBoardEach() {
            var r = importFile(FIELD.resolve("cfx-carrier.jsonl"), null);
            assertThat(r.accepted()).isEqualTo(3);
            assertThat(sum("boards", "L1-M1", "M008502")).isEqualTo(3);
        }

        @Test
        void theXmlLotLogImportsAsOneLot() {
            var r = importFile(SAMPLES.resolve("yamaha-lotlog+YSM20R-00125+20261125164500.xml"), null);
            assertThat(r.format()).isEqualTo("profile");
            assertThat(r.accepted()).isEqualTo(1);
            assertThat(sum("boards", "L1-M3", "M008361")).isEqualTo(173);
            assertThat(sum("placements", "L1-M3", "M008361")).isEqualTo(4816);
            assertThat(sum("picks", "L1-M3", "M008361")).isEqualTo(4845);
            assertThat(firstStart("L1-M3", "M008361").toInstant()).isEqualTo(Instant.parse("2026-11-25T04:38:10Z"));
        }

        @Test
        void hostEventsCountPanelsWithTheJobGivenAndStartAtProdStarted() {
            Path file = SAMPLES.resolve("fuji-host-events-L2.txt");
            var r = importFile(file, "M008359");
            assertThat(r.accepted()).isEqualTo(18);
            assertThat(r.skipped()).isEqualTo(24);
            for (String m : new String[]{"L2-M1", "L2-M2", "L2-M3"}) assertThat(sum("boards", m, "M008359")).as(m).isEqualTo(6);
            assertThat(firstStart("L2-M1", "M008359").toInstant()).isEqualTo(Instant.parse("2026-11-24T06:40:00Z"));
            assertThat(importFile(file, "M008359").duplicates()).isEqualTo(18);
        }

        @Test
        void theSharedWrapperSettingReadsAnUncommonBusWrapperAndLeavesOtherFormatsAlone(@org.junit.jupiter.api.io.TempDir Path dir)
                throws Exception {
            Path file = dir.resolve("bus-export.jsonl");
            java.nio.file.Files.writeString(file, "{\"hdr\":{\"eq\":\"CFX.L1.M2\"},\"payload\":{\"cfx\":{\"MessageName\":"
                    + "\"CFX.Production.WorkCompleted\",\"TimeStamp\":\"2026-11-20T16:00:00+08:00\",\"UniqueID\":\"bus-1\","
                    + "\"MessageBody\":{\"Result\":\"Completed\"}}}}\n");
            setting("envelope=payload.cfx,source=hdr.eq");
            try {
                var r = importFile(file, "M008520");
                assertThat(r.accepted()).isEqualTo(1);
                assertThat(sum("boards", "L1-M2", "M008520")).isEqualTo(1);
                setting("envelope=payload.cfx,bogus=1");
                assertThat(importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), "M008521").accepted())
                        .as("a CSV import does not read the CFX setting").isEqualTo(18);
                assertThatThrownBy(() -> importFile(file, "M008520")).isInstanceOf(AppException.class)
                        .hasMessageContaining("the CFX wrapper setting cannot be used").hasMessageContaining("'bogus' is not known");
            } finally {
                setting(null);
            }
        }

        void setting(String value) {
            services.database().jdbc(c -> {
                try (var del = c.prepareStatement("DELETE FROM app_setting WHERE setting_key = 'ingest.cfx.wrapper'")) {
                    del.executeUpdate();
                }
                if (value != null) {
                    try (var ins = c.prepareStatement("INSERT INTO app_setting (setting_key, setting_value) VALUES ('ingest.cfx.wrapper', ?)")) {
                        ins.setString(1, value);
                        ins.executeUpdate();
                    }
                }
                return null;
            });
        }

        @Test
        void setGivesAProfileWhatItLacksAndIsRefusedForOtherFormats() {
            var r = services.ingest().importFile(SAMPLES.resolve("asm-ois-compdetail-L3.csv"), new IngestService.ImportOptions(
                    "auto", "OP1001", null, "asm-ois-compdetail", "M008503", Map.of("event_time", "2026-11-25 09:03:00"), null),
                    null, () -> false);
            assertThat(r.accepted()).isEqualTo(23);
            assertThat(r.rejected()).isEqualTo(1);
            assertThat(r.firstRejection()).contains("Row 16").contains("sPlacedComponents");
            assertThatThrownBy(() -> importFile(FIELD.resolve("cfx-carrier.jsonl"), null, Map.of("JOB", "M1")))
                    .isInstanceOf(AppException.class).hasMessageContaining("cfx-carrier.jsonl is read as cfx");
            assertThatThrownBy(() -> importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null, Map.of("WHATEVER", "1")))
                    .isInstanceOf(AppException.class).hasMessageContaining("--set WHATEVER: not a field");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("field-data-h2");
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
