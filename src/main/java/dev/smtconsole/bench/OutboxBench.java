package dev.smtconsole.bench;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.GatewayService.DataValue;
import dev.smtconsole.app.GatewayService.DevicePost;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench outbox} (issue 16): the store-and-forward outbox against a real PostgreSQL server reached through a
 * TCP proxy the bench cuts and restores (the server itself keeps running). Two measurements:
 * <ol>
 *   <li><b>rate</b>: a generated native CSV imported straight into PostgreSQL (the import rate), the same number of
 *   rows imported while the server is away (queued as chunks) and forwarded when it is back, and gateway posts
 *   queued one by one and forwarded — each forward's records/s against the import's;</li>
 *   <li><b>outage</b>: N consoles (each its own {@link AppServices}, pool and outbox file, in this JVM) queue what a
 *   console records in an outage of S seconds at E entries/s (gateway posts, every k-th a manual entry), queued as
 *   fast as they go; then the server is back, and the time until every outbox is empty is measured, and what the
 *   server holds is counted against what was entered.</li>
 * </ol>
 */
public final class OutboxBench {
    /**
     * @param rows             rows of the imported file (rate)
     * @param posts            gateway posts queued and forwarded (rate)
     * @param repeat           runs of the rate measurement
     * @param consoles         consoles of the outage
     * @param outageSeconds    length of the outage
     * @param entriesPerSecond entries each console records per second of the outage
     * @param manualEvery      every k-th entry is a manual entry (3 machines); 0: gateway posts only
     */
    public record Options(String pgUrl, String pgUser, String pgPassword, Path masterDir, Path workDir, int rows, int posts,
                          int repeat, int consoles, int outageSeconds, int entriesPerSecond, int manualEvery) {
        public int entriesPerConsole() {
            return outageSeconds * entriesPerSecond;
        }
    }

    /** One run of the rate measurement; rates in records per second. */
    public record RateRun(int run, double importPerSecond, double queueImportPerSecond, double forwardImportPerSecond,
                          double batchPostsPerSecond, double queuePostsPerSecond, double forwardPostsPerSecond) {
        double importRatio() {
            return forwardImportPerSecond / importPerSecond;
        }

        double postsRatio() {
            return forwardPostsPerSecond / importPerSecond;
        }
    }

    /** What the server holds after the outage's forward, read straight from it. */
    public record Counts(long events, long distinctEventIds, long messages, long duplicateMessages, long failedMessages,
                         long deviceRecords, long eventPicks, long bucketPicks, long receipts) {
    }

    /** What the outage should leave on the server: events, messages (one per entry), device records (one per post). */
    public record Expected(long events, long messages, long deviceRecords) {
        /** Nothing lost, nothing doubled: every entry once, every event once, each counted once in the buckets. */
        public boolean matches(Counts c) {
            return c.events() == events && c.distinctEventIds() == c.events() && c.messages() == messages
                    && c.duplicateMessages() == 0 && c.failedMessages() == 0 && c.deviceRecords() == deviceRecords
                    && c.eventPicks() == c.bucketPicks();
        }
    }

    public record OutageRun(int run, int consoles, int entries, double queueSeconds, double recoverySeconds,
                            List<Double> perConsoleSeconds, Expected expected, Counts counts, int refused) {
        public boolean ok() {
            return expected.matches(counts) && refused == 0;
        }
    }

    private static final String OPERATOR = "OP1001";
    private static final int POST_BATCH = 100;

    private final Options o;
    private final PrintWriter out;

    public OutboxBench(Options o, PrintWriter out) {
        this.o = o;
        this.out = out;
    }

    // ---------- 1. forward rate against the import rate ----------

