package dev.smtconsole.ingest.profile;

import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.RowSource;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.Times;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a delimited vendor log as a {@link Profile} says. Without a profile it picks the built-in
 * preset that recognises the file ({@link Presets}), or says that none does.
 */
public final class ProfileParser implements RecordParser {
    public static final String FORMAT = "profile";
    static final Set<Field> COUNTS = EnumSet.of(Field.BOARDS, Field.PICKS, Field.PLACEMENTS, Field.REJECTS);
    static final Set<Field> TIMES = EnumSet.of(Field.EVENT_TIME, Field.START_TIME);
    private static final int HEAD_BYTES = 64 * 1024;

    private final Profile profile;

    /** Reads with the given profile. */
    public ProfileParser(Profile profile) {
        this.profile = profile;
    }

    /** Picks the preset from the file's content. */
    public ProfileParser() {
        this(null);
    }

    public Profile profile() {
        return profile;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int detect(byte[] head, String fileName) {
        if (profile != null) return ProfileDetector.score(profile, head);
        return Presets.all().stream().mapToInt(p -> ProfileDetector.score(p, head)).max().orElse(0);
    }

    @Override
    public Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
        Profile p = profile;
        if (p == null) {
            buffered.mark(HEAD_BYTES);
            byte[] head = buffered.readNBytes(HEAD_BYTES);
            buffered.reset();
            p = Presets.best(head).orElse(null);
            if (p == null) {
                return List.of(SourceRow.broken(1, "", dev.smtconsole.domain.Source.AUTO,
                        ParseProblem.encode("formats.prof.noPreset"))).iterator();
            }
        }
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            return List.of(SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.unusable", p.name(),
                    ParseProblem.nested(p.problemCodes())))).iterator();
        }
        Reading reading = new Reading(p, buffered, context);
        if (profile == null) reading.noteOnFirstRow = ParseProblem.encode("formats.prof.preset", p.name());
        return reading;
    }

    /** One pass over one file: the column bindings, the counter baselines and the id occurrences. */
    private static final class Reading extends RowSource {
        private final Profile p;
        private final ParseContext ctx;
        private final BufferedReader reader;
        private final ZoneId zone;
        private final DateTimeFormatter timeFormat;
        private final Set<String> unknown = new HashSet<>();
        private final Map<String, Long> lastValue = new HashMap<>();
        private final Map<String, Integer> occurrences = new HashMap<>();
        private final Set<String> boardsSeen = new HashSet<>();
        /** Column specs and references resolved once per file: the header does not change. */
        private final Map<String, List<ColumnSpec.Term>> termsCache = new HashMap<>();
        private final Map<String, Integer> indexCache = new HashMap<>();
        private Condition rowCondition;
        private Condition boardCondition;
        private final List<String> preamble = new ArrayList<>();
        private Iterator<CSVRecord> records;
        private Map<String, Integer> headerIndex;
        private List<String> headerNames;
        private String fixedMachine;
        private boolean started;
        private long rowNo;
        /** Says which preset auto-detection chose, on the first counted row. */
        String noteOnFirstRow;

        Reading(Profile p, InputStream in, ParseContext ctx) {
            this.p = p;
            this.ctx = ctx;
            this.reader = new BufferedReader(new InputStreamReader(in, p.charset()), 1 << 16);
            this.zone = p.zoneOr(ctx.zone() == null ? ZoneId.systemDefault() : ctx.zone());
            this.timeFormat = p.timeFormat() == null || p.timeFormat().isBlank() ? null : DateTimeFormatter.ofPattern(p.timeFormat());
            for (String u : p.unknownValues()) unknown.add(u.strip());
            this.rowCondition = Condition.parse(p.rowWhen());
            this.boardCondition = Condition.parse(p.boardWhen());
        }

        @Override
        protected SourceRow unreadableRest(RuntimeException e) {
            // commons-csv reports a broken quote as IllegalStateException/UncheckedIOException:
            // the rest of the file cannot be split reliably.
            return SourceRow.broken(rowNo + 1, "", p.source(), ParseProblem.encode("formats.prof.split", rowNo + 1,
                    String.valueOf(e.getMessage())));
        }

        @Override
        protected SourceRow produce() throws IOException {
            if (!started) {
                started = true;
                SourceRow problem = start();
                if (problem != null) {
                    finish();
                    return problem;
                }
            }
            while (records.hasNext()) {
                CSVRecord rec = records.next();
                if (rec.size() == 1 && rec.get(0).isBlank()) continue;
                rowNo++;
                return row(rec);
            }
            return null; // the caller owns and closes the stream
        }

        /** Preamble, header, and the checks that can fail for the whole file at once. */
        private SourceRow start() throws IOException {
            for (int i = 0; i < p.preambleLines(); i++) {
                String l = reader.readLine();
                if (l == null) break;
                preamble.add(i == 0 ? stripBom(l) : l);
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(p.delimiterChar()).setIgnoreEmptyLines(true)
                    .setIgnoreSurroundingSpaces(false).get();
            records = CSVParser.parse(reader, format).iterator();
            if (p.header()) {
                if (!records.hasNext()) return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.noHeader",
                        p.preambleLines()));
                CSVRecord h = records.next();
                headerNames = new ArrayList<>();
                headerIndex = new HashMap<>();
                for (int i = 0; i < h.size(); i++) {
                    String name = i == 0 && p.preambleLines() == 0 ? stripBom(h.get(i)).strip() : h.get(i).strip();
                    headerNames.add(name);
                    headerIndex.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                }
                List<String> missing = new ArrayList<>();
                for (String spec : specs()) {
                    for (String ref : ColumnSpec.references(spec)) {
                        if (ColumnSpec.position(ref) < 0 && !headerIndex.containsKey(ref.toLowerCase(Locale.ROOT))) missing.add(ref);
                    }
                }
                if (!missing.isEmpty()) {
                    return SourceRow.broken(1, String.join(String.valueOf(p.delimiterChar()), headerNames), p.source(),
                            ParseProblem.encode("formats.prof.missingColumns", p.name(),
                                    String.join(", ", missing), String.join(", ", headerNames)));
                }
            }
            var m = p.machine();
            if (m != null && m.from() != null) {
                switch (m.from()) {
                    case CONSTANT -> fixedMachine = m.value().strip();
                    case FILE_NAME -> {
                        String name = ctx.fileName() == null ? "" : ctx.fileName().replaceAll(".*[/\\\\]", "");
                        Matcher mt = Pattern.compile(m.pattern()).matcher(name);
                        if (!mt.find() || mt.group(1) == null) {
                            return SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.fileNameNoMatch",
                                    name, m.pattern()));
                        }
                        fixedMachine = mt.group(1);
                    }
                    case PREAMBLE -> {
                        Pattern pat = Pattern.compile(m.pattern());
                        for (String l : preamble) {
                            Matcher mt = pat.matcher(l);
                            if (mt.find() && mt.group(1) != null) {
                                fixedMachine = mt.group(1);
                                break;
                            }
                        }
                        if (fixedMachine == null) {
                            return SourceRow.broken(1, String.join("\n", preamble), p.source(), ParseProblem.encode("formats.prof.preambleNoMatch",
                                    m.pattern()));
                        }
                    }
                    case COLUMN -> {
                    }
                }
            }
            return null;
        }

        private List<String> specs() {
            List<String> specs = new ArrayList<>(p.columns().values());
            if (p.machine() != null && p.machine().from() == Profile.MachineSource.COLUMN) specs.add(p.machine().column());
            for (String c : new String[]{p.rowWhen(), p.boardWhen()}) {
                Condition cond = Condition.parse(c);
                if (cond != null) specs.add(cond.column());
            }
            specs.addAll(p.boardOncePer());
            return specs;
        }

        private static String stripBom(String s) {
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        }

        private SourceRow row(CSVRecord rec) {
            List<String> cells = new ArrayList<>(rec.size());
            for (String c : rec) cells.add(c);
            String raw = String.join(String.valueOf(p.delimiterChar()), cells);
            Cells row = new Cells(cells);

            Condition rowWhen = rowCondition;
            if (rowWhen != null) {
                Lookup l = row.cell(rowWhen.column());
                if (l.error != null) return broken(raw, l.error);
                if (!rowWhen.test(l.text)) {
                    return SourceRow.skipped(rowNo, raw, p.source(), ParseProblem.encode("formats.prof.rowNotUsed", rowNo, rowWhen.column(), l.text));
                }
            }

            Map<Field, String> v = new EnumMap<>(Field.class);
            List<String> warnings = new ArrayList<>();
            Map<Field, Long> counts = new EnumMap<>(Field.class);

            String machine = fixedMachine;
            if (p.machine() != null && p.machine().from() == Profile.MachineSource.COLUMN) {
                Lookup l = row.cell(p.machine().column());
                if (l.error != null) return broken(raw, l.error);
                machine = l.text.strip();
            }
            if (p.columns().containsKey(Field.MACHINE)) {
                Lookup l = row.cell(p.columns().get(Field.MACHINE));
                if (l.error != null) return broken(raw, l.error);
                machine = l.text.strip();
            }
            if (machine != null && !machine.isEmpty()) v.put(Field.MACHINE, machine);

            for (var e : p.columns().entrySet()) {
                Field f = e.getKey();
                if (f == Field.MACHINE) continue;
                String spec = e.getValue();
                if (COUNTS.contains(f)) {
                    Number n = row.number(f, spec);
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
            for (var e : p.constants().entrySet()) {
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

            // Board rules work on the row as written, before counters become deltas.
            if (counts.containsKey(Field.BOARDS)) {
                Condition boardWhen = boardCondition;
                if (boardWhen != null) {
                    Lookup l = row.cell(boardWhen.column());
                    if (l.error != null) return broken(raw, l.error);
                    if (!boardWhen.test(l.text)) counts.put(Field.BOARDS, 0L);
                }
                if (!p.boardOncePer().isEmpty() && counts.get(Field.BOARDS) > 0) {
                    StringBuilder key = new StringBuilder(String.valueOf(machine));
                    for (String col : p.boardOncePer()) {
                        Lookup l = row.cell(col);
                        if (l.error != null) return broken(raw, l.error);
                        key.append('\u001f').append(l.text.strip());
                    }
                    if (!boardsSeen.add(key.toString())) counts.put(Field.BOARDS, 0L);
                }
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
            if (!anyCount && p.boardWhen() != null && counts.containsKey(Field.BOARDS) && counts.size() == 1) {
                return SourceRow.skipped(rowNo, raw, p.source(), ParseProblem.encode("formats.prof.notBoard", rowNo, p.boardWhen()));
            }
            counts.forEach((f, c) -> v.put(f, Long.toString(c)));

            if (!v.containsKey(Field.EVENT_ID)) {
                // From the row as written (not the deltas) plus the machine, which vendor logs keep
                // in the file name or preamble: re-importing the same rows, even inside a longer
                // file, gives the same ids.
                // Not the profile's name: the same row read through a renamed or copied profile is
                // still the same fact (DESIGN §5 rule 7: the row as written, never defaults).
                List<String> parts = new ArrayList<>(cells.size() + 1);
                parts.add(machine);
                parts.addAll(cells);
                // The first occurrence's id is the key for counting identical rows (small, unlike the row).
                String first = EventIds.derive(FORMAT, parts, 1);
                int n = occurrences.merge(first, 1, Integer::sum);
                v.put(Field.EVENT_ID, n == 1 ? first : EventIds.derive(FORMAT, parts, n));
            }
            if (noteOnFirstRow != null) {
                warnings.add(0, noteOnFirstRow);
                noteOnFirstRow = null;
            }
            return new SourceRow(rowNo, raw, p.source(), v, null, null, warnings);
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

        private SourceRow broken(String raw, String why) {
            // The row number travels in the SourceRow; the pipeline and the preview show it.
            return SourceRow.broken(rowNo, raw, p.source(), why);
        }

        record Lookup(String text, String error) {
        }

        record Number(Long value, String error) {
        }

        /** The cells of one row, looked up by the profile's column references. */
        private final class Cells {
            private final List<String> cells;

            Cells(List<String> cells) {
                this.cells = cells;
            }

            Lookup cell(String ref) {
                Integer idx = indexCache.get(ref);
                if (idx == null) {
                    int i = ColumnSpec.position(ref);
                    if (i < 0) {
                        Integer h = headerIndex == null ? null : headerIndex.get(ref.strip().toLowerCase(Locale.ROOT));
                        if (h == null) return new Lookup(null, ParseProblem.encode("formats.prof.noColumn", ref));
                        i = h;
                    }
                    idx = i;
                    indexCache.put(ref, idx);
                }
                int i = idx;
                if (i >= cells.size()) {
                    return headerNames != null && i < headerNames.size()
                            ? new Lookup(null, ParseProblem.encode("formats.prof.cellMissingNamed", headerNames.get(i), i + 1, cells.size()))
                            : new Lookup(null, ParseProblem.encode("formats.prof.cellMissing", i + 1, cells.size()));
                }
                return new Lookup(cells.get(i), null);
            }

            Number number(Field f, String spec) {
                long sum = 0;
                boolean any = false;
                for (ColumnSpec.Term t : termsCache.computeIfAbsent(spec, ColumnSpec::terms)) {
                    Lookup l = cell(t.ref());
                    if (l.error != null) return new Number(null, l.error);
                    String s = l.text.strip();
                    if (s.isEmpty()) continue;
                    if (unknown.contains(s)) {
                        return new Number(null, ParseProblem.encode("formats.prof.unknownValue", f, t.ref(), s));
                    }
                    long n = wholeNumber(s);
                    if (n == Long.MIN_VALUE) return new Number(null, ParseProblem.encode("formats.prof.notWhole", f, t.ref(), s));
                    if (n < 0) return new Number(null, ParseProblem.encode("formats.prof.negative", f, t.ref(), n));
                    sum += t.sign() * n;
                    any = true;
                }
                if (any && sum < 0) return new Number(null, ParseProblem.encode("formats.prof.sumNegative", f, spec, sum));
                return new Number(any ? sum : null, null);
            }
        }
    }

    /** The value of "-?digits" (at most 18), or Long.MIN_VALUE: no regex on the hot path. */
    static long wholeNumber(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && s.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        if (i == n || n - i > 18) return Long.MIN_VALUE;
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return Long.MIN_VALUE;
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    static String decode(byte[] head, Profile p) {
        try {
            return new String(head, p.charset());
        } catch (RuntimeException e) {
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }
}
