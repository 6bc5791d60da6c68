package dev.smtconsole.ingest;

import dev.smtconsole.domain.Source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The native CSV template (docs/FORMATS.md): one row per counter increment, English or Chinese
 * headers, UTF-8 (BOM or not) or GB18030, comma, semicolon or tab. Rows are what people wrote, so
 * their source is MANUAL.
 */
public final class NativeCsvParser implements RecordParser {
    public static final String FORMAT = "csv";
    static final int HEAD_BYTES = 64 * 1024;

    /** Header names (lower case, trimmed) → field. Both languages; JOB and 工单 both name the job. */
    static final Map<String, Field> HEADERS = new LinkedHashMap<>();

    static {
        alias(Field.EVENT_ID, "event_id", "事件id", "事件编号");
        alias(Field.EVENT_TIME, "event_time", "时间", "结束时间");
        alias(Field.START_TIME, "start_time", "开始时间");
        alias(Field.LINE, "line", "线别", "线体");
        alias(Field.MACHINE, "machine", "机台");
        alias(Field.JOB, "job", "工单", "job_no");
        alias(Field.PRODUCT_MODEL, "product_model", "产品型号");
        alias(Field.BOARDS, "boards", "数量");
        alias(Field.PICKS, "picks", "吸料数量");
        alias(Field.PLACEMENTS, "placements", "贴件数量");
        alias(Field.REJECTS, "rejects", "抛料数", "抛料数量");
        alias(Field.OPERATOR_ID, "operator_id", "操作员");
        alias(Field.REMARK, "remark", "备注");
    }

    static final List<Field> REQUIRED = List.of(Field.EVENT_TIME, Field.LINE, Field.JOB, Field.BOARDS, Field.PICKS,
            Field.PLACEMENTS);

    private static void alias(Field f, String... names) {
        for (String n : names) HEADERS.put(n, f);
    }

    static Field fieldOf(String header) {
        String h = header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        return HEADERS.get(h);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int detect(byte[] head, String fileName) {
        String text = TextEncoding.decodeHead(head);
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        List<String> cells = CsvTokenizer.split(first.replace("\r", ""), CsvTokenizer.sniffDelimiter(first));
        int known = 0;
        boolean required = true;
        List<Field> seen = new ArrayList<>();
        for (String c : cells) {
            Field f = fieldOf(c);
            if (f != null) {
                known++;
                seen.add(f);
            }
        }
        for (Field f : REQUIRED) required &= seen.contains(f);
        if (required) return 95;
        if (known >= 4) return 40;
        return 0;
    }

    @Override
    public Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException {
        BufferedInputStream bin = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, HEAD_BYTES);
        bin.mark(HEAD_BYTES + 1);
        byte[] head = bin.readNBytes(HEAD_BYTES);
        bin.reset();
        TextEncoding.Detected enc = TextEncoding.detect(head);
        bin.skipNBytes(enc.bomLength());
        Reader reader = new InputStreamReader(bin, enc.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        String headText = TextEncoding.decodeHead(head);
        int nl = headText.indexOf('\n');
        char delimiter = CsvTokenizer.sniffDelimiter(nl < 0 ? headText : headText.substring(0, nl));
        CsvTokenizer tok = new CsvTokenizer(reader, delimiter);
        CsvTokenizer.Record header = tok.next();
        while (header != null && header.isBlank()) header = tok.next();
        if (header == null) {
            throw new FormatException("rules.csv.empty", "the file is empty: no header line");
        }
        Field[] columns = new Field[header.fields().size()];
        List<Field> seen = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            Field f = fieldOf(header.fields().get(i));
            if (f != null && !seen.contains(f)) {
                columns[i] = f;
                seen.add(f);
            }
        }
        List<String> missing = REQUIRED.stream().filter(f -> !seen.contains(f)).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
        if (!missing.isEmpty()) {
            throw new FormatException("rules.csv.missingColumns", "the header lacks the column(s) " + String.join(", ", missing)
                    + " (found: " + header.raw() + ")", String.join(", ", missing), header.raw());
        }
        tok.expectFields(columns.length);
        return new RowIterator(tok, columns, header, enc.charset().name());
    }

