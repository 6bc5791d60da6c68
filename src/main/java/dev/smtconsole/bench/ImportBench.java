package dev.smtconsole.bench;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.port.IngestPhases;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code bench import}: N generated native-CSV rows through the whole pipeline (rules, dedupe,
 * buckets, batch) into a fresh H2 file database and into PostgreSQL, and in the same run each
 * database's own bulk loader (H2 CSVREAD, PostgreSQL COPY) loading the same file into an
 * equivalent table with the same unique varchar key.
 */
public final class ImportBench {
    /** What to run. pgUrl null = no PostgreSQL part. */
    public record Options(int rows, Path dir, String pgUrl, String pgUser, String pgPassword, int repeat, boolean h2, boolean pg,
                          boolean randomIds, Mode mode, int smallFiles, String cliClasspath, List<String> childJavaOptions) {
        public Options {
            childJavaOptions = List.copyOf(childJavaOptions);
        }

        public Options(int rows, Path dir, String pgUrl, String pgUser, String pgPassword, int repeat, boolean h2, boolean pg,
                       boolean randomIds) {
            this(rows, dir, pgUrl, pgUser, pgPassword, repeat, h2, pg, randomIds, Mode.IN_PROCESS, 0, null, List.of());
        }
    }

    /**
     * IN_PROCESS: the pipeline inside this warm JVM (database open and master data are set-up, not
     * timed). PROCESS: the CLI's own {@code import} in a fresh JVM, timed from spawn to exit, as a
     * user runs it (start-up, database open, import, close). BOTH: one after the other.
     */
    public enum Mode { IN_PROCESS, PROCESS, BOTH }

    public record Figure(String name, long rows, double seconds, long peakHeapBytes, long peakLiveBytes, long peakRssKb) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final Options o;
    private final PrintWriter out;

    public ImportBench(Options options, PrintWriter out) {
        this.o = options;
        this.out = out;
    }

    public List<Figure> run() throws Exception {
        Files.createDirectories(o.dir());
        Path file = o.dir().resolve("bench-" + o.rows() + (o.randomIds() ? "-random" : "") + ".csv");
        long t0 = System.nanoTime();
        generate(file, o.rows(), o.randomIds());
        out.printf(Locale.ROOT, "generated %,d rows (%,d bytes, %s event ids) in %.1f s: %s%n", o.rows(), Files.size(file),
                o.randomIds() ? "random" : "sequential", (System.nanoTime() - t0) / 1e9, file);
        out.printf(Locale.ROOT, "JVM max heap %d MB, %d CPUs%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        out.flush();
        List<Path> parts = o.smallFiles() > 0 ? split(file, o.smallFiles()) : List.of();
        boolean inProcess = o.mode() != Mode.PROCESS, process = o.mode() != Mode.IN_PROCESS;
        List<Figure> figures = new ArrayList<>();
        for (int n = 0; n < o.repeat(); n++) {
            int i = n;
            if (o.h2()) {
                figures.add(measure("h2 CSVREAD", (t, d) -> h2Baseline(file, i, t, d)));
                if (inProcess) figures.add(measure("h2 pipeline", (t, d) -> pipelineH2(file, i, t, d)));
                if (process) figures.add(measure("h2 process", (t, d) -> processH2(List.of(file), i, t, d)));
                if (!parts.isEmpty()) figures.add(measure("h2 files", (t, d) -> processH2(parts, i, t, d)));
            }
            if (o.pg() && o.pgUrl() != null) {
                figures.add(measure("pg COPY", (t, d) -> pgBaseline(file, t, d)));
                if (inProcess) figures.add(measure("pg pipeline", (t, d) -> pipelinePg(file, t, d)));
                if (process) figures.add(measure("pg process", (t, d) -> processPg(List.of(file), t, d)));
                if (!parts.isEmpty()) figures.add(measure("pg files", (t, d) -> processPg(parts, t, d)));
            }
        }
        summary(figures);
        return figures;
    }

    private interface Work {
        /**
         * Does the work; calls {@code clock.run()} when set-up is over and the timed part starts,
         * {@code done.run()} when it ends (closing a database is not part of loading it).
         */
        long run(Runnable clock, Runnable done) throws Exception;
    }

    private Figure measure(String name, Work work) throws Exception {
        System.gc();
        resetRssPeak();
        HeapSampler heap = new HeapSampler();
        long[] start = {System.nanoTime()};
        long[] stop = {0};
        long rows;
        try {
            rows = work.run(() -> {
                if (stop[0] == -1) return;
                start[0] = System.nanoTime();
                stop[0] = -1;
                heap.reset();
            }, () -> stop[0] = System.nanoTime());
        } finally {
            heap.stop();
        }
        double seconds = ((stop[0] > 0 ? stop[0] : System.nanoTime()) - start[0]) / 1e9;
        Figure f = new Figure(name, rows, seconds, heap.peakUsed, heap.peakLive, peakRssKb());
        out.printf(Locale.ROOT, "%-12s %,10d rows %8.1f s %,10.0f rows/s  peak heap %,4d MB (live after GC %,4d MB)"
                        + "  peak RSS %,5d MB%n", name, rows, seconds, f.rowsPerSecond(), f.peakHeapBytes() >> 20,
                f.peakLiveBytes() >> 20, f.peakRssKb() >> 10);
        out.flush();
        return f;
    }

    /**
     * Heap in use, sampled every 10 ms: the peak of all of it (garbage included, so it follows the
     * collector's pace), and the peak of what the last collection of each pool left (live data).
     */
    private static final class HeapSampler {
        volatile long peakUsed, peakLive;
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "bench-heap-sampler");

        HeapSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            peakUsed = 0;
            peakLive = 0;
        }

