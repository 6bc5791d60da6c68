package dev.smtconsole.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `settings get|set` on the issue's own examples: the factory calendar from the command line, audited. */
class SettingsCommandTest {
    @Test
    void setsAndReadsTheFactoryCalendar(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        assertThat(CliRunner.run("--db", url, "master", "import", "sample-data/operators.csv").exitCode()).isZero();

        var zone = CliRunner.run("--db", url, "settings", "set", "factory.zone", "Asia/Shanghai", "--operator", "OP1001");
        assertThat(zone.exitCode()).as(zone.err()).isZero();
        var start = CliRunner.run("--db", url, "settings", "set", "factory.day-start", "06:00", "--operator", "OP1001");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).isEqualToNormalizingNewlines("factory.day-start=06:00\n");

        assertThat(CliRunner.run("--db", url, "settings", "get", "factory.zone").out()).isEqualToNormalizingNewlines("Asia/Shanghai\n");
        assertThat(CliRunner.run("--db", url, "settings", "get").out())
                .contains("factory.zone=Asia/Shanghai").contains("factory.day-start=06:00").contains("wall.stale-minutes=15");
        var again = CliRunner.run("--db", url, "settings", "set", "factory.day-start", "6:00", "--operator", "OP1001");
        assertThat(again.out()).contains("(unchanged)");
    }

    @Test
    void refusesWithOneLineNamingTheValueAndTheRule(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        CliRunner.run("--db", url, "master", "import", "sample-data/operators.csv");
        var quarter = CliRunner.run("--db", url, "settings", "set", "factory.day-start", "06:10", "--operator", "OP1001");
        assertThat(quarter.exitCode()).isEqualTo(1);
        assertThat(quarter.err().lines()).hasSize(1);
        assertThat(quarter.err()).contains("06:10").contains("quarter hour");
        var unknown = CliRunner.run("--db", url, "settings", "set", "factory.colour", "red", "--operator", "OP1001");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("factory.colour").contains("factory.zone");
        var nobody = CliRunner.run("--db", url, "settings", "set", "factory.zone", "Asia/Kolkata", "--operator", "NOBODY");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("NOBODY");
        var noOperator = CliRunner.run("--db", url, "settings", "set", "factory.zone", "Asia/Kolkata");
        assertThat(noOperator.exitCode()).isEqualTo(1);
    }
}
