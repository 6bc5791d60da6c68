package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.ingest.registry.Parsers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code import FILE...}: each file one batch through the MANUAL rules. Exit 0 when no row was
 * rejected, 3 when some were (they are stored and exportable), 1 on a fatal error.
 */
@Command(name = "import", description = "Import production files (native CSV and every registered format) as batches.")
final class ImportCommand implements Callable<Integer> {
    static final int SOME_REJECTED = 3;

    @ParentCommand
    SmtCli root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import, each as one batch.")
    List<Path> files;

    @Option(names = "--operator", paramLabel = "ID",
            description = "The importing operator (also the operator of rows without one). Default: $SMT_CONSOLE_OPERATOR.")
    String operator;

    @Option(names = "--line", paramLabel = "CODE", description = "Line for rows that name none.")
    String line;

    @Option(names = "--job", paramLabel = "JOB",
            description = "Job for counts whose job the file does not say (a CFX stream cut mid-job or before CFX 2.1, "
                    + "a vendor log without a job column). Never replaces a job the file names.")
    String job;

    @Option(names = "--set", paramLabel = "FIELD=VALUE",
            description = "A value the import profile lacks, for this import only (repeatable), e.g. --set EVENT_TIME=\"2026-11-25 09:03:00\".")
    java.util.Map<String, String> set;

    @Option(names = "--cfx-wrapper", paramLabel = "SPEC|FILE",
            description = "Where the CFX envelope sits in your message bus's wrapper, when it is not found by itself: "
                    + "envelope=PATH[,source=PATH][,line=PATH] (dotted field names, e.g. envelope=Data.Payload), or a .json file.")
    String cfxWrapper;

    @Option(names = "--format", defaultValue = "auto",
            description = "auto (default) or a format name: ${COMPLETION-CANDIDATES}", completionCandidates = FormatNames.class)
    String format;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Read the files with an import profile: a saved profile or preset name (e.g. yamaha-lotlog), or a profile .json file.")
    String profile;

    @Option(names = "--rejects-out", paramLabel = "FILE",
            description = "Write rejected rows (original columns + reason) to this CSV; with several files, -<batch> is added to the name.")
    Path rejectsOut;

    @Option(names = "--chunk-rows", hidden = true, defaultValue = "0",
            description = "Rows per transaction (tests, benchmarks); 0 = the database's own (50,000 on H2, 20,000 on PostgreSQL).")
    int chunkRows;

    @Option(names = "--progress", hidden = true, description = "Print 'progress rows=N' lines to stderr while importing.")
    boolean showProgress;

    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Parsers.names().iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String op = operator != null ? operator : System.getenv("SMT_CONSOLE_OPERATOR");
        if (op == null || op.isBlank()) {
            err.println("error: no operator: pass --operator ID or set SMT_CONSOLE_OPERATOR; the import is refused.");
            return 1;
        }
        if (!format.equalsIgnoreCase("auto") && Parsers.byName(format).isEmpty()) {
            err.println("error: unknown format '" + format + "' (auto, " + String.join(", ", Parsers.names()) + ")");
            return 1;
        }
        var ingest = root.writingServices().ingest();
        if (chunkRows > 0) ingest.setChunkSize(chunkRows);
        IngestService.FileImports imports;
        try {
            // The operator, the master data and the rules' settings once for all the files.
            imports = ingest.imports(new IngestService.ImportOptions(format, op, line, profile, job, set, cfxWrapper));
        } catch (AppException | dev.smtconsole.store.DatabaseException e) {
            tell(err, e);
            return 1;
        }
        boolean[] anyRejected = {false}, fatal = {false};
        // In order, each its own batch; small files many to a transaction where the database gains by it (ADR 0035).
        imports.importFiles(files, showProgress ? (rows, bytes, total) -> {
            err.println("progress rows=" + rows);
            err.flush();
        } : null, () -> false, (file, r, failure) -> {
            if (failure != null) {
                if (!(failure instanceof AppException) && !(failure instanceof dev.smtconsole.store.DatabaseException)) throw failure;
                fatal[0] = tell(err, failure);
                return;
            }
            try {
                out.printf("%s: read=%d accepted=%d rejected=%d duplicates=%d skipped=%d unassigned=%d batch=%d%n", file, r.read(),
                        r.accepted(), r.rejected(), r.duplicates(), r.skipped(), r.unassigned(), r.batchId());
                if (r.unassigned() > 0) {
                    // Kept, not lost (ADR 0027): say how they get their job.
                    out.printf("%s: %d count(s) held without a job: smt-console unassigned list, then"
                            + " smt-console unassigned assign --job JOB --operator ID (or import again with --job)%n", file, r.unassigned());
                }
                out.flush();
                if (r.rejected() > 0) {
                    anyRejected[0] = true;
                    // Say why, once: the first rejected row's reasons (they tell what to supply, e.g. --job).
                    if (r.firstRejection() != null) out.printf("%s: first rejected: %s%n", file, r.firstRejection());
                    if (rejectsOut != null) {
                        Path target = files.size() == 1 ? rejectsOut : withSuffix(rejectsOut, "-" + r.batchId());
                        long n = ingest.exportRejected(r.batchId(), target);
                        out.printf("%s: %d rejected rows written to %s%n", file, n, target);
                    }
                }
            } catch (AppException | dev.smtconsole.store.DatabaseException e) {
                fatal[0] = tell(err, e);
            }
        });
        return fatal[0] ? 1 : anyRejected[0] ? SOME_REJECTED : 0;
    }

    /** A failure in one line (its trace too with --verbose); true, for the run's "something failed". */
    private boolean tell(PrintWriter err, RuntimeException e) {
        err.println("error: " + e.getMessage());
        if (root != null && root.verbose) e.printStackTrace(err);
        err.flush();
        return true;
    }

    static Path withSuffix(Path p, String suffix) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String n = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return p.resolveSibling(n);
    }
}