        private void loop() {
            var memory = ManagementFactory.getMemoryMXBean();
            var pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
            while (running) {
                peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
                long live = 0;
                for (MemoryPoolMXBean p : pools) {
                    var u = p.getCollectionUsage();
                    if (u != null) live += u.getUsed();
                }
                peakLive = Math.max(peakLive, live);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private void summary(List<Figure> figures) {
        out.println();
        out.println("median of " + o.repeat() + " run(s):");
        for (String db : List.of("h2", "pg")) {
            double base = median(figures, db + (db.equals("h2") ? " CSVREAD" : " COPY"));
            for (String kind : List.of("pipeline", "process")) {
                double pipe = median(figures, db + " " + kind);
                if (Double.isNaN(base) || Double.isNaN(pipe)) continue;
                out.printf(Locale.ROOT, "%s: %s %,.0f rows/s, baseline %,.0f rows/s, ratio %.2f (target %s)%n", db, kind, pipe, base,
                        pipe / base, db.equals("h2") ? ">= 2.00" : ">= 0.50");
            }
            double one = median(figures, db + " process"), many = median(figures, db + " files");
            if (!Double.isNaN(one) && !Double.isNaN(many)) {
                out.printf(Locale.ROOT, "%s: %d files %,.0f rows/s, one file %,.0f rows/s, ratio %.2f (target >= 0.80)%n", db,
                        o.smallFiles(), many, one, many / one);
            }
        }
        out.flush();
    }

    private static double median(List<Figure> figures, String name) {
        List<Double> v = new ArrayList<>(figures.stream().filter(f -> f.name().equals(name)).map(Figure::rowsPerSecond).toList());
        if (v.isEmpty()) return Double.NaN;
        Collections.sort(v);
        return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    }

    // ---------- the file ----------

    static final String HEADER = "event_id,event_time,start_time,line,machine,job,product_model,boards,picks,placements,rejects,operator_id,remark";

    /**
     * Rows as a line writes them: per machine per minute (about a board), three lines of three
     * placement machines plus a line-level row, a new job every 8 hours, all in the last 60 days.
     */
    static void generate(Path file, int rows, boolean randomIds) throws IOException {
        Random rnd = new Random(2026);
        Random idRnd = new Random(7);
        Instant begin = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        DateTimeFormatter fmt = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        ZoneOffset zone = ZoneOffset.ofHours(8);
        String[] machines = {"-M1", "-M2", "-M3", ""};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < rows; i++) {
                int line = 1 + i % 3;
                int m = (i / 3) % 4;
                long slot = i / 12; // 12 rows per minute
                OffsetDateTime end = OffsetDateTime.ofInstant(begin.plusSeconds(slot * 60 % (59L * 86400)), zone);
                String job = "BJ" + line + "-" + (slot / 480);
                int boards = 1 + rnd.nextInt(2);
                long placements = m == 3 ? 0 : (long) boards * (40 + 20 * m);
                long picks = m == 3 ? 0 : placements + rnd.nextInt(5);
                StringBuilder sb = new StringBuilder(160);
                if (randomIds) sb.append(new java.util.UUID(idRnd.nextLong(), idRnd.nextLong())).append(',');
                else sb.append("BENCH-").append(i).append(',');
                sb.append(fmt.format(end)).append(',')
                        .append(fmt.format(end.minusMinutes(1))).append(",L").append(line).append(',')
                        .append(m == 3 ? "" : "L" + line + machines[m]).append(',').append(job).append(",MODEL-").append(line)
                        .append(',').append(boards).append(',').append(picks).append(',').append(placements).append(',')
                        .append(m == 3 ? "" : String.valueOf(picks - placements)).append(",OP100").append(1 + line).append(",\n");
                w.write(sb.toString());
            }
        }
    }

