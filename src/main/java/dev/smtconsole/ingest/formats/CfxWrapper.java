package dev.smtconsole.ingest.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a plant's message bus keeps the IPC-CFX envelope inside its own wrapper, and where the
 * wrapper keeps the line and device ids ({@code {"Meta": {"LineID": …, "DeviceID": …},
 * "Data": {"RawData": "<the envelope as JSON text>"}}}).
 * <p>
 * Without paths ({@link #AUTO}) the envelope is found by itself: the first object with a
 * {@code MessageName} within {@value #MAX_DEPTH} levels, as an object or as JSON text in a string;
 * the device and line ids are the first wrapper fields with a usual name ({@code DeviceID},
 * {@code EquipmentId}, {@code LineID} …). Paths name fields by dots, ignoring case
 * ({@code Data.RawData}); a string holding JSON text is read through.
 *
 * @param envelope path of the envelope in the wrapper; null = search
 * @param source   path of the device id (the machine when the envelope has no {@code Source}); null = search
 * @param line     path of the line id (the line when master data does not know the machine); null = search
 */
public record CfxWrapper(String envelope, String source, String line) {
    public static final CfxWrapper AUTO = new CfxWrapper(null, null, null);
    static final int MAX_DEPTH = 4;
    private static final int MAX_TEXT = 4 << 20;
    private static final List<String> SOURCE_NAMES = List.of("deviceid", "device", "equipmentid", "equipment", "machineid",
            "machine", "stationid", "station", "endpoint", "cfxhandle", "handle", "source");
    private static final List<String> LINE_NAMES = List.of("lineid", "linecode", "linename", "line");

    public CfxWrapper {
        envelope = blankToNull(envelope);
        source = blankToNull(source);
        line = blankToNull(line);
    }

    /**
     * A wrapper setting as written on the command line or in the setting {@code ingest.cfx.wrapper}:
     * {@code envelope=Data.RawData,source=Meta.DeviceID,line=Meta.LineID} (any of the three, {@code ,}
     * or {@code ;} between), or the same as a JSON object.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CfxWrapper parse(String spec) {
        if (spec == null || spec.isBlank()) return AUTO;
        Map<String, String> values = new LinkedHashMap<>();
        String s = spec.strip();
        if (s.startsWith("{")) {
            try {
                JsonNode n = new ObjectMapper().readTree(s);
                n.fields().forEachRemaining(e -> values.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the CFX wrapper setting is not valid JSON: " + e.getOriginalMessage());
            }
        } else {
            for (String part : s.split("[,;]")) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("CFX wrapper setting '" + part.strip()
                        + "' must read NAME=PATH (envelope, source or line), e.g. envelope=Data.RawData");
                values.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
        for (String k : values.keySet()) {
            if (!List.of("envelope", "source", "line").contains(k)) {
                throw new IllegalArgumentException("CFX wrapper setting '" + k + "' is not known (envelope, source, line)");
            }
        }
        return new CfxWrapper(values.get("envelope"), values.get("source"), values.get("line"));
    }

    /**
     * What was found in one JSON value: the envelope (null when none), where ({@code ""} = the
     * value itself), and the wrapper's device and line ids (null when none or no wrapper).
     */
    record Found(JsonNode envelope, String path, String source, String line) {
    }

    Found find(JsonNode root, ObjectMapper mapper) {
        if (envelope != null) {
            JsonNode e = at(root, envelope, mapper);
            return e != null && isEnvelope(e) ? withMetadata(root, e, envelope, mapper) : new Found(null, envelope, null, null);
        }
        if (isEnvelope(root)) return new Found(root, "", null, null);
        record Step(JsonNode node, String path, int depth) {
        }
        Deque<Step> queue = new ArrayDeque<>();
        queue.add(new Step(root, "", 0));
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            if (step.depth() >= MAX_DEPTH || !step.node().isObject()) continue;
            for (var it = step.node().fields(); it.hasNext(); ) {
                var f = it.next();
                String path = step.path().isEmpty() ? f.getKey() : step.path() + "." + f.getKey();
                JsonNode value = readThrough(f.getValue(), mapper);
                if (value == null) continue;
                if (isEnvelope(value)) return withMetadata(root, value, path, mapper);
                queue.add(new Step(value, path, step.depth() + 1));
            }
        }
        return new Found(null, null, null, null);
    }

    private Found withMetadata(JsonNode root, JsonNode found, String path, ObjectMapper mapper) {
        if (found == root) return new Found(root, "", null, null);
        String src = source != null ? CfxInterpreter.text(at(root, source, mapper)) : search(root, found, SOURCE_NAMES);
        String ln = line != null ? CfxInterpreter.text(at(root, line, mapper)) : search(root, found, LINE_NAMES);
        return new Found(found, path, src, ln);
    }

    /**
     * The wrapper field (not inside the envelope) whose name comes first in {@code names}; among
     * equal names the one nearest the top.
     */
    private static String search(JsonNode root, JsonNode envelope, List<String> names) {
        Deque<JsonNode> level = new ArrayDeque<>();
        level.add(root);
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            Deque<JsonNode> next = new ArrayDeque<>();
            for (JsonNode obj : level) {
                for (var it = obj.fields(); it.hasNext(); ) {
                    var f = it.next();
                    JsonNode v = f.getValue();
                    if (v == envelope) continue;
                    if (v.isObject()) {
                        next.add(v);
                    } else if (v.isValueNode()) {
                        int rank = names.indexOf(f.getKey().toLowerCase(Locale.ROOT));
                        String text = CfxInterpreter.text(v);
                        if (rank >= 0 && rank < bestRank && text != null && !text.startsWith("{")) {
                            best = text;
                            bestRank = rank;
                        }
                    }
                }
            }
            level = next;
        }
        return best;
    }

    /** The value at a dotted path, ignoring case, reading JSON text in strings through. */
    static JsonNode at(JsonNode root, String path, ObjectMapper mapper) {
        JsonNode n = root;
        if (path.equals("$") || path.isEmpty()) return n;
        String[] segments = (path.startsWith("$.") ? path.substring(2) : path).split("\\.");
        for (int i = 0; i < segments.length; i++) {
            JsonNode v = CfxInterpreter.prop(n, segments[i]);
            // The last step may end on a value (a device id); the ones before must lead into objects.
            n = i == segments.length - 1 && v != null && !v.isTextual() ? v : readThrough(v, mapper);
            if (n == null) return i == segments.length - 1 ? v : null;
        }
        return n;
    }

    /** An object as it is; a string holding a JSON object as that object; anything else null. */
    private static JsonNode readThrough(JsonNode v, ObjectMapper mapper) {
        if (v == null) return null;
        if (v.isObject()) return v;
        if (v.isTextual()) {
            String t = v.asText().strip();
            if (t.startsWith("{") && t.length() <= MAX_TEXT) {
                try {
                    JsonNode parsed = mapper.readTree(t);
                    return parsed != null && parsed.isObject() ? parsed : null;
                } catch (JsonProcessingException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean isEnvelope(JsonNode n) {
        return n != null && n.isObject() && CfxInterpreter.text(CfxInterpreter.prop(n, "MessageName")) != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
