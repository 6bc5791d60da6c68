package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;

import static dev.smtconsole.source.CfxBrokerSourceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: two consoles (two windows, or a window and {@code serve}) with the same enabled CFX source on one shared
 * PostgreSQL. One of them runs it (a lease in its status row), so the stream is never split between two readers and
 * every count finds its job; when that console stops, the other takes the source over and counts the rest, nothing
 * lost, nothing twice.
 */
class TwoConsolesOneQueueTest {
    static final String PASSWORD_VAR = "SMT_TEST_BROKER_PASSWORD";
    static final int BOARDS = 400;

    DatabaseConfig config;
    AppServices one, two;
    SourceRunner runnerOne, runnerTwo;
    String queue;

    @BeforeEach
    void open() throws Exception {
        queue = Broker.newQueue();
        config = TestDatabases.postgres();
        one = new AppServices(Database.open(config), Clock.systemUTC());
        one.masterData().importFile(Path.of("sample-data", "lines.csv"));
        one.masterData().importFile(Path.of("sample-data", "operators.csv"));
        one.sources().add(new SourceService.SourceDef("line1", true,
                new SourceSettings.Cfx("amqp://127.0.0.1:5672", queue, "guest", PASSWORD_VAR, "OP1001", 20)), "OP1001");
        two = new AppServices(Database.open(config), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        if (runnerOne != null) runnerOne.close();
        if (runnerTwo != null) runnerTwo.close();
        if (one != null) one.close();
        if (two != null) two.close();
        TestDatabases.dropSchema(config);
        if (queue != null) Broker.drain(queue);
    }

    static SourceRunner runner(AppServices s) {
        SourceRunner r = new SourceRunner(s.sources(), v -> v.equals(PASSWORD_VAR) ? "guest" : null, Clock.systemUTC());
        r.start();
        return r;
    }

    long handled(SourceRunner r) {
        return r.status("line1").map(SourceService.Status::messages).orElse(0L);
    }

    long count(String sql) {
        return one.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void oneConsoleRunsTheSourceAndTheOtherTakesOverWhenItStops() throws Exception {
        runnerOne = runner(one);
        runnerTwo = runner(two);
        await(() -> runnerOne.status("line1").map(st -> st.state() == SourceService.State.CONNECTED).orElse(false), 30,
                "console one connected");
        assertThat(runnerTwo.running()).as("console two leaves a source another console runs live").isEmpty();
        assertThat(two.sources().list().get(0).status().host()).isEqualTo(runnerOne.status("line1").orElseThrow().host());

        List<String> stream = Broker.boards(BOARDS, "CFX.L1.M1", "M008502");
        Broker.publish(queue, stream);
        await(() -> count("SELECT COALESCE(SUM(boards), 0) FROM production_event") >= 50, 60, "console one counted some");
        runnerOne.close(); // the window closing: its source stops after its commit and says so
        long atClose = count("SELECT COALESCE(SUM(boards), 0) FROM production_event");
        await(() -> runnerTwo.running().contains("line1"), SourceRunner.RELOAD_SECONDS * 3, "console two took the source over");
        await(() -> count("SELECT COALESCE(SUM(boards), 0) FROM production_event") >= BOARDS, 120, "every board counted");
        runnerTwo.close();

        System.out.printf("one source, two consoles: %d boards by console one, the rest by console two%n", atClose);
        assertThat(atClose).as("console one stopped mid-stream").isLessThan(BOARDS);
        assertThat(Broker.drain(queue)).as("every message acknowledged").isZero();
        assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM unassigned_count")).as("the stream was never split: every count has its job")
                .isZero();
        assertThat(count("SELECT COALESCE(SUM(boards), 0) FROM production_event")).isEqualTo(BOARDS);
        assertThat(count("SELECT COUNT(*) FROM production_event")).isEqualTo(BOARDS);
    }
}
