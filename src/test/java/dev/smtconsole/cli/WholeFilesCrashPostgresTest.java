package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many small files into PostgreSQL, several to a transaction (ADR 0035), and the importing JVM killed (SIGKILL)
 * mid-way: another session never sees a batch that is not complete while they go in, what survives is whole files —
 * every batch COMPLETED with all its rows, none RUNNING or half written — and importing the files again completes
 * the rest, each surviving file's rows now duplicates.
 */
class WholeFilesCrashPostgresTest {
    static final int FILES = 400, ROWS = 150;

    @TempDir
    Path dir;
    DatabaseConfig config;

    @AfterEach
    void drop() {
        if (config != null) TestDatabases.dropSchema(config);
    }

    @Test
    void aKilledImportOfManySmallFilesLeavesOnlyWholeFiles() throws Exception {
        config = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
        }
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "board-%03d.csv", f));
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
                for (int i = 0; i < ROWS; i++) {
                    w.write("KILL-" + f + "-" + i + ",2026-11-" + String.format(Locale.ROOT, "%02d", 1 + f % 20) + "T"
                            + String.format(Locale.ROOT, "%02d:%02d", 8 + i / 60, i % 60) + ":00+08:00,L1,L1-M" + (1 + i % 3)
                            + ",M00850" + (f % 4) + ",1,51,50,OP1001\n");
                }
            }
            files.add(file);
        }

        List<String> cmd = new ArrayList<>(List.of(ImportCrashTest.javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.smtconsole.Main", "import", "--operator", "OP1001", "--chunk-rows", "750", "--db", config.url(),
                "--db-user", config.user(), "--db-schema", config.schema()));
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SMT_CONSOLE_DB_PASSWORD", config.password() == null ? "" : config.password());
        // Another session watches the history while the files go in: it must never see a batch that is not complete.
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong looks = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong unfinished = new java.util.concurrent.atomic.AtomicLong();
        Thread watcher = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                 Statement st = c.createStatement()) {
                while (watching.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + config.schema()
                            + ".import_batch WHERE status <> 'COMPLETED'")) {
                        rs.next();
                        unfinished.accumulateAndGet(rs.getLong(1), Math::max);
                    }
                    looks.incrementAndGet();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "history-watcher");
        Process child = pb.start();
        watcher.start();
        int done = 0;
        StringBuilder output = new StringBuilder();
        // A file's line comes once its transaction committed (five files to one here): kill a while after the first.
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (done < 100 && (line = out.readLine()) != null) {
                if (line.contains(" batch=")) done++;
                else output.append(line).append('\n');
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            watching.set(false);
            watcher.join();
        }
        assertThat(done).as("the child was killed mid-way (its output: %s)", output).isEqualTo(100);
        assertThat(looks.get()).as("the watcher looked while the files went in").isGreaterThan(10);
        assertThat(unfinished.get()).as("batches seen running or unfinished by another session").isZero();

        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            var history = s.ingest().history(FILES);
            assertThat(history.size()).as("files written before the kill, and not all").isBetween(100, FILES - 1);
            assertThat(history).allSatisfy(b -> {
                assertThat(b.status()).as("batch %s", b.batchId()).isEqualTo("COMPLETED");
                assertThat(b.read()).isEqualTo(ROWS);
                assertThat(b.accepted()).isEqualTo(ROWS);
            });
            long events = count(s, "SELECT COUNT(*) FROM production_event");
            assertThat(events).as("whole files' events only").isEqualTo((long) history.size() * ROWS);
            assertThat(count(s, "SELECT COALESCE(SUM(event_count), 0) FROM counter_bucket")).isEqualTo(events);
            assertThat(count(s, "SELECT COUNT(*) FROM integration_message WHERE channel = 'FILE'")).isEqualTo(history.size());

            long duplicates = 0, accepted = 0;
            var imports = s.ingest().imports(new ImportOptions("auto", "OP1001", null, null));
            for (Path f : files) {
                var r = imports.importFile(f, null, () -> false);
                duplicates += r.duplicates();
                accepted += r.accepted();
            }
            assertThat(duplicates).isEqualTo(events);
            assertThat(accepted + duplicates).isEqualTo((long) FILES * ROWS);
            assertThat(count(s, "SELECT COUNT(*) FROM production_event")).isEqualTo((long) FILES * ROWS);
            assertThat(count(s, "SELECT COALESCE(SUM(event_count), 0) FROM counter_bucket")).isEqualTo((long) FILES * ROWS);
        }
    }

    static long count(AppServices s, String sql) {
        return s.database().jdbc(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
