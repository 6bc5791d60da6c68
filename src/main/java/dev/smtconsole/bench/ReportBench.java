package dev.smtconsole.bench;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.domain.JobRecordData;
import dev.smtconsole.report.MachineCell;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.report.ProductionXlsx;
import dev.smtconsole.domain.Thresholds;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench report}: the 生产数据记录表 for 31 days × 3 lines on PostgreSQL holding 1M and 10M
 * events (a year of 3 lines × 3 placement machines, generated set-based with generate_series, buckets
 * aggregated from them), and the export of a 10,000-row form to .xlsx in a child JVM with -Xmx256m.
 */
public final class ReportBench {
    /** The quarter hour of an event (PostgreSQL), as {@link dev.smtconsole.domain.ProductionCalendar#bucketStart} cuts it. */
    private static final String QUARTER_HOUR =
            "date_trunc('minute', event_time) - make_interval(mins => (extract(minute FROM event_time)::int % 15))";

    private static final LocalDate FROM = LocalDate.of(2026, 1, 1), TO = LocalDate.of(2026, 1, 31);
    private static final Instant YEAR_START = Instant.parse("2025-02-01T00:00:00Z"), YEAR_END = Instant.parse("2026-02-01T00:00:00Z");

    private ReportBench() {
    }

    public record Options(String pgUrl, String pgUser, List<Long> sizes, int runs, int xlsxRows, boolean keep) {
    }

    public static void run(Options o, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "bench report: PostgreSQL %s, sizes %s, %d runs each, xlsx %d rows; %d CPUs, load average %.1f%n",
                o.pgUrl(), o.sizes(), o.runs(), o.xlsxRows(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Database> dbs = new ArrayList<>();
        List<AppServices> services = new ArrayList<>();
        List<DatabaseConfig> configs = new ArrayList<>();
        try {
            for (long size : o.sizes()) {
                DatabaseConfig cfg = new DatabaseConfig(o.pgUrl(), o.pgUser(), "", "bench_report_" + size);
                configs.add(cfg);
                boolean reuse = o.keep() && eventCount(cfg) == size;
                if (!reuse) dropSchema(cfg);
                long t0 = System.nanoTime();
                Database db = Database.open(cfg);
                dbs.add(db);
                AppServices s = new AppServices(db, Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC));
                services.add(s);
                s.demo().importSampleMasterData();
                if (!reuse) {
                    generate(db, s.masterData().current().lines().stream().limit(3).toList(), size);
                    out.printf(Locale.ROOT, "  %,d events generated in %.1f s%n", size, (System.nanoTime() - t0) / 1e9);
                } else {
                    out.printf(Locale.ROOT, "  %,d events: reusing schema %s%n", size, cfg.schema());
                }
            }
            // Interleaved runs: whatever else the machine is doing hits every size alike.
            double[][] ms = new double[o.sizes().size()][o.runs()];
            int[] rows = new int[o.sizes().size()];
            for (int r = -2; r < o.runs(); r++) {
                for (int i = 0; i < services.size(); i++) {
                    AppServices s = services.get(i);
                    long t = System.nanoTime();
                    int n = 0;
                    for (LineInfo l : s.masterData().current().lines().stream().limit(3).toList()) {
                        n += s.reports().production(l.code(), FROM, TO, null).rows().size();
                    }
                    if (r >= 0) ms[i][r] = (System.nanoTime() - t) / 1e6;
                    rows[i] = n;
                }
            }
            for (int i = 0; i < ms.length; i++) {
                out.printf(Locale.ROOT, "  %,d events: report 31 days x 3 lines (%d form rows): median %.1f ms, min %.1f ms, runs %s%n",
                        o.sizes().get(i), rows[i], median(ms[i]), Arrays.stream(ms[i]).min().orElse(0),
                        Arrays.toString(Arrays.stream(ms[i]).map(x -> Math.round(x * 10) / 10.0).toArray()));
            }
            // The hover lookup (where a row's numbers came from) reads bucket_source (V7), never the events.
            for (int i = 0; i < services.size(); i++) {
                AppServices s = services.get(i);
                String line = s.masterData().current().lines().get(0).code();
                List<ProductionRow> sample = s.reports().production(line, FROM, TO, null).rows();
                double[] src = new double[Math.min(15, sample.size())];
                for (int k = 0; k < src.length; k++) {
                    long t = System.nanoTime();
                    s.reports().sources(line, sample.get(k * sample.size() / src.length));
                    src[k] = (System.nanoTime() - t) / 1e6;
                }
                out.printf(Locale.ROOT, "  %,d events: source lookup of one job-day (hover): median %.1f ms, min %.1f ms%n",
                        o.sizes().get(i), median(src), Arrays.stream(src).min().orElse(0));
            }
            if (ms.length >= 2) {
                out.printf(Locale.ROOT, "  ratio %,d vs %,d events: median %.2fx, min %.2fx (target <= 1.2x)%n",
                        o.sizes().get(ms.length - 1), o.sizes().get(0), median(ms[ms.length - 1]) / median(ms[0]),
                        Arrays.stream(ms[ms.length - 1]).min().orElse(0) / Arrays.stream(ms[0]).min().orElse(1));
            }
        } finally {
            for (Database db : dbs) db.close();
            if (!o.keep()) for (DatabaseConfig cfg : configs) dropSchema(cfg);
        }
        xlsxInChildJvm(o.xlsxRows(), out);
    }

