package dev.smtconsole.app;

import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: `db info` gives its answer while the database is still open — closing an H2 file compacts it, which the
 * person waiting for the answer need not wait for. H2 holds its lock file exactly while the database is open.
 */
class DbInfoShownBeforeCloseTest {
    @Test
    void theAnswerIsShownWhileTheFileIsStillOpen(@TempDir Path dir) {
        Path lock = dir.resolve("db.lock.db");
        AtomicBoolean openWhenShown = new AtomicBoolean();
        AppServices.info(DatabaseConfig.h2File(dir.resolve("db")), info -> {
            assertThat(info.schemaVersion()).isNotBlank();
            openWhenShown.set(Files.exists(lock));
        });
        assertThat(openWhenShown).as("shown before the close").isTrue();
        assertThat(lock).as("closed afterwards").doesNotExist();
    }
}
