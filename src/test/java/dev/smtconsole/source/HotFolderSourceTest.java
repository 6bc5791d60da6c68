package dev.smtconsole.source;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.SourceRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static dev.smtconsole.source.CfxBrokerSourceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watched folders on H2 and PostgreSQL, with real files: a file is imported only once complete,
 * through the CLI's import path, then moved to done/ or error/ beside its report; the same file
 * twice is a no-op; two consoles on one folder import a file once; the claim is one atomic step.
 */
class HotFolderSourceTest {

    abstract static class Base {
        @TempDir
        Path tmp;
        Path folder;
        AppServices services;
        DatabaseConfig config;
        final List<SourceRunner> runners = new ArrayList<>();

        abstract DatabaseConfig config();

        @BeforeEach
        void open() throws Exception {
            folder = Files.createDirectories(tmp.resolve("drop"));
            config = config();
            services = new AppServices(Database.open(config), Clock.systemUTC());
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }

        @AfterEach
        void close() {
            runners.forEach(SourceRunner::close);
            if (services != null) services.close();
            TestDatabases.dropSchema(config);
        }

        void addFolder(String name, String line, String format) {
            addFolder(name, line, format, 1, 1);
        }

        void addFolder(String name, String line, String format, int stableSeconds, int pollSeconds) {
            services.sources().add(new SourceService.SourceDef(name, true,
                    new SourceSettings.Folder(folder.toString(), line, format, null, "OP1001", stableSeconds, pollSeconds)), "OP1001");
        }

        SourceRunner run() {
            SourceRunner r = new SourceRunner(services.sources(), v -> null, Clock.systemUTC());
            runners.add(r);
            r.start();
            return r;
        }

        long batches() {
            return services.database().jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM import_batch"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        long events() {
            return services.database().jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM production_event"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        List<Path> in(String sub) throws IOException {
            Path d = folder.resolve(sub);
            if (!Files.isDirectory(d)) return List.of();
            try (Stream<Path> s = Files.list(d)) {
                return s.filter(p -> !p.getFileName().toString().endsWith(".report.txt")).sorted().toList();
            }
        }

        String report(Path moved) throws IOException {
            return Files.readString(moved.resolveSibling(moved.getFileName() + ".report.txt"));
        }

        @Test
        void aCompleteFileIsImportedOnceAndMovedToDoneWithItsReport() throws Exception {
            addFolder("office", null, null);
            run();
            Files.copy(Path.of("sample-data", "production-native.csv"), folder.resolve("shift-a.csv"));
            await(() -> exists(folder.resolve("done/shift-a.csv")), 60, "the file moved to done/");
            assertThat(folder.resolve("shift-a.csv")).doesNotExist();
            assertThat(report(folder.resolve("done/shift-a.csv"))).contains("result: imported", "rejected=0", "operator: OP1001");
            assertThat(batches()).isEqualTo(1);
            assertThat(events()).isEqualTo(56);
        }

