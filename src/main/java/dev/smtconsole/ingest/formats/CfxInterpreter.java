package dev.smtconsole.ingest.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns IPC-CFX envelopes into rows the way the standard links them (IPC-2591): a
 * {@code WorkCompleted}, {@code UnitsProcessed} or {@code ComponentsPlaced} belongs to the
 * {@code WorkStarted} with the same {@code TransactionID}; without one in the file, to the job
 * running on that machine (per lane) at that time; without that either, its job is not known and
 * the row says why ({@link SourceRow#jobUnknown()}) — never a guess.
 * <p>
 * Reads every CFX version in use (1.0 … 2.x): enums as names or numbers, {@code Lane} as number
 * or string, times with 7-digit fractions and offsets, property names in any case, {@code $type}
 * ignored, {@code WorkStarted} before 2.1 without {@code RecipeName}/{@code WorkOrderIdentifier}.
 * Memory is bounded: open transactions are forgotten at their {@code WorkCompleted} (and beyond
 * {@value #MAX_TRANSACTIONS}), and per machine and lane only job changes are kept.
 */
final class CfxInterpreter {
    private static final int MAX_TRANSACTIONS = 100_000;
    /** CFX enums by ordinal (writers that serialize enums as numbers). */
    private static final List<String> WORK_RESULTS = List.of("Completed", "Failed", "Aborted", "Skipped");
    private static final List<String> PROCESSING_RESULTS = List.of("Succeeded", "Failed", "Error", "Aborted", "Skipped");
    private static final List<String> UNIT_STATUSES = List.of("Pass", "Fail", "Scrap", "Skip");

    private enum Kind { STARTED, COMPLETED, PROCESSED, PLACED, OTHER }

    /** A work transaction as its WorkStarted told it; {@code job} null when it names none (CFX before 2.1). */
    private record Work(String job, String model, Instant at, String startText, Integer units) {
    }

    /** The job of a count: known (job, model, start) or not, with the reason. */
    private record Resolution(String job, String model, String start, String why) {
        static Resolution of(Work w, String start) {
            return new Resolution(w.job(), w.model(), start, null);
        }
    }

    private final ParseContext context;
    private final CfxWrapper wrapper;
    private final ObjectMapper mapper;
    /** WorkStarted by transaction (lower case), until its WorkCompleted. */
    private final Map<String, Work> open = bounded();
    /** Transactions already counted as a board, per machine: by WorkCompleted or UnitsProcessed, once. */
    private final Map<String, Long> counted = bounded();
    /** Per machine (upper case) and lane: the job runs by start time (a new entry only when the job changes). */
    private final Map<String, Map<String, TreeMap<Instant, Work>>> runs = new HashMap<>();
    private final Map<String, Integer> occurrences = new HashMap<>();

    CfxInterpreter(ParseContext context, CfxWrapper wrapper, ObjectMapper mapper) {
        this.context = context;
        this.wrapper = wrapper == null ? CfxWrapper.AUTO : wrapper;
        this.mapper = mapper;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRANSACTIONS;
            }
        };
    }

    SourceRow interpret(long rowNo, JsonNode node) {
        return interpret(rowNo, node, node.toString());
    }

    /** @param raw the message as written (JSON Lines) or re-serialized (array), wrapper included */
    SourceRow interpret(long rowNo, JsonNode node, String raw) {
        CfxWrapper.Found found = wrapper.find(node, mapper);
        if (found.envelope() == null) {
            return found.path() != null
                    ? SourceRow.broken(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.notEnvelopeAt", rowNo, found.path()))
                    : SourceRow.broken(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.notEnvelope", rowNo, CfxWrapper.MAX_DEPTH));
        }
        JsonNode envelope = found.envelope();
        String name = text(prop(envelope, "MessageName"));
        Kind kind = kind(name);
        if (kind == Kind.OTHER) return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.unused", name));
        String source = text(prop(envelope, "Source"));
        if (source == null) source = found.source(); // the bus wrapper's device id
        if (source == null) return broken(rowNo, raw, name, "formats.cfx.noSource");
        JsonNode body = prop(envelope, "MessageBody");
        if (body == null || !body.isObject()) return broken(rowNo, raw, name, "formats.cfx.noBody");
        // ComponentsPlaced is placed in time by its EndTime; its TimeStamp is not needed.
        OffsetDateTime stampAt = null;
        String stamp = null;
        if (kind != Kind.PLACED) {
            String stampText = text(prop(envelope, "TimeStamp"));
            stampAt = Times.parse(stampText, context.zone());
            if (stampAt == null) return broken(rowNo, raw, name, "formats.cfx.badTime", "TimeStamp", show(stampText));
            stamp = Times.emit(stampText, stampAt);
        }
        if (kind == Kind.STARTED) return workStarted(rowNo, raw, name, source, stamp, stampAt.toInstant(), body);

        List<String> warnings = new ArrayList<>();
        Map<Field, String> v = new EnumMap<>(Field.class);
        v.put(Field.EVENT_ID, eventId(envelope, raw, warnings));
        v.put(Field.MACHINE, source);
        String line = lineOf(source, found.line());
        if (line != null) v.put(Field.LINE, line);
        String transaction = text(prop(body, kind == Kind.PROCESSED ? "TransactionId" : "TransactionID"));
        String txKey = transaction == null ? null : transaction.toLowerCase(Locale.ROOT);

        if (kind == Kind.PLACED) return componentsPlaced(rowNo, raw, name, source, body, txKey, transaction, v, warnings);

        // WorkCompleted / UnitsProcessed: one board (panel) per transaction, when it was produced.
        boolean completed = kind == Kind.COMPLETED;
        String resultProperty = completed ? "Result" : "OverallResult";
        JsonNode resultNode = prop(body, resultProperty);
        if (text(resultNode) == null) return broken(rowNo, raw, name, "formats.cfx.countMissing", resultProperty);
        String result = enumName(resultNode, completed ? WORK_RESULTS : PROCESSING_RESULTS);
        if (result == null) {
            return broken(rowNo, raw, name, "formats.cfx.badEnum", resultProperty, show(text(resultNode)),
                    String.join(", ", completed ? WORK_RESULTS : PROCESSING_RESULTS));
        }
        Work linked = txKey == null ? null : completed ? open.remove(txKey) : open.get(txKey);
        if (!result.equalsIgnoreCase(completed ? "Completed" : "Succeeded")) {
            return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.notProduced", name, result));
        }
        if (txKey != null) {
            Long before = counted.putIfAbsent(key(source) + "\u001f" + txKey, rowNo);
            if (before != null) {
                return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.countedOnce", name, transaction,
                        source, before));
            }
        }
        Integer units = completed ? units(body, "Units", "Status", UNIT_STATUSES, List.of("Pass", "Fail"))
                : units(body, "UnitProcessData", "UnitResult", PROCESSING_RESULTS, List.of("Succeeded"));
        if (units == null && linked != null) units = linked.units();
        v.put(Field.EVENT_TIME, stamp);
        v.put(Field.BOARDS, "1");
        if (units != null) v.put(Field.PCBS, Integer.toString(units));
        Resolution job = linked != null ? known(linked, name, source, linked.startText())
                : running(name, source, stampAt.toInstant(), stamp, transaction);
        return row(rowNo, raw, v, warnings, job, stampAt.toInstant());
    }

    private static Kind kind(String name) {
        if (name.equalsIgnoreCase(CfxParser.WORK_STARTED)) return Kind.STARTED;
        if (name.equalsIgnoreCase(CfxParser.WORK_COMPLETED)) return Kind.COMPLETED;
        if (name.equalsIgnoreCase(CfxParser.UNITS_PROCESSED) || name.equalsIgnoreCase("CFX.Production.UnitsProcessed")) {
            return Kind.PROCESSED;
        }
        if (name.equalsIgnoreCase(CfxParser.COMPONENTS_PLACED)) return Kind.PLACED;
        return Kind.OTHER;
    }

    /** ComponentsPlaced: a delta for its window, of the job of its transaction (if it names one) or running at EndTime. */
    private SourceRow componentsPlaced(long rowNo, String raw, String name, String source, JsonNode body, String txKey,
                                       String transaction, Map<Field, String> v, List<String> warnings) {
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
        if (placedCount.error() != null) return broken(rowNo, raw, name, placedCount.error(), placedCount.args());
        Count notPlaced = count(body, "TotalComponentsNotPlaced", false);
        if (notPlaced.error() != null) return broken(rowNo, raw, name, notPlaced.error(), notPlaced.args());
        if (notPlaced.value() == null) warnings.add(ParseProblem.encode("formats.cfx.notPlacedMissing", "TotalComponentsNotPlaced"));
        long rejects = notPlaced.value() == null ? 0 : notPlaced.value();
        long picks;
        try {
            picks = Math.addExact(placedCount.value(), rejects);
        } catch (ArithmeticException e) {
            // Said as an overflow, not as the negative sum it would wrap to (issue 18).
            return broken(rowNo, raw, name, "formats.cfx.countOverflow", "TotalComponentsPlaced", placedCount.value(),
                    "TotalComponentsNotPlaced", rejects);
        }
        if (placedCount.warning() != null) warnings.add(placedCount.warning());
        if (notPlaced.warning() != null) warnings.add(notPlaced.warning());
        v.put(Field.EVENT_TIME, end);
        if (start != null) v.put(Field.START_TIME, start);
        v.put(Field.PLACEMENTS, Long.toString(placedCount.value()));
        v.put(Field.REJECTS, Long.toString(rejects));
        v.put(Field.PICKS, Long.toString(picks));
        Work linked = txKey == null ? null : open.get(txKey);
        Resolution job = linked != null ? known(linked, name, source, null) : running(name, source, endAt.toInstant(), end, transaction);
        return row(rowNo, raw, v, warnings, job, endAt.toInstant());
    }

    private SourceRow row(long rowNo, String raw, Map<Field, String> v, List<String> warnings, Resolution job, Instant end) {
        // The job's real start (its WorkStarted), unless the clocks disagree and it would follow the count.
        if (job.start() != null && !v.containsKey(Field.START_TIME)) {
            OffsetDateTime s = Times.parse(job.start(), context.zone());
            if (s != null && !s.toInstant().isAfter(end)) v.put(Field.START_TIME, job.start());
        }
        if (job.job() == null) return SourceRow.jobUnknown(rowNo, raw, Source.AUTO, v, warnings, job.why());
        v.put(Field.JOB, job.job());
        if (job.model() != null) v.put(Field.PRODUCT_MODEL, job.model());
        return new SourceRow(rowNo, raw, Source.AUTO, v, null, null, warnings);
    }

    private SourceRow workStarted(long rowNo, String raw, String name, String source, String stamp, Instant at, JsonNode body) {
        String recipe = text(prop(body, "RecipeName"));
        String workOrder = text(prop(prop(body, "WorkOrderIdentifier"), "WorkOrderId"));
        String job = workOrder != null ? workOrder : recipe;
        String lane = lane(prop(body, "Lane"));
        Work work = new Work(job, recipe, at, stamp, units(body, "Units", "Status", UNIT_STATUSES, List.of("Pass", "Fail")));
        String transaction = text(prop(body, "TransactionID"));
        if (transaction != null) open.put(transaction.toLowerCase(Locale.ROOT), work);
        startRun(source, lane, work);
        String onLane = lane.isEmpty() ? "" : " (Lane " + lane + ")";
        if (job == null) {
            return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.workStartsNoJob", name, source + onLane, stamp));
        }
        return SourceRow.skipped(rowNo, raw, Source.AUTO, ParseProblem.encode("formats.cfx.jobStarts", name, job,
                recipe != null ? " (" + recipe + ")" : "", source + onLane, stamp));
    }

    /** Remembers a job run on the machine's lane; a WorkStarted of the job already running adds nothing. */
    private void startRun(String source, String lane, Work work) {
        TreeMap<Instant, Work> history = runs.computeIfAbsent(key(source), k -> new HashMap<>()).computeIfAbsent(lane, k -> new TreeMap<>());
        var before = history.floorEntry(work.at());
        if (before != null && Objects.equals(before.getValue().job(), work.job())) return;
        var after = history.higherEntry(work.at());
        if (after != null && Objects.equals(after.getValue().job(), work.job())) history.remove(after.getKey());
        history.put(work.at(), work);
    }

    private static Resolution known(Work w, String name, String source, String start) {
        if (w.job() == null) {
            return new Resolution(null, null, start, ParseProblem.encode("formats.cfx.jobNotNamed", name, source, w.startText()));
        }
        return Resolution.of(w, start);
    }

    /** The job running on the machine at {@code t}: the same on every lane that runs one, else not known. */
    private Resolution running(String name, String source, Instant t, String at, String transaction) {
        Map<String, TreeMap<Instant, Work>> lanes = runs.get(key(source));
        List<Work> current = new ArrayList<>();
        if (lanes != null) {
            for (TreeMap<Instant, Work> history : lanes.values()) {
                var e = history.floorEntry(t);
                if (e != null) current.add(e.getValue());
            }
        }
        if (current.isEmpty()) {
            return new Resolution(null, null, null, transaction != null
                    ? ParseProblem.encode("formats.cfx.noWorkStarted", name, source, transaction, at)
                    : ParseProblem.encode("formats.cfx.noRunningJob", name, source, at));
        }
        TreeSet<String> jobs = new TreeSet<>();
        for (Work w : current) jobs.add(w.job() == null ? "?" : w.job());
        if (jobs.size() > 1) {
            return new Resolution(null, null, null, ParseProblem.encode("formats.cfx.lanesDiffer", name, source, at, String.join(", ", jobs)));
        }
        Work first = current.stream().min(java.util.Comparator.comparing(Work::at)).orElseThrow();
        return known(first, name, source, first.startText());
    }

    /**
     * PCBs of a carrier or panel: the units listed whose status counts (a bad-marked, skipped or
     * scrapped circuit does not), else {@code UnitCount} when above 0 (writers put 0 for "not
     * said"), else null.
     */
    private static Integer units(JsonNode body, String listName, String statusName, List<String> statuses, List<String> counting) {
        JsonNode list = prop(body, listName);
        if (list != null && list.isArray() && !list.isEmpty()) {
            int n = 0;
            for (JsonNode unit : list) {
                JsonNode status = prop(unit, statusName);
                String s = text(status) == null ? counting.get(0) : enumName(status, statuses);
                if (s != null && counting.stream().anyMatch(s::equalsIgnoreCase)) n++;
            }
            return n;
        }
        JsonNode count = prop(body, "UnitCount");
        if (count != null && count.canConvertToInt() && count.asInt() > 0) return count.asInt();
        String asText = text(count);
        if (asText != null && asText.matches("\\d{1,6}") && Integer.parseInt(asText) > 0) return Integer.parseInt(asText);
        return null;
    }

    /** An enum written as its name (any case) or its number; the name as the standard spells it, else null for a number out of range. */
    static String enumName(JsonNode n, List<String> names) {
        String t = text(n);
        if (t == null) return null;
        if (t.matches("\\d{1,3}")) {
            int i = Integer.parseInt(t);
            return i < names.size() ? names.get(i) : null;
        }
        for (String name : names) if (name.equalsIgnoreCase(t)) return name;
        return t;
    }

    /** A lane as text: {@code 1} and {@code "1"} alike; none, 0 and blank mean no specific lane (""). */
    static String lane(JsonNode n) {
        String t = text(n);
        if (t == null) return "";
        String s = t.matches("0*\\d+") ? String.valueOf(Long.parseLong(t)) : t;
        return s.equals("0") ? "" : s;
    }

    private String lineOf(String source, String wrapperLine) {
        if (context.masterData() != null) {
            var m = context.masterData().machine(source).map(MachineInfo::lineCode);
            if (m.isPresent()) return m.get();
        }
        if (wrapperLine != null) return wrapperLine;
        return context.defaultLine() == null || context.defaultLine().isBlank() ? null : context.defaultLine();
    }

    private String eventId(JsonNode envelope, String raw, List<String> warnings) {
        String id = text(prop(envelope, "UniqueID"));
        if (id != null && !id.equals("00000000-0000-0000-0000-000000000000")) return id;
        warnings.add(ParseProblem.encode("formats.cfx.noUniqueId", "UniqueID"));
        int n = occurrences.merge(raw, 1, Integer::sum);
        return EventIds.derive(CfxParser.FORMAT, List.of(raw), n);
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
