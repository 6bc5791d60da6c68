package dev.smtconsole.cli;

import dev.smtconsole.bench.ImportBench;
import dev.smtconsole.bench.ReportBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Benchmarks; figures and commands are kept in docs/bench/. */
@Command(name = "bench", description = "Benchmarks (see docs/bench/).",
        subcommands = {BenchCommand.Import.class, BenchFormatsCommand.class, BenchCommand.Report.class, BenchLiveCommand.Live.class,
                BenchGatewayCommand.class, BenchSourcesCommand.class, BenchOutboxCommand.class})
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
        @Option(names = "--ids", defaultValue = "sequential", description = "Event ids of the generated rows: sequential"
                + " (BENCH-0, BENCH-1 …, as a counter writes them) or random (UUIDs, as IPC-CFX messages carry them and like"
                + " the content hashes of rows without an id). Default ${DEFAULT-VALUE}.")
        String ids;
        @Option(names = "--mode", defaultValue = "in-process", description = "in-process (the pipeline in this JVM), process (the"
                + " CLI's own import in a fresh JVM, start-up included, as a user runs it) or both. Default ${DEFAULT-VALUE}.")
        String mode;
        @Option(names = "--small-files", paramLabel = "N", defaultValue = "0", description = "Also import the same rows cut into N"
                + " files with one `import` process (a day of per-board logs), beside the same rows as one file in one process.")
        int smallFiles;
        @Option(names = "--cli-classpath", paramLabel = "JAR", description = "Run the import processes from this build's jar"
                + " instead of this one's (\"before\" figures of an older build in the same run).")
        String cliClasspath;
        @Option(names = "--child-java-option", paramLabel = "OPTION", description = "A Java option for the import processes"
                + " (repeatable), e.g. -XX:AOTCache=FILE to measure them with an ahead-of-time cache.")
        java.util.List<String> childJavaOptions = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (!ids.equals("sequential") && !ids.equals("random")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ids must be sequential or random, not " + ids);
            }
            ImportBench.Mode m = switch (mode) {
                case "in-process" -> ImportBench.Mode.IN_PROCESS;
                case "process" -> ImportBench.Mode.PROCESS;
                case "both" -> ImportBench.Mode.BOTH;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--mode must be in-process, process or both, not " + mode);
            };
            if (smallFiles > 0 && m == ImportBench.Mode.IN_PROCESS) m = ImportBench.Mode.PROCESS;
            Path work = dir != null ? dir : java.nio.file.Files.createTempDirectory("smt-bench");
            String url = pgUrl != null ? pgUrl : System.getenv("SMT_BENCH_PG_URL");
            String password = System.getenv().getOrDefault("SMT_BENCH_PG_PASSWORD", "");
            new ImportBench(new ImportBench.Options(rows, work, url, pgUser, password, Math.max(1, repeat),
                    only == null || only.equals("h2"), only == null || only.equals("pg"), ids.equals("random"), m, smallFiles, cliClasspath,
                    childJavaOptions),
                    spec.commandLine().getOut()).run();
            return 0;
        }
    }

    @Command(name = "report", description = "生产数据记录表 for 31 days x 3 lines on PostgreSQL with 1M and 10M events; 10,000-row .xlsx export in -Xmx256m.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--pg-url", defaultValue = "${env:SMT_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}",
                description = "PostgreSQL to generate the data in (own schemas, dropped afterwards). Default ${DEFAULT-VALUE}.")
        String pgUrl;
        @Option(names = "--pg-user", defaultValue = "${env:SMT_TEST_PG_USER:-postgres}")
        String pgUser;
        @Option(names = "--events", split = ",", defaultValue = "1000000,10000000", description = "Event counts (default ${DEFAULT-VALUE}).")
        List<Long> events;
        @Option(names = "--runs", defaultValue = "9")
        int runs;
        @Option(names = "--xlsx-rows", defaultValue = "10000")
        int xlsxRows;
        @Option(names = "--keep", description = "Keep the generated schemas, and reuse them when they hold the asked number of events.")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            ReportBench.run(new ReportBench.Options(pgUrl, pgUser, events, runs, xlsxRows, keep), System.out);
            return 0;
        }
    }
}