    private static long eventCount(DatabaseConfig cfg) {
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password()); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + cfg.schema() + ".production_event")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void dropSchema(DatabaseConfig cfg) throws SQLException {
        try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + cfg.schema() + " CASCADE");
        }
    }

    /**
     * A year of production: a job per line per 4 hours, events spread evenly over the 3 placement
     * machines of each line; buckets are the GROUP BY of the events, as the writer would have kept them.
     */
    static void generate(Database db, List<LineInfo> lines, long events) {
        long seconds = YEAR_END.getEpochSecond() - YEAR_START.getEpochSecond();
        long blocks = seconds / 14400;
        db.jdbc(c -> {
            c.setNetworkTimeout(Runnable::run, 0); // a year of events in one statement: minutes, not the pool's read timeout
            try (Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE 'UTC'");
                // Bulk load: no FK triggers, and the unique event-id index is built once afterwards.
                st.execute("SET session_replication_role = replica");
                st.execute("ALTER TABLE production_event DROP CONSTRAINT pk_production_event");
                st.execute("CREATE TEMP TABLE bench_machine (k INT PRIMARY KEY, line_id BIGINT, machine_id BIGINT, line_index INT)");
                StringBuilder values = new StringBuilder();
                for (int li = 0; li < lines.size(); li++) {
                    List<MachineInfo> ms = lines.get(li).placementMachines();
                    for (int m = 0; m < 3; m++) {
                        if (!values.isEmpty()) values.append(',');
                        values.append('(').append(li * 3 + m).append(',').append(lines.get(li).id()).append(',')
                                .append(ms.get(m).id()).append(',').append(li).append(')');
                    }
                }
                st.execute("INSERT INTO bench_machine VALUES " + values);
                st.execute("INSERT INTO product (model, placements_per_board) VALUES ('BENCH-1', 300)");
                st.execute("INSERT INTO job (id, job_no, product_id, status, created_at) SELECT 1000000 + li * " + blocks
                        + " + b, 'B' || li || '-' || b, (SELECT id FROM product WHERE model = 'BENCH-1'), 'DONE', now()"
                        + " FROM generate_series(0, 2) li, generate_series(0, " + (blocks - 1) + ") b");
                double step = (double) seconds / (events / 9.0);
                st.execute("""
                        INSERT INTO production_event (event_id, event_time, source, line_id, machine_id, job_id, boards, picks,
                            placements, rejects, received_at, voided)
                        SELECT 'bench:' || g, t, 'AUTO', m.line_id, m.machine_id,
                               1000000 + m.line_index * %d + floor(extract(epoch FROM t - TIMESTAMPTZ '%s') / 14400)::bigint,
                               1, 101, 100, 1, now(), FALSE
                        FROM (SELECT g, TIMESTAMPTZ '%s' + (g / 9) * make_interval(secs => %f) AS t, (g %% 9)::int AS k
                              FROM generate_series(0, %d) g) x
                        JOIN bench_machine m ON m.k = x.k""".formatted(blocks, YEAR_START, YEAR_START, step, events - 1));
                st.execute("""
                        INSERT INTO counter_bucket (line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects,
                            event_count, first_event_at, last_event_at, first_start_at)
                        SELECT line_id, COALESCE(machine_id, 0), job_id, %s, SUM(boards), SUM(picks),
                               SUM(placements), SUM(rejects), COUNT(*), MIN(event_time), MAX(event_time),
                               MIN(COALESCE(start_time, event_time))
                        FROM production_event GROUP BY 1, 2, 3, 4""".formatted(QUARTER_HOUR));
                st.execute("INSERT INTO job_record (line_id, job_id, production_day, checkers, updated_by, updated_at, version)"
                        + " SELECT DISTINCT line_id, job_id, CAST(bucket_start AS DATE), '礼、珍', 'bench', now(), 0 FROM counter_bucket"
                        + " WHERE bucket_start >= TIMESTAMPTZ '2026-01-01' AND machine_id <> 0");
                st.execute("""
                        INSERT INTO bucket_source (job_id, line_id, bucket_start, machine_id, source, batch_id, operator_id, event_count)
                        SELECT job_id, line_id, %s, COALESCE(machine_id, 0), source,
                               COALESCE(batch_id, 0), MIN(operator_id), COUNT(*)
                        FROM production_event GROUP BY 1, 2, 3, 4, 5, 6""".formatted(QUARTER_HOUR));
                st.execute("ALTER TABLE production_event ADD CONSTRAINT pk_production_event PRIMARY KEY (event_id)");
                st.execute("SET session_replication_role = DEFAULT");
                st.execute("ANALYZE");
            }
            return null;
        });
    }

    /** Runs the export in a fresh JVM capped at 256 MB, so the heap figure is the export's alone. */
    static void xlsxInChildJvm(int rows, PrintStream out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path file = Files.createTempFile("bench-report", ".xlsx");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                XlsxChild.class.getName(), Integer.toString(rows), file.toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) if (line.startsWith("  ")) out.println(line);
        }
        int rc = p.waitFor();
        out.printf(Locale.ROOT, "  xlsx file %,d bytes; child exit %d%n", Files.size(file), rc);
        Files.deleteIfExists(file);
    }

    /** The child: builds a 10,000-row form in memory, exports it three times, prints time and peak heap. */
    public static final class XlsxChild {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            Path file = Path.of(args[1]);
            ProductionReport report = syntheticReport(n);
            double[] ms = new double[3], cpu = new double[3];
            var threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime(), c = threads.getCurrentThreadCpuTime();
                ProductionXlsx.write(List.of(report), file, DateStyle.PAPER, Instant.now());
                ms[i] = (System.nanoTime() - s) / 1e6;
                cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
            }
            System.out.printf(Locale.ROOT, "  xlsx %,d form rows (%,d sheet rows), -Xmx256m: first (cold JVM) %.0f ms, median %.0f ms"
                            + " (runs %s; CPU time of the exporting thread %s ms), peak heap %.1f MB (sum of heap pool peaks)%n",
                    n, n * 3, ms[0], median(ms), Arrays.toString(Arrays.stream(ms).map(Math::round).toArray()),
                    Arrays.toString(Arrays.stream(cpu).map(Math::round).toArray()), peak / 1048576.0);
        }
    }

    public static ProductionReport syntheticReport(int n) {
        List<ProductionRow> rows = new ArrayList<>(n);
        LocalDate day = LocalDate.of(2025, 1, 1);
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            List<MachineCell> cells = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                long picks = 10000 + i + m * 1000, placed = picks - 40 - m;
                cells.add(new MachineCell(m + 1, "L1-M" + (m + 1), m, picks, placed, picks - placed, dev.smtconsole.domain.AlarmLevel.OK));
            }
            JobRecordData rec = new JobRecordData(i, i, day.plusDays(i / 3), "礼、珍", i % 7 == 0 ? "574.8 - 416 = 158.8" : null,
                    null, null, null, null, "bench", t, 0, java.util.Set.of());
            rows.add(new ProductionRow(day.plusDays(i / 3), i, "M" + (100000 + i), "2THT303662R3001 TOP", 160 + i % 40, false,
                    160L + i % 40, t.plusSeconds(i * 28800L), t.plusSeconds(i * 28800L + 14000), cells, false, null, false, rec));
        }
        return new ProductionReport("L1", day, day.plusDays(n / 3), ZoneId.of("UTC"), List.of("L1-M1", "L1-M2", "L1-M3"), rows,
                new Thresholds(0.005, 0.01));
    }
}
