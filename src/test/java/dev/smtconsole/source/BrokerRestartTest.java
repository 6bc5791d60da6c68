package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the broker itself goes down mid-stream and comes back. A RabbitMQ node of the test's
 * own ({@link RabbitNode}; the machine's shared broker is never stopped) gets a stream of real CFX
 * messages, persistent, on a durable queue (as a plant's queue is set up: a transient one is gone
 * after a restart, with its messages); the product's CFX source counts them into an H2 file
 * database; the node is stopped while the source is reading (SIGTERM, the clean stop of
 * {@code rabbitmqctl stop}), started again from its data, and the rest of the stream is published. The source reconnects by itself, and the database
 * counts every board exactly once.
 *
 * <p>Stopped, not killed: after a SIGKILL the restarted node delivered none of the messages left on
 * the queue in 2 of 10 runs (the source connected, the queue silent) — the broker's own durability
 * on a crash, not yet understood, and not what this test is about.
 *
 * <p>H2 only: the outage is the broker's, and the node's restarts are the slow part (CfxBrokerSourceTest
 * runs a cut connection on both databases).
 */
class BrokerRestartTest {
    static final String PASSWORD_VAR = "SMT_TEST_BROKER_PASSWORD";
    /** Boards published before the node is stopped (it is stopped after the first {@link #STOP_AFTER}) … */
    static final int BEFORE = 1000;
    static final int STOP_AFTER = 100;
    /** … and after it is back. */
    static final int AFTER = 500;

    /** One node for the class, booting (several seconds) while the first test opens its database. */
    private static CompletableFuture<RabbitNode> node;

    @BeforeAll
    static void startNode() {
        node = CompletableFuture.supplyAsync(() -> {
            try {
                return RabbitNode.start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The node, once it accepts AMQP 1.0; a skip or failure to start is the test's. */
    static RabbitNode node() throws Throwable {
        try {
            return node.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof CompletionException inner ? inner.getCause() : e.getCause();
        }
    }

    @AfterAll
    static void removeNode() throws Exception {
        RabbitNode n = node.exceptionally(e -> null).join();
        if (n != null) n.close();
    }

    @TempDir
    Path dir;
    AppServices services;
    DatabaseConfig config;
    SourceRunner runner;
    RabbitNode broker;
    String queue;

    @BeforeEach
    void open() throws Throwable {
        config = TestDatabases.h2(dir);
        services = new AppServices(Database.open(config), Clock.systemUTC());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        broker = node();
        queue = "/queue/smt-restart-" + UUID.randomUUID().toString().substring(0, 8);
        services.sources().add(new SourceService.SourceDef("line1", true,
                new SourceSettings.Cfx(broker.url(), queue, "guest", PASSWORD_VAR, "OP1001", 50)), "OP1001");
    }

    @AfterEach
    void close() throws Exception {
        if (runner != null) runner.close();
        if (services != null) services.close();
        if (config != null) TestDatabases.dropSchema(config);
    }

    long count(String sql) {
        return services.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    long boards() {
        return count("SELECT COALESCE(SUM(boards), 0) FROM production_event");
    }

    /** What the database and the source say, for a failure's message. */
    String state() {
        return "boards " + boards() + ", messages " + services.database().jdbc(c -> {
            StringBuilder b = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status, COUNT(*) FROM integration_message WHERE channel = 'BROKER' GROUP BY status ORDER BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) b.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
            }
            return b.toString().strip();
        }) + ", held " + count("SELECT COUNT(*) FROM unassigned_count") + ", source " + status();
    }

    void await(java.util.function.BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        try {
            CfxBrokerSourceTest.await(condition, seconds, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (" + state() + ")", e);
        }
    }

    SourceService.Status status() {
        return runner.status("line1").orElseThrow();
    }

    @Test
    void theBrokerStoppedAndRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        long began = System.nanoTime();
        Broker.publishToDurableQueue(broker.port(), queue, Broker.boards(BEFORE, "CFX.L1.M1", "M008502"));
        runner = new SourceRunner(services.sources(), v -> v.equals(PASSWORD_VAR) ? "guest" : null, Clock.systemUTC());
        runner.start();
        await(() -> boards() >= STOP_AFTER, 60, STOP_AFTER + " boards counted");

        broker.stop();
        Instant stoppedAt = Instant.now();
        await(() -> status().state() == SourceService.State.RECONNECTING, 30, "the source says it is reconnecting");
        long whileDown = boards();
        assertThat(whileDown).as("the node was stopped mid-stream").isLessThan(BEFORE);

        long downAt = System.nanoTime();
        broker.up();
        long upAt = System.nanoTime();
        await(() -> status().state() == SourceService.State.CONNECTED, 60, "the source connected again by itself");
        assertThat(status().since()).as("connected since after the stop").isAfter(stoppedAt);
        assertThat(status().errors()).as("the outage was seen and counted as an error").isPositive();
        await(() -> boards() >= BEFORE, 60, "the boards left in the durable queue counted after the restart");

        Broker.publishToDurableQueue(broker.port(), queue, Broker.boards(AFTER, "CFX.L1.M2", "M008502"));
        int total = BEFORE + AFTER;
        await(() -> boards() >= total, 60, "every board counted");
        String lastError = status().lastError();
        runner.close();

        long duplicates = count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'DUPLICATE'");
        System.out.printf("broker restart (H2): %d of %d boards counted when the node was stopped; node back in %.1f s; "
                        + "%d redelivered message(s) recognised as duplicates; last error \"%s\"; %.1f s in all%n",
                whileDown, BEFORE, (upAt - downAt) / 1e9, duplicates, lastError,
                (System.nanoTime() - began) / 1e9);
        assertThat(boards()).as("every board exactly once").isEqualTo(total);
        assertThat(count("SELECT COUNT(*) FROM production_event")).as("one event per board").isEqualTo(total);
        assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'SUCCESS'"))
                .as("every message kept once").isEqualTo(2L * total);
        assertThat(count("SELECT COUNT(DISTINCT external_id) FROM integration_message WHERE channel = 'BROKER'"))
                .isEqualTo(2L * total);
        assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM unassigned_count")).as("every count found its job across the restart").isZero();
        // "/amq/queue/NAME": the queue as it is, not declared again (a plain receiver would ask for a transient one).
        assertThat(Broker.drain(broker.port(), queue.replace("/queue/", "/amq/queue/"))).as("every message acknowledged").isZero();
    }
}