    public List<RateRun> rate() throws Exception {
        DatabaseConfig direct = schema("bench_outbox_rate_");
        List<RateRun> runs = new ArrayList<>();
        try (CutProxy proxy = proxy(direct)) {
            DatabaseConfig proxied = through(proxy, direct);
            Path dir = Files.createDirectories(o.workDir().resolve("rate"));
            // The import rate from a console on the server directly (as a console imports when it answers); the
            // outbox's console reaches it through the proxy the bench cuts.
            try (AppServices straight = console(direct, dir.resolve("direct"));
                 AppServices via = new AppServices(Database.open(proxied), Clock.systemUTC(), dir.resolve("via"))) {
                via.gateway().newToken(OPERATOR, via.masterData().current()); // the gateway's operator of record
                // One gateway per console, as `serve` holds it (each instance has its own writer thread and settings).
                GatewayService viaGateway = via.gateway(), straightGateway = straight.gateway();
                // Warm-up, untimed: the JIT and the pools, both paths once.
                Path warm = generate(dir.resolve("warm.csv"), "WARM-", Math.max(2_000, o.rows() / 10));
                importChecked(straight, warm, Math.max(2_000, o.rows() / 10));
                postBatches(straightGateway, "warm-b", Math.min(1_000, o.posts()));
                for (int run = 1; run <= o.repeat(); run++) {
                    Path direct1 = generate(dir.resolve("d" + run + ".csv"), "D" + run + "-", o.rows());
                    Path queued1 = generate(dir.resolve("q" + run + ".csv"), "Q" + run + "-", o.rows());
                    long t0 = System.nanoTime();
                    importChecked(straight, direct1, o.rows());
                    double importS = seconds(t0);

                    t0 = System.nanoTime();
                    postBatches(straightGateway, "b" + run, o.posts());
                    double batchS = seconds(t0);

                    // The server away: the import queues as chunks, then is forwarded once it is back.
                    long cut = cut(proxy, viaGateway, "qi" + run);
                    t0 = System.nanoTime();
                    importChecked(via, queued1, o.rows());
                    double queueImportS = seconds(t0);
                    requireWaiting(via, o.rows() + 1);
                    restore(proxy, cut);
                    t0 = System.nanoTime();
                    forwardAll(via);
                    double forwardImportS = seconds(t0);
                    requireEvents(direct, "Q" + run + "-%", o.rows());

                    // Gateway posts (one message each) queued one by one, as the gateway gets them, then forwarded.
                    cut = cut(proxy, viaGateway, "qp" + run);
                    t0 = System.nanoTime();
                    for (int i = 0; i < o.posts(); i++) {
                        GatewayService.Answer a = viaGateway.post(post("q" + run + "-" + i, 2, i));
                        if (a.id() > 0) throw new IllegalStateException("post " + i + " was not queued: the proxy is open?");
                    }
                    double queuePostsS = seconds(t0);
                    requireWaiting(via, o.posts() + 1);
                    restore(proxy, cut);
                    t0 = System.nanoTime();
                    forwardAll(via);
                    double forwardPostsS = seconds(t0);
                    requireEvents(direct, "gw:q" + run + "-%", o.posts());

                    RateRun r = new RateRun(run, o.rows() / importS, o.rows() / queueImportS, o.rows() / forwardImportS,
                            o.posts() / batchS, o.posts() / queuePostsS, o.posts() / forwardPostsS);
                    runs.add(r);
                    out.printf(Locale.ROOT, "rate run %d: import %,.0f rows/s; queued %,.0f rows/s, forwarded %,.0f rows/s (%.2f×);"
                                    + " posts in batches of %d %,.0f/s; queued %,.0f/s, forwarded %,.0f/s (%.2f× the import)%n",
                            run, r.importPerSecond(), r.queueImportPerSecond(), r.forwardImportPerSecond(), r.importRatio(),
                            POST_BATCH, r.batchPostsPerSecond(), r.queuePostsPerSecond(), r.forwardPostsPerSecond(), r.postsRatio());
                    out.flush();
                }
            }
        } finally {
            dropSchema(direct);
        }
        return runs;
    }

    /**
     * Cuts the server off, and waits (untimed) until the console knows: its first post after the cut finds the server
     * away — its connection waits out the pool's 10 s timeout — and is queued. Returns when the cut happened.
     */
    private static long cut(CutProxy proxy, GatewayService gateway, String detector) {
        proxy.cut();
        long at = System.nanoTime();
        GatewayService.Answer a = gateway.post(post(detector, 3, 0));
        if (a.id() > 0) throw new IllegalStateException("the first post after the cut was not queued: the proxy is open?");
        return at;
    }