        @Test
        void aFileStillBeingWrittenWaitsUntilItIsComplete() throws Exception {
            addFolder("growing", null, null);
            run();
            List<String> lines = Files.readAllLines(Path.of("sample-data", "production-native.csv"), StandardCharsets.UTF_8);
            Path f = folder.resolve("growing.csv");
            Files.writeString(f, lines.get(0) + "\n", StandardCharsets.UTF_8);
            // A slow writer: a row every 300 ms for ~4 s; the size keeps changing, so the file is never complete meanwhile.
            for (int i = 1; i < 15; i++) {
                Files.writeString(f, lines.get(i) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                Thread.sleep(300); // the writer's pace (what is tested), not a wait for the system under test
                assertThat(batches()).as("nothing imported while the file grows").isZero();
            }
            for (int i = 15; i < lines.size(); i++) {
                Files.writeString(f, lines.get(i) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            await(() -> exists(folder.resolve("done/growing.csv")), 60, "the file imported once complete");
            assertThat(batches()).isEqualTo(1);
            assertThat(events()).as("the whole file, not a part of it").isEqualTo(56);
        }

        @Test
        void aFileMovedInWholeOnALocalDiskIsTakenAtOnceNotAfterThePollAndTheStableTime() throws Exception {
            // A minute's poll and half a minute's stable time: only the OS's notice and the file's own time can be quick.
            addFolder("moved-in", null, null, 30, 60);
            SourceRunner runner = run();
            await(() -> runner.status("moved-in").map(st -> st.state() == SourceService.State.WATCHING).orElse(false), 30,
                    "the folder watched (its first look done)");
            Path written = tmp.resolve("written-earlier.csv");
            Files.copy(Path.of("sample-data", "production-native.csv"), written);
            Files.setLastModifiedTime(written, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(120)));
            long t0 = System.nanoTime();
            Files.move(written, folder.resolve("written-earlier.csv"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            await(() -> exists(folder.resolve("done/written-earlier.csv")), 25, "imported long before the 60 s poll");
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds from the move to done/").isLessThan(25);
            assertThat(events()).isEqualTo(56);
        }

        @Test
        void aFolderThatIsNotThereIsLookedForAtThePollIntervalNotInALoop() throws Exception {
            var missing = new SourceSettings.Folder(tmp.resolve("not-there").toString(), null, null, null, "OP1001", 0, 1);
            Clock clock = Clock.systemUTC();
            HotFolderSource source = new HotFolderSource("gone", missing, "gone", services.sources(),
                    new SourceStats("gone", "test", clock), clock);
            source.start();
            try {
                Thread.sleep(2_500); // two and a half poll intervals: the pace under test
            } finally {
                source.stop();
            }
            assertThat(source.looks()).as("looks in 2.5 s at a 1 s poll").isBetween(1L, 4L);
            assertThat(source.stats().state()).isEqualTo(SourceService.State.STOPPED);
        }

        @Test
        void theSameFileTwiceIsANoOp() throws Exception {
            addFolder("twice", null, null);
            run();
            Files.copy(Path.of("sample-data", "production-native.csv"), folder.resolve("a.csv"));
            await(() -> exists(folder.resolve("done/a.csv")), 60, "first copy done");
            Files.copy(Path.of("sample-data", "production-native.csv"), folder.resolve("a.csv"));
            await(() -> {
                try {
                    return in("done").size() == 2;
                } catch (IOException e) {
                    return false;
                }
            }, 60, "second copy moved to done/ beside the first");
            Path second = in("done").stream().filter(p -> !p.getFileName().toString().equals("a.csv")).findFirst().orElseThrow();
            assertThat(report(second)).contains("already imported", "nothing was written");
            assertThat(batches()).as("no second batch").isEqualTo(1);
            assertThat(events()).isEqualTo(56);
        }

        @Test
        void rejectedRowsAndUnreadableFilesGoToErrorWithTheReason() throws Exception {
            addFolder("errors", null, null);
            run();
            Files.copy(Path.of("sample-data", "production-native-bad.csv"), folder.resolve("bad.csv"));
            Files.writeString(folder.resolve("notes.txt"), "this is not production data\nat all\n");
            await(() -> exists(folder.resolve("error/bad.csv")) && exists(folder.resolve("error/notes.txt")), 60,
                    "both files in error/");
            assertThat(report(folder.resolve("error/bad.csv"))).contains("imported with rejected rows", "first rejected:");
            assertThat(report(folder.resolve("error/notes.txt"))).contains("not imported", "reason:");
            assertThat(in("done")).isEmpty();
        }

        @Test
        void twoConsolesOnOneFolderImportAFileOnce() throws Exception {
            addFolder("shared", "L1", "csv");
            for (int i = 0; i < 5; i++) Files.copy(Path.of("sample-data", "production-native.csv"), tmp.resolve("f" + i + ".csv"));
            run();
            run();
            // Different names, different contents: each file its own batch, each imported by one console only.
            for (int i = 0; i < 5; i++) {
                Path src = tmp.resolve("f" + i + ".csv");
                Files.writeString(src, "\n".repeat(i), StandardOpenOption.APPEND); // a blank line or more: another content
                Files.move(src, folder.resolve("f" + i + ".csv"));
            }
            await(() -> {
                try {
                    return in("done").size() == 5;
                } catch (IOException e) {
                    return false;
                }
            }, 90, "five files done");
            assertThat(batches()).as("one batch per file, not two").isEqualTo(5);
            assertThat(in("error")).isEmpty();
        }

        @Test
        void aClaimIsOneAtomicStepWhenRaced() throws Exception {
            SourceRepository repo = new SourceRepository(services.database());
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 5; round++) {
                    String sha = String.format("%064d", round);
                    Instant now = Instant.now();
                    List<Callable<SourceRepository.Claim>> calls = new ArrayList<>();
                    for (int i = 0; i < threads; i++) calls.add(() -> repo.claim("race", sha, "x.csv", now, Duration.ofMinutes(10)));
                    List<SourceRepository.Claim> results = new ArrayList<>();
                    for (Future<SourceRepository.Claim> f : pool.invokeAll(calls)) results.add(f.get());
                    assertThat(results).filteredOn(c -> c == SourceRepository.Claim.TAKEN).as("round %d", round).hasSize(1);
                    // A failed import is left a moment to the console that imported it (it moves the file to error/) …
                    repo.finish("race", sha, "ERROR", null, "failed", now);
                    assertThat(repo.claim("race", sha, "x.csv", now.plusSeconds(1), Duration.ofMinutes(10)))
                            .as("just failed: another console leaves it alone").isEqualTo(SourceRepository.Claim.BUSY);
                    // … then taken over once too.
                    repo.finish("race", sha, "ERROR", null, "failed", now.minus(SourceRepository.ERROR_SETTLES).minusSeconds(1));
                    results.clear();
                    for (Future<SourceRepository.Claim> f : pool.invokeAll(calls)) results.add(f.get());
                    assertThat(results).filteredOn(c -> c == SourceRepository.Claim.TAKEN).hasSize(1);
                    repo.finish("race", sha, "DONE", 1L, "ok", now);
                    assertThat(repo.claim("race", sha, "x.csv", now, Duration.ofMinutes(10))).isEqualTo(SourceRepository.Claim.DONE_BEFORE);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void onALocalDiskAFileIsQuietSinceItsLastWriteOnAShareSinceThisConsoleSawItChange() {
        long now = 50_000_000_000L, wall = 1_700_000_000_500L;
        var writtenAMinuteAgo = new HotFolderSource.Seen(10, wall - 60_000, now);
        assertThat(HotFolderSource.quietNanos(writtenAMinuteAgo, now, wall, false)).isEqualTo(60_000_000_000L);
        assertThat(HotFolderSource.quietNanos(writtenAMinuteAgo, now, wall, true)).as("a share's clock is not ours").isZero();
        var seenTwoSecondsAgo = new HotFolderSource.Seen(10, wall - 100, now - 2_000_000_000L);
        assertThat(HotFolderSource.quietNanos(seenTwoSecondsAgo, now, wall, false)).isEqualTo(2_000_000_000L);
        // Whole seconds only (FAT, some shares mounted locally): the last write may be up to 2 s after the stamp.
        var wholeSecond = new HotFolderSource.Seen(10, 1_700_000_000_000L - 3_000, now);
        assertThat(HotFolderSource.quietNanos(wholeSecond, now, wall, false)).isEqualTo(1_500_000_000L);
        var stampedInTheFuture = new HotFolderSource.Seen(10, wall + 5_000, now - 1_000_000_000L);
        assertThat(HotFolderSource.quietNanos(stampedInTheFuture, now, wall, false)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aTemporaryFolderIsALocalDiskAndItsStableTimeIsASecondByDefault(@TempDir Path dir) {
        assertThat(HotFolderSource.networkShare(dir)).isFalse();
        var auto = new SourceSettings.Folder(dir.toString(), null, null, null, "OP1001", 0, 0);
        assertThat(auto.stableSeconds(false)).isEqualTo(1);
        assertThat(auto.stableSeconds(true)).isEqualTo(5);
        assertThat(new SourceSettings.Folder(dir.toString(), null, null, null, "OP1001", 7, 0).stableSeconds(true)).isEqualTo(7);
    }

    static boolean exists(Path p) {
        return Files.exists(p) && Files.exists(p.resolveSibling(p.getFileName() + ".report.txt"));
    }

    @Nested
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2(tmp);
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