    // ---------- pipeline runs ----------

    private long pipelineH2(Path file, int run, Runnable clock, Runnable done) throws Exception {
        Path dbDir = o.dir().resolve("h2-pipeline-" + run + "-" + System.nanoTime());
        try {
            return pipeline(DatabaseConfig.h2File(dbDir.resolve("db")), file, clock, done);
        } finally {
            deleteTree(dbDir);
        }
    }

    /** A measured H2 database is not kept: a 1M-row run leaves about a gigabyte per database. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private long pipelinePg(Path file, Runnable clock, Runnable done) throws Exception {
        String schema = "bench_" + Long.toString(System.nanoTime(), 36);
        DatabaseConfig cfg = new DatabaseConfig(o.pgUrl(), o.pgUser(), o.pgPassword(), schema);
        try {
            return pipeline(cfg, file, clock, done);
        } finally {
            dropSchema(schema);
        }
    }

    /** Opening (migrating) the database and loading master data are set-up, not timed. */
    private long pipeline(DatabaseConfig cfg, Path file, Runnable clock, Runnable done) {
        try (AppServices s = new AppServices(Database.open(cfg), Clock.systemDefaultZone())) {
            s.demo().importSampleMasterData();
            IngestPhases.reset();
            clock.run();
            var r = s.ingest().importFile(file, new IngestService.ImportOptions("csv", "OP1001", null, null), null, () -> false);
            done.run();
            out.println("  phases: " + IngestPhases.summary());
            if (r.accepted() != o.rows()) {
                throw new IllegalStateException("bench import accepted " + r.accepted() + " of " + o.rows() + ": " + r.message());
            }
            return r.read();
        }
    }

