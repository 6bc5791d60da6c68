package dev.smtconsole.bench;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.LiveUpdates;
import dev.smtconsole.app.WallSnapshot;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.Source;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * `bench live`: how fast a commit reaches the wall model, what an idle wall costs, and whether a
 * refresh stays flat as events pile up. Every figure comes from the real services on a real
 * database; events for the size runs are generated in the database (INSERT … SELECT) together
 * with the buckets they imply.
 */
public final class LiveBench {
    public static final int LINES = 10;
    public static final int MACHINES_PER_LINE = 3;
    /** Generated history: one event per machine every 30 s, newest now, going back in time. */
    private static final int EVENT_SPACING_SECONDS = 30;

    private final PrintWriter out;
    private final Random random = new Random(42);

    public LiveBench(PrintWriter out) {
        this.out = out;
    }

    public record Latency(String database, String path, int samples, double p50Ms, double p95Ms, double maxMs) {
    }

    public record Idle(String database, int lines, double seconds, double cpuPercentOfOneCore, long refreshes) {
    }

    public record Refresh(String database, long events, long buckets, double medianMs, double p95Ms) {
    }

    // ---------------------------------------------------------------- setup

    static void createLines(AppServices services) {
        StringBuilder csv = new StringBuilder("line,machine,position,kind,name,aliases\n");
        for (int l = 1; l <= LINES; l++) {
            for (int m = 1; m <= MACHINES_PER_LINE; m++) {
                csv.append(String.format(Locale.ROOT, "LB%02d,LB%02d-M%d,%d,PLACEMENT,Bench %d/%d,%n", l, l, m, m, l, m));
            }
        }
        try {
            services.masterData().importCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "bench-lines.csv");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int l = 1; l <= LINES; l++) services.masterData().setLineTarget(String.format(Locale.ROOT, "LB%02d", l), 120);
    }

    private static AppServices open(DatabaseConfig config) {
        return new AppServices(Database.open(config), Clock.systemDefaultZone());
    }

    // ---------------------------------------------------------------- latency

    /**
     * Commit → model: a one-event chunk is committed, then the clock runs until the live model
     * holds a snapshot with it. {@code sameProcess}: the writer publishes in this process (as the
     * ingest pipeline does); otherwise a second AppServices writes and only the H2 marker poll or
     * PostgreSQL NOTIFY can tell the wall.
     */
    public Latency latency(DatabaseConfig config, boolean sameProcess, int samples) throws InterruptedException {
        try (AppServices wall = open(config); AppServices other = sameProcess ? null : open(config)) {
            createLines(wall);
            AppServices writer = sameProcess ? wall : other;
            writer.masterData().reload();
            LiveUpdates live = new LiveUpdates(wall.database(), wall.dashboard(), LiveUpdates.Settings.DEFAULT).start();
            try {
                await(live, s -> s.snapshot() != null, Duration.ofSeconds(30));
                long base = boards(live.state().snapshot());
                double[] ms = new double[samples];
                for (int i = 0; i < samples; i++) {
                    Thread.sleep(100 + random.nextInt(400)); // out of phase with the poll
                    Instant t = Instant.now().minusSeconds(1);
                    IngestRecord r = new IngestRecord(0, "bench-latency:" + t.toEpochMilli() + ":" + i + ":" + random.nextLong(), t, null,
                            Source.AUTO, "LB01", null, "LATJOB", "BENCH", 1, 0, 0, 0, null, null, null);
                    long expected = base + i + 1;
                    writer.eventWriter().write(List.of(r), writer.masterData().current(), null, null);
                    long committed = System.nanoTime();
                    if (sameProcess) writer.database().changeFeed().publish();
                    if (!await(live, s -> s.snapshot() != null && boards(s.snapshot()) >= expected, Duration.ofSeconds(30))) {
                        throw new IllegalStateException("sample " + i + " never reached the wall");
                    }
                    ms[i] = (System.nanoTime() - committed) / 1e6;
                }
                Arrays.sort(ms);
                return new Latency(name(config), sameProcess ? "same process (change feed)"
                        : config.isPostgres() ? "other console (LISTEN/NOTIFY)" : "other connection (marker poll 500 ms)",
                        samples, pct(ms, 50), pct(ms, 95), ms[ms.length - 1]);
            } finally {
                live.close();
            }
        }
    }

    private static long boards(WallSnapshot s) {
        return s.line("LB01").map(l -> l.boardsToday()).orElse(-1L);
    }

    private static boolean await(LiveUpdates live, Predicate<LiveUpdates.State> condition, Duration timeout) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Runnable stop = live.addListener(s -> {
            if (condition.test(s)) latch.countDown();
        });
        try {
            return condition.test(live.state()) || latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            stop.run();
        }
    }

    // ---------------------------------------------------------------- idle CPU

    /** CPU of this process while a live wall of 10 lines sits idle: process CPU time ÷ wall time. */
    public Idle idle(DatabaseConfig config, int seconds) throws InterruptedException {
        try (AppServices wall = open(config)) {
            createLines(wall);
            LiveUpdates live = new LiveUpdates(wall.database(), wall.dashboard(), LiveUpdates.Settings.DEFAULT).start();
            try {
                await(live, s -> s.snapshot() != null, Duration.ofSeconds(30));
                Thread.sleep(10_000); // past start-up JIT compilation and GC
                return measureIdle(live, name(config), seconds);
            } finally {
                live.close();
            }
        }
    }

    /**
     * The same, with the real wall on screen: the dashboard page and its full-screen wall window
     * rendered by JavaFX (headless Monocle, software pipeline), 10 lines paging every 10 s.
     */
    public Idle idleWithStage(DatabaseConfig config, int seconds) throws Exception {
        dev.smtconsole.ui.Screenshots.useHeadlessPlatform();
        java.util.concurrent.CompletableFuture<Void> up = new java.util.concurrent.CompletableFuture<>();
        try {
            javafx.application.Platform.startup(() -> up.complete(null));
        } catch (IllegalStateException running) {
            up.complete(null);
        }
        up.get(30, TimeUnit.SECONDS);
        javafx.application.Platform.setImplicitExit(false);
        java.nio.file.Path settingsDir = java.nio.file.Files.createTempDirectory("smt-bench-settings");
        try (AppServices wall = open(config)) {
            createLines(wall);
            var ctx = dev.smtconsole.ui.kit.UiContext.create(wall, new dev.smtconsole.app.UserSettings(settingsDir));
            var shown = new java.util.concurrent.CompletableFuture<dev.smtconsole.ui.dashboard.DashboardPage>();
            javafx.application.Platform.runLater(() -> {
                var page = new dev.smtconsole.ui.dashboard.DashboardPage(ctx);
                javafx.stage.Stage stage = new javafx.stage.Stage();
                stage.setScene(new javafx.scene.Scene((javafx.scene.Parent) page.view(), 1280, 800));
                stage.show();
                page.onShow();
                page.toggleWall();
                shown.complete(page);
            });
            var page = shown.get(30, TimeUnit.SECONDS);
            LiveUpdates live = wall.liveUpdates();
            await(live, s -> s.snapshot() != null, Duration.ofSeconds(30));
            Thread.sleep(30_000); // past start-up JIT compilation, which is not what an all-day wall costs
            Idle idle = measureIdle(live, name(config) + " + wall window", seconds);
            javafx.application.Platform.runLater(page::toggleWall);
            ctx.tasks().close();
            return idle;
        }
    }

    /** Process CPU over {@code seconds} of an idle wall, as a share of one core, and the refreshes it ran. */
    private static Idle measureIdle(LiveUpdates live, String database, int seconds) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long refreshes0 = live.refreshCount();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wallNanos = System.nanoTime() - t0;
        return new Idle(database, live.state().snapshot().lines().size(), wallNanos / 1e9,
                100.0 * cpu / wallNanos, live.refreshCount() - refreshes0);
    }

    // ---------------------------------------------------------------- refresh vs size

    /**
     * One database per size (events and their buckets generated in SQL), then refreshes timed in
     * alternation — one on each database per round — so machine noise hits every size alike and
     * the ratio between sizes is fair.
     */
    public List<Refresh> refreshBySize(java.util.function.Supplier<DatabaseConfig> databases, long[] sizes, int runs) {
        List<AppServices> opened = new ArrayList<>();
        try {
            Instant now = Instant.now();
            for (long size : sizes) {
                AppServices services = open(databases.get());
                opened.add(services);
                createLines(services);
                long t0 = System.nanoTime();
                generate(services.database(), now, 0, size);
                out.printf(Locale.ROOT, "  %s: generated %,d events in %.1f s%n", name(services.database().config()), size,
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
            for (int i = 0; i < 50; i++) for (AppServices s : opened) s.dashboard().wall(); // warm-up
            double[][] ms = new double[opened.size()][runs];
            for (int r = 0; r < runs; r++) {
                for (int k = 0; k < opened.size(); k++) {
                    long t = System.nanoTime();
                    WallSnapshot snap = opened.get(k).dashboard().wall();
                    ms[k][r] = (System.nanoTime() - t) / 1e6;
                    if (snap.lines().size() != LINES) throw new IllegalStateException("expected " + LINES + " lines");
                }
            }
            List<Refresh> results = new ArrayList<>();
            for (int k = 0; k < opened.size(); k++) {
                Arrays.sort(ms[k]);
                long[] counts = counts(opened.get(k).database());
                results.add(new Refresh(name(opened.get(k).database().config()), counts[0], counts[1], pct(ms[k], 50), pct(ms[k], 95)));
            }
            return results;
        } finally {
            for (AppServices s : opened) s.close();
        }
    }

    private static long[] counts(Database db) {
        return db.jdbc(c -> {
            try (Statement st = c.createStatement()) {
                long[] r = new long[2];
                try (var rs = st.executeQuery("SELECT COUNT(*) FROM production_event")) {
                    rs.next();
                    r[0] = rs.getLong(1);
                }
                try (var rs = st.executeQuery("SELECT COUNT(*) FROM counter_bucket")) {
                    rs.next();
                    r[1] = rs.getLong(1);
                }
                return r;
            }
        });
    }

    /**
     * Events number {@code from} … {@code to - 1}: event g is on machine g mod 30 at now − (g ÷ 30) × 30 s,
     * one job per line. Then the buckets of the bench jobs are rebuilt from the events, as the
     * writer would have summed them.
     */
    static void generate(Database db, Instant now, long from, long to) {
        StringBuilder values = new StringBuilder();
        db.jdbc(c -> {
            List<long[]> machines = new ArrayList<>();
            try (Statement st = c.createStatement(); var rs = st.executeQuery("""
                    SELECT m.id, m.line_id, l.code FROM machine m JOIN production_line l ON l.id = m.line_id
                    WHERE l.code LIKE 'LB%' ORDER BY l.code, m.line_position""")) {
                while (rs.next()) machines.add(new long[]{rs.getLong(1), rs.getLong(2), Long.parseLong(rs.getString(3).substring(2))});
            }
            for (int i = 0; i < machines.size(); i++) {
                long jobId = ensureJob(c, "LBJ" + machines.get(i)[2]);
                if (i > 0) values.append(", ");
                values.append(String.format(Locale.ROOT, "(%d, %d, %d, %d)", i, machines.get(i)[1], machines.get(i)[0], jobId));
            }
            return null;
        });
        int n = LINES * MACHINES_PER_LINE;
        long chunk = db.isPostgres() ? 2_000_000 : 250_000;
        for (long s0 = from; s0 < to; s0 += chunk) {
            long start = s0;
            long end = Math.min(to, start + chunk) - 1;
            db.jdbc(c -> {
                if (db.isPostgres()) c.setNetworkTimeout(Runnable::run, 0); // 2M events in one statement: longer than the pool's read timeout allows
                String sql = db.isPostgres() ? """
                        INSERT INTO production_event (event_id, event_time, source, line_id, machine_id, job_id, boards, picks,
                            placements, rejects, received_at, voided)
                        SELECT 'bench:' || g, CAST(? AS TIMESTAMP WITH TIME ZONE) - (g / %d) * INTERVAL '%d seconds', 'AUTO',
                            bm.line_id, bm.machine_id, bm.job_id, 1, 100, 99, 1, CAST(? AS TIMESTAMP WITH TIME ZONE), FALSE
                        FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g
                        JOIN (VALUES %s) AS bm(idx, line_id, machine_id, job_id) ON bm.idx = g %% %d""".formatted(
                        n, EVENT_SPACING_SECONDS, values, n) : """
                        INSERT INTO production_event (event_id, event_time, source, line_id, machine_id, job_id, boards, picks,
                            placements, rejects, received_at, voided)
                        SELECT 'bench:' || "X", DATEADD(SECOND, -("X" / %d) * %d, CAST(? AS TIMESTAMP WITH TIME ZONE)), 'AUTO',
                            bm.line_id, bm.machine_id, bm.job_id, 1, 100, 99, 1, CAST(? AS TIMESTAMP WITH TIME ZONE), FALSE
                        FROM SYSTEM_RANGE(CAST(? AS BIGINT), CAST(? AS BIGINT))
                        JOIN (VALUES %s) AS bm(idx, line_id, machine_id, job_id) ON bm.idx = MOD("X", %d)""".formatted(
                        n, EVENT_SPACING_SECONDS, values, n);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setLong(3, start);
                    ps.setLong(4, end);
                    ps.executeUpdate();
                }
                return null;
            });
        }
        db.jdbc(c -> {
            try (Statement st = c.createStatement()) {
                if (db.isPostgres()) st.execute("SET LOCAL TIME ZONE 'UTC'");
                st.executeUpdate("DELETE FROM counter_bucket WHERE job_id IN (SELECT id FROM job WHERE job_no LIKE 'LBJ%')");
                // The quarter hour of ProductionCalendar.bucketStart: every zone offset is whole quarter hours, so the
                // minute within a quarter is the same in any offset the timestamp carries.
                String hour = db.isPostgres()
                        ? "date_trunc('minute', event_time) - make_interval(mins => (extract(minute FROM event_time)::int % 15))"
                        : "DATEADD(MINUTE, -MOD(EXTRACT(MINUTE FROM event_time), 15), DATE_TRUNC('MINUTE', event_time))";
                st.executeUpdate("""
                        INSERT INTO counter_bucket (line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects,
                            event_count, first_event_at, last_event_at, first_start_at)
                        SELECT line_id, machine_id, job_id, %s, SUM(boards), SUM(picks), SUM(placements), SUM(rejects), COUNT(*),
                            MIN(event_time), MAX(event_time), MIN(COALESCE(start_time, event_time))
                        FROM production_event WHERE job_id IN (SELECT id FROM job WHERE job_no LIKE 'LBJ%%')
                        GROUP BY line_id, machine_id, job_id, %s""".formatted(hour, hour));
                if (db.isPostgres()) st.execute("ANALYZE counter_bucket");
            }
            db.changeFeed().bump(c);
            return null;
        });
        db.changeFeed().publish();
    }

    private static long ensureJob(Connection c, String jobNo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM job WHERE job_no = ?")) {
            ps.setString(1, jobNo);
            try (var rs = ps.executeQuery()) {
                if (rs.next()) return rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO job (job_no, planned_qty, status, created_at) VALUES (?, 5000, 'RUNNING', CURRENT_TIMESTAMP)",
                new String[]{"id"})) {
            ps.setString(1, jobNo);
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Drops a throw-away PostgreSQL schema a bench run created. */
    public static void dropSchema(DatabaseConfig c) {
        if (!c.isPostgres()) return;
        try (Connection conn = java.sql.DriverManager.getConnection(c.url(), c.user(), c.password());
             Statement st = conn.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + c.schema() + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop bench schema " + c.schema() + ": " + e.getMessage());
        }
    }

    static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String name(DatabaseConfig c) {
        return c.isPostgres() ? "PostgreSQL" : "H2";
    }
}