    /** The header record as it stood, for exports of rejected rows. */
    public static String headerOf(Iterator<SourceRow> rows) {
        return rows instanceof RowIterator r ? r.header.raw() : null;
    }

    /**
     * Rows one by one, or in blocks cut at line ends and parsed where they are judged (ADR 0033):
     * a record that is not a line of its own (a line break inside quotes) is read here, in order.
     */
    private static final class RowIterator extends RowSource implements RowBlocks {
        /** About 1,000 rows of a counter's log: few hand-offs, little held per block. */
        static final int BLOCK_CHARS = 128 * 1024;
        /** Rows read here in a row before a block goes out, when cutting is not safe for long. */
        static final int SERIAL_ROWS = 1_024;

        private final CsvTokenizer tok;
        private final Field[] columns;
        final CsvTokenizer.Record header;
        private final String charsetName;
        private long rowNo;
        /** A block cut right after rows read here, handed out next. */
        private Block cutAhead;

        RowIterator(CsvTokenizer tok, Field[] columns, CsvTokenizer.Record header, String charsetName) {
            this.tok = tok;
            this.columns = columns;
            this.header = header;
            this.charsetName = charsetName;
        }

        @Override
        protected SourceRow produce() {
            CsvTokenizer.Record rec;
            do {
                rec = tok.next();
                if (rec == null) return null;
            } while (rec.isBlank());
            return row(++rowNo, rec);
        }

        @Override
        public Block nextBlock() {
            Block ahead = cutAhead;
            if (ahead != null) {
                cutAhead = null;
                return ahead;
            }
            Block cut = cut();
            if (cut != null) return cut;
            List<SourceRow> rows = new ArrayList<>();
            while (rows.size() < SERIAL_ROWS) {
                SourceRow r = produce();
                if (r == null) break;
                rows.add(r);
                cutAhead = cut();
                if (cutAhead != null) break;
            }
            return rows.isEmpty() ? null : () -> rows;
        }

        /** The next lines as a block of text, numbered now, parsed later; null when none can be cut here. */
        private Block cut() {
            CsvTokenizer.Block text = tok.nextBlock(BLOCK_CHARS);
            if (text == null) return null;
            long first = rowNo + 1;
            rowNo += text.records();
            return () -> parse(text, first);
        }

        private List<SourceRow> parse(CsvTokenizer.Block text, long firstRowNo) {
            CsvTokenizer t = text.tokenizer();
            List<SourceRow> rows = new ArrayList<>(text.records());
            long no = firstRowNo;
            for (CsvTokenizer.Record rec; (rec = t.next()) != null; ) {
                if (!rec.isBlank()) rows.add(row(no++, rec));
            }
            if (rows.size() != text.records()) {
                // Numbering after this block would be wrong: fail rather than store rows under wrong numbers.
                throw new IllegalStateException("a block cut as " + text.records() + " rows read as " + rows.size());
            }
            return rows;
        }

        /** One record as a row; reads only what never changes, so any thread may call it. */
        private SourceRow row(long no, CsvTokenizer.Record rec) {
            if (rec.error() != null) {
                return SourceRow.broken(no, rec.raw(), Source.MANUAL, ParseProblem.encode(rec.error(), (Object[]) rec.errorArgs()));
            }
            if (rec.raw().indexOf('\uFFFD') >= 0) {
                return SourceRow.broken(no, rec.raw(), Source.MANUAL, ParseProblem.encode("rules.csv.encoding", charsetName));
            }
            List<String> fields = rec.fields();
            if (fields.size() < columns.length) {
                return SourceRow.broken(no, rec.raw(), Source.MANUAL,
                        ParseProblem.encode("rules.csv.tooFewColumns", fields.size(), columns.length));
            }
            for (int i = columns.length; i < fields.size(); i++) {
                // Excel leaves trailing delimiters; only real extra values are an error.
                if (!fields.get(i).isBlank()) {
                    return SourceRow.broken(no, rec.raw(), Source.MANUAL,
                            ParseProblem.encode("rules.csv.tooManyColumns", fields.size(), columns.length));
                }
            }
            Map<Field, String> values = new EnumMap<>(Field.class);
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] != null) values.put(columns[i], fields.get(i));
            }
            return new SourceRow(no, rec.raw(), Source.MANUAL, values, null, null, List.of());
        }
    }
}
