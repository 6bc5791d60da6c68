package dev.smtconsole.cli;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.bench.LiveBench;
import dev.smtconsole.gateway.GatewayServer;
import dev.smtconsole.store.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench gateway} (issue 14's targets): client threads post to the gateway on loopback over
 * real HTTP — single posts with 4 and with 16 clients, then batches of 100 — for a fixed time
 * each, on a fresh H2 file and a throw-away PostgreSQL schema. Posts/s, p50/p99 latency, and the
 * events in the database afterwards against the posts answered as stored (nothing lost, nothing
 * doubled). In cli, not bench: the bench layer may not reach the HTTP door (ArchUnit).
 */
@Command(name = "gateway", description = "Device gateway on loopback: posts/s and p99 with 4 and 16 clients, batches of 100; H2 and PostgreSQL.")
final class BenchGatewayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--seconds", defaultValue = "8", description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--clients", defaultValue = "4,16", split = ",", description = "Client threads of the single-post phases (default ${DEFAULT-VALUE}).")
    int[] clients;
    @Option(names = "--batch", defaultValue = "100", description = "Posts per batch in the batch phase (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--pg-url", description = "PostgreSQL server (a schema is created and dropped). Default: $SMT_BENCH_PG_URL; none = H2 only.")
    String pgUrl;
    @Option(names = "--pg-user", defaultValue = "postgres")
    String pgUser;
    @Option(names = "--only", description = "h2 or pg: run only that database.")
    String only;
    @Option(names = "--client", description = "wrk (a client process of its own, as devices are; the default when wrk is on the PATH)"
            + " or java (client threads in this JVM, sharing its cores and heap).")
    String client;

    private static final String MASTER = """
            line,machine,position,kind,name,aliases
            BL1,BL1-M1,1,PLACEMENT,,
            BL1,BL1-M2,2,PLACEMENT,,
            BL1,BL1-M3,3,PLACEMENT,,
            BL1,BL1-M4,4,PLACEMENT,,
            """;

    record Phase(String database, String name, int clients, long requests, long events, double seconds, double p50Ms,
                 double p99Ms, long failures, double cpuMicrosPerRequest) {
        Phase(String database, String name, int clients, long requests, long events, double seconds, double p50Ms,
              double p99Ms, long failures) {
            this(database, name, clients, requests, events, seconds, p50Ms, p99Ms, failures, Double.NaN);
        }

        Phase withCpu(double micros) {
            return new Phase(database, name, clients, requests, events, seconds, p50Ms, p99Ms, failures, micros);
        }

        double requestsPerSecond() {
            return requests / seconds;
        }

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String url = pgUrl != null ? pgUrl : System.getenv("SMT_BENCH_PG_URL");
        List<Phase> all = new ArrayList<>();
        out.printf(Locale.ROOT, "bench gateway: %d s per phase, %d cores, java %s%n", seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (only == null || only.equals("h2")) {
            Path dir = Files.createTempDirectory("smt-bench-gateway");
            try {
                all.addAll(run("H2", DatabaseConfig.h2File(dir.resolve("bench")), out));
            } finally {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        if (url != null && (only == null || only.equals("pg"))) {
            DatabaseConfig pg = new DatabaseConfig(url, pgUser, System.getenv().getOrDefault("SMT_BENCH_PG_PASSWORD", ""),
                    "bench_gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
            try {
                all.addAll(run("PostgreSQL", pg, out));
            } finally {
                LiveBench.dropSchema(pg);
            }
        }
        out.println();
        out.println("| database | phase | clients | requests/s | events/s | p50 ms | p99 ms | failed | console CPU µs/request |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Phase p : all) {
            out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.1f | %.1f | %d | %s |%n", p.database(), p.name(), p.clients(),
                    p.requestsPerSecond(), p.eventsPerSecond(), p.p50Ms(), p.p99Ms(), p.failures(),
                    Double.isNaN(p.cpuMicrosPerRequest()) ? "–" : String.format(Locale.ROOT, "%.0f", p.cpuMicrosPerRequest()));
        }
        return 0;
    }

    private List<Phase> run(String name, DatabaseConfig config, PrintWriter out) throws Exception {
        List<Phase> phases = new ArrayList<>();
        try (AppServices services = AppServices.open(config)) {
            services.masterData().importCsv(new ByteArrayInputStream(MASTER.getBytes(StandardCharsets.UTF_8)), "bench-lines.csv");
            services.masterData().importCsv(new ByteArrayInputStream("operator_id,name\nBENCH1,bench\n".getBytes(StandardCharsets.UTF_8)),
                    "bench-operators.csv");
            GatewayService gw = services.gateway();
            String token = gw.newToken("BENCH1", services.masterData().current());
            String hash = GatewayService.hash(token);
            GatewayServer server = new GatewayServer(gw, new InetSocketAddress("127.0.0.1", 0), () -> hash,
                    () -> GatewayServer.healthBody("bench", services.schemaVersion(), null)).start();
            try {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + GatewayServer.PATH);
                long before = events(services);
                AtomicLong stored = new AtomicLong();
                AtomicLong unanswered = new AtomicLong();
                boolean wrk = useWrk();
                Client measured = (phase, clients, perRequest, secs) -> wrk
                        ? Wrk.measure(name, phase, clients, perRequest, uri, token, secs, stored, unanswered)
                        : measure(name, phase, clients, perRequest, uri, token, secs, stored);
                // The console's own CPU per request (with wrk the client is another process): steadier than posts/s on a
                // shared machine, where the other processes' load moves the rate but not the work a post costs.
                Client load = (phase, clients, perRequest, secs) -> {
                    long cpu = processCpuNanos();
                    Phase p = measured.run(phase, clients, perRequest, secs);
                    return p.withCpu(wrk ? (processCpuNanos() - cpu) / 1000.0 / Math.max(1, p.requests()) : Double.NaN);
                };
                if (name.equals("H2") || wrk) out.printf(Locale.ROOT, "client: %s%n", wrk ? "wrk (a process of its own)" : "java.net.http threads in this JVM");
                // The server's code compiled before anything is timed (a gateway runs for weeks).
                long warmUntil = System.nanoTime() + Math.min(10, seconds) * 1_000_000_000L;
                do {
                    load.run("warm-up", 4, 1, 1);
                    load.run("warm-up", 4, batch, 1);
                } while (System.nanoTime() < warmUntil);
                for (int c : clients) {
                    Phase p = load.run("single post", c, 1, seconds);
                    phases.add(p);
                    out.printf(Locale.ROOT, "%s single post, %d clients: %.0f posts/s, p50 %.1f ms, p99 %.1f ms, %d failed%s%n",
                            name, c, p.requestsPerSecond(), p.p50Ms(), p.p99Ms(), p.failures(), cpuText(p));
                }
                Phase b = load.run("batch of " + batch, 4, batch, seconds);
                phases.add(b);
                out.printf(Locale.ROOT, "%s batches of %d, 4 clients: %.0f events/s (%.0f batches/s), p99 %.1f ms, %d failed%s%n",
                        name, batch, b.eventsPerSecond(), b.requestsPerSecond(), b.p99Ms(), b.failures(), cpuText(b));
                Thread.sleep(500); // what wrk left unanswered is written by now
                long written = events(services) - before;
                boolean ok = written >= stored.get() && written <= stored.get() + unanswered.get();
                out.printf(Locale.ROOT, "%s events in the database after: %d; answered as stored: %d%s -> %s%n", name, written,
                        stored.get(), unanswered.get() == 0 ? "" : " (+ up to " + unanswered.get() + " posted but unanswered when wrk stopped)",
                        ok ? "nothing lost, nothing doubled" : "MISMATCH");
            } finally {
                server.stop(1);
            }
        }
        return phases;
    }

    private static String cpuText(Phase p) {
        return Double.isNaN(p.cpuMicrosPerRequest()) ? "" : String.format(Locale.ROOT, ", console CPU %.0f µs/request", p.cpuMicrosPerRequest());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long events(AppServices services) {
        return services.info().rowCounts().get("production_event");
    }

    private static String post(String id, Instant at, int i) {
        return "{\"eventId\":\"" + id + "\",\"eventTime\":\"" + at + "\",\"source\":\"AUTO\",\"runNo\":\"M0BENCH\","
                + "\"equipmentId\":\"BL1-M" + (1 + (i & 3)) + "\",\"unitSn\":\"SN-" + i + "\",\"stepNo\":10,"
                + "\"data\":[{\"specName\":\"boards\",\"valueNumber\":1},{\"specName\":\"picks\",\"valueNumber\":120},"
                + "{\"specName\":\"placements\",\"valueNumber\":119}]}";
    }

    /** One timed phase of load. */
    @FunctionalInterface
    interface Client {
        Phase run(String phase, int clients, int perRequest, int secs) throws Exception;
    }

    private boolean useWrk() {
        if ("java".equals(client)) return false;
        boolean found = Wrk.available();
        if ("wrk".equals(client) && !found) throw new IllegalArgumentException("--client wrk: wrk is not on the PATH (Debian: apt-get install wrk)");
        return found;
    }

    /** {@code clients} threads post for {@code secs}; each request carries {@code perRequest} posts (1 = the single form). */
    private static Phase measure(String db, String phase, int clients, int perRequest, URI uri, String token, int secs,
                                 AtomicLong stored) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).build();
        long end = System.nanoTime() + secs * 1_000_000_000L;
        Instant at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Future<long[]>> results = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    long[] lat = new long[1 << 16];
                    int n = 0;
                    for (int k = 0; System.nanoTime() < end; k++) {
                        String body;
                        if (perRequest == 1) {
                            body = post("bg-" + run + "-" + client + "-" + k, at, k);
                        } else {
                            StringBuilder sb = new StringBuilder(perRequest * 300).append('[');
                            for (int j = 0; j < perRequest; j++) {
                                if (j > 0) sb.append(',');
                                sb.append(post("bg-" + run + "-" + client + "-" + k + "-" + j, at, j));
                            }
                            body = sb.append(']').toString();
                        }
                        long s = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - s;
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        } else if (perRequest == 1) {
                            if (!r.body().contains("\"isDuplicate\":true")) stored.incrementAndGet();
                        } else {
                            int i = r.body().indexOf("\"accepted\":");
                            long accepted = Long.parseLong(r.body().substring(i + 11, r.body().indexOf(',', i)));
                            stored.addAndGet(accepted);
                            if (accepted != perRequest) failures.addAndGet(perRequest - accepted);
                        }
                        if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                        lat[n++] = took;
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] all = results.stream().map(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).flatMapToLong(Arrays::stream).sorted().toArray();
        http.close();
        long requests = all.length;
        return new Phase(db, phase, clients, requests, requests * perRequest, elapsed, percentile(all, 0.50),
                percentile(all, 0.99), failures.get());
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
