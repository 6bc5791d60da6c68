package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.port.EventSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device post's eventId claimed and its counters written together (ADR 0029: on PostgreSQL one statement does
 * both). A post that repeats a stored eventId writes none of its counters — even counters whose own event ids are
 * new, which the events' key alone would let in — on both databases, one after the other, in one list and raced.
 */
class DeviceClaimTest {
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Base {
        AppServices services;
        DatabaseConfig config;
        IngestStore store;
        MasterData master;

        abstract DatabaseConfig config();

        @BeforeAll
        void open() {
            config = config();
            services = new AppServices(Database.open(config), Clock.systemUTC());
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            master = services.masterData().current();
            store = new IngestStore(services.database(), new EventWriter(services.database()));
        }

        @AfterAll
        void close() {
            if (services != null) services.close();
            TestDatabases.dropSchema(config);
        }

        /** A gateway-like post: device eventId {@code post}, one counter event {@code event} of {@code boards} boards. */
        EventSink.Message post(String post, String event, long boards) {
            Instant at = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            IngestRecord r = new IngestRecord(1, event, at, null, Source.AUTO, "L1", "L1-M1", "JOB-CLAIM", "MODEL-C", boards,
                    boards * 10, boards * 10, 0, null, null, null);
            var device = new EventSink.DeviceRecord(post, at, "AUTO", "JOB-CLAIM", null, "L1", null, "L1-M1", 1, List.of());
            return new EventSink.Message("GATEWAY", post, null, "{}", List.of(r), master, null, null, Instant.now(), device);
        }

        long count(String sql) {
            return services.database().jdbc(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        long boards() {
            return count("SELECT COALESCE(SUM(boards), 0) FROM counter_bucket");
        }

        @Test
        void aRepeatedEventIdWritesNoneOfItsCountersEvenNewOnes() {
            String post = "post-" + UUID.randomUUID();
            long before = boards();
            EventSink.MessageWritten first = store.writeMessages(List.of(post(post, post + "/a", 3))).get(0);
            assertThat(first.written()).isEqualTo(1);

            EventSink.MessageWritten again = store.writeMessages(List.of(post(post, post + "/b", 5))).get(0);
            assertThat(again.written()).isZero();
            assertThat(count("SELECT COUNT(*) FROM production_event WHERE event_id = '" + post + "/b'")).isZero();
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE id = " + again.messageId() + " AND status = 'DUPLICATE'"))
                    .isEqualTo(1);
            assertThat(boards()).isEqualTo(before + 3);
        }

        @Test
        void inOneListTheFirstPostOfAnEventIdWritesAndTheLaterOneIsARepeat() {
            String post = "post-" + UUID.randomUUID();
            String other = "post-" + UUID.randomUUID();
            long before = boards();
            List<EventSink.MessageWritten> w = store.writeMessages(List.of(post(post, post + "/a", 2), post(other, other + "/a", 7),
                    post(post, post + "/b", 11)));
            assertThat(w).extracting(EventSink.MessageWritten::written).containsExactly(1, 1, 0);
            assertThat(count("SELECT COUNT(*) FROM production_event WHERE event_id = '" + post + "/b'")).isZero();
            assertThat(boards()).isEqualTo(before + 9);
        }

        @Test
        void racedPostsOfOneEventIdWriteOnePostsCountersOnce() throws Exception {
            String post = "post-" + UUID.randomUUID();
            long before = boards();
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Callable<EventSink.MessageWritten>> tasks = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    EventSink.Message m = post(post, post + "/" + i, 1 + i);
                    tasks.add(() -> store.writeMessages(List.of(m)).get(0));
                }
                long wrote = 0;
                for (Future<EventSink.MessageWritten> f : pool.invokeAll(tasks)) wrote += f.get().written();
                assertThat(wrote).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(count("SELECT COUNT(*) FROM production_event WHERE event_id LIKE '" + post + "/%'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM device_record WHERE event_id = '" + post + "'")).isEqualTo(1);
            long boards = count("SELECT boards FROM production_event WHERE event_id LIKE '" + post + "/%'");
            assertThat(boards()).isEqualTo(before + boards);
        }
    }

    @Nested
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("device-claim-h2");
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
