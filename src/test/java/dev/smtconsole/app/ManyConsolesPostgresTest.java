package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many consoles on one PostgreSQL (issue 16 item 4): four importer JVMs on overlapping files and
 * four writer threads (manual entries, gateway posts) on the same buckets at once. Totals equal
 * one clean import plus the writers' records, nobody deadlocks, no bucket update is lost.
 */
class ManyConsolesPostgresTest {
    static final int ROWS = 8000;
    static final int PER_FILE = 4000;

    @TempDir
    Path dir;
    DatabaseConfig pg;

    @AfterEach
    void drop() {
        TestDatabases.dropSchema(pg);
    }

    /** File k holds rows [2000k, 2000k + 4000) of one set of 8000 (mod 8000): each row is in two files. */
    static List<Path> files(Path dir) throws Exception {
        List<Path> out = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Path f = dir.resolve("overlap-" + k + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
                for (int j = 0; j < PER_FILE; j++) {
                    int i = (2000 * k + j) % ROWS;
                    w.write(row(i));
                }
            }
            out.add(f);
        }
        return out;
    }

    static String row(int i) {
        String m = "L1-M" + (1 + i % 3);
        return "MC-" + i + ",2026-11-10T" + String.format("%02d:%02d", 8 + (i / 60) % 8, i % 60) + ":00+08:00,L1," + m
                + ",M00880" + (i % 2) + ",1," + (20 + i % 7) + ",20,OP1001\n";
    }

    static long expectedFilePicks() {
        long sum = 0;
        for (int i = 0; i < ROWS; i++) sum += 20 + i % 7;
        return sum;
    }

    @Test
    void fourImportersAndFourWritersCountEveryRecordOnce() throws Exception {
        pg = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(pg), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        List<Path> files = files(dir);
        List<Process> importers = new ArrayList<>();
        for (Path f : files) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "dev.smtconsole.Main", "--db", pg.url(), "--db-user", pg.user(),
                    "--db-schema", pg.schema(), "import", f.toString(), "--operator", "OP1001", "--chunk-rows", "500")
                    .redirectErrorStream(true).redirectOutput(dir.resolve(f.getFileName() + ".log").toFile());
            pb.environment().put("SMT_CONSOLE_HOME", dir.resolve("home").toString());
            importers.add(pb.start());
        }
        long manualPicks;
        long gatewayPicks;
        int writes = 4 * 25;
        try (AppServices s = new AppServices(Database.open(pg), Clock.systemUTC())) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<Long>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    long picks = 0;
                    for (int n = 0; n < 25; n++) {
                        long p = 1000 + writer * 100 + n;
                        if (writer < 2) {
                            // a supervisor's entry on the importers' buckets (same line, machine, job, hour)
                            var r = s.ingest().submitManual(new ManualEntry("L1", "M00880" + (n % 2), null, 5L,
                                    LocalDateTime.of(2026, 11, 10, 8 + n % 8, writer * 25 + n), LocalDateTime.of(2026, 11, 10, 8 + n % 8, writer * 25 + n),
                                    List.of("礼"), List.of(new MachineCount("L1-M" + (1 + n % 3), p, p)), "console " + writer + " entry " + n,
                                    "OP1001"));
                            assertThat(r.eventsWritten()).isEqualTo(2);
                        } else {
                            var a = s.gateway().post(new GatewayService.DevicePost("gw-" + writer + "-" + n,
                                    "2026-11-10T0" + (n % 8) + ":" + String.format("%02d", n) + ":30Z", "AUTO", "M00880" + (n % 2), null,
                                    "L1", null, "L1-M" + (1 + n % 3), "OP1001", null, null, null,
                                    List.of(new GatewayService.DataValue("picks", (double) p, null, null, null, null, null),
                                            new GatewayService.DataValue("placements", (double) p, null, null, null, null, null)),
                                    "{}"));
                            assertThat(a.isDuplicate()).isFalse();
                        }
                        picks += p;
                    }
                    return picks;
                }));
            }
            writers.shutdown();
            manualPicks = done.get(0).get(5, TimeUnit.MINUTES) + done.get(1).get(5, TimeUnit.MINUTES);
            gatewayPicks = done.get(2).get(5, TimeUnit.MINUTES) + done.get(3).get(5, TimeUnit.MINUTES);
        }
        for (int k = 0; k < importers.size(); k++) {
            Process p = importers.get(k);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("importer %d finished (no deadlock)", k).isTrue();
            assertThat(p.exitValue()).as("importer %d: %s", k, Files.readString(dir.resolve(files.get(k).getFileName() + ".log")))
                    .isZero();
        }
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); Statement st = c.createStatement()) {
            String s = pg.schema();
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id), SUM(picks) FROM " + s + ".production_event")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2));
                assertThat(rs.getLong(1)).as("events: one clean import + the writers' records").isEqualTo(ROWS + writes / 2 * 2 + writes / 2);
                assertThat(rs.getLong(3)).isEqualTo(expectedFilePicks() + manualPicks + gatewayPicks);
            }
            // every bucket equals the sum of its events: no lost update under concurrent upserts
            try (ResultSet rs = st.executeQuery("""
                    SELECT COUNT(*) FROM (
                      SELECT line_id, COALESCE(machine_id, 0) m, job_id, SUM(picks) p, SUM(placements) pl, SUM(boards) b, COUNT(*) n
                      FROM %1$s.production_event GROUP BY 1, 2, 3) e
                    FULL JOIN (
                      SELECT line_id, machine_id m, job_id, SUM(picks) p, SUM(placements) pl, SUM(boards) b, SUM(event_count) n
                      FROM %1$s.counter_bucket GROUP BY 1, 2, 3) k
                    ON e.line_id = k.line_id AND e.m = k.m AND e.job_id = k.job_id
                    WHERE e.p IS DISTINCT FROM k.p OR e.pl IS DISTINCT FROM k.pl OR e.b IS DISTINCT FROM k.b
                       OR e.n IS DISTINCT FROM k.n""".formatted(s))) {
                rs.next();
                assertThat(rs.getLong(1)).as("buckets that differ from their events").isZero();
            }
        }
    }
}
