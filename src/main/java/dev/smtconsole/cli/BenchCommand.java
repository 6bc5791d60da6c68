package dev.smtconsole.cli;

import dev.smtconsole.bench.ImportBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Benchmarks; figures and commands are kept in docs/bench/. */
@Command(name = "bench", description = "Benchmarks (see docs/bench/).", subcommands = {BenchCommand.Import.class, BenchFormatsCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "import", description = "N generated native-CSV rows through the import pipeline into a fresh H2 file database"
            + " and PostgreSQL, against H2 CSVREAD and PostgreSQL COPY of the same rows.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--rows", defaultValue = "1000000", description = "Rows (default ${DEFAULT-VALUE}).")
        int rows;
        @Option(names = "--dir", description = "Work folder for the file and the H2 databases (default: a temp folder).")
        Path dir;
        @Option(names = "--pg-url", description = "PostgreSQL JDBC URL (default $SMT_BENCH_PG_URL); without it only H2 runs.")
        String pgUrl;
        @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
        String pgUser;
        @Option(names = "--repeat", defaultValue = "1", description = "Runs of each measurement; the summary shows the median.")
        int repeat;
        @Option(names = "--only", description = "h2 or pg: run only that database.")
        String only;

        @Override
        public Integer call() throws Exception {
            Path work = dir != null ? dir : java.nio.file.Files.createTempDirectory("smt-bench");
            String url = pgUrl != null ? pgUrl : System.getenv("SMT_BENCH_PG_URL");
            String password = System.getenv().getOrDefault("SMT_BENCH_PG_PASSWORD", "");
            new ImportBench(new ImportBench.Options(rows, work, url, pgUser, password, Math.max(1, repeat),
                    only == null || only.equals("h2"), only == null || only.equals("pg")), spec.commandLine().getOut()).run();
            return 0;
        }
    }
}
