package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.profile.Presets;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The machine formats through the real pipeline into a real database (H2 file and PostgreSQL):
 * accounting, dedupe on re-import, --profile by name and by file, saved profiles.
 */
class FormatsImportTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("Asia/Shanghai"));

    abstract static class Base extends SampleDataServices {
        @Override
        Clock clock() {
            return CLOCK;
        }

        IngestService.ImportResult importFile(String file, String format, String profile) {
            return services.ingest().importFile(Path.of("sample-data", file), new IngestService.ImportOptions(format, "OP1001", null, profile),
                    null, () -> false);
        }

        long sum(String column, String machine) {
            return services.database().jdbc(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(e." + column + "),0) FROM production_event e JOIN machine m ON m.id = e.machine_id WHERE m.code = '" + machine + "' AND NOT e.voided")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        static void assertAccounting(IngestService.ImportResult r) {
            assertThat(r.read()).isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped());
        }

        @Test
        void cfxArrayImportsWithSkippedMessagesAndReimportsAsDuplicates() {
            var r = importFile("cfx-line1.json", "auto", null);
            assertThat(r.format()).isEqualTo("cfx");
            assertAccounting(r);
            assertThat(r.rejected()).isZero();
            assertThat(r.read()).isEqualTo(85);
            // 4 unused messages, 3 WorkStarted, 1 failed board
            assertThat(r.skipped()).isEqualTo(8);
            assertThat(sum("boards", "L1-M1")).isEqualTo(20);
            assertThat(sum("boards", "L1-M2")).isEqualTo(19);
            assertThat(sum("placements", "L1-M3")).isEqualTo(640);
            assertThat(sum("picks", "L1-M1")).isEqualTo(2217);
            var again = importFile("cfx-line1.json", "cfx", null);
            assertThat(again.accepted()).isZero();
            assertThat(again.duplicates()).isEqualTo(r.accepted());
        }

        @Test
        void oldSheetImportsOnceAndTheSecondTimeChangesNothing() {
            var r = importFile("production-record-L2.xlsx", "auto", null);
            assertThat(r.format()).isEqualTo("xlsx");
            assertAccounting(r);
            assertThat(r.rejected()).isZero();
            assertThat(r.accepted()).isEqualTo(32);
            assertThat(r.warnings()).isGreaterThan(0);
            long picks = sum("picks", "L2-M1");
            var again = importFile("production-record-L2.xlsx", "xlsx", null);
            assertThat(again.accepted()).isZero();
            assertThat(again.duplicates()).isEqualTo(32);
            assertThat(sum("picks", "L2-M1")).isEqualTo(picks);
        }

        @Test
        void lotLogByPresetNameGivesTheRunTotals() {
            long sumBefore = sum("boards", "L1-M2");
            var r = importFile("yamaha-lotlog-L1-M2.csv", "auto", "yamaha-lotlog");
            assertThat(r.format()).isEqualTo("profile");
            assertAccounting(r);
            assertThat(r.rejected()).isZero();
            assertThat(sum("boards", "L1-M2") - sumBefore).isEqualTo(598 + 173);
            assertThat(importFile("yamaha-lotlog-L1-M2.csv", "profile", "Yamaha-style LotLog").accepted()).isZero();
        }

        @Test
        void savedProfileFromAFileReadsFujiWithItsJob(@TempDir Path dir) throws Exception {
            Profile p = Presets.find("fuji-pcbcheckout").orElseThrow().withConstants(Map.of(Field.JOB, "M008358"))
                    .withName("Fuji L2", false);
            Path file = dir.resolve("fuji-l2.json");
            Files.writeString(file, p.toJson());
            var r = services.ingest().importFile(Path.of("sample-data", "fuji-pcbcheckout-L2.txt"),
                    new IngestService.ImportOptions("auto", "OP1001", null, file.toString()), null, () -> false);
            assertAccounting(r);
            assertThat(r.rejected()).isZero();
            assertThat(r.accepted()).isEqualTo(40);

            services.profiles().importFrom(file);
            assertThat(services.profiles().list()).extracting(Profile::name).contains("Fuji L2", "Yamaha-style PcbLog");
            Path out = dir.resolve("exported.json");
            services.profiles().exportTo("fuji l2", out);
            assertThat(Profile.fromJson(Files.readString(out))).isEqualTo(services.profiles().find("Fuji L2").orElseThrow());
            assertThat(services.profiles().delete("Fuji L2")).isTrue();
            assertThat(services.profiles().find("Fuji L2")).isEmpty();
        }

        @Test
        void unknownProfileAndPresetEditsAreRefusedWithASentence() {
            assertThatThrownBy(() -> importFile("fuji-pcbcheckout-L2.txt", "auto", "no-such-profile"))
                    .isInstanceOf(AppException.class).hasMessageContaining("No import profile 'no-such-profile'");
            assertThatThrownBy(() -> importFile("asm-ois-compdetail-L3.csv", "auto", "asm-ois-compdetail"))
                    .isInstanceOf(AppException.class).hasMessageContaining("no EVENT_TIME");
            assertThatThrownBy(() -> importFile("fuji-pcbcheckout-L2.txt", "csv", "fuji-pcbcheckout"))
                    .isInstanceOf(AppException.class).hasMessageContaining("cannot be combined");
            assertThatThrownBy(() -> services.profiles().save(Presets.all().get(0)))
                    .isInstanceOf(AppException.class).hasMessageContaining("built-in preset");
            assertThatThrownBy(() -> services.profiles().delete("yamaha-pcblog")).isInstanceOf(AppException.class);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("formats-h2");
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
