package dev.smtconsole.ingest.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.RowSource;
import dev.smtconsole.ingest.SourceRow;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

/**
 * IPC-CFX (IPC-2591) envelopes, as a JSON array or one envelope per line (DESIGN §5), bare or
 * inside a bus wrapper ({@link CfxWrapper}). Reads one envelope at a time; what the messages mean
 * and how they link to their job is {@link CfxInterpreter}'s, with bounded memory.
 * <p>
 * Real captures vary in property casing and carry placeholders ({@code "string"}), so every
 * property is looked up case-insensitively and optional values are distrusted.
 */
public final class CfxParser implements RecordParser {
    public static final String FORMAT = "cfx";
    static final String WORK_STARTED = "CFX.Production.WorkStarted";
    static final String WORK_COMPLETED = "CFX.Production.WorkCompleted";
    static final String COMPONENTS_PLACED = "CFX.ResourcePerformance.SMTPlacement.ComponentsPlaced";
    static final String UNITS_PROCESSED = "CFX.Production.Processing.UnitsProcessed";
    /** Envelopes in JSON Lines may be pretty-printed over several lines; this bounds one envelope. */
    private static final int MAX_ENVELOPE_CHARS = 4 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // The caller owns the stream (the pipeline reads it to the end for the file's digest).
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build());

    private final CfxWrapper wrapper;

    /** Envelopes as they are, or inside the common bus wrappers (found by themselves). */
    public CfxParser() {
        this(CfxWrapper.AUTO);
    }

    /** Envelopes inside a bus wrapper laid out as {@code wrapper} says. */
    public CfxParser(CfxWrapper wrapper) {
        this.wrapper = wrapper == null ? CfxWrapper.AUTO : wrapper;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /**
     * Sure (95) when a {@code MessageName} property is in the head, also as escaped JSON text inside
     * a wrapper's string; fairly sure (60) when the JSON only looks like CFX (a {@code CFX.}
     * message name or type, a {@code MessageBody}), so that its rows say what is missing. Other
     * JSON is not claimed: "no format recognises this file" then lists what was tried.
     */
    @Override
    public int detect(byte[] head, String fileName) {
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        if (text.isEmpty() || (text.charAt(0) != '[' && text.charAt(0) != '{')) return 0;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("\"messagename\"") || lower.contains("\\\"messagename\\\"")) return 95;
        if (lower.contains("\"cfx.") || lower.contains("\\\"cfx.") || lower.contains("\"messagebody\"")) return 60;
        return 0;
    }

    @Override
    public String whyNot(byte[] head, String fileName) {
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        boolean json = !text.isEmpty() && (text.charAt(0) == '[' || text.charAt(0) == '{');
        return ParseProblem.encode(json ? "formats.detect.cfxNoMessage" : "formats.detect.cfxNotJson");
    }

    @Override
    public Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        int first = firstSignificantByte(buffered);
        CfxInterpreter interpreter = new CfxInterpreter(context, wrapper, MAPPER);
        return first == '[' ? new ArrayRows(buffered, interpreter) : new LineRows(buffered, interpreter);
    }

    private static int firstSignificantByte(BufferedInputStream in) throws IOException {
        in.mark(4096);
        try {
            for (int i = 0; i < 4096; i++) {
                int b = in.read();
                if (b < 0) return -1;
                if (b == 0xEF || b == 0xBB || b == 0xBF || Character.isWhitespace(b)) continue;
                return b;
            }
            return -1;
        } finally {
            in.reset();
        }
    }

    private static final class ArrayRows extends RowSource {
        private final JsonParser parser;
        private final CfxInterpreter interpreter;
        private long index;
        private boolean started;
        private boolean finished;

        ArrayRows(InputStream in, CfxInterpreter interpreter) throws IOException {
            this.parser = MAPPER.getFactory().createParser(in); // byte source: Jackson detects a BOM
            this.interpreter = interpreter;
        }

        private boolean inBody;

        @Override
        protected SourceRow produce() throws IOException {
            if (finished) return null;
            try {
                if (!started) {
                    started = true;
                    parser.nextToken(); // '[' (checked by the caller); a BOM is skipped by the reader
                    if (parser.currentToken() != JsonToken.START_ARRAY) return fail(1, "formats.cfx.noArrayStart");
                }
                JsonToken t = parser.nextToken();
                if (t == null) return fail(index + 1, "formats.cfx.noArrayEnd");
                if (t == JsonToken.END_ARRAY) {
                    finished = true;
                    if (parser.nextToken() != null) return fail(index + 1, "formats.cfx.textAfterEnd",
                            parser.currentLocation().getLineNr());
                    return null;
                }
                index++;
                if (t != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    return SourceRow.broken(index, parser.getText(), Source.AUTO,
                            ParseProblem.encode("formats.cfx.notObject", index, t.asString()));
                }
                inBody = true;
                JsonNode envelope = MAPPER.readTree(parser);
                inBody = false;
                return interpreter.interpret(index, envelope);
            } catch (JsonProcessingException e) {
                var loc = e.getLocation();
                long ln = loc == null ? 0 : loc.getLineNr(), col = loc == null ? 0 : loc.getColumnNr();
                // Inside an envelope the broken message is the one counted; between them, the next.
                long at = inBody ? index : index + 1;
                return isEndOfInput(e) ? fail(at, "formats.cfx.truncated", ln, col)
                        : fail(at, "formats.cfx.invalidJson", ln, col, e.getOriginalMessage());
            }
        }

        /** The key's {2} is the message number from which the rest of the file is not read. */
        private SourceRow fail(long rowNo, String key, Object... args) {
            finished = true;
            Object[] all = new Object[args.length + 1];
            all[0] = rowNo;
            System.arraycopy(args, 0, all, 1, args.length);
            return SourceRow.broken(rowNo, "", Source.AUTO, ParseProblem.encode(key, all));
        }
    }

    /**
     * JSON Lines: one envelope per line, read line by line so one bad line is one rejected row and
     * the next line is read again. A line that ends mid-object is joined with the following ones
     * (pretty-printed envelopes written back to back).
     */
    private static final class LineRows extends RowSource {
        private final dev.smtconsole.ingest.BoundedLines reader;
        private final CfxInterpreter interpreter;
        private long lineNo;

        LineRows(InputStream in, CfxInterpreter interpreter) {
            this.reader = new dev.smtconsole.ingest.BoundedLines(new InputStreamReader(in, StandardCharsets.UTF_8), MAX_ENVELOPE_CHARS);
            this.interpreter = interpreter;
        }

        @Override
        protected SourceRow produce() throws IOException {
            SourceRow cut = cutLine();
            if (cut != null) return cut;
            String line;
            while ((line = readLine()) != null) {
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                long startLine = lineNo;
                StringBuilder text = new StringBuilder(line);
                while (true) {
                    try {
                        JsonNode node = MAPPER.readTree(text.toString());
                        if (node == null || !node.isObject()) {
                            return SourceRow.broken(startLine, text.toString(), Source.AUTO,
                                    ParseProblem.encode("formats.cfx.lineNotObject", startLine));
                        }
                        return interpreter.interpret(startLine, node, text.toString().strip());
                    } catch (JsonProcessingException e) {
                        if (!isEndOfInput(e)) {
                            return SourceRow.broken(startLine, text.toString(), Source.AUTO, ParseProblem.encode("formats.cfx.lineInvalid",
                                    startLine, e.getOriginalMessage()));
                        }
                        String more = text.length() < MAX_ENVELOPE_CHARS ? readLine() : null;
                        if (more == null && tooLong != null) {
                            // The envelope was cut off by an over-long line: both are rejected, the long one next.
                            return SourceRow.broken(startLine, text.toString(), Source.AUTO, ParseProblem.encode("formats.cfx.lineCutOff", startLine));
                        }
                        if (more == null) {
                            return SourceRow.broken(startLine, text.toString(), Source.AUTO, ParseProblem.encode("formats.cfx.lineTruncated", startLine));
                        }
                        if (more.startsWith("{")) {
                            // A new envelope begins: the one before was cut off, not continued.
                            pending = more;
                            lineNo--;
                            return SourceRow.broken(startLine, text.toString(), Source.AUTO, ParseProblem.encode("formats.cfx.lineCutOff", startLine));
                        }
                        text.append('\n').append(more);
                    }
                }
            }
            return cutLine(); // null at the end: the caller closes the stream
        }

        /** The over-long line just met, as a rejected row: its length and the bound, a prefix as its text. */
        private SourceRow cutLine() {
            if (tooLong == null) return null;
            var l = tooLong;
            tooLong = null;
            return SourceRow.broken(lineNo, l.text(), Source.AUTO, ParseProblem.encode("formats.cfx.lineTooLong", lineNo,
                    l.length(), MAX_ENVELOPE_CHARS));
        }

        private String pending;

        /** A line longer than the bound, met by {@link #readLine}: reported as its own rejected row. */
        private dev.smtconsole.ingest.BoundedLines.Line tooLong;

        private String readLine() throws IOException {
            String l;
            if (pending != null) {
                l = pending;
                pending = null;
            } else {
                var line = reader.readLine();
                if (line != null && line.cut()) {
                    lineNo++;
                    tooLong = line;
                    return null;
                }
                l = line == null ? null : line.text();
            }
            if (l != null) lineNo++;
            return l;
        }
    }

    private static boolean isEndOfInput(JsonProcessingException e) {
        return e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input");
    }
}
