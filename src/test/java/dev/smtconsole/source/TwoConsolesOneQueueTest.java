package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.port.EventSink;
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
 * Issue 15: two consoles (two windows, or a window and {@code serve}) running the same CFX source on one shared
 * PostgreSQL are competing consumers on one queue. Every message is committed and acknowledged by one of them;
 * nothing is lost, nothing counts twice. A count whose WorkStarted went to the other console is held without a
 * job (never guessed) and one assignment makes the total exact.
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
    void competingConsumersLoseAndDoubleNothing() throws Exception {
        runnerOne = runner(one);
        runnerTwo = runner(two);
        await(() -> runnerOne.status("line1").orElseThrow().state() == SourceService.State.CONNECTED
                && runnerTwo.status("line1").orElseThrow().state() == SourceService.State.CONNECTED, 30, "both connected");
        List<String> stream = Broker.boards(BOARDS, "CFX.L1.M1", "M008502");
        Broker.publish(queue, stream);
        await(() -> handled(runnerOne) + handled(runnerTwo) >= stream.size(), 120, "every message handled by one of them");
        long byOne = handled(runnerOne), byTwo = handled(runnerTwo);
        runnerOne.close();
        runnerTwo.close();

        assertThat(byOne).as("console one took part").isPositive();
        assertThat(byTwo).as("console two took part").isPositive();
        assertThat(Broker.drain(queue)).as("every message acknowledged").isZero();
        assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED'")).isZero();
        long counted = count("SELECT COALESCE(SUM(boards), 0) FROM production_event");
        long held = count("SELECT COALESCE(SUM(boards), 0) FROM unassigned_count");
        System.out.printf("two consoles, one queue: %d boards counted, %d held without a job (console one %d, two %d messages)%n",
                counted, held, byOne, byTwo);
        assertThat(counted + held).as("each board counted or held, once").isEqualTo(BOARDS);

        if (held > 0) {
            EventSink.Assigned a = one.ingest().assignJob(EventSink.HeldQuery.ofBatch(0), "M008502", "OP1001", "split stream");
            assertThat(a.written()).isEqualTo((int) held);
        }
        assertThat(count("SELECT COALESCE(SUM(boards), 0) FROM production_event")).isEqualTo(BOARDS);
        assertThat(count("SELECT COUNT(*) FROM production_event")).isEqualTo(BOARDS);
    }
}
