package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console and a CLI process use the same embedded database at the same time (H2 mixed mode). */
class SharedEmbeddedDatabaseTest {

    @Test
    void cliInAnotherProcessWritesWhileTheConsoleHasTheDatabaseOpen(@TempDir Path dir) throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (AppServices console = AppServices.open(config)) {
            assertThat(console.masterData().current().lines()).isEmpty();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process cli = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "dev.smtconsole.Main", "--db", "jdbc:h2:file:" + dir.resolve("test-db"),
                    "master", "import", "sample-data/lines.csv"))
                    .redirectErrorStream(true).start();
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cli.exitValue()).as(output).isZero();
            assertThat(output).contains("21 created");

            // The open console sees what the other process committed.
            assertThat(console.masterData().reload().lines()).extracting(l -> l.code()).containsExactly("L1", "L2", "L3");
        }
    }
}
