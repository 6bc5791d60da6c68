package dev.smtconsole.cli;

import dev.smtconsole.bench.LiveBench;
import dev.smtconsole.store.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/** `bench live`. It uses its own fresh databases (a temp H2 file, a throw-away PostgreSQL schema), never the user's data. */
final class BenchLiveCommand {
    private BenchLiveCommand() {
    }


    @Command(name = "live", description = "Live wall: commit-to-model latency, idle CPU, refresh time at 1M and 10M events.")
    static final class Live implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--pg-url", description = "PostgreSQL server for the PostgreSQL runs (a schema is created and dropped). Default: $SMT_BENCH_PG_URL; none = H2 only.")
        String pgUrl;
        @Option(names = "--pg-user", defaultValue = "postgres")
        String pgUser;
        @Option(names = "--samples", defaultValue = "40", description = "Commits per latency run (default ${DEFAULT-VALUE}).")
        int samples;
        @Option(names = "--idle-seconds", defaultValue = "60", description = "How long the idle wall is measured (default ${DEFAULT-VALUE}).")
        int idleSeconds;
        @Option(names = "--h2-sizes", defaultValue = "1000000", split = ",", description = "Event counts for the H2 refresh runs (default ${DEFAULT-VALUE}).")
        long[] h2Sizes;
        @Option(names = "--pg-sizes", defaultValue = "1000000,10000000", split = ",", description = "Event counts for the PostgreSQL refresh runs (default ${DEFAULT-VALUE}).")
        long[] pgSizes;
        @Option(names = "--runs", defaultValue = "200", description = "Timed refreshes per size (default ${DEFAULT-VALUE}).")
        int runs;
        @Option(names = "--skip", split = ",", description = "Parts to skip: latency, idle, stage, refresh.")
        List<String> skip = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String url = pgUrl != null ? pgUrl : System.getenv("SMT_BENCH_PG_URL");
            LiveBench bench = new LiveBench(out);
            List<Path> dirs = new ArrayList<>();
            List<DatabaseConfig> schemas = new ArrayList<>();
            try {
                if (!skip.contains("latency")) {
                    out.println("commit -> wall model latency");
                    for (boolean same : new boolean[]{true, false}) {
                        print(out, bench.latency(h2(dirs), same, samples));
                        if (url != null) print(out, bench.latency(pg(url, schemas), same, samples));
                    }
                }
                if (!skip.contains("idle")) {
                    out.println("idle wall, " + LiveBench.LINES + " lines");
                    print(out, bench.idle(h2(dirs), idleSeconds));
                    if (url != null) print(out, bench.idle(pg(url, schemas), idleSeconds));
                }
                if (!skip.contains("stage")) {
                    out.println("idle wall on screen (headless JavaFX), " + LiveBench.LINES + " lines");
                    print(out, bench.idleWithStage(h2(dirs), idleSeconds));
                }
                if (!skip.contains("refresh")) {
                    out.println("refresh time by database size");
                    for (var r : bench.refreshBySize(() -> h2Unchecked(dirs), h2Sizes, runs)) print(out, r);
                    if (url != null) for (var r : bench.refreshBySize(() -> pg(url, schemas), pgSizes, runs)) print(out, r);
                }
            } finally {
                for (DatabaseConfig c : schemas) LiveBench.dropSchema(c);
                for (Path d : dirs) deleteTree(d);
            }
            return 0;
        }

        private static void print(PrintWriter out, Object result) {
            String s = switch (result) {
                case LiveBench.Latency l -> String.format(Locale.ROOT, "  %-10s %-40s n=%d  p50 %.0f ms  p95 %.0f ms  max %.0f ms",
                        l.database(), l.path(), l.samples(), l.p50Ms(), l.p95Ms(), l.maxMs());
                case LiveBench.Idle i -> String.format(Locale.ROOT, "  %-10s %d lines, %.0f s: process CPU %.2f %% of one core, %d refreshes",
                        i.database(), i.lines(), i.seconds(), i.cpuPercentOfOneCore(), i.refreshes());
                case LiveBench.Refresh r -> String.format(Locale.ROOT, "  %-10s %,12d events %,9d buckets: refresh median %.1f ms  p95 %.1f ms",
                        r.database(), r.events(), r.buckets(), r.medianMs(), r.p95Ms());
                default -> result.toString();
            };
            out.println(s);
            out.flush();
        }

        private static DatabaseConfig h2Unchecked(List<Path> dirs) {
            try {
                return h2(dirs);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static DatabaseConfig h2(List<Path> dirs) throws java.io.IOException {
            Path dir = Files.createTempDirectory("smt-bench-live");
            dirs.add(dir);
            return DatabaseConfig.h2File(dir.resolve("bench"));
        }

        private DatabaseConfig pg(String url, List<DatabaseConfig> schemas) {
            String password = System.getenv().getOrDefault("SMT_BENCH_PG_PASSWORD", "");
            DatabaseConfig c = new DatabaseConfig(url, pgUser, password,
                    "bench_live_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
            schemas.add(c);
            return c;
        }

        private static void deleteTree(Path dir) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // temp files: the OS cleans up what is left
            }
        }
    }
}
