package dev.smtconsole.app;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The ingest door for views and CLI: manual entry, file preview and import, batch history and
 * voids. One pipeline underneath (DESIGN §5): rules → dedupe → events + buckets + batch +
 * rejected rows + integration message. For every batch read = accepted + rejected + duplicates
 * (+ skipped, for rows a format reads but does not use).
 * <p>
 * Messages ({@link Problem}) carry a bundle key and arguments so each door renders them in its
 * user's language (keys live in i18n/rules_*.properties; {@link Problem#message} renders them).
 */
public interface IngestService {

    // ---------- manual entry (录入) ----------

    /** One placement machine's counts typed on the form. */
    record MachineCount(String machineCode, Long picks, Long placements) {
    }

    /**
     * The supervisor's form. Times are wall-clock in the factory zone. Boards is the line-level
     * quantity; per-machine picks/placements become machine-level events.
     */
    record ManualEntry(String lineCode, String jobNo, String productModel, Long boards, LocalDateTime start,
                       LocalDateTime end, List<String> checkers, List<MachineCount> machines, String remark,
                       String operatorId) {
    }

    /**
     * A problem with a value: which field (a {@code Field} name or a form field id such as
     * {@code machines[1].picks}), the bundle key of the rule, and the key's arguments.
     */
    record Problem(long rowNo, String field, String value, String messageKey, List<Object> args, boolean warningOnly) {
        /**
         * The whole sentence in the reader's language, with row and localized field name:
         * "Row 12, picks: '12x' is not a whole number" / "第 12 行 吸料数量 ‘12x’ 不是整数".
         * {@code args} are [row, field, value, rule arguments…] as the rules bundle expects.
         */
        public String message(java.util.Locale locale) {
            return dev.smtconsole.domain.rules.RuleMessages.render(locale, rowNo, field, value, messageKey, ruleArgs());
        }

        /** Only the rule's part ("'12x' is not a whole number"), for an error shown on the field itself. */
        public String text(java.util.Locale locale) {
            return dev.smtconsole.domain.rules.RuleMessages.format(locale, messageKey,
                    dev.smtconsole.domain.rules.RuleMessages.arguments(locale, rowNo, field, value, ruleArgs()));
        }

        /** The rule problem this was made from. */
        public dev.smtconsole.domain.rules.RuleProblem rule() {
            return new dev.smtconsole.domain.rules.RuleProblem(rowNo, field, value, messageKey, ruleArgs(), warningOnly);
        }

        private List<Object> ruleArgs() {
            return args.size() <= 3 ? List.of() : args.subList(3, args.size());
        }
    }

    /**
     * The product model of a job already known to the database (for prefilling the form), or
     * empty when the job is unknown, has no product, or {@code jobNo} is blank.
     */
    java.util.Optional<String> productModelOf(String jobNo);

    /** Rules for the form as typed so far, for inline errors; no database write. */
    List<Problem> validateManual(ManualEntry entry);

    record ManualResult(long messageId, int eventsWritten, boolean duplicate, List<Problem> warnings) {
    }

    /**
     * Validates and saves the entry in one transaction (events, job record checkers/remark,
     * integration message). Throws {@link ValidationException} with the problems when invalid;
     * a database failure is a {@link dev.smtconsole.store.DatabaseException} and nothing is written.
     */
    ManualResult submitManual(ManualEntry entry);

    record ManualEntrySummary(long messageId, Instant receivedAt, String operatorId, String lineCode, String jobNo,
                              long boards, String summary, boolean voided) {
    }

    List<ManualEntrySummary> recentManualEntries(int limit);

    /** Voids every event of a manual entry (reason required, audited); counts leave reports and tiles. */
    void voidManualEntry(long messageId, String reason, String operatorId);

    // ---------- file import ----------

    /**
     * How to read a file, and what to supply that it lacks.
     *
     * @param defaultLine line for rows that name none ({@code --line})
     * @param defaultJob  job for rows whose job the file does not say ({@code --job}): counts of a
     *                    CFX stream cut mid-job, a vendor log without a job column; never replaces
     *                    a job the file names
     * @param set         field → value applied to the import profile for this import only
     *                    ({@code --set FIELD=VALUE}, e.g. {@code EVENT_TIME}); profiles only
     * @param cfxWrapper  where the CFX envelope sits in a bus wrapper, for wrappers not found by
     *                    themselves ({@code envelope=PATH,source=PATH,line=PATH} or a .json file);
     *                    null = the setting {@code ingest.cfx.wrapper}, else the common wrappers
     */
    record ImportOptions(String format, String operatorId, String defaultLine, String profile, String defaultJob,
                         java.util.Map<String, String> set, String cfxWrapper) {
        public ImportOptions {
            set = set == null ? java.util.Map.of() : java.util.Map.copyOf(set);
        }

        public ImportOptions(String format, String operatorId, String defaultLine, String profile) {
            this(format, operatorId, defaultLine, profile, null, null, null);
        }
    }

