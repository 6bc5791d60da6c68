package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static dev.smtconsole.source.CfxBrokerSourceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 / ADR 0027 at the broker door: a CFX count whose job cannot be known (its WorkStarted never came
 * through this stream) is held without a job, not failed; its message is kept (PARTIAL, with the reason); a
 * redelivery holds nothing twice; {@code unassigned assign} turns the held counts into events exactly once,
 * linked to their messages. Real RabbitMQ messages, on H2 and PostgreSQL.
 */
class CfxHeldCountsTest {
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
            services.sources().add(new SourceService.SourceDef("line1", true,
                    new SourceSettings.Cfx("amqp://127.0.0.1:5672", queue, "guest", PASSWORD_VAR, "OP1001", 50)), "OP1001");
        }

        @AfterEach
        void close() throws Exception {
            if (runner != null) runner.close();
            if (services != null) services.close();
            TestDatabases.dropSchema(config);
            if (queue != null) Broker.drain(queue);
        }

        void run() {
            runner = new SourceRunner(services.sources(), v -> v.equals(PASSWORD_VAR) ? "guest" : null, Clock.systemUTC());
            runner.start();
        }

        long handled() {
            return runner.status("line1").map(SourceService.Status::messages).orElse(0L);
        }

        long count(String sql) {
            return services.database().jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        List<String> partialNotes() {
            return services.database().jdbc(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT error FROM integration_message WHERE channel = 'BROKER' AND status = 'PARTIAL' ORDER BY id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            });
        }

        @Test
        void aCountWithoutItsWorkStartedIsHeldAndAssignedExactlyOnce() throws Exception {
            List<String> stream = Broker.boards(5, "CFX.L1.M1", "M008502");
            Instant t = Instant.now().minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            // Cut streams: a WorkCompleted and a ComponentsPlaced of machines no WorkStarted of this stream named.
            String lostBoard = Broker.workCompleted(UUID.randomUUID().toString(), t, "CFX.L1.M3");
            String lostTx = UUID.randomUUID().toString();
            String lostPlacements = Broker.componentsPlaced(lostTx, t, t.plusSeconds(30), "CFX.L1.M2", 1200, 7);
            List<String> cut = List.of(lostBoard, lostPlacements);
            Broker.publish(queue, stream);
            Broker.publish(queue, cut);
            int total = stream.size() + cut.size();

            run();
            await(() -> handled() >= total, 60, "all " + total + " messages handled");

            assertThat(count("SELECT COALESCE(SUM(boards), 0) FROM production_event")).isEqualTo(5);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED'"))
                    .as("nothing failed").isZero();
            List<String> notes = partialNotes();
            assertThat(notes).as("both messages kept, with the reason their counts are held, in the reader's language").hasSize(2)
                    .allSatisfy(n -> {
                        assertThat(RuleMessages.renderStored(Locale.ENGLISH, n)).contains("held without a job").contains("WorkStarted");
                        assertThat(RuleMessages.renderStored(Locale.SIMPLIFIED_CHINESE, n)).contains("暂存为未指定 JOB");
                    });
            List<EventSink.Held> held = services.ingest().unassigned(EventSink.HeldQuery.all(), 100);
            assertThat(held).hasSize(2);
            assertThat(held).extracting(EventSink.Held::batchId).containsOnly(0L);
            assertThat(held).extracting(EventSink.Held::boards).containsExactlyInAnyOrder(1L, 0L);
            assertThat(held).extracting(EventSink.Held::placements).containsExactlyInAnyOrder(0L, 1200L);
            assertThat(held).allSatisfy(h -> assertThat(h.reason()).isNotBlank());

            // A redelivery (the same UniqueIDs again) holds nothing twice.
            Broker.publish(queue, cut);
            await(() -> handled() >= total + cut.size(), 60, "the repeats handled");
            assertThat(services.ingest().unassigned(EventSink.HeldQuery.all(), 100)).hasSize(2);
            assertThat(partialNotes()).hasSize(2);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED'")).isZero();

            // `unassigned assign --batch 0 --job M008502`: both become events, linked to the messages they came in.
            EventSink.Assigned a = services.ingest().assignJob(EventSink.HeldQuery.ofBatch(0), "M008502", "OP1001", "cut stream");
            assertThat(a.claimed()).isEqualTo(2);
            assertThat(a.written()).isEqualTo(2);
            assertThat(services.ingest().assignJob(EventSink.HeldQuery.ofBatch(0), "M008502", "OP1001", "again").claimed())
                    .as("a count is assigned once").isZero();
            assertThat(count("SELECT COALESCE(SUM(boards), 0) FROM production_event")).isEqualTo(6);
            assertThat(count("SELECT COALESCE(SUM(placements), 0) FROM production_event")).isEqualTo(1200);
            assertThat(count("SELECT COUNT(*) FROM unassigned_count")).isZero();
            assertThat(count("""
                    SELECT COUNT(*) FROM message_event me JOIN integration_message m ON m.id = me.message_id
                    WHERE m.status = 'PARTIAL'""")).as("each assigned event is linked to its message").isEqualTo(2);

            // The same messages once more, after the assignment: their events exist, nothing is held or counted again.
            Broker.publish(queue, cut);
            await(() -> handled() >= total + 2L * cut.size(), 60, "the late repeats handled");
            assertThat(count("SELECT COUNT(*) FROM unassigned_count")).isZero();
            assertThat(count("SELECT COALESCE(SUM(boards), 0) FROM production_event")).isEqualTo(6);
            assertThat(count("SELECT COALESCE(SUM(placements), 0) FROM production_event")).isEqualTo(1200);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE channel = 'BROKER' AND status = 'FAILED'")).isZero();
            runner.close();
            assertThat(Broker.drain(queue)).as("every message was accepted").isZero();
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
