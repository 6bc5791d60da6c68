package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit that lands after a view was first read but before the watcher listens must still
 * reach the view: the watcher signals once on its first read of the change marker, instead of
 * taking that version as "nothing happened" and waiting for the next change or the slow poll.
 */
class ChangeWatcherTest {
    @Test
    void firstReadSignalsOnH2(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir))) {
            signalsForACommitBeforeItListened(db);
        }
    }

    @Test
    void firstReadSignalsOnPostgres() throws Exception {
        DatabaseConfig config = TestDatabases.postgres();
        try (Database db = Database.open(config)) {
            signalsForACommitBeforeItListened(db);
        } finally {
            TestDatabases.dropSchema(config);
        }
    }

    private static void signalsForACommitBeforeItListened(Database db) throws Exception {
        // a view read the data here; then another console commits; only then does the watcher start
        db.jdbc(c -> {
            db.changeFeed().bump(c);
            return null;
        });
        CountDownLatch heard = new CountDownLatch(1);
        // fallback poll far beyond the test: only the first read can signal
        try (ChangeWatcher w = new ChangeWatcher(db, Duration.ofMinutes(10), heard::countDown).start()) {
            assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
