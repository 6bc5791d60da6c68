package dev.smtconsole.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A console's first start on a new embedded database: created and migrated, and no H2 trace file of a refusal beside it. */
class NewH2FileTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsCreatedWithoutATraceFileBesideIt() {
        DatabaseConfig config = DatabaseConfig.h2File(dir.resolve("console"));
        assertThat(config.isNewH2File()).isTrue();
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.LATEST_VERSION);
        }
        assertThat(config.isNewH2File()).isFalse();
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(Database.LATEST_VERSION);
        }
        assertThat(dir.resolve("console.mv.db")).exists();
        assertThat(dir.resolve("console.trace.db")).as("H2's trace of a failed statement").doesNotExist();
    }

    @Test
    void onlyAnEmbeddedFileWithAPathIsLookedFor() {
        assertThat(new DatabaseConfig("jdbc:h2:mem:x", "sa", "", "smt_console").isNewH2File()).isFalse();
        assertThat(new DatabaseConfig("jdbc:h2:tcp://127.0.0.1/x", "sa", "", "smt_console").isNewH2File()).isFalse();
        assertThat(new DatabaseConfig("jdbc:postgresql://127.0.0.1/test", "sa", "", "smt_console").isNewH2File()).isFalse();
        assertThat(new DatabaseConfig("jdbc:h2:file:" + dir.resolve("other") + ";MODE=PostgreSQL", "sa", "", "smt_console")
                .isNewH2File()).isTrue();
    }
}