    /** The same rows cut into {@code n} files of equal size, each with the header: a day of per-board logs. */
    static List<Path> split(Path file, int n) throws IOException {
        Path dir = file.resolveSibling(file.getFileName().toString().replace(".csv", "") + "-" + n + "-files");
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int rows = lines.size() - 1, per = (rows + n - 1) / n;
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i * per < rows; i++) {
            Path part = dir.resolve(String.format(Locale.ROOT, "board-%04d.csv", i));
            List<String> chunk = new ArrayList<>(per + 1);
            chunk.add(lines.get(0));
            chunk.addAll(lines.subList(1 + i * per, 1 + Math.min(rows, (i + 1) * per)));
            Files.write(part, chunk, StandardCharsets.UTF_8);
            parts.add(part);
        }
        return parts;
    }

    // ---------- whole-process runs ----------

    private long processH2(List<Path> files, int run, Runnable clock, Runnable done) throws Exception {
        Path dbDir = o.dir().resolve("h2-process-" + run + "-" + System.nanoTime());
        try {
            return process(DatabaseConfig.h2File(dbDir.resolve("db")), files, clock, done);
        } finally {
            deleteTree(dbDir);
        }
    }

    private long processPg(List<Path> files, Runnable clock, Runnable done) throws Exception {
        String schema = "bench_" + Long.toString(System.nanoTime(), 36);
        try {
            return process(new DatabaseConfig(o.pgUrl(), o.pgUser(), o.pgPassword(), schema), files, clock, done);
        } finally {
            dropSchema(schema);
        }
    }

    /**
     * The user's database exists with its master data (set-up, here); then {@code smt-console
     * import FILE...} runs in a new JVM with {@code -Xmx512m} (and the options of --child-java-option), timed from
     * spawn to exit. Its peak RSS comes from /usr/bin/time when the machine has it.
     */
    private long process(DatabaseConfig cfg, List<Path> files, Runnable clock, Runnable done) throws Exception {
        try (AppServices s = new AppServices(Database.open(cfg), Clock.systemDefaultZone())) {
            s.demo().importSampleMasterData();
        }
        List<String> cmd = new ArrayList<>();
        Path time = Path.of("/usr/bin/time");
        Path timeOut = Files.createTempFile(o.dir(), "time", ".txt");
        if (Files.isExecutable(time)) cmd.addAll(List.of(time.toString(), "-f", "%M", "-o", timeOut.toString()));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx512m");
        cmd.addAll(o.childJavaOptions());
        cmd.addAll(List.of("-cp",
                o.cliClasspath() != null ? o.cliClasspath() : System.getProperty("java.class.path"), "dev.smtconsole.Main", "import",
                "--db", cfg.url(), "--db-schema", cfg.schema(), "--operator", "OP1001", "--format", "csv"));
        if (cfg.isPostgres()) cmd.addAll(List.of("--db-user", cfg.user()));
        for (Path f : files) cmd.add(f.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SMT_CONSOLE_DB_PASSWORD", cfg.password());
        clock.run();
        Process p = pb.start();
        long accepted = 0;
        String last = "";
        try (var r = p.inputReader(StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                int at = line.indexOf(" accepted=");
                if (at >= 0) accepted += Long.parseLong(line.substring(at + 10, line.indexOf(' ', at + 10)));
                else last = line;
            }
        }
        int code = p.waitFor();
        done.run();
        String rss = Files.readString(timeOut).strip();
        Files.deleteIfExists(timeOut);
        if (!rss.isEmpty()) out.println("  child peak RSS " + (Long.parseLong(rss.lines().reduce((a, b) -> b).orElse("0")) >> 10) + " MB");
        if (code != 0 || accepted != o.rows()) {
            throw new IllegalStateException("bench import: the import process exited " + code + " having accepted " + accepted
                    + " of " + o.rows() + ": " + last);
        }
        return accepted;
    }

    // ---------- baselines ----------

    private static final String BASE_TABLE = """
            CREATE TABLE bench_event (
                event_id VARCHAR(200) NOT NULL, event_time TIMESTAMP WITH TIME ZONE NOT NULL, start_time TIMESTAMP WITH TIME ZONE,
                line VARCHAR(32) NOT NULL, machine VARCHAR(64), job VARCHAR(64) NOT NULL, product_model VARCHAR(100),
                boards BIGINT, picks BIGINT, placements BIGINT, rejects BIGINT, operator_id VARCHAR(64), remark VARCHAR(2000),
                CONSTRAINT uq_bench_event UNIQUE (event_id))""";

    private long h2Baseline(Path file, int run, Runnable clock, Runnable done) throws SQLException, IOException {
        Path dbDir = o.dir().resolve("h2-csvread-" + run + "-" + System.nanoTime());
        try {
            return h2Load(file, dbDir, clock, done);
        } finally {
            deleteTree(dbDir);
        }
    }

    private long h2Load(Path file, Path dbDir, Runnable clock, Runnable done) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dbDir.resolve("db").toAbsolutePath(), "sa", "");
             Statement st = c.createStatement()) {
            st.execute(BASE_TABLE);
            clock.run();
            long n = st.executeUpdate("INSERT INTO bench_event SELECT event_id, event_time, NULLIF(start_time, ''), line, "
                    + "NULLIF(machine, ''), job, product_model, boards, picks, placements, NULLIF(rejects, ''), operator_id, remark "
                    + "FROM CSVREAD('" + file.toAbsolutePath().toString().replace("'", "''") + "', NULL, 'charset=UTF-8')");
            done.run();
            return n;
        }
    }

    private long pgBaseline(Path file, Runnable clock, Runnable done) throws Exception {
        String schema = "bench_copy_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(o.pgUrl(), o.pgUser(), o.pgPassword());
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("SET search_path TO " + schema);
            st.execute(BASE_TABLE);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            clock.run();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                long n = copy.copyIn("COPY bench_event FROM STDIN (FORMAT csv, HEADER true)", r);
                done.run();
                return n;
            }
        } finally {
            dropSchema(schema);
        }
    }

    private void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(o.pgUrl(), o.pgUser(), o.pgPassword());
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            out.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    // ---------- memory ----------

    /** Linux: writing 5 to clear_refs resets the VmHWM (peak RSS) counter. */
    private static void resetRssPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: the peak then covers the whole process
        }
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
