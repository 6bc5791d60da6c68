package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Factory settings are shared through the database, audited, and followed by the wall. */
class SettingsServiceTest {

    @Test
    void savesAuditsAndTheWallFollowsOnH2(@TempDir Path dir) throws Exception {
        check(TestDatabases.h2(dir));
    }

    @Test
    void savesAuditsAndTheWallFollowsOnPostgres() throws Exception {
        DatabaseConfig pg = TestDatabases.postgres();
        try {
            check(pg);
        } finally {
            TestDatabases.dropSchema(pg);
        }
    }

    private static void check(DatabaseConfig config) throws Exception {
        try (AppServices services = AppServices.open(config)) {
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            SettingsService settings = services.settings();
            var before = settings.current();
            assertThat(before.staleMinutes()).isEqualTo(SettingsService.DEFAULT_STALE_MINUTES);
            assertThat(before.lossWarnAbove()).isEqualTo(0.005);
            assertThat(before.lineTargets()).containsOnlyKeys("L1", "L2", "L3");

            Map<String, Integer> targets = new LinkedHashMap<>(before.lineTargets());
            targets.put("L2", 55);
            int changed = settings.save(new SettingsService.FactorySettings(30, 0.004, 0.02, targets), "OP1001");
            assertThat(changed).isEqualTo(3);

            var after = settings.current();
            assertThat(after.staleMinutes()).isEqualTo(30);
            assertThat(after.lossWarnAbove()).isEqualTo(0.004);
            assertThat(after.lossAlarmAbove()).isEqualTo(0.02);
            assertThat(after.lineTargets()).containsEntry("L2", 55);
            assertThat(services.masterData().current().line("L2").orElseThrow().targetPerHour()).isEqualTo(55);
            assertThat(services.dashboard().wall().staleMinutes()).isEqualTo(30);
            assertThat(scalar(services, "SELECT COUNT(*) FROM audit_event WHERE operator_id = 'OP1001'")).isEqualTo(3);

            // Saving the same values again changes nothing and writes no audit row.
            assertThat(settings.save(after, "OP1001")).isZero();
            assertThat(scalar(services, "SELECT COUNT(*) FROM audit_event WHERE action <> 'INIT'")).isEqualTo(3);
        }
    }

    @Test
    void refusesWithEveryProblemAtOnceEachOnItsFieldAndLine(@TempDir Path dir) {
        try (AppServices services = AppServices.open(TestDatabases.h2(dir))) {
            SettingsService settings = services.settings();
            var bad = new SettingsService.FactorySettings(0, 1.5, 0.01, new java.util.LinkedHashMap<>(Map.of("L2", -5)));
            assertThatThrownBy(() -> settings.save(bad, " "))
                    .isInstanceOfSatisfying(SettingsService.InvalidSettingsException.class, e -> assertThat(e.problems())
                            .extracting(SettingsService.Problem::field, SettingsService.Problem::lineCode, SettingsService.Problem::key)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("operator", null, "settings.error.operator"),
                                    org.assertj.core.groups.Tuple.tuple("staleMinutes", null, "settings.error.stale"),
                                    org.assertj.core.groups.Tuple.tuple("lossWarn", null, "settings.error.lossRange"),
                                    org.assertj.core.groups.Tuple.tuple("target", "L2", "settings.error.target")));
            assertThat(SettingsService.check(new SettingsService.FactorySettings(15, 0.02, 0.01, Map.of()), "OP1"))
                    .extracting(SettingsService.Problem::key).containsExactly("settings.error.lossOrder");
            assertThat(SettingsService.check(settings.current(), "OP1")).isEmpty();
            // the command line sets one value at a time: the exception reads as the first problem
            var ok = settings.current();
            assertThatThrownBy(() -> settings.save(ok, " ")).isInstanceOf(LocalizedException.class)
                    .extracting(e -> ((LocalizedException) e).key()).isEqualTo("settings.error.operator");
            assertThatThrownBy(() -> settings.save(new SettingsService.FactorySettings(0, null, null, Map.of()), "OP1"))
                    .isInstanceOf(LocalizedException.class)
                    .extracting(e -> ((LocalizedException) e).key()).isEqualTo("settings.error.stale");
            assertThatThrownBy(() -> settings.save(new SettingsService.FactorySettings(15, 0.02, 0.01, Map.of()), "OP1"))
                    .isInstanceOf(LocalizedException.class)
                    .extracting(e -> ((LocalizedException) e).key()).isEqualTo("settings.error.lossOrder");
            assertThatThrownBy(() -> settings.save(new SettingsService.FactorySettings(15, 1.5, null, Map.of()), "OP1"))
                    .isInstanceOf(LocalizedException.class)
                    .extracting(e -> ((LocalizedException) e).key()).isEqualTo("settings.error.lossRange");
        }
    }

    private static long scalar(AppServices services, String sql) {
        return services.database().jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
