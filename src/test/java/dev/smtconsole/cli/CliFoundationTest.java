package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of the foundation: version, db migrate/info, master import, demo, exit codes. */
class CliFoundationTest {
    private static final Path LINES = Path.of("sample-data", "lines.csv");
    private static final Path OPERATORS = Path.of("sample-data", "operators.csv");

    @Test
    void printsVersion() {
        var r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("smt-console \\d+\\.\\d+\\.\\d+.*\\R");
    }

    @Test
    void migratesAndDescribesAnH2FileDatabase(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("x/db");
        var migrate = CliRunner.run("--db", url, "db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).containsPattern("schema version \\d+(\\.\\d+)?\\R");
        var info = CliRunner.run("--db", url, "db", "info");
        assertThat(info.exitCode()).isZero();
        assertThat(info.out()).containsPattern("schema version: \\d").contains("production_event").contains(dir.resolve("x/db").toString());
    }

    @Test
    void migratesAndDescribesAPostgresDatabase() {
        DatabaseConfig pg = TestDatabases.postgres();
        try {
            var migrate = CliRunner.run("--db", pg.url(), "--db-user", pg.user(), "--db-schema", pg.schema(), "db", "migrate");
            assertThat(migrate.exitCode()).as(migrate.err()).isZero();
            var info = CliRunner.run("--db", pg.url(), "--db-user", pg.user(), "--db-schema", pg.schema(), "db", "info");
            assertThat(info.out()).contains("PostgreSQL").contains("schema " + pg.schema()).containsPattern("schema version: \\d");
        } finally {
            TestDatabases.dropSchema(pg);
        }
    }

    @Test
    void masterImportTwiceLeavesTheSameRows(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        var first = CliRunner.run("--db", url, "master", "import", LINES.toString(), OPERATORS.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("21 created").contains("8 created");
        String infoAfterFirst = CliRunner.run("--db", url, "db", "info").out();

        var second = CliRunner.run("--db", url, "master", "import", LINES.toString(), OPERATORS.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("0 created, 0 updated, 21 unchanged").contains("0 created, 0 updated, 8 unchanged");
        assertThat(CliRunner.run("--db", url, "db", "info").out()).isEqualTo(infoAfterFirst);
    }

    @Test
    void badMasterRowIsOneLineErrorWithExitCode1(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad-lines.csv");
        java.nio.file.Files.writeString(bad, "line,machine,position,kind,name,aliases\nL1,L1-M1,x,PLACEMENT,M1,\n");
        var r = CliRunner.run("--db", "jdbc:h2:file:" + dir.resolve("db"), "master", "import", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: bad-lines.csv, row 2, position: 'x' is not a whole number");
    }

    @Test
    void usageErrorExitsWith2() {
        assertThat(CliRunner.run("db", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("--no-such-option").exitCode()).isEqualTo(2);
    }

    @Test
    void unreachableDatabaseIsOneLineErrorAndStackTraceOnlyWhenVerbose() {
        var r = CliRunner.run("--db", "jdbc:postgresql://127.0.0.1:1/nothing", "db", "info");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: The shared database PostgreSQL 127.0.0.1:1/nothing").contains("does not answer");
        var verbose = CliRunner.run("--verbose", "--db", "jdbc:postgresql://127.0.0.1:1/nothing", "db", "info");
        assertThat(verbose.err().lines().count()).isGreaterThan(3);
    }

    @Test
    void demoLoadsProduction(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        var first = CliRunner.run("--db", url, "demo", "--days", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("demo: 2 days, [1-9]\\d* events written, 0 already present");
        assertThat(CliRunner.run("--db", url, "demo", "--days", "0").exitCode()).isEqualTo(1);
    }
}
