package dev.smtconsole.cli;

import dev.smtconsole.bench.OutboxBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench outbox}: the store-and-forward outbox's forward rate and an outage of several consoles (docs/bench/outbox.md). */
@Command(name = "outbox", description = "The local outbox of a shared PostgreSQL (issue 16), the server cut off by a TCP proxy"
        + " on 127.0.0.1 (the server keeps running): a file imported straight against the same rows queued and forwarded,"
        + " gateway posts queued and forwarded; then N consoles queue an outage's entries and the server comes back: time"
        + " until every outbox is empty, and what the server holds against what was entered.")
final class BenchOutboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--pg-url", defaultValue = "${env:SMT_BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}",
            description = "PostgreSQL JDBC URL (own schemas, dropped afterwards). Default ${DEFAULT-VALUE}.")
    String pgUrl;
    @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default ${DEFAULT-VALUE}); password from $SMT_BENCH_PG_PASSWORD.")
    String pgUser;
    @Option(names = "--phase", defaultValue = "all", description = "rate, outage or all (default ${DEFAULT-VALUE}).")
    String phase;
    @Option(names = "--rows", defaultValue = "100000", description = "Rows of the imported file (default ${DEFAULT-VALUE}).")
    int rows;
    @Option(names = "--posts", defaultValue = "6000", description = "Gateway posts queued and forwarded (default ${DEFAULT-VALUE}).")
    int posts;
    @Option(names = "--repeat", defaultValue = "3", description = "Runs of each measurement; the summary shows medians (default ${DEFAULT-VALUE}).")
    int repeat;
    @Option(names = "--consoles", defaultValue = "4", description = "Consoles of the outage (default ${DEFAULT-VALUE}).")
    int consoles;
    @Option(names = "--outage-seconds", defaultValue = "600", description = "Length of the outage (default ${DEFAULT-VALUE}).")
    int outageSeconds;
    @Option(names = "--entries-per-second", defaultValue = "10", description = "Entries per console and second (default ${DEFAULT-VALUE}).")
    int entriesPerSecond;
    @Option(names = "--manual-every", defaultValue = "20", description = "Every N-th entry of the outage is a manual entry"
            + " (3 machines), the others gateway posts; 0: posts only (default ${DEFAULT-VALUE}).")
    int manualEvery;
    @Option(names = "--master", defaultValue = "sample-data", description = "Folder with lines.csv and operators.csv (default ${DEFAULT-VALUE}).")
    Path master;
    @Option(names = "--dir", description = "Work folder for the files and the outboxes (default: a temp folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!List.of("rate", "outage", "all").contains(phase)) {
            throw new ParameterException(spec.commandLine(), "--phase: rate, outage or all, not " + phase);
        }
        if (rows < 1 || posts < 2 || repeat < 1 || consoles < 1 || outageSeconds < 1 || entriesPerSecond < 1 || manualEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--rows, --repeat, --consoles, --outage-seconds, --entries-per-second"
                    + " must be at least 1, --posts at least 2, --manual-every 0 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("smt-bench-outbox");
        OutboxBench bench = new OutboxBench(new OutboxBench.Options(pgUrl, pgUser,
                System.getenv().getOrDefault("SMT_BENCH_PG_PASSWORD", ""), master, work, rows, posts, repeat, consoles,
                outageSeconds, entriesPerSecond, manualEvery), out);
        List<OutboxBench.RateRun> rates = phase.equals("outage") ? List.of() : bench.rate();
        List<OutboxBench.OutageRun> outages = new ArrayList<>();
        if (!phase.equals("rate")) for (int run = 1; run <= repeat; run++) outages.add(bench.outage(run));
        bench.summary(rates, outages);
        return outages.stream().allMatch(OutboxBench.OutageRun::ok) ? 0 : 1;
    }
}
