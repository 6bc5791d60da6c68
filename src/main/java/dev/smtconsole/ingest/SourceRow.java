package dev.smtconsole.ingest;

import dev.smtconsole.domain.Source;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One row as a parser read it, before any rule ran: field values as written (strings), the raw
 * text for traceability and the rejected-rows export, and what the parser itself noticed.
 *
 * @param rowNo      1-based data row (or message number) in the file
 * @param rawText    the row as it stood in the file (a CSV line, a JSON envelope …)
 * @param source     AUTO for device data (CFX, vendor logs), MANUAL for what people wrote
 * @param values     field → text as written; absent = the format has no such column
 * @param parseError non-null when the row could not even be split into fields (ragged row,
 *                   broken JSON): the row is rejected with this reason
 * @param skipped    non-null when the row is read but deliberately not used (e.g. an IPC-CFX
 *                   message we do not need): counted as read and skipped, never rejected
 * @param warnings   notes that do not reject the row (e.g. "model blank: same as the row above")
 * @param jobUnknown non-null when the row counts something but the file cannot say for which job
 *                   (a CFX stream cut mid-job, CFX before 2.1, a log without a job column): why, as
 *                   an encoded {@link ParseProblem}. The row has no JOB then; a job given at
 *                   import fills it, else the row is held back with this reason — never guessed
 */
public record SourceRow(long rowNo, String rawText, Source source, Map<Field, String> values, String parseError,
                        String skipped, List<String> warnings, String jobUnknown) {
    public SourceRow {
        values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
        warnings = List.copyOf(warnings);
        if (jobUnknown != null && values.get(Field.JOB) != null) {
            throw new IllegalArgumentException("a row with a job cannot also have an unknown job");
        }
    }

    /** A row whose job, if any, is in its values. */
    public SourceRow(long rowNo, String rawText, Source source, Map<Field, String> values, String parseError,
                     String skipped, List<String> warnings) {
        this(rowNo, rawText, source, values, parseError, skipped, warnings, null);
    }

    /** A row with counts whose job the file does not say; {@code why} is an encoded {@link ParseProblem}. */
    public static SourceRow jobUnknown(long rowNo, String rawText, Source source, Map<Field, String> values,
                                       List<String> warnings, String why) {
        return new SourceRow(rowNo, rawText, source, values, null, null, warnings, why);
    }

    public String get(Field f) {
        return values.get(f);
    }

    public static SourceRow broken(long rowNo, String rawText, Source source, String parseError) {
        return new SourceRow(rowNo, rawText, source, Map.of(), parseError, null, List.of());
    }

    public static SourceRow skipped(long rowNo, String rawText, Source source, String why) {
        return new SourceRow(rowNo, rawText, source, Map.of(), null, why, List.of());
    }
}
