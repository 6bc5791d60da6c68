package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.smtconsole.app.WallFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Commits reach the live wall model: from this process, from another process on H2, from another console on PostgreSQL. */
class LiveUpdatesTest {
    private static final Instant NOW = Instant.parse("2026-07-01T06:00:00Z");
    /** The PostgreSQL fallback poll is set far beyond the 2 s budget, so only LISTEN/NOTIFY can pass the test. */
    private static final LiveUpdates.Settings SLOW_FALLBACK = new LiveUpdates.Settings(Duration.ofMillis(500),
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(3));

    private static AppServices open(DatabaseConfig config) {
        return new AppServices(Database.open(config), new WallFixture.MutableClock(NOW, ZoneId.of("UTC")));
    }

    /** Waits until the model's state satisfies the condition; false on timeout. */
    static boolean await(LiveUpdates live, Predicate<LiveUpdates.State> condition, Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = live.addListener(s -> {
            if (condition.test(s)) done.countDown();
        });
        try {
            if (condition.test(live.state())) return true;
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            stop.run();
        }
    }

    static Predicate<LiveUpdates.State> boards(String line, long n) {
        return s -> s.snapshot() != null && s.snapshot().line(line).map(l -> l.boardsToday() == n).orElse(false);
    }

    @Test
    void commitInThisProcessReachesTheModel(@TempDir Path dir) throws Exception {
        try (AppServices services = open(TestDatabases.h2(dir))) {
            WallFixture.loadSampleLines(services);
            LiveUpdates live = new LiveUpdates(services.database(), services.dashboard(), SLOW_FALLBACK).start();
            try {
                assertThat(await(live, boards("L1", 0), Duration.ofSeconds(10))).isTrue();
                WallFixture.write(services, event("L1", "L1-M1", "LV0001", "M-1", NOW.minusSeconds(60), 6, 600, 598));
                assertThat(await(live, boards("L1", 6), Duration.ofSeconds(2))).isTrue();
            } finally {
                live.close();
            }
        }
    }

    @Test
    void commitByAnotherProcessOnTheSameH2FileIsPolled(@TempDir Path dir) throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (AppServices wall = open(config); AppServices other = open(config)) {
            WallFixture.loadSampleLines(other);
            LiveUpdates live = new LiveUpdates(wall.database(), wall.dashboard(), SLOW_FALLBACK).start();
            try {
                assertThat(await(live, boards("L2", 0), Duration.ofSeconds(10))).isTrue();
                // the other side's change feed has no listeners here: only the marker poll can tell us
                other.eventWriter().write(java.util.List.of(event("L2", "L2-M1", "LV0002", "M-2", NOW.minusSeconds(30), 4, 40, 40)),
                        other.masterData().current(), null, null);
                assertThat(await(live, boards("L2", 4), Duration.ofSeconds(2))).isTrue();
            } finally {
                live.close();
            }
        }
    }

    @Test
    void commitByASeparateOsProcessOnTheSameH2FileIsPolled(@TempDir Path dir) throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (AppServices wall = new AppServices(Database.open(config), java.time.Clock.systemUTC())) {
            LiveUpdates live = new LiveUpdates(wall.database(), wall.dashboard(), SLOW_FALLBACK).start();
            try {
                assertThat(await(live, s -> s.snapshot() != null, Duration.ofSeconds(10))).isTrue();
                long before = live.state().snapshot().changeVersion();
                // the real CLI in its own JVM: it reaches the file through H2's automatic server
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), "dev.smtconsole.Main",
                        "--db", config.url(), "demo", "--days", "2")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isZero();
                long committed = wall.database().changeFeed().currentVersion();
                assertThat(committed).isGreaterThan(before);
                assertThat(await(live, s -> s.snapshot() != null && s.snapshot().changeVersion() >= committed,
                        Duration.ofSeconds(2))).isTrue();
                assertThat(live.state().snapshot().lines()).extracting(LineSnapshot::lineCode).contains("L1", "L2", "L3");
            } finally {
                live.close();
            }
        }
    }

    @Test
    void commitByAnotherConsoleOnPostgresArrivesByNotify() throws Exception {
        DatabaseConfig config = TestDatabases.postgres();
        try (AppServices wall = open(config); AppServices other = open(config)) {
            WallFixture.loadSampleLines(other);
            LiveUpdates live = new LiveUpdates(wall.database(), wall.dashboard(), SLOW_FALLBACK).start();
            try {
                assertThat(await(live, boards("L3", 0), Duration.ofSeconds(10))).isTrue();
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    Thread writer = new Thread(() -> WallFixture.write(other,
                            event("L3", "L3-M2", "LV0003", "M-3", NOW.minusSeconds(100 - n), 5, 50, 50)), "other-console");
                    writer.start();
                    assertThat(await(live, boards("L3", 5L * n), Duration.ofSeconds(2)))
                            .as("commit %d on the wall within 2 s", n).isTrue();
                    writer.join();
                }
            } finally {
                live.close();
            }
        } finally {
            TestDatabases.dropSchema(config);
        }
    }

    @Test
    void aRefreshRunningIsNotStartedTwiceAndAtMostOneWaits(@TempDir Path dir) throws Exception {
        try (AppServices services = open(TestDatabases.h2(dir))) {
            WallFixture.loadSampleLines(services);
            LiveUpdates live = new LiveUpdates(services.database(), services.dashboard(), SLOW_FALLBACK).start();
            try {
                assertThat(await(live, s -> s.snapshot() != null, Duration.ofSeconds(10))).isTrue();
                CountDownLatch inRefresh = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                AtomicInteger concurrent = new AtomicInteger();
                AtomicInteger maxConcurrent = new AtomicInteger();
                live.addListener(s -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    inRefresh.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    concurrent.decrementAndGet();
                });
                long before = live.refreshCount();
                live.requestRefresh();
                assertThat(inRefresh.await(5, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 200; i++) live.requestRefresh();
                release.countDown();
                assertThat(await(live, s -> live.refreshCount() >= before + 2, Duration.ofSeconds(5))).isTrue();
                live.close();
                assertThat(live.refreshCount() - before).as("the running one plus one queued").isEqualTo(2);
                assertThat(maxConcurrent.get()).isEqualTo(1);
            } finally {
                live.close();
            }
        }
    }
}
