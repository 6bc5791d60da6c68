package dev.smtconsole.ingest.profile;

import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RowSource;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.Times;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.smtconsole.ingest.profile.ProfileParser.COUNTS;
import static dev.smtconsole.ingest.profile.ProfileParser.FORMAT;
import static dev.smtconsole.ingest.profile.ProfileParser.TIMES;

/**
 * One pass over one file with a profile: how a record's cells become our fields, whatever the
 * file's shape ({@link DelimitedRows}, {@link XmlRows}). Keeps the counter baselines, the id
 * occurrences, the boards seen once, and the remembered starts of record-type layouts.
 */
abstract class ProfileRows extends RowSource {
    /** Counts that belong to a board: zero when the board does not count. */
    private static final Set<Field> BOARD_COUNTS = EnumSet.of(Field.BOARDS, Field.PCBS, Field.BLOCK_SKIPS);
    private static final int MAX_STARTS = 100_000;

    protected final Profile p;
    protected final ParseContext ctx;
    private final ZoneId zone;
    private final DateTimeFormatter timeFormat;
    private final Set<String> unknown = new HashSet<>();
    private final Map<String, Long> lastValue = new HashMap<>();
    private final Map<String, Integer> occurrences = new HashMap<>();
    private final Set<String> boardsSeen = new HashSet<>();
    /** Start times of work by its key (record-type layouts that start work), until the work is counted. */
    private final Map<String, String> starts = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_STARTS;
        }
    };
    /** Column specs resolved once per file: the layout does not change. */
    private final Map<String, List<ColumnSpec.Term>> termsCache = new HashMap<>();
    private final Condition rowCondition;
    private final Condition boardCondition;
    /** The machine of every row (constant, file name, preamble), or null when a column says. */
    protected String fixedMachine;
    /** Fields from the file name (times already as ISO text), and the name's groups as written for ids. */
    private final Map<Field, String> fileValues = new EnumMap<>(Field.class);
    private final List<String> fileIdParts = new ArrayList<>();
    protected long rowNo;
    /** Says which preset auto-detection chose, on the first counted row. */
    String noteOnFirstRow;

    ProfileRows(Profile p, ParseContext ctx) {
        this.p = p;
        this.ctx = ctx;
        this.zone = p.zoneOr(ctx.zone() == null ? ZoneId.systemDefault() : ctx.zone());
        this.timeFormat = p.timeFormat() == null || p.timeFormat().isBlank() ? null : DateTimeFormatter.ofPattern(p.timeFormat());
        for (String u : p.unknownValues()) unknown.add(u.strip());
        this.rowCondition = Condition.parse(p.rowWhen());
        this.boardCondition = Condition.parse(p.boardWhen());
    }

    private boolean started;

    /** The checks that can fail for the whole file at once (header, file name …): a row saying so, or null. */
    protected abstract SourceRow start() throws IOException;

    /** The next record as a row, or null at the end of the file. */
    protected abstract SourceRow nextRecord() throws IOException;

    @Override
    protected final SourceRow produce() throws IOException {
        if (!started) {
            started = true;
            SourceRow problem = start();
            if (problem != null) {
                finish();
                return problem;
            }
        }
        return nextRecord();
    }

    /** A record's cells, looked up by the profile's column references. */
    interface Cells {
        Lookup cell(String ref);
    }

    record Lookup(String text, String error) {
    }

    record Number(Long value, String error) {
    }

    /** The file name's name without folders. */
    protected String fileName() {
        return ctx.fileName() == null ? "" : ctx.fileName().replaceAll(".*[/\\\\]", "");
    }

    /**
     * The machine and fields the file name gives, once per file; a broken row when the name does
     * not match the profile's pattern.
     */
    protected SourceRow readFileName() {
        var m = p.machine();
        if (m != null && m.from() == Profile.MachineSource.CONSTANT) fixedMachine = m.value().strip();
        if (m != null && m.from() == Profile.MachineSource.FILE_NAME) {
            Matcher mt = Pattern.compile(m.pattern()).matcher(fileName());
            if (!mt.find() || mt.group(1) == null) {
                return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.fileNameNoMatch", fileName(), m.pattern()));
            }
            fixedMachine = mt.group(1);
        }
        Profile.FileName fn = p.fileName();
        if (fn == null || fn.fields().isEmpty()) return null;
        Matcher mt = Pattern.compile(fn.pattern()).matcher(fileName());
        if (!mt.find()) {
            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.fileNameNoMatch", fileName(), fn.pattern()));
        }
        for (var e : fn.fields().entrySet()) {
            String text = mt.group(e.getValue());
            if (text == null || text.isBlank()) continue;
            fileIdParts.add(text);
            Field f = e.getKey();
            if (f == Field.MACHINE) {
                fixedMachine = text.strip();
            } else if (TIMES.contains(f)) {
                String iso = time(text.strip());
                if (iso == null) return SourceRow.broken(1, "", p.source(), notTime("formats.prof.notTime", f, "(file name)", text));
                fileValues.put(f, iso);
            } else {
                fileValues.put(f, text.strip());
            }
        }
        return null;
    }

    /**
     * One record as our fields. {@code idParts} are the record as written (its cells, or its XML
     * text): with the machine and the file name's values they make the derived event id.
     */
    protected SourceRow map(Cells row, String raw, List<String> idParts) {
        if (rowCondition != null) {
            Lookup l = row.cell(rowCondition.column());
            if (l.error != null) return broken(raw, l.error);
            if (!rowCondition.test(l.text)) {
                return SourceRow.skipped(rowNo, raw, p.source(), ParseProblem.encode("formats.prof.rowNotUsed", rowNo,
                        rowCondition.column(), l.text));
            }
        }
        Profile.Layout layout = null;
        if (p.recordTypes() != null) {
            Lookup t = row.cell(p.recordTypes().column());
            if (t.error != null) return broken(raw, t.error);
            layout = p.recordTypes().layout(t.text);
            if (layout == null) {
                return SourceRow.skipped(rowNo, raw, p.source(), ParseProblem.encode("formats.prof.typeNotUsed", rowNo, t.text.strip()));
            }
        }
        Map<Field, String> columns = merged(p.columns(), layout == null ? Map.of() : layout.columns());
        // The profile's constants (with values given at import) win over a layout's.
        Map<Field, String> constants = merged(layout == null ? Map.of() : layout.constants(), p.constants());
        Condition boardWhen = layout != null && layout.boardWhen() != null ? Condition.parse(layout.boardWhen()) : boardCondition;

        Map<Field, String> v = new EnumMap<>(Field.class);
        List<String> warnings = new ArrayList<>();
        Map<Field, Long> counts = new EnumMap<>(Field.class);

        String machine = fixedMachine;
        if (p.machine() != null && p.machine().from() == Profile.MachineSource.COLUMN) {
            Lookup l = row.cell(p.machine().column());
            if (l.error != null) return broken(raw, l.error);
            machine = l.text.strip();
        }
        if (columns.containsKey(Field.MACHINE)) {
            Lookup l = row.cell(columns.get(Field.MACHINE));
            if (l.error != null) return broken(raw, l.error);
            machine = l.text.strip();
        }
        if (machine != null && !machine.isEmpty()) v.put(Field.MACHINE, machine);

        for (var e : columns.entrySet()) {
            Field f = e.getKey();
            if (f == Field.MACHINE) continue;
            String spec = e.getValue();
            if (COUNTS.contains(f)) {
                Number n = number(row, f, spec);
                if (n.error != null) return broken(raw, n.error);
                if (n.value != null) counts.put(f, n.value);
            } else {
                Lookup l = row.cell(spec);
                if (l.error != null) return broken(raw, l.error);
                String text = l.text.strip();
                if (TIMES.contains(f) && !text.isEmpty()) {
                    String iso = time(text);
                    if (iso == null) return broken(raw, notTime("formats.prof.notTime", f, spec, text));
                    text = iso;
                }
                if (!text.isEmpty()) v.put(f, text);
            }
        }
        for (var e : fileValues.entrySet()) {
            Field f = e.getKey();
            if (v.containsKey(f) || counts.containsKey(f)) continue;
            if (COUNTS.contains(f)) {
                long n = ProfileParser.wholeNumber(e.getValue());
                if (n < 0) return broken(raw, ParseProblem.encode("formats.prof.notWhole", f, "(file name)", e.getValue()));
                counts.put(f, n);
            } else {
                v.put(f, e.getValue());
            }
        }
        for (var e : constants.entrySet()) {
            Field f = e.getKey();
            if (v.containsKey(f) || counts.containsKey(f) || (f == Field.MACHINE && machine != null)) continue;
            String text = e.getValue();
            if (TIMES.contains(f)) {
                String iso = time(text);
                if (iso == null) return broken(raw, notTime("formats.prof.constNotTime", f, "", text));
                text = iso;
            }
            if (COUNTS.contains(f)) {
                if (!text.matches("\\d{1,18}")) return broken(raw, ParseProblem.encode("formats.prof.constNotWhole", f, text));
                counts.put(f, Long.parseLong(text));
            } else {
                v.put(f, text);
                if (f == Field.MACHINE) machine = text;
            }
        }
        if (!v.containsKey(Field.LINE)) {
            String line = lineOf(machine);
            if (line != null) v.put(Field.LINE, line);
        }

        if (layout != null && !layout.startKey().isEmpty()) {
            StringBuilder key = new StringBuilder();
            for (String col : layout.startKey()) {
                Lookup l = row.cell(col);
                if (l.error != null) return broken(raw, l.error);
                key.append(l.text.strip()).append('\u001f');
            }
            String shown = key.toString().replace('\u001f', ' ').strip();
            if (layout.isStart()) {
                String at = v.get(Field.EVENT_TIME);
                if (at == null) return broken(raw, ParseProblem.encode("formats.prof.startNoTime", shown));
                starts.put(key.toString(), at);
                return SourceRow.skipped(rowNo, raw, p.source(), ParseProblem.encode("formats.prof.startRemembered", rowNo, shown, at));
            }
            String started = starts.remove(key.toString());
            if (started != null && !v.containsKey(Field.START_TIME) && notAfter(started, v.get(Field.EVENT_TIME))) {
                v.put(Field.START_TIME, started);
            }
        }

        // Board rules work on the row as written, before counters become deltas.
        if (counts.containsKey(Field.BOARDS)) {
            boolean board = true;
            if (boardWhen != null) {
                Lookup l = row.cell(boardWhen.column());
                if (l.error != null) return broken(raw, l.error);
                board = boardWhen.test(l.text);
            }
            if (board && !p.boardOncePer().isEmpty() && counts.get(Field.BOARDS) > 0) {
                StringBuilder key = new StringBuilder(String.valueOf(machine));
                for (String col : p.boardOncePer()) {
                    Lookup l = row.cell(col);
                    if (l.error != null) return broken(raw, l.error);
                    key.append('\u001f').append(l.text.strip());
                }
                board = boardsSeen.add(key.toString());
            }
            if (!board) for (Field f : BOARD_COUNTS) counts.computeIfPresent(f, (k, x) -> 0L);
        }

        if (p.counters() == Profile.Counters.CUMULATIVE) {
            for (var e : counts.entrySet()) {
                String key = machine + "\u001f" + e.getKey();
                long now = e.getValue();
                Long before = lastValue.put(key, now);
                if (before == null) continue; // the first value counts from zero
                if (now >= before) e.setValue(now - before);
                else warnings.add(ParseProblem.encode("formats.prof.counterReset", e.getKey(), before, now));
            }
        }

        boolean anyCount = counts.values().stream().anyMatch(c -> c > 0);
        if (!anyCount && boardWhen != null && counts.containsKey(Field.BOARDS) && BOARD_COUNTS.containsAll(counts.keySet())) {
            return SourceRow.skipped(rowNo, raw, p.source(), ParseProblem.encode("formats.prof.notBoard", rowNo,
                    layout != null && layout.boardWhen() != null ? layout.boardWhen() : p.boardWhen()));
        }
        counts.forEach((f, c) -> v.put(f, Long.toString(c)));

        if (!v.containsKey(Field.EVENT_ID)) {
            // From the record as written (not the deltas) plus the machine and the file name's
            // values, which vendor logs keep outside the record: re-importing the same rows, even
            // inside a longer file, gives the same ids.
            // Not the profile's name: the same row read through a renamed or copied profile is
            // still the same fact (DESIGN §5 rule 7: the row as written, never defaults).
            List<String> parts = new ArrayList<>(idParts.size() + fileIdParts.size() + 1);
            parts.add(machine);
            parts.addAll(idParts);
            parts.addAll(fileIdParts);
            // The first occurrence's id is the key for counting identical rows (small, unlike the row).
            String first = EventIds.derive(FORMAT, parts, 1);
            int n = occurrences.merge(first, 1, Integer::sum);
            v.put(Field.EVENT_ID, n == 1 ? first : EventIds.derive(FORMAT, parts, n));
        }
        if (noteOnFirstRow != null) {
            warnings.add(0, noteOnFirstRow);
            noteOnFirstRow = null;
        }
        if (!v.containsKey(Field.JOB)) {
            String why = columns.containsKey(Field.JOB)
                    ? ParseProblem.encode("formats.prof.jobEmpty", columns.get(Field.JOB))
                    : ParseProblem.encode("formats.prof.noJob", p.name());
            return SourceRow.jobUnknown(rowNo, raw, p.source(), v, warnings, why);
        }
        return new SourceRow(rowNo, raw, p.source(), v, null, null, warnings);
    }

    private static Map<Field, String> merged(Map<Field, String> base, Map<Field, String> over) {
        if (over.isEmpty()) return base;
        if (base.isEmpty()) return over;
        Map<Field, String> m = new EnumMap<>(Field.class);
        m.putAll(base);
        m.putAll(over);
        return m;
    }

    private static boolean notAfter(String startIso, String endIso) {
        if (endIso == null) return true;
        try {
            return !OffsetDateTime.parse(startIso).isAfter(OffsetDateTime.parse(endIso));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** A count: a column, or a sum/difference of columns; blank cells add nothing. */
    private Number number(Cells row, Field f, String spec) {
        long sum = 0;
        boolean any = false;
        for (ColumnSpec.Term t : termsCache.computeIfAbsent(spec, ColumnSpec::terms)) {
            Lookup l = row.cell(t.ref());
            if (l.error != null) return new Number(null, l.error);
            String s = l.text.strip();
            if (s.isEmpty()) continue;
            if (unknown.contains(s)) {
                return new Number(null, ParseProblem.encode("formats.prof.unknownValue", f, t.ref(), s));
            }
            long n = ProfileParser.wholeNumber(s);
            if (n == Long.MIN_VALUE) return new Number(null, ParseProblem.encode("formats.prof.notWhole", f, t.ref(), s));
            if (n < 0) return new Number(null, ParseProblem.encode("formats.prof.negative", f, t.ref(), n));
            sum += t.sign() * n;
            any = true;
        }
        if (any && sum < 0) return new Number(null, ParseProblem.encode("formats.prof.sumNegative", f, spec, sum));
        return new Number(any ? sum : null, null);
    }

    /** {2} field, {3} column, {4} text, {5} the profile's time format (keys …Pattern) or ISO-8601 (the plain key). */
    private String notTime(String key, Field f, String spec, String text) {
        return timeFormat == null ? ParseProblem.encode(key, f, spec, text) : ParseProblem.encode(key + "Pattern", f, spec, text, p.timeFormat());
    }

    private String time(String text) {
        if (timeFormat != null) {
            try {
                return Times.format(LocalDateTime.parse(text, timeFormat), zone);
            } catch (DateTimeParseException e) {
                // fall through: an ISO time is understood too
            }
        }
        return Times.isoWithOffset(text, zone);
    }

    private String lineOf(String machine) {
        if (machine != null && ctx.masterData() != null) {
            var m = ctx.masterData().machine(machine).map(MachineInfo::lineCode);
            if (m.isPresent()) return m.get();
        }
        return ctx.defaultLine() == null || ctx.defaultLine().isBlank() ? null : ctx.defaultLine();
    }

    protected SourceRow broken(String raw, String why) {
        // The row number travels in the SourceRow; the pipeline and the preview show it.
        return SourceRow.broken(rowNo, raw, p.source(), why);
    }
}
