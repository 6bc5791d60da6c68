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
 */
public record SourceRow(long rowNo, String rawText, Source source, Map<Field, String> values, String parseError,
                        String skipped, List<String> warnings) {
    public SourceRow {
        values = values.isEmpty() ? Map.of() : new EnumMap<>(values);
        warnings = List.copyOf(warnings);
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
