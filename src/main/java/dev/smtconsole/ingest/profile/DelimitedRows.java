package dev.smtconsole.ingest.profile;

import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delimited log: preamble lines, a header naming the columns (or none: positions), then one
 * record per line — with {@link Profile#recordTypes()} a different layout per record type.
 */
final class DelimitedRows extends ProfileRows {
    private final BufferedReader reader;
    /** Lines beyond the bound never reach the CSV library: each becomes a rejected row of its own. */
    private final dev.smtconsole.ingest.BoundedLines bounded;
    private final List<String> preamble = new ArrayList<>();
    private final Map<String, Integer> indexCache = new HashMap<>();
    private Iterator<CSVRecord> records;
    private Map<String, Integer> headerIndex;
    private List<String> headerNames;

    DelimitedRows(Profile p, InputStream in, ParseContext ctx) {
        super(p, ctx);
        this.bounded = new dev.smtconsole.ingest.BoundedLines(new InputStreamReader(in, p.charset()));
        this.reader = new BufferedReader(bounded, 1 << 16);
    }

    @Override
    protected SourceRow unreadableRest(RuntimeException e) {
        // commons-csv reports a broken quote as IllegalStateException/UncheckedIOException:
        // the rest of the file cannot be split reliably.
        return SourceRow.broken(rowNo + 1, "", p.source(), ParseProblem.encode("formats.prof.split", rowNo + 1,
                String.valueOf(e.getMessage())));
    }

    @Override
    protected SourceRow nextRecord() throws IOException {
        while (true) {
            var longLine = bounded.tooLong().poll();
            if (longLine != null) {
                rowNo++;
                return SourceRow.broken(rowNo, longLine.text(), p.source(), ParseProblem.encode("formats.prof.lineTooLong",
                        rowNo, longLine.length(), dev.smtconsole.ingest.BoundedLines.MAX_LINE_CHARS));
            }
            if (!records.hasNext()) break;
            CSVRecord rec = records.next();
            if (rec.size() == 1 && rec.get(0).isBlank()) continue;
            rowNo++;
            List<String> cells = new ArrayList<>(rec.size());
            for (String c : rec) cells.add(c);
            return map(new ListCells(cells), String.join(String.valueOf(p.delimiterChar()), cells), cells);
        }
        var longLine = bounded.tooLong().poll(); // a last over-long line, met while looking for the end
        if (longLine != null) {
            rowNo++;
            return SourceRow.broken(rowNo, longLine.text(), p.source(), ParseProblem.encode("formats.prof.lineTooLong",
                    rowNo, longLine.length(), dev.smtconsole.ingest.BoundedLines.MAX_LINE_CHARS));
        }
        return null; // the caller owns and closes the stream
    }

    /** Preamble, header, and the checks that can fail for the whole file at once. */
    @Override
    protected SourceRow start() throws IOException {
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
            // Each missing column once, in the order the profile names them (a column may serve several fields).
            Set<String> missing = new LinkedHashSet<>();
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
        if (m != null && m.from() == Profile.MachineSource.PREAMBLE) {
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
        return readFileName();
    }

    /** Every column the profile reads, for the header check. */
    private List<String> specs() {
        List<String> specs = new ArrayList<>(p.columns().values());
        if (p.machine() != null && p.machine().from() == Profile.MachineSource.COLUMN) specs.add(p.machine().column());
        for (String c : new String[]{p.rowWhen(), p.boardWhen()}) {
            Condition cond = Condition.parse(c);
            if (cond != null) specs.add(cond.column());
        }
        specs.addAll(p.boardOncePer());
        if (p.recordTypes() != null) {
            specs.add(p.recordTypes().column());
            for (Profile.Layout l : p.recordTypes().layouts().values()) {
                specs.addAll(l.columns().values());
                specs.addAll(l.startKey());
                Condition cond = Condition.parse(l.boardWhen());
                if (cond != null) specs.add(cond.column());
            }
        }
        return specs;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** The cells of one line, by header name or 1-based position. */
    private final class ListCells implements Cells {
        private final List<String> cells;

        ListCells(List<String> cells) {
            this.cells = cells;
        }

        @Override
        public Lookup cell(String ref) {
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
    }
}
