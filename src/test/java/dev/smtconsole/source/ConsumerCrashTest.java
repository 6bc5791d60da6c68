package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.smtconsole.source.CfxBrokerSourceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} consuming from the real broker in another JVM, killed (SIGKILL) mid-stream, then
 * started again: every CFX message is counted exactly once — the ones it had committed but not yet
 * acknowledged come back from the broker as duplicates, the ones it had not committed are counted
 * by the second run. SIGTERM then stops the second run cleanly.
 */
class ConsumerCrashTest {
    static final int BOARDS = 2000;

    abstract static class Base {
        abstract DatabaseConfig config();

        @Test
        void aKilledConsumerCountsEveryMessageExactlyOnce() throws Exception {
            String queue = Broker.newQueue();
            DatabaseConfig config = config();
            try {
                try (AppServices s = new AppServices(Database.open(config), Clock.systemUTC())) {
                    s.masterData().importFile(Path.of("sample-data", "lines.csv"));
                    s.masterData().importFile(Path.of("sample-data", "operators.csv"));
                    s.sources().add(new SourceService.SourceDef("cfx-main", true, new SourceSettings.Cfx("amqp://127.0.0.1:5672",
                            queue, "guest", CfxBrokerSourceTest.PASSWORD_VAR, "OP1001", 100)), "OP1001");
                }
                Broker.publish(queue, Broker.boards(BOARDS, "CFX.L1.M1", "M008502"));

                Path log1 = java.nio.file.Files.createTempFile("serve-1-", ".log");
                Path log2 = java.nio.file.Files.createTempFile("serve-2-", ".log");
                Process first = serve(config, log1);
                try {
                    await(() -> boards(config) >= 300, 120, "the first consumer counted some boards");
                } finally {
                    first.destroyForcibly();
                    first.waitFor(30, TimeUnit.SECONDS);
                }
                // H2 writes a commit to its file a moment after it (the source checkpoints before it
                // acknowledges): the last few commits die with the process, unacknowledged, and come again.
                long afterKill = boards(config);
                assertThat(afterKill).as("killed mid-stream").isBetween(1L, BOARDS - 1L);

                Process second = serve(config, log2);
                try {
                    try {
                        await(() -> boards(config) >= BOARDS, 180, "the second consumer counted the rest");
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + " (boards " + boards(config) + ", events " + events(config)
                                + "; first run's output: " + tail(log1) + "; second run's output: " + tail(log2) + ")", e);
                    }
                } finally {
                    second.destroy(); // SIGTERM: stops after the message in hand is committed and accepted
                    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
                }
                assertThat(boards(config)).isEqualTo(BOARDS);
                assertThat(events(config)).as("one event per board: nothing counted twice").isEqualTo(BOARDS);
                assertThat(Broker.drain(queue)).as("every message was accepted").isZero();
                assertThat(scalar(config, "SELECT COUNT(*) FROM %s.integration_message WHERE status = 'FAILED'")).isZero();
            } finally {
                closeKeeper();
                Broker.drain(queue);
                TestDatabases.dropSchema(config);
            }
        }
    }

    static String tail(Path log) {
        try {
            String all = java.nio.file.Files.readString(log);
            return all.length() > 3000 ? all.substring(all.length() - 3000) : all;
        } catch (IOException e) {
            return e.toString();
        }
    }

    static Process serve(DatabaseConfig config, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "dev.smtconsole.Main", "serve", "--no-gateway",
                "--verbose", "--db", config.url(), "--db-user", config.user(), "--db-schema", config.schema()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(CfxBrokerSourceTest.PASSWORD_VAR, "guest");
        pb.environment().put("SMT_CONSOLE_DB_PASSWORD", config.password());
        return pb.start();
    }

    static long boards(DatabaseConfig config) {
        return scalar(config, "SELECT COALESCE(SUM(boards), 0) FROM %s.production_event");
    }

    static long events(DatabaseConfig config) {
        return scalar(config, "SELECT COUNT(*) FROM %s.production_event");
    }

    /**
     * One connection kept open for the test's reads. On H2 the child serves the file (AUTO_SERVER);
     * a connection opened and closed for every read would make this process serve it whenever no
     * child did, and hand it back at each close — the child's connection would break every 100 ms.
     * Kept open, it moves once: to this process when the first child is killed.
     */
    private static Connection keeper;

    static synchronized long scalar(DatabaseConfig config, String sql) {
        String url = config.isH2() && !config.url().contains("AUTO_SERVER") ? config.url() + ";AUTO_SERVER=TRUE" : config.url();
        try {
            if (keeper == null || keeper.isClosed()) keeper = DriverManager.getConnection(url, config.user(), config.password());
            try (Statement st = keeper.createStatement(); ResultSet rs = st.executeQuery(sql.formatted(config.schema()))) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            closeKeeper();
            return 0; // the child is still migrating, or the process serving the file just died: read again
        }
    }

    static synchronized void closeKeeper() {
        try {
            if (keeper != null) keeper.close();
        } catch (SQLException ignored) {
            // it was broken
        }
        keeper = null;
    }

    @Nested
    class OnH2 extends Base {
        @TempDir
        Path dir;

        @Override
        DatabaseConfig config() {
            return TestDatabases.h2(dir);
        }
    }

    @Nested
    class OnPostgres extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.postgres();
        }
    }
}
