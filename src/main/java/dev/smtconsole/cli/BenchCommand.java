package dev.smtconsole.cli;

import dev.smtconsole.bench.ReportBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** Benchmarks; each feature adds its subcommand here. */
@Command(name = "bench", description = "Benchmarks (figures for docs/bench/).", subcommands = {BenchCommand.Report.class})
final class BenchCommand {

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
