package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.port.EventSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Counts held without a job (issue 13, ADR 0027): {@code unassigned list [--line L]} and
 * {@code unassigned assign --job J [--machine M] [--from T --to T] [ids…] --operator ID}, through the same service
 * as the import view's "Assign job…".
 */
@Command(name = "unassigned", description = "Counts whose job the data did not say: list them, or assign them a job (audited).",
        subcommands = {UnassignedCommand.ListHeld.class, UnassignedCommand.Assign.class})
final class UnassignedCommand {
    @ParentCommand
    SmtCli root;

    @Command(name = "list", description = "Counts held without a job, oldest first: id, batch, row, time, line, machine, counts, why.")
    static final class ListHeld implements Runnable {
        @ParentCommand
        UnassignedCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--line", paramLabel = "L", description = "Only counts on this line.")
        String line;
        @Option(names = "--machine", paramLabel = "M", description = "Only counts of this machine.")
        String machine;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N counts (default 1000).")
        int limit;

        @Override
        public void run() {
            var services = parent.root.services();
            ZoneId zone = services.calendar().zone();
            DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
            var held = services.ingest().unassigned(new EventSink.HeldQuery(strip(line), strip(machine), null, null, List.of()),
                    limit);
            PrintWriter out = spec.commandLine().getOut();
            out.println("id\tbatch\trow\ttime\tline\tmachine\tboards\tpicks\tplacements\treason");
            for (EventSink.Held h : held) {
                out.println(String.join("\t", Long.toString(h.id()), Long.toString(h.batchId()), Long.toString(h.rowNo()),
                        when.format(h.eventTime()), h.lineCode(), nz(h.machineCode()), Long.toString(h.boards()),
                        Long.toString(h.picks()), Long.toString(h.placements()), nz(h.reason())));
            }
        }
    }

    @Command(name = "assign", description = "Give held counts a job: they become accepted events, each exactly once, audited.")
    static final class Assign implements Runnable {
        @ParentCommand
        UnassignedCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--job", required = true, paramLabel = "J", description = "The job the counts belong to.")
        String job;
        @Option(names = "--line", paramLabel = "L", description = "Only counts on this line.")
        String line;
        @Option(names = "--machine", paramLabel = "M", description = "Only counts of this machine.")
        String machine;
        @Option(names = "--from", paramLabel = "T",
                description = "Only counts at or after T (yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss] in the factory time zone, or ISO with offset).")
        String from;
        @Option(names = "--to", paramLabel = "T", description = "Only counts before T (a date alone: to the end of that day).")
        String to;
        @Option(names = "--batch", paramLabel = "ID", description = "Only counts of this import batch.")
        Long batchId;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (audited with each count).")
        String reason;
        @Option(names = "--operator", paramLabel = "ID", description = "Who assigns (audited). Default: $SMT_CONSOLE_OPERATOR.")
        String operator;
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Only these held counts (ids from 'unassigned list').")
        List<Long> ids;

        @Override
        public void run() {
            var services = parent.root.services();
            ZoneId zone = services.calendar().zone();
            if ((ids == null || ids.isEmpty()) && line == null && machine == null && from == null && to == null && batchId == null) {
                throw new AppException("say which counts: ids, --line, --machine, --batch or --from/--to (all held counts at"
                        + " once is rarely one job)");
            }
            String op = operator != null ? operator : System.getenv("SMT_CONSOLE_OPERATOR");
            var query = new EventSink.HeldQuery(strip(line), strip(machine), time("--from", from, zone, false),
                    time("--to", to, zone, true), ids, batchId);
            var a = services.ingest().assignJob(query, job, op, reason);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("job %s: assigned=%d written=%d duplicates=%d%n", job.strip(), a.claimed(), a.written(), a.duplicates());
            if (a.claimed() == 0) out.println("no held counts matched (assigned already, or none of these)");
        }
    }

    /** A time as an engineer types it; a date alone starts its day ({@code --from}) or ends it ({@code --to}). */
    static Instant time(String option, String value, ZoneId zone, boolean endOfDay) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // not ISO with an offset
        }
        for (String pattern : List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm")) {
            try {
                return LocalDateTime.parse(v, DateTimeFormatter.ofPattern(pattern, Locale.ROOT)).atZone(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // next pattern
            }
        }
        try {
            LocalDate d = LocalDate.parse(v);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new AppException(option + ": '" + value + "' is not a time like 2026-11-24 08:30 or a date like 2026-11-24");
        }
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
