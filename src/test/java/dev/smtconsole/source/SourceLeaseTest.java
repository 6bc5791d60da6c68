package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.SourceRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR 0031: the lease on a source is one statement the database decides — raced, exactly one console wins. */
class SourceLeaseTest {
    abstract static class Base {
        AppServices services;
        DatabaseConfig config;

        abstract DatabaseConfig config();

        @BeforeEach
        void open() {
            config = config();
            services = new AppServices(Database.open(config), Clock.systemUTC());
        }

        @AfterEach
        void close() {
            if (services != null) services.close();
            TestDatabases.dropSchema(config);
        }

        static SourceRepository.Status status(String name, String state, String owner, Instant at) {
            return new SourceRepository.Status(name, state, at, owner, 0, 0, 0, null, null, null, at);
        }

        @Test
        void exactlyOneConsoleWinsARaceAndKeepsItUntilItStopsOrGoesSilent() throws Exception {
            SourceRepository repo = new SourceRepository(services.database());
            int consoles = 8;
            ExecutorService pool = Executors.newFixedThreadPool(consoles);
            try {
                for (int round = 0; round < 5; round++) {
                    String name = "line" + round;
                    Instant now = Instant.now();
                    List<Callable<Boolean>> calls = new ArrayList<>();
                    for (int i = 0; i < consoles; i++) {
                        String owner = "pc" + i;
                        calls.add(() -> repo.lease(name, owner, now, now.minusSeconds(30)));
                    }
                    List<Integer> winners = new ArrayList<>();
                    List<Future<Boolean>> results = pool.invokeAll(calls);
                    for (int i = 0; i < consoles; i++) if (results.get(i).get()) winners.add(i);
                    assertThat(winners).as("round %d", round).hasSize(1);
                    String owner = "pc" + winners.get(0);
                    String other = "pc" + ((winners.get(0) + 1) % consoles);

                    assertThat(repo.renew(status(name, "CONNECTED", owner, now.plusSeconds(2)))).as("the owner renews").isTrue();
                    assertThat(repo.renew(status(name, "CONNECTED", other, now.plusSeconds(2)))).as("another cannot").isFalse();
                    assertThat(repo.lease(name, other, now.plusSeconds(10), now.plusSeconds(10).minusSeconds(30)))
                            .as("a live owner keeps it").isFalse();
                    assertThat(repo.lease(name, other, now.plusSeconds(40), now.plusSeconds(40).minusSeconds(30)))
                            .as("an owner silent for 30 s loses it").isTrue();
                    assertThat(repo.renew(status(name, "CONNECTED", owner, now.plusSeconds(41)))).as("and learns it").isFalse();
                    assertThat(repo.renew(status(name, "STOPPED", other, now.plusSeconds(42)))).isTrue();
                    assertThat(repo.lease(name, owner, now.plusSeconds(43), now.plusSeconds(43).minusSeconds(30)))
                            .as("a stopped source is free at once").isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
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
