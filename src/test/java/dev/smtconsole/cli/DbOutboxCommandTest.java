package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `db outbox`: what waits for the shared database and what it refused; the outbox lives beside the settings. */
class DbOutboxCommandTest {
    @TempDir
    Path home;
    String before;
    DatabaseConfig pg;

    @BeforeEach
    void home() {
        before = System.getProperty("smt.home");
        System.setProperty("smt.home", home.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty("smt.home"); else System.setProperty("smt.home", before);
        TestDatabases.dropSchema(pg);
    }

    @Test
    void onTheSharedDatabaseItForwardsAndSaysWhatWaits() throws Exception {
        pg = TestDatabases.postgres();
        var r = CliRunner.run("--db", pg.url(), "--db-user", pg.user(), "--db-schema", pg.schema(), "db", "outbox");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("waiting: nothing").contains("refused: 0");
        // beside the settings: SMT_CONSOLE_HOME when set (CI), else the smt.home of this test
        try (var files = Files.list(dev.smtconsole.app.AppPaths.forCurrentUser().configDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("outbox-") && n.endsWith(".mv.db"));
        }
    }

    @Test
    void theEmbeddedDatabaseHasNone() {
        var r = CliRunner.run("--db", "jdbc:h2:file:" + home.resolve("db").toAbsolutePath(), "db", "outbox");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("no outbox: H2");
    }
}
