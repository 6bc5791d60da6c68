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

                Process first = serve(config);
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

                Process second = serve(config);
                try {
                    await(() -> boards(config) >= BOARDS, 180, "the second consumer counted the rest");
                } finally {
                    second.destroy(); // SIGTERM: stops after the message in hand is committed and accepted
                    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
                }
                assertThat(boards(config)).isEqualTo(BOARDS);
                assertThat(events(config)).as("one event per board: nothing counted twice").isEqualTo(BOARDS);
                assertThat(Broker.drain(queue)).as("every message was accepted").isZero();
                assertThat(scalar(config, "SELECT COUNT(*) FROM %s.integration_message WHERE status = 'FAILED'")).isZero();
            } finally {
                Broker.drain(queue);
                TestDatabases.dropSchema(config);
            }
        }
    }

    static Process serve(DatabaseConfig config) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "dev.smtconsole.Main", "serve", "--no-gateway",
                "--db", config.url(), "--db-user", config.user(), "--db-schema", config.schema()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
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

    /** Read over a plain connection (the child serves the H2 file: AUTO_SERVER); 0 while the schema is not there. */
    static long scalar(DatabaseConfig config, String sql) {
        String url = config.isH2() && !config.url().contains("AUTO_SERVER") ? config.url() + ";AUTO_SERVER=TRUE" : config.url();
        try (Connection c = DriverManager.getConnection(url, config.user(), config.password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql.formatted(config.schema()))) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return 0;
        }
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
