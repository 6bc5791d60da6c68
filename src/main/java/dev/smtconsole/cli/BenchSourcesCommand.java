package dev.smtconsole.cli;

import dev.smtconsole.bench.SourcesBench;
import dev.smtconsole.store.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code bench sources}: CFX messages through the broker, and a file through a hot folder, into H2 and PostgreSQL (docs/bench/sources.md). */
@Command(name = "sources", description = "CFX messages through a real AMQP 1.0 broker into a fresh H2 database and PostgreSQL:"
        + " backlog drain rate with ack-after-commit, and publish -> committed latency at a steady rate; then a generated file"
        + " dropped into a watched folder: its plain import time against drop -> on the wall.")
final class BenchSourcesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--broker", defaultValue = "amqp://127.0.0.1:5672", description = "Broker (default ${DEFAULT-VALUE}).")
    String broker;
    @Option(names = "--user", defaultValue = "guest", description = "Broker user (default ${DEFAULT-VALUE}); password from $SMT_BENCH_BROKER_PASSWORD, default guest.")
    String user;
    @Option(names = "--messages", defaultValue = "20000", description = "Backlog messages (default ${DEFAULT-VALUE}).")
    int messages;
    @Option(names = "--rate", defaultValue = "200", description = "Messages per second of the latency run (default ${DEFAULT-VALUE}).")
    int rate;
    @Option(names = "--seconds", defaultValue = "10", description = "Length of the latency run (default ${DEFAULT-VALUE}).")
    int seconds;
    @Option(names = "--pg-url", description = "PostgreSQL JDBC URL (default $SMT_BENCH_PG_URL); without it only H2 runs.")
    String pgUrl;
    @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String pgUser;
    @Option(names = "--only", description = "h2 or pg: run only that database.")
    String only;
    @Option(names = "--phase", defaultValue = "all", description = "broker, folder or all (default ${DEFAULT-VALUE}).")
    String phase;
    @Option(names = "--folder-rows", defaultValue = "100000", description = "Rows of the hot-folder file (default ${DEFAULT-VALUE}).")
    int folderRows;
    @Option(names = "--folder-stable-seconds", defaultValue = "0",
            description = "The folder source's stable time; 0 = the product's default (automatic: 1 s on a local disk).")
    int folderStable;
    @Option(names = "--folder-poll-seconds", defaultValue = "0", description = "The folder source's poll interval; 0 = the product's default (2).")
    int folderPoll;
    @Option(names = "--master", defaultValue = "sample-data", description = "Folder with lines.csv and operators.csv (default ${DEFAULT-VALUE}).")
    Path master;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String password = System.getenv().getOrDefault("SMT_BENCH_BROKER_PASSWORD", "guest");
        if (!List.of("broker", "folder", "all").contains(phase)) throw new ParameterException(spec.commandLine(),
                "--phase: broker, folder or all, not " + phase);
        boolean brokerPhase = !phase.equals("folder"), folderPhase = !phase.equals("broker");
        SourcesBench bench = new SourcesBench(new SourcesBench.Options(broker, user, password, messages, rate, seconds, master,
                folderRows, folderStable, folderPoll), out);
        String url = pgUrl != null ? pgUrl : System.getenv("SMT_BENCH_PG_URL");
        if (only == null || only.equals("h2")) {
            Path dir = Files.createTempDirectory("smt-bench-sources");
            if (brokerPhase) bench.run("H2", DatabaseConfig.h2File(dir.resolve("bench")));
            if (folderPhase) bench.runFolder("H2", DatabaseConfig.h2File(dir.resolve("import")), DatabaseConfig.h2File(dir.resolve("folder")));
        }
        if ((only == null || only.equals("pg")) && url != null) {
            if (brokerPhase) {
                DatabaseConfig pg = pg(url);
                try {
                    bench.run("PostgreSQL", pg);
                } finally {
                    SourcesBench.dropSchema(pg);
                }
            }
            if (folderPhase) {
                DatabaseConfig imported = pg(url), dropped = pg(url);
                try {
                    bench.runFolder("PostgreSQL", imported, dropped);
                } finally {
                    SourcesBench.dropSchema(imported);
                    SourcesBench.dropSchema(dropped);
                }
            }
        }
        return 0;
    }

    private DatabaseConfig pg(String url) {
        return new DatabaseConfig(url, pgUser, System.getenv().getOrDefault("SMT_BENCH_PG_PASSWORD", ""),
                "bench_src_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }
}