    /** Names of the registered file formats, for a format chooser ("auto" is always allowed too). */
    default List<String> formats() {
        return dev.smtconsole.ingest.registry.Parsers.names();
    }

    record PreviewRow(long rowNo, String rawText, String status, List<Problem> problems) {
    }

    /** The detected or chosen format and the first rows with status ACCEPT/REJECT/SKIP/WARN; fast on any size. */
    record Preview(String format, boolean autoDetected, List<String> columns, List<PreviewRow> rows) {
    }

    Preview preview(Path file, ImportOptions options, int maxRows);

    /** Progress of a running import; called from the worker thread. */
    interface Progress {
        void update(long rowsRead, long bytesRead, long totalBytes);
    }

    /**
     * read = accepted + rejected + duplicates + skipped + unassigned.
     *
     * @param firstRejection "row N: reasons" of the first rejected row, in the import's language; null when none
     * @param unassigned     counts held without a job (ADR 0027)
     */
    record ImportResult(long batchId, String fileName, String format, long read, long accepted, long rejected,
                        long duplicates, long skipped, long warnings, boolean cancelled, String message, String firstRejection,
                        long unassigned) {
        public ImportResult(long batchId, String fileName, String format, long read, long accepted, long rejected,
                            long duplicates, long skipped, long warnings, boolean cancelled, String message) {
            this(batchId, fileName, format, read, accepted, rejected, duplicates, skipped, warnings, cancelled, message, null, 0);
        }
    }

    /**
     * Imports a file as one batch in chunked transactions. {@code cancelled} is polled between
     * chunks: a cancelled batch keeps the chunks already committed and says so.
     */
    ImportResult importFile(Path file, ImportOptions options, Progress progress, BooleanSupplier cancelled);

    /** Files imported one after the other with the same options, each as its own batch. */
    interface FileImports {
        /** As {@link IngestService#importFile}, with the options these imports were made with. */
        ImportResult importFile(Path file, Progress progress, BooleanSupplier cancelled);

        /**
         * Imports the files in order, each as its own batch, and tells {@code outcome} what became of each, in order:
         * its result, or the failure {@link #importFile} would have thrown (the other files go on). An implementation
         * may write several small files in one transaction (ADR 0035); a crash then loses whole files. {@code cancelled}
         * is polled between files.
         */
        default void importFiles(List<Path> files, Progress progress, BooleanSupplier cancelled, Outcome outcome) {
            for (Path file : files) {
                if (cancelled.getAsBoolean()) return;
                ImportResult r;
                try {
                    r = importFile(file, progress, cancelled);
                } catch (RuntimeException e) {
                    outcome.done(file, null, e);
                    continue;
                }
                outcome.done(file, r, null);
            }
        }
    }

    /** What became of one file of {@link FileImports#importFiles}: its result, or (result null) why it failed. */
    interface Outcome {
        void done(Path file, ImportResult result, RuntimeException failure);
    }

    /**
     * Imports of several files with one set of options ({@code import DIR/*.csv}: a day of per-board
     * logs). An implementation may check the operator and read the master data and the rules'
     * settings once here, for all the files, instead of once per file.
     */
    default FileImports imports(ImportOptions options) {
        return (file, progress, cancelled) -> importFile(file, options, progress, cancelled);
    }

    record BatchSummary(long batchId, String fileName, String sha256, String format, String operatorId, Instant startedAt,
                        Instant finishedAt, String status, long read, long accepted, long rejected, long duplicates,
                        long skipped, boolean voided, String voidReason, long unassigned) {
    }

    List<BatchSummary> history(int limit);

    /** Counts held without a job (issue 13, ADR 0027), oldest first; the query's line and machine must be known. */
    List<dev.smtconsole.port.EventSink.Held> unassigned(dev.smtconsole.port.EventSink.HeldQuery query, int limit);

    /**
     * Assigns a job to the held counts the query names: they become accepted events, each exactly once, audited
     * under {@code operatorId} (who must be known). The job must match the job pattern.
     */
    dev.smtconsole.port.EventSink.Assigned assignJob(dev.smtconsole.port.EventSink.HeldQuery query, String jobNo,
                                                     String operatorId, String reason);

    /** Voids a whole batch (reason required, audited): its counts leave every report and tile. */
    void voidBatch(long batchId, String reason, String operatorId);

    /** Writes the batch's rejected rows as CSV: original columns plus a reason column. Returns rows written. */
    long exportRejected(long batchId, Path out);

    /** The text an event was read from (a file's line, a form's or message's payload row); empty if unknown. */
    java.util.Optional<String> sourceText(String eventId);

    /** Thrown by submitManual when rules fail; nothing was written. */
    final class ValidationException extends RuntimeException {
        private final List<Problem> problems;

        public ValidationException(List<Problem> problems) {
            super(problems.size() + " problem(s): " + problems);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
