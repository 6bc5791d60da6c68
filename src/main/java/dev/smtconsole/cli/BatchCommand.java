package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.IngestService.BatchSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Import batches from the command line, for engineers and scripts (issue 18): {@code batch list}
 * and {@code batch void ID --reason TEXT --operator ID}, through the same service as the import
 * view's history and its Void button.
 */
@Command(name = "batch", description = "List import batches, or void one (its counts leave the reports; audited).",
        subcommands = {BatchCommand.ListBatches.class, BatchCommand.VoidBatch.class})
final class BatchCommand {
    @ParentCommand
    SmtCli root;

    @Command(name = "list", description = "Import batches, newest first: id, status, started, operator, counts (unassigned: held without a job), file.")
    static final class ListBatches implements Runnable {
        @ParentCommand
        BatchCommand batch;
        @Spec
        CommandSpec spec;
        @Option(names = "--line", paramLabel = "L", description = "Only batches with data on this line.")
        String line;
        @Option(names = "--since", paramLabel = "DATE", description = "Only batches started on or after this day (yyyy-MM-dd, factory time zone).")
        String since;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N batches (default 100).")
        int limit;

        @Override
        public void run() {
            var services = batch.root.services();
            ZoneId zone = services.calendar().zone();
            Instant from = null;
            if (since != null) {
                try {
                    from = LocalDate.parse(since.strip()).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException e) {
                    throw new AppException("--since: '" + since + "' is not a date like 2026-11-24");
                }
            }
            java.util.Set<Long> onLine = null;
            if (line != null) {
                if (services.masterData().current().line(line.strip()).isEmpty()) {
                    throw new AppException("--line: '" + line + "' is not a known line");
                }
                onLine = services.ingest().batchesWithDataOn(line.strip());
            }
            DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
            PrintWriter out = spec.commandLine().getOut();
            out.println("id\tstatus\tstarted\toperator\tread\taccepted\trejected\tduplicates\tskipped\tunassigned\tfile");
            int shown = 0;
            for (BatchSummary b : services.ingest().history(Integer.MAX_VALUE)) {
                if (shown >= limit) break;
                if (from != null && (b.startedAt() == null || b.startedAt().isBefore(from))) continue;
                if (onLine != null && !onLine.contains(b.batchId())) continue;
                String status = b.status() + (b.voided() ? " VOID" : "");
                out.println(String.join("\t", Long.toString(b.batchId()), status,
                        b.startedAt() == null ? "" : when.format(b.startedAt()), nz(b.operatorId()), Long.toString(b.read()),
                        Long.toString(b.accepted()), Long.toString(b.rejected()), Long.toString(b.duplicates()),
                        Long.toString(b.skipped()), Long.toString(b.unassigned()), nz(b.fileName())));
                shown++;
            }
        }
    }

    @Command(name = "void", description = "Void a batch: its events leave the counts (they may be imported again), audited with the reason.")
    static final class VoidBatch implements Runnable {
        @ParentCommand
        BatchCommand batch;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The batch id (batch list).")
        long id;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (audited).")
        String reason;
        @Option(names = "--operator", paramLabel = "ID", description = "Who voids it (audited). Default: $SMT_CONSOLE_OPERATOR.")
        String operator;

        @Override
        public void run() {
            String op = operator != null ? operator : System.getenv("SMT_CONSOLE_OPERATOR");
            try {
                batch.root.services().ingest().voidBatch(id, reason, op);
            } catch (IngestService.ValidationException e) {
                throw new AppException(e.problems().stream().map(p -> p.text(Locale.ENGLISH)).collect(Collectors.joining("; ")));
            }
            spec.commandLine().getOut().println("batch " + id + " voided");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.replace('\t', ' ');
    }
}
