package dev.smtconsole.ingest.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.RowSource;
import dev.smtconsole.ingest.SourceRow;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * IPC-CFX (IPC-2591) envelopes, as a JSON array or one envelope per line (DESIGN §5). Reads one
 * envelope at a time; keeps only, per machine, the history of jobs started (a few entries), so
 * memory does not grow with the file.
 * <p>
 * Real captures vary in property casing and carry placeholders ({@code "string"}), so every
 * property is looked up case-insensitively and optional values are distrusted.
 */
public final class CfxParser implements RecordParser {
    public static final String FORMAT = "cfx";
    static final String WORK_STARTED = "CFX.Production.WorkStarted";
    static final String WORK_COMPLETED = "CFX.Production.WorkCompleted";
    static final String COMPONENTS_PLACED = "CFX.ResourcePerformance.SMTPlacement.ComponentsPlaced";
    /** Envelopes in JSON Lines may be pretty-printed over several lines; this bounds one envelope. */
    private static final int MAX_ENVELOPE_CHARS = 4 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // The caller owns the stream (the pipeline reads it to the end for the file's digest).
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build());

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int detect(byte[] head, String fileName) {
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        boolean jsonName = fileName != null && fileName.toLowerCase(Locale.ROOT).matches(".*\\.(json|jsonl|ndjson)$");
        if (text.isEmpty() || (text.charAt(0) != '[' && text.charAt(0) != '{')) return 0;
        if (text.toLowerCase(Locale.ROOT).contains("\"messagename\"")) return 95;
        return jsonName ? 30 : 10;
    }

    @Override
    public Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        int first = firstSignificantByte(buffered);
        Interpreter interpreter = new Interpreter(context);
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
        private final Interpreter interpreter;
        private long index;
        private boolean started;
        private boolean finished;

        ArrayRows(InputStream in, Interpreter interpreter) throws IOException {
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
        private final BufferedReader reader;
        private final Interpreter interpreter;
        private long lineNo;

        LineRows(InputStream in, Interpreter interpreter) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            this.interpreter = interpreter;
        }

        @Override
        protected SourceRow produce() throws IOException {
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
            return null; // the caller closes the stream
        }

        private String pending;

        private String readLine() throws IOException {
            String l;
            if (pending != null) {
                l = pending;
                pending = null;
            } else {
                l = reader.readLine();
            }
            if (l != null) lineNo++;
            return l;
        }
    }

    private static boolean isEndOfInput(JsonProcessingException e) {
        return e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input");
    }

    /** Turns envelopes into rows, remembering which job runs on each machine. */
    static final class Interpreter {
        private final ParseContext context;
        /** Per Source (upper-case): job history by start time. */
        private final Map<String, TreeMap<Instant, RunningJob>> jobs = new HashMap<>();
        private final Map<String, Integer> occurrences = new HashMap<>();

        Interpreter(ParseContext context) {
            this.context = context;
        }

        record RunningJob(String job, String model) {
        }

        SourceRow interpret(long rowNo, JsonNode envelope) {
            return interpret(rowNo, envelope, envelope.toString());
        }

        /** @param raw the envelope as written (JSON Lines) or re-serialized (array) */
        SourceRow interpret(long rowNo, JsonNode envelope, String raw) {
            String name = text(prop(envelope, "MessageName"));
            if (name == null) return SourceRow.broken(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.noMessageName", rowNo));
            String source = text(prop(envelope, "Source"));
            boolean started = name.equalsIgnoreCase(WORK_STARTED);
            boolean completed = name.equalsIgnoreCase(WORK_COMPLETED);
            boolean placed = name.equalsIgnoreCase(COMPONENTS_PLACED);
            if (!started && !completed && !placed) {
                return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.unused", name));
            }
            if (source == null) return broken(rowNo, raw, name, "formats.cfx.noSource");
            JsonNode body = prop(envelope, "MessageBody");
            if (body == null || !body.isObject()) return broken(rowNo, raw, name, "formats.cfx.noBody");
            // ComponentsPlaced is placed in time by its EndTime; its TimeStamp is not needed.
            OffsetDateTime stampAt = null;
            String stamp = null;
            if (!placed) {
                String stampText = text(prop(envelope, "TimeStamp"));
                stampAt = Times.parse(stampText, context.zone());
                if (stampAt == null) return broken(rowNo, raw, name, "formats.cfx.badTime", "TimeStamp", show(stampText));
                stamp = Times.emit(stampText, stampAt);
            }

            if (started) return workStarted(rowNo, raw, name, source, stamp, stampAt.toInstant(), body);

            List<String> warnings = new ArrayList<>();
            Map<Field, String> v = new EnumMap<>(Field.class);
            v.put(Field.EVENT_ID, eventId(envelope, raw, warnings));
            v.put(Field.MACHINE, source);
            String line = lineOf(source);
            if (line != null) v.put(Field.LINE, line);

            if (completed) {
                String result = text(prop(body, "Result"));
                if (result == null) return broken(rowNo, raw, name, "formats.cfx.noResult");
                if (!result.equalsIgnoreCase("Completed")) {
                    return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.notProduced", name, result));
                }
                RunningJob job = jobAt(source, stampAt.toInstant());
                if (job == null) return noJob(rowNo, raw, name, source, stamp);
                v.put(Field.EVENT_TIME, stamp);
                v.put(Field.JOB, job.job());
                if (job.model() != null) v.put(Field.PRODUCT_MODEL, job.model());
                v.put(Field.BOARDS, "1");
                return new SourceRow(rowNo, raw, Source.AUTO, v, null, null, warnings);
            }

            // ComponentsPlaced: a delta for its window, attributed to the job running at EndTime.
            String endText = text(prop(body, "EndTime"));
            OffsetDateTime endAt = Times.parse(endText, context.zone());
            String end = endAt == null ? null : Times.emit(endText, endAt);
            if (end == null) return broken(rowNo, raw, name, "formats.cfx.badTime", "EndTime", show(endText));
            String startText = text(prop(body, "StartTime"));
            // With an offset the text goes on as written (the pipeline's time rule checks it).
            String start = startText == null ? null : Times.hasOffset(startText) ? startText : Times.isoWithOffset(startText, context.zone());
            if (startText != null && start == null) {
                return broken(rowNo, raw, name, "formats.cfx.badTime", "StartTime", show(startText));
            }
            Count placedCount = count(body, "TotalComponentsPlaced", true);
            if (placedCount.error != null) return broken(rowNo, raw, name, placedCount.error, placedCount.args);
            Count notPlaced = count(body, "TotalComponentsNotPlaced", false);
            if (notPlaced.error != null) return broken(rowNo, raw, name, notPlaced.error, notPlaced.args);
            if (notPlaced.value == null) warnings.add(ParseProblem.encode("formats.cfx.notPlacedMissing", "TotalComponentsNotPlaced"));
            long rejects = notPlaced.value == null ? 0 : notPlaced.value;
            if (placedCount.warning != null) warnings.add(placedCount.warning);
            if (notPlaced.warning != null) warnings.add(notPlaced.warning);
            RunningJob job = jobAt(source, endAt.toInstant());
            if (job == null) return noJob(rowNo, raw, name, source, end);
            v.put(Field.EVENT_TIME, end);
            if (start != null) v.put(Field.START_TIME, start);
            v.put(Field.JOB, job.job());
            if (job.model() != null) v.put(Field.PRODUCT_MODEL, job.model());
            v.put(Field.PLACEMENTS, Long.toString(placedCount.value));
            v.put(Field.REJECTS, Long.toString(rejects));
            v.put(Field.PICKS, Long.toString(placedCount.value + rejects));
            return new SourceRow(rowNo, raw, Source.AUTO, v, null, null, warnings);
        }

        private SourceRow workStarted(long rowNo, String raw, String name, String source, String stamp, Instant at, JsonNode body) {
            String recipe = text(prop(body, "RecipeName"));
            String workOrder = text(prop(prop(body, "WorkOrderIdentifier"), "WorkOrderId"));
            String job = workOrder != null ? workOrder : recipe;
            if (job == null) {
                return broken(rowNo, raw, name, "formats.cfx.noJobName");
            }
            jobs.computeIfAbsent(key(source), k -> new TreeMap<>()).put(at, new RunningJob(job, recipe));
            return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.jobStarts", name, job, recipe != null ? " (" + recipe + ")" : "", source, stamp));
        }

        private RunningJob jobAt(String source, Instant t) {
            TreeMap<Instant, RunningJob> history = jobs.get(key(source));
            if (history == null) return null;
            var e = history.floorEntry(t);
            return e == null ? null : e.getValue();
        }

        private SourceRow noJob(long rowNo, String raw, String name, String source, String at) {
            return broken(rowNo, raw, name, "formats.cfx.noRunningJob", source, at);
        }

        private String lineOf(String source) {
            if (context.masterData() != null) {
                var m = context.masterData().machine(source).map(MachineInfo::lineCode);
                if (m.isPresent()) return m.get();
            }
            return context.defaultLine() == null || context.defaultLine().isBlank() ? null : context.defaultLine();
        }

        private String eventId(JsonNode envelope, String raw, List<String> warnings) {
            String id = text(prop(envelope, "UniqueID"));
            if (id != null && !id.equals("00000000-0000-0000-0000-000000000000")) return id;
            warnings.add(ParseProblem.encode("formats.cfx.noUniqueId", "UniqueID"));
            int n = occurrences.merge(raw, 1, Integer::sum);
            return EventIds.derive(FORMAT, List.of(raw), n);
        }

        /** The key's {2} is the message name, its own arguments follow from {3}. */
        private static SourceRow broken(long rowNo, String raw, String name, String key, Object... args) {
            Object[] all = new Object[args.length + 1];
            all[0] = name;
            System.arraycopy(args, 0, all, 1, args.length);
            return SourceRow.broken(rowNo, raw, Source.AUTO, ParseProblem.encode(key, all));
        }

        private static String key(String s) {
            return s.strip().toUpperCase(Locale.ROOT);
        }
    }

    /** error: a bundle key with {@code args}; warning: an encoded {@link ParseProblem}. */
    record Count(Long value, String error, String warning, Object... args) {
    }

    /** A count property: a whole JSON number ≥ 0; a string holding one is taken with a warning. */
    static Count count(JsonNode body, String property, boolean required) {
        JsonNode n = prop(body, property);
        if (n == null || n.isNull()) return required ? new Count(null, "formats.cfx.countMissing", null, property) : new Count(null, null, null);
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            long v = n.asLong();
            return v < 0 ? new Count(null, "formats.cfx.countNegative", null, property, v) : new Count(v, null, null);
        }
        if (n.isNumber()) return new Count(null, "formats.cfx.countNotWhole", null, property, n.asText());
        if (n.isTextual()) {
            String s = n.asText().strip();
            if (s.matches("\\d{1,18}")) return new Count(Long.parseLong(s), null, ParseProblem.encode("formats.cfx.countAsText", property, s));
            return new Count(null, "formats.cfx.countNotWhole", null, property, show(s));
        }
        return new Count(null, "formats.cfx.countNotWhole", null, property, n.toString());
    }

    /** A property by name, ignoring case (CFX writers disagree on TransactionID / TransactionId). */
    static JsonNode prop(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) return null;
        JsonNode exact = obj.get(name);
        if (exact != null) return exact;
        for (var it = obj.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    /** Text of a scalar, or null for missing, null, blank and the schema placeholder "string". */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) return null;
        String s = n.asText().strip();
        return s.isEmpty() || s.equalsIgnoreCase("string") ? null : s;
    }

    private static String show(String s) {
        if (s == null) return "";
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

}