    /**
     * The server is back — after an outage of at least {@link #SHORTEST_OUTAGE_NANOS}: a forwarder that tried while
     * the server had just gone is still waiting out the pool's connection timeout in a shorter one.
     */
    private static void restore(CutProxy proxy, long cutAt) throws IOException, InterruptedException {
        long left = cutAt + SHORTEST_OUTAGE_NANOS - System.nanoTime();
        if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
        proxy.restore();
    }

    private static final long SHORTEST_OUTAGE_NANOS = TimeUnit.SECONDS.toNanos(12);

    /** Forwards what waits now, as `db outbox` does, until nothing waits (a pass stops early if the server is away). */
    private static void forwardAll(AppServices s) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (s.outboxStatus().isPresent()) {
            var st = s.outboxStatus().get();
            if (st.refused() > 0) throw new IllegalStateException(st.refused() + " forwards refused: " + s.outboxRefused());
            if (System.nanoTime() > until) throw new IllegalStateException("outbox not forwarded in 10 minutes: " + st);
            s.forwardOutbox();
            if (s.outboxStatus().isPresent()) TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void requireWaiting(AppServices s, long records) {
        var st = s.outboxStatus().orElseThrow(() -> new IllegalStateException("nothing was queued: the proxy is open?"));
        if (st.records() != records) throw new IllegalStateException(records + " records should wait, " + st.records() + " do");
    }

    private void requireEvents(DatabaseConfig db, String idPattern, long expected) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + db.schema() + ".production_event WHERE event_id LIKE '"
                     + idPattern + "'")) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException(expected + " events " + idPattern + " should be on the server, " + rs.getLong(1) + " are");
            }
        }
    }

    private static void importChecked(AppServices s, Path file, int rows) {
        var r = s.ingest().importFile(file, new ImportOptions("auto", OPERATOR, null, null), null, () -> false);
        if (r.accepted() != rows) throw new IllegalStateException(file + ": " + rows + " rows, " + r.accepted() + " accepted: " + r);
    }

    private static void postBatches(GatewayService gateway, String prefix, int posts) {
        for (int from = 0; from < posts; from += POST_BATCH) {
            List<DevicePost> batch = new ArrayList<>(POST_BATCH);
            for (int i = from; i < Math.min(posts, from + POST_BATCH); i++) batch.add(post(prefix + "-" + i, 2, i));
            for (Object a : gateway.postAll(batch)) {
                if (!(a instanceof GatewayService.Answer answer) || answer.isDuplicate()) {
                    throw new IllegalStateException("a post of " + prefix + " was not stored: " + a);
                }
            }
        }
    }

    // ---------- 2. the outage ----------

    public OutageRun outage(int run) throws Exception {
        DatabaseConfig direct = schema("bench_outbox_outage_");
        try (CutProxy proxy = proxy(direct)) {
            DatabaseConfig proxied = through(proxy, direct);
            Path dir = Files.createDirectories(o.workDir().resolve("outage-" + run));
            try (AppServices first = console(direct, null)) {
                first.gateway().newToken(OPERATOR, first.masterData().current());
            }
            List<AppServices> consoles = new ArrayList<>();
            List<GatewayService> gateways = new ArrayList<>();
            try {
                for (int k = 0; k < o.consoles(); k++) {
                    AppServices s = new AppServices(Database.open(proxied), Clock.systemUTC(), dir.resolve("console-" + k));
                    consoles.add(s);
                    gateways.add(s.gateway()); // one per console, as `serve` holds it
                    // One post while the server answers: the gateway's settings read, the pool warm (counted below).
                    gateways.get(k).post(post("warm-" + run + "-" + k, 1 + k % 3, k));
                }
                int perConsole = o.entriesPerConsole();
                proxy.cut();
                long cutAt = System.nanoTime();
                long t0 = cutAt;
                long[] expected = new long[3]; // events, messages, device records
                try (ExecutorService pool = Executors.newFixedThreadPool(o.consoles())) {
                    List<Future<long[]>> done = new ArrayList<>();
                    for (int k = 0; k < o.consoles(); k++) {
                        int console = k;
                        done.add(pool.submit(() -> record(consoles.get(console), gateways.get(console), run, console, perConsole)));
                    }
                    for (Future<long[]> f : done) {
                        long[] e = f.get();
                        for (int i = 0; i < 3; i++) expected[i] += e[i];
                    }
                }
                double queueS = seconds(t0);
                long waiting = 0;
                for (AppServices s : consoles) waiting += s.outboxStatus().map(AppServices.OutboxStatus::records).orElse(0L);
                out.printf(Locale.ROOT, "outage run %d: %d consoles queued %,d entries (%,d records) in %.1f s%n", run,
                        o.consoles(), (long) perConsole * o.consoles(), waiting, queueS);
                out.flush();
                if (waiting != expected[0]) throw new IllegalStateException(expected[0] + " records should wait, " + waiting + " do");

                // The server is back: each console's forwarder notices on its own (it asks every 2 s).
                restore(proxy, cutAt);
                t0 = System.nanoTime();
                Double[] emptyAt = new Double[consoles.size()];
                long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
                int left = consoles.size();
                while (left > 0) {
                    for (int k = 0; k < consoles.size(); k++) {
                        if (emptyAt[k] == null && consoles.get(k).outboxStatus().isEmpty()) {
                            emptyAt[k] = seconds(t0);
                            left--;
                        }
                    }
                    if (left == 0) break;
                    if (System.nanoTime() > until) throw new IllegalStateException("outboxes not empty after 15 minutes");
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                double recoveryS = seconds(t0);
                int refused = 0;
                for (AppServices s : consoles) refused += s.outboxRefused().size();
                // Every warm-up post: one event, one message, one device record.
                Expected want = new Expected(expected[0] + o.consoles(), expected[1] + o.consoles(), expected[2] + o.consoles());
                Counts counts = counts(direct);
                OutageRun r = new OutageRun(run, o.consoles(), perConsole * o.consoles(), queueS, recoveryS,
                        java.util.Arrays.stream(emptyAt).toList(), want, counts, refused);
                out.printf(Locale.ROOT, "outage run %d: server back -> every outbox empty in %.1f s (per console %s); %s%n", run,
                        recoveryS, r.perConsoleSeconds().stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(),
                        describe(r));
                out.flush();
                return r;
            } finally {
                for (AppServices s : consoles) s.close();
            }
        } finally {
            dropSchema(direct);
        }
    }

    /**
     * What one console records during the outage, as fast as it goes: gateway posts, every k-th entry a manual entry
     * of its line (3 machines: 4 events). Returns the events, messages and device records the server should get.
     */
    private long[] record(AppServices s, GatewayService gateway, int run, int console, int entries) {
        long events = 0, messages = 0, devices = 0;
        String job = "M0096" + String.format(Locale.ROOT, "%02d", console % 100);
        for (int i = 0; i < entries; i++) {
            if (o.manualEvery() > 0 && i % o.manualEvery() == o.manualEvery() - 1) {
                var r = s.ingest().submitManual(manual(run, console, job, i));
                if (r.messageId() > 0 && i > o.manualEvery()) throw new IllegalStateException("entry not queued: the proxy is open?");
                // The line's boards as one event, each machine's picks and placements as one more.
                if (r.eventsWritten() != 4) throw new IllegalStateException("a manual entry of 3 machines gave " + r.eventsWritten() + " events");
                events += 4;
            } else {
                GatewayService.Answer a = gateway.post(post("o" + run + "-" + console + "-" + i, 1 + console % 3, i));
                if (a.id() > 0 && i > 0) throw new IllegalStateException("post not queued: the proxy is open?");
                events++;
                devices++;
            }
            messages++;
        }
        return new long[]{events, messages, devices};
    }

    private static ManualEntry manual(int run, int console, String job, int i) {
        int day = 1 + i % 28;
        long picks = 1_000L + run * 100_000L + i;
        List<MachineCount> machines = List.of(new MachineCount("L1-M1", picks, picks - 1), new MachineCount("L1-M2", picks, picks - 2),
                new MachineCount("L1-M3", picks, picks - 3));
        return new ManualEntry("L1", job, "1016928", 100L + i, LocalDateTime.of(2026, 11, day, 8, 0),
                LocalDateTime.of(2026, 11, day, 10, 0), List.of("礼"), machines, null, OPERATOR);
    }

    /** A counter post of a machine of line {@code line} (1–3), a minute apart per {@code i}, all in the past. */
    static DevicePost post(String eventId, int line, int i) {
        String at = Instant.now().minus(2, ChronoUnit.DAYS).plusSeconds(i % 86_400).truncatedTo(ChronoUnit.SECONDS).toString();
        String machine = "L" + line + "-M" + (1 + i % 3);
        return new DevicePost(eventId, at, "AUTO", "M00850" + line, null, "L" + line, null, machine, OPERATOR, null, null, null,
                List.of(new DataValue("boards", 1.0, null, null, null, null, null),
                        new DataValue("picks", 120.0, null, null, null, null, null),
                        new DataValue("placements", 119.0, null, null, null, null, null)), "{\"eventId\":\"" + eventId + "\"}");
    }

    static String describe(OutageRun r) {
        Counts c = r.counts();
        Expected e = r.expected();
        return String.format(Locale.ROOT, "on the server: %,d events (expected %,d, %,d distinct ids), %,d messages (expected %,d;"
                        + " %d duplicate, %d failed), %,d device records (expected %,d), picks events %,d = buckets %,d, %d receipts"
                        + " left, %d refused: %s",
                c.events(), e.events(), c.distinctEventIds(), c.messages(), e.messages(), c.duplicateMessages(),
                c.failedMessages(), c.deviceRecords(), e.deviceRecords(), c.eventPicks(), c.bucketPicks(), c.receipts(),
                r.refused(), r.ok() ? "nothing lost, nothing doubled" : "MISMATCH");
    }

    static Counts counts(DatabaseConfig db) throws SQLException {
        String s = db.schema() + ".";
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement st = c.createStatement()) {
            long[] v = new long[9];
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id), COALESCE(SUM(picks), 0) FROM "
                    + s + "production_event")) {
                rs.next();
                v[0] = rs.getLong(1);
                v[1] = rs.getLong(2);
                v[6] = rs.getLong(3);
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'DUPLICATE'),"
                    + " COUNT(*) FILTER (WHERE status = 'FAILED') FROM " + s + "integration_message WHERE channel IN ('GATEWAY', 'MANUAL')")) {
                rs.next();
                v[2] = rs.getLong(1);
                v[3] = rs.getLong(2);
                v[4] = rs.getLong(3);
            }
            v[5] = single(st, "SELECT COUNT(*) FROM " + s + "device_record");
            v[7] = single(st, "SELECT COALESCE(SUM(picks), 0) FROM " + s + "counter_bucket");
            v[8] = single(st, "SELECT COUNT(*) FROM " + s + "outbox_receipt");
            return new Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------- the summary ----------

    public void summary(List<RateRun> rates, List<OutageRun> outages) {
        out.println();
        if (!rates.isEmpty()) {
            out.printf(Locale.ROOT, "forward rate against the import rate, median of %d run(s), %,d rows / %,d posts:%n%n",
                    rates.size(), o.rows(), o.posts());
            out.println("| what | records/s | × the import |");
            out.println("|---|---:|---:|");
            double imp = median(rates.stream().map(RateRun::importPerSecond).toList());
            row("file imported into PostgreSQL (the import rate)", imp, imp);
            row("the same rows queued while the server is away", median(rates.stream().map(RateRun::queueImportPerSecond).toList()), imp);
            row("**those rows forwarded** (target ≥ 0.5×)", median(rates.stream().map(RateRun::forwardImportPerSecond).toList()), imp);
            row("gateway posts in batches of " + POST_BATCH + " into PostgreSQL", median(rates.stream().map(RateRun::batchPostsPerSecond).toList()), imp);
            row("gateway posts queued one by one", median(rates.stream().map(RateRun::queuePostsPerSecond).toList()), imp);
            row("**those posts forwarded**", median(rates.stream().map(RateRun::forwardPostsPerSecond).toList()), imp);
            out.printf(Locale.ROOT, "%nratios per run: import forward %s, posts forward %s%n",
                    rates.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.importRatio())).toList(),
                    rates.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.postsRatio())).toList());
            out.println();
        }
        if (!outages.isEmpty()) {
            out.printf(Locale.ROOT, "outage: %d consoles × %d s × %d entries/s = %,d entries (every %s a manual entry of 3 machines),"
                            + " queued as fast as they go; server back -> every outbox empty (target ≤ 30 s):%n%n",
                    o.consoles(), o.outageSeconds(), o.entriesPerSecond(), (long) o.consoles() * o.entriesPerConsole(),
                    o.manualEvery() > 0 ? o.manualEvery() + "th" : "none is");
            out.println("| run | queued in s | back -> empty s | slowest console's entries/s | on the server |");
            out.println("|---:|---:|---:|---:|---|");
            for (OutageRun r : outages) {
                out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %,.0f | %,d events, %,d messages: %s |%n", r.run(), r.queueSeconds(),
                        r.recoverySeconds(), o.entriesPerConsole() / r.recoverySeconds(), r.counts().events(), r.counts().messages(),
                        r.ok() ? "nothing lost or doubled" : "**mismatch**");
            }
            out.printf(Locale.ROOT, "| **median** | | **%.1f** | | |%n", median(outages.stream().map(OutageRun::recoverySeconds).toList()));
        }
        out.flush();
    }

    private void row(String what, double perSecond, double importPerSecond) {
        out.printf(Locale.ROOT, "| %s | %,.0f | %.2f |%n", what, perSecond, perSecond / importPerSecond);
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().sorted(Comparator.naturalOrder()).toList();
        if (v.isEmpty()) return Double.NaN;
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    // ---------- set-up ----------

    private DatabaseConfig schema(String prefix) {
        return new DatabaseConfig(o.pgUrl(), o.pgUser(), o.pgPassword(),
                prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
    }

    private AppServices console(DatabaseConfig db, Path outboxDir) throws IOException {
        AppServices s = outboxDir == null ? new AppServices(Database.open(db), Clock.systemUTC())
                : new AppServices(Database.open(db), Clock.systemUTC(), outboxDir);
        s.masterData().importFile(o.masterDir().resolve("lines.csv"));
        s.masterData().importFile(o.masterDir().resolve("operators.csv"));
        return s;
    }

    private static CutProxy proxy(DatabaseConfig direct) throws IOException {
        URI uri = URI.create(direct.url().substring(5));
        return new CutProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** The same database through the proxy; short timeouts so a cut is noticed at once, as the tests do. */
    private static DatabaseConfig through(CutProxy proxy, DatabaseConfig direct) {
        URI uri = URI.create(direct.url().substring(5));
        String query = uri.getQuery() == null ? "" : uri.getQuery() + "&";
        return new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath() + "?" + query
                + "connectTimeout=2&socketTimeout=60", direct.user(), direct.password(), direct.schema());
    }

    static void dropSchema(DatabaseConfig pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + pg.schema() + " CASCADE");
        }
    }

    /** A native CSV of {@code rows} rows on line L3, event ids {@code prefix}0, {@code prefix}1 …, November 2026. */
    static Path generate(Path file, String prefix, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            for (int i = 0; i < rows; i++) {
                w.write(prefix + i + ",2026-11-" + String.format(Locale.ROOT, "%02d", 1 + i % 28) + "T"
                        + String.format(Locale.ROOT, "%02d:%02d:%02d", 8 + i % 10, (i / 10) % 60, i % 60) + "+08:00,L3,L3-M"
                        + (1 + i % 3) + ",M00870" + (i % 3) + ",1,11,10," + OPERATOR + "\n");
            }
        }
        return file;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
