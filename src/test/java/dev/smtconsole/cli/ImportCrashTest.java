package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test of issue 3: a separate JVM imports a large file into an H2 file database and is
 * killed (SIGKILL) after some chunks committed; importing the file again must give exactly the
 * totals of one clean import — no event lost, none counted twice.
 */
class ImportCrashTest {
    static final int ROWS = 150_000;

    @TempDir
    Path dir;

    record Totals(long events, long picks, long placements, long boards, long bucketEvents) {
    }

    @Test
    void aKilledImportReimportedGivesTheTotalsOfOneCleanImport() throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
        }
        Path file = dir.resolve("large.csv");
        Totals expected = generate(file);

        Process child = new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.smtconsole.Main", "import", file.toString(), "--operator", "OP1001", "--chunk-rows", "1000", "--progress",
                "--db", "jdbc:h2:file:" + dir.resolve("test-db").toAbsolutePath())
                .redirectErrorStream(true).start();
        long seen = 0;
        StringBuilder output = new StringBuilder();
        // The child reports rows read. H2 writes commits to disk with a short delay, so a kill may
        // lose the last few chunks — but only whole ones; wait long enough that some are on disk.
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (seen < 20_000 && (line = out.readLine()) != null) {
                if (line.startsWith("progress rows=")) seen = Long.parseLong(line.substring("progress rows=".length()));
                else output.append(line).append('\n');
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(seen).as("the child was killed mid-way (its output: %s)", output).isBetween(20_000L, (long) ROWS - 1);
        long committed = committedRows(config);
        assertThat(committed).as("some chunks survived the kill, and only whole ones").isPositive().isLessThan(ROWS);
        assertThat(committed % 1000).isZero();

        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            // Issue 18 item 5: the dead import shows as INTERRUPTED with what it committed, once its heartbeat is stale.
            s.ingest().setStaleAfter(java.time.Duration.ofSeconds(2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            var batch = s.ingest().history(10).get(0);
            while (!batch.status().equals("INTERRUPTED") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200); // polling the database until the heartbeat ages: no event to wait on
                batch = s.ingest().history(10).get(0);
            }
            assertThat(batch.status()).isEqualTo("INTERRUPTED");
            assertThat(batch.read()).isEqualTo(committed);
            Totals afterCrash = totals(s);
            assertThat(afterCrash.events()).as("only whole chunks survive").isPositive().isLessThan(expected.events());
            assertThat(afterCrash.bucketEvents()).as("buckets match the events that survived").isEqualTo(afterCrash.events());

            var again = s.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
            assertThat(again.read()).isEqualTo(ROWS);
            assertThat(again.duplicates()).isEqualTo(afterCrash.events());
            assertThat(totals(s)).isEqualTo(expected);
        }
    }

    /** committed rows of the (first) batch, read over the child's AUTO_SERVER connection. */
    static long committedRows(DatabaseConfig config) {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(rows_read), 0) FROM " + config.schema() + ".import_batch")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return 0; // the child is still migrating or has the file locked for a moment
        }
    }

    static Totals totals(AppServices s) {
        return s.database().jdbc(c -> {
            try (Statement st = c.createStatement()) {
                long events;
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM production_event")) {
                    rs.next();
                    events = rs.getLong(1);
                }
                try (ResultSet rs = st.executeQuery(
                        "SELECT COALESCE(SUM(picks),0), COALESCE(SUM(placements),0), COALESCE(SUM(boards),0), COALESCE(SUM(event_count),0) FROM counter_bucket")) {
                    rs.next();
                    return new Totals(events, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        });
    }

    /** Valid rows (some without event id, some identical) plus a few bad ones; returns what a clean import gives. */
    static Totals generate(Path file) throws Exception {
        Random rnd = new Random(42);
        long events = 0, picks = 0, placements = 0, boards = 0;
        List<String> machines = new ArrayList<>(List.of("L1-M1", "L1-M2", "L1-M3", "L2-M1", "L2-M2", "L2-M3"));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            for (int i = 0; i < ROWS; i++) {
                if (i % 997 == 0) {
                    w.write(",2026-11-10T09:00:00+08:00,L1,L1-M1,M008502,1,10,11,OP1001\n"); // placements > picks
                    continue;
                }
                String m = machines.get(i % machines.size());
                int b = 1 + rnd.nextInt(4);
                int pl = b * 50;
                int pk = pl + rnd.nextInt(3);
                String time = String.format("2026-11-%02dT%02d:%02d:00+08:00", 1 + (i / 20000) % 20, 8 + (i / 600) % 10, i % 60);
                String id = i % 3 == 0 ? "" : "CRASH-" + i;
                w.write(id + "," + time + "," + m.substring(0, 2) + "," + m + ",M00850" + (i % 4) + "," + b + "," + pk + "," + pl + ",OP1001\n");
                events++;
                picks += pk;
                placements += pl;
                boards += b;
            }
        }
        return new Totals(events, picks, placements, boards, events);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
