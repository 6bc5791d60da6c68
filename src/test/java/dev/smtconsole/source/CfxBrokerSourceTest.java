package dev.smtconsole.source;

import dev.smtconsole.TcpProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CFX subscription against the real RabbitMQ (AMQP 1.0), on H2 and PostgreSQL: real CFX
 * messages published to a queue, counts read back from the database; messages it cannot use kept
 * with their reason; a redelivered message counted once; the broker taken away mid-stream (a
 * proxy cuts the connection) and every message still counted exactly once.
 */
class CfxBrokerSourceTest {
    static final String PASSWORD_VAR = "SMT_TEST_BROKER_PASSWORD";

    abstract static class Base {
        AppServices services;
        DatabaseConfig config;
        SourceRunner runner;
        String queue;

        abstract DatabaseConfig config();

        @BeforeEach
        void open() throws Exception {
            queue = Broker.newQueue();
            config = config();
            services = new AppServices(Database.open(config), Clock.systemUTC());
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }

        @AfterEach
        void close() throws Exception {
            if (runner != null) runner.close();
            if (services != null) services.close();
            TestDatabases.dropSchema(config);
            if (queue != null) Broker.drain(queue);
        }

        void addSource(String name, String url) {
            services.sources().add(new SourceService.SourceDef(name, true,
                    new SourceSettings.Cfx(url, queue, "guest", PASSWORD_VAR, "OP1001", 50)), "OP1001");
        }

        SourceRunner run() {
            runner = new SourceRunner(services.sources(), v -> v.equals(PASSWORD_VAR) ? "guest" : null, Clock.systemUTC());
            runner.start();
            return runner;
        }

        long[] boardsAndEvents() {
            return services.database().jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(boards), 0), COUNT(*) FROM production_event");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2)};
                }
            });
        }

        long messages(String status) {
            return services.database().jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = ?")) {
                    ps.setString(1, status);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        }

        List<String> errors() {
            return services.database().jdbc(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT error FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED' ORDER BY id");
                     ResultSet rs = ps.executeQuery()) {
                    // Reasons are stored packed and read in the reader's language: English here.
                    while (rs.next()) out.add(dev.smtconsole.domain.rules.RuleMessages.renderStored(java.util.Locale.ENGLISH, rs.getString(1)));
                }
                return out;
            });
        }

        long handled(String source) {
            return runner.status(source).map(SourceService.Status::messages).orElse(0L);
        }

        @Test
        void countsEveryMessageOnceAcceptsItAndKeepsWhatItCannotUse() throws Exception {
            addSource("line1", "amqp://127.0.0.1:5672");
            List<String> stream = Broker.boards(100, "CFX.L1.M1", "M008502");
            Broker.publish(queue, stream);
            Instant t = Instant.now().minusSeconds(3600);
            List<String> odd = List.of(
                    "{\"MessageName\": \"CFX.Production.WorkStarted\", broken",
                    Broker.envelope("CFX.ResourcePerformance.StationStateChanged", t, "CFX.L1.M1", UUID.randomUUID().toString(),
                            "{\"OldState\":4500,\"NewState\":1000}"),
                    Broker.workCompleted(UUID.randomUUID().toString(), t, "CFX.L2.M1"));
            Broker.publish(queue, odd);
            // A machine no line knows: its WorkStarted is noted, its count refused by the rules and kept with the reason.
            String stray = UUID.randomUUID().toString();
            Broker.publish(queue, List.of(Broker.workStarted(stray, t, "CFX.NOWHERE.M9", "M008502"),
                    Broker.workCompleted(stray, t.plusSeconds(5), "CFX.NOWHERE.M9")));
            String tx = UUID.randomUUID().toString();
            Broker.publishBytes(queue, (Broker.workStarted(tx, t, "CFX.L1.M2", "M008502")).getBytes(StandardCharsets.UTF_8));
            Broker.publishBytes(queue, Broker.componentsPlaced(tx, t, t.plusSeconds(30), "CFX.L1.M2", 1200, 7)
                    .getBytes(StandardCharsets.UTF_8));
            int total = stream.size() + odd.size() + 2 + 2;

            run();
            await(() -> handled("line1") >= total, 60, "all " + total + " messages handled");

            assertThat(boardsAndEvents()).as("100 boards from 100 WorkCompleted, one placement event").containsExactly(100, 101);
            List<String> errors = errors();
            assertThat(errors).as("the broken message and the unknown machine's count are kept with their reasons").hasSize(2);
            assertThat(errors.get(0)).containsIgnoringCase("json");
            assertThat(errors.get(1)).contains("CFX.NOWHERE.M9");
            assertThat(messages("PARTIAL")).as("the count without a job is held, its message kept as PARTIAL (ADR 0027)")
                    .isEqualTo(1);
            assertThat(messages("SUCCESS")).as("counts, WorkStarted and the unused message are kept").isEqualTo(total - 3);
            runner.close();
            assertThat(Broker.drain(queue)).as("every message was accepted").isZero();

            // The same messages again (a redelivery, a republishing bridge): nothing counts twice.
            run();
            Broker.publish(queue, stream);
            await(() -> handled("line1") >= stream.size(), 60, "the repeats handled");
            assertThat(boardsAndEvents()).containsExactly(100, 101);
        }

        @Test
        void theBrokerGoingAwayMidStreamLosesAndDoublesNothing() throws Exception {
            try (TcpProxy proxy = new TcpProxy(Broker.HOST, Broker.PORT)) {
                addSource("via-proxy", "amqp://127.0.0.1:" + proxy.port());
                List<String> stream = Broker.boards(1500, "CFX.L1.M3", "M008502");
                Broker.publish(queue, stream);
                run();
                await(() -> boardsAndEvents()[0] >= 150, 60, "some boards counted");
                proxy.cut();
                await(() -> runner.status("via-proxy").orElseThrow().state() == SourceService.State.RECONNECTING, 30,
                        "the source says it is reconnecting");
                long during = boardsAndEvents()[0];
                assertThat(during).isLessThan(1500);
                proxy.restore();
                await(() -> boardsAndEvents()[0] >= 1500, 120, "every board counted after the broker came back");
                await(() -> runner.status("via-proxy").orElseThrow().state() == SourceService.State.CONNECTED, 30, "connected");
                assertThat(runner.status("via-proxy").orElseThrow().errors()).isPositive();
                runner.close();
                assertThat(boardsAndEvents()).containsExactly(1500, 1500);
                assertThat(Broker.drain(queue)).isZero();
            }
        }

        @Test
        void statusIsWrittenForOtherConsoles() throws Exception {
            addSource("seen", "amqp://127.0.0.1:5672");
            Broker.publish(queue, Broker.boards(3, "CFX.L1.M1", "M008502"));
            run();
            await(() -> services.sources().list().stream().anyMatch(v -> v.status() != null && v.status().messages() == 6
                    && v.status().state() == SourceService.State.CONNECTED), 30, "the status row says connected, 6 messages");
            var v = services.sources().list().get(0);
            assertThat(v.status().live(Instant.now())).isTrue();
            assertThat(v.status().lastMessageAt()).isNotNull();
        }
    }

    static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            TimeUnit.MILLISECONDS.sleep(100); // polling the database / the runner: no event to wait on across processes
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
