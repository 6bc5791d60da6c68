package dev.smtconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smtconsole.app.GatewayService.DataValue;
import dev.smtconsole.app.GatewayService.DevicePost;
import dev.smtconsole.domain.TimeNotation;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed MES's device-data payload (DESIGN §8) read from JSON into a {@link DevicePost}, with
 * the first rule of its shape it breaks: used by the HTTP door and by a retry of a kept message.
 */
public final class DevicePayload {
    private DevicePayload() {
    }

    /** The first rule a post's shape breaks, as a bundle key. */
    public static final class Problem {
        private String field;
        private String key;
        private Object[] args = new Object[0];

        public void set(String field, String key, Object... args) {
            if (this.key != null) return;
            this.field = field;
            this.key = key;
            this.args = args;
        }

        /** The field that breaks the rule ({@code data[1].valueNumber}), or null. */
        public String field() {
            return field;
        }

        /** The rule's bundle key ({@code gateway.error.*}), or null when the post is well formed. */
        public String key() {
            return key;
        }

        public Object[] args() {
            return args.clone();
        }
    }

    /** The seed's payload; the first problem of its shape goes to {@code p}. */
    public static DevicePost parse(JsonNode n, Problem p) {
        if (!n.isObject()) {
            p.set(null, "gateway.error.notObject");
            return null;
        }
        String eventId = text(n, "eventId");
        if (eventId == null || eventId.isBlank()) p.set("eventId", "gateway.error.required", "eventId");
        else if (eventId.length() > 190) p.set("eventId", "gateway.error.tooLong", "eventId", 190);
        String eventTime = text(n, "eventTime");
        if (eventTime == null || eventTime.isBlank()) p.set("eventTime", "gateway.error.required", "eventTime");
        else if (TimeNotation.parseDateTime(eventTime, ZoneOffset.UTC) == null) p.set("eventTime", "gateway.error.time", "eventTime", eventTime);
        String source = text(n, "source");
        if (source != null && !source.equalsIgnoreCase("AUTO") && !source.equalsIgnoreCase("MANUAL")) {
            p.set("source", "gateway.error.source", source);
        }
        String trackId = text(n, "trackId"), carrier = text(n, "carrierTrackId");
        if (trackId != null && carrier != null) p.set("trackId", "gateway.error.bothTracks");
        JsonNode data = n.get("data");
        List<DataValue> values = new ArrayList<>();
        if (data == null || !data.isArray() || data.isEmpty()) {
            p.set("data", "gateway.error.dataEmpty");
        } else {
            int i = 0;
            for (JsonNode item : data) {
                String at = "data[" + i++ + "]";
                if (!item.isObject()) {
                    p.set(at, "gateway.error.notObject");
                    continue;
                }
                String spec = text(item, "specName");
                boolean byId = spec == null && text(item, "specId") != null;
                if (spec == null) spec = text(item, "specId");
                if (spec == null || spec.isBlank()) p.set(at + ".specName", "gateway.error.required", at + ".specName");
                JsonNode num = item.get("valueNumber"), txt = item.get("valueText"), bool = item.get("valueBoolean"),
                        json = item.get("valueJson");
                int given = (present(num) ? 1 : 0) + (present(txt) ? 1 : 0) + (present(bool) ? 1 : 0) + (present(json) ? 1 : 0);
                if (given != 1) p.set(at, "gateway.error.oneValue", at);
                if (present(num) && !num.isNumber()) p.set(at + ".valueNumber", "gateway.error.type", at + ".valueNumber", "number");
                if (present(bool) && !bool.isBoolean()) p.set(at + ".valueBoolean", "gateway.error.type", at + ".valueBoolean", "true/false");
                if (present(txt) && !txt.isTextual()) p.set(at + ".valueText", "gateway.error.type", at + ".valueText", "text");
                String collected = text(item, "collectedAt");
                if (collected != null && TimeNotation.parseDateTime(collected, ZoneOffset.UTC) == null) {
                    p.set(at + ".collectedAt", "gateway.error.time", at + ".collectedAt", collected);
                }
                if (spec != null && isCounter(spec) && !(present(num) && num.isNumber() && num.asDouble() >= 0
                        && num.asDouble() == Math.rint(num.asDouble()))) {
                    p.set(at + ".valueNumber", "gateway.error.counter", spec);
                }
                values.add(new DataValue(spec, present(num) && num.isNumber() ? num.asDouble() : null,
                        present(txt) ? txt.asText() : null, present(bool) && bool.isBoolean() ? bool.asBoolean() : null,
                        present(json) ? json.toString() : null, text(item, "unit"), text(item, "collectedAt"), byId));
            }
        }
        return new DevicePost(eventId == null ? null : eventId.strip(), eventTime, source == null ? "AUTO" : source,
                text(n, "runNo"), text(n, "unitSn"), text(n, "stationCode"), text(n, "stepNo"), text(n, "equipmentId"),
                text(n, "operatorId"), trackId, carrier, text(n, "operationId"), values, n.toString());
    }

    private static boolean isCounter(String spec) {
        return switch (spec.strip().toLowerCase(Locale.ROOT)) {
            case "boards", "picks", "placements", "rejects" -> true;
            default -> false;
        };
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        return v.isValueNode() ? v.asText() : v.toString();
    }

}
