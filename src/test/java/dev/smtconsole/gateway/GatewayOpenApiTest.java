package dev.smtconsole.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/gateway-openapi.yaml against the running gateway: every request sent here and every
 * answer it gave must be described by the document (path, method, status, schema), so the
 * document integrators read cannot drift from what the server does. The schema check is a small
 * subset of JSON Schema ($ref, oneOf, allOf, type, enum, required, properties, items, bounds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayOpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private JsonNode api;
    private AppServices services;
    private GatewayServer server;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void open() throws Exception {
        api = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docs", "gateway-openapi.yaml").toFile());
        services = new AppServices(Database.open(TestDatabases.h2(dir.resolve("db"))), Clock.systemUTC());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        GatewayService gw = services.gateway();
        token = gw.newToken("OP1001", services.masterData().current());
        server = new GatewayServer(gw, new InetSocketAddress("127.0.0.1", 0), () -> gw.storedTokenHash().orElse(null),
                () -> GatewayServer.healthBody("test", services.schemaVersion(), gw.lastPostAt().orElse(null))).start();
    }

    @AfterAll
    void close() {
        if (server != null) server.stop(0);
        if (services != null) services.close();
    }

    // ---------- the exchanges ----------

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String type, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        if (auth) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String path = URI.create(pathAndQuery).getPath();
        // The request, as the document describes it.
        JsonNode operation = api.path("paths").path(path).path(method.toLowerCase());
        assertThat(operation.isMissingNode()).as("%s %s is in the document", method, path).isFalse();
        // A request the server took whole must be one the document allows (refused ones break it on purpose).
        if (r.statusCode() == 200 && body != null && JSON.readTree(r.body()).at("/data/refused").asInt(0) == 0) {
            JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
            assertThat(errors(schema, JSON.readTree(body), "request")).as("request %s", body).isEmpty();
        }
        // The answer, as the document describes it.
        JsonNode response = operation.path("responses").path(String.valueOf(r.statusCode()));
        assertThat(response.isMissingNode()).as("%s %s answers %d: documented", method, path, r.statusCode()).isFalse();
        JsonNode schema = resolve(response).at("/content/application~1json/schema");
        assertThat(errors(schema, JSON.readTree(r.body()), "answer")).as("answer %d %s", r.statusCode(), r.body()).isEmpty();
        return r;
    }

    private static String counters(String id) {
        return """
                {"eventId":"%s","eventTime":"%s","runNo":"M008502","equipmentId":"L1-M1","stepNo":10,
                 "data":[{"specName":"boards","valueNumber":1},{"specName":"picks","valueNumber":100},
                         {"specName":"placements","valueNumber":99}]}"""
                .formatted(id, Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void everyRequestAndAnswerIsDescribedByTheDocument() throws Exception {
        String path = GatewayServer.PATH;
        String example = JSON.writeValueAsString(api.at("/paths/~1api~1integration~1device-data/post/requestBody/content/application~1json/example"));
        assertThat(send("POST", path, example, "application/json", true).statusCode()).isEqualTo(200);
        assertThat(send("POST", path, example, "application/json", true).body()).contains("\"isDuplicate\":true");
        assertThat(send("POST", path, counters("oa-" + UUID.randomUUID()), "application/json", true).statusCode()).isEqualTo(200);
        String batch = "[" + counters("oa-" + UUID.randomUUID()) + ",{\"eventId\":\"x\",\"eventTime\":\"2026-01-24T10:00:00Z\",\"data\":[]}]";
        assertThat(send("POST", path, batch, "application/json", true).statusCode()).isEqualTo(200);
        assertThat(send("POST", path, "{\"eventId\":\"e\",\"eventTime\":\"2026-01-24T10:00:00Z\",\"data\":[]}", "application/json", true)
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", path, "{\"eventId\": ", "application/json", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", path, counters("oa-x"), "application/json", false).statusCode()).isEqualTo(401);
        assertThat(send("POST", path, counters("oa-y"), "text/plain", true).statusCode()).isEqualTo(415);
        assertThat(send("POST", path, "[" + "1,".repeat(600_000) + "1]", "application/json", true).statusCode()).isEqualTo(413);
        assertThat(send("GET", path + "?runNo=M008502&pageSize=2", null, null, true).statusCode()).isEqualTo(200);
        assertThat(send("GET", path + "?pageSize=500", null, null, true).statusCode()).isEqualTo(400);
        assertThat(send("GET", path, null, null, false).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/health", null, null, false).statusCode()).isEqualTo(200);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(api.at("/paths/~1api~1integration~1device-data/post/responses/405").isMissingNode()).isFalse();
        assertThat(errors(api.at("/components/schemas/Error"), JSON.readTree(put.body()), "405")).isEmpty();
    }

    @Test
    void theCheckRefusesAnAnswerTheDocumentDoesNotDescribe() throws Exception {
        JsonNode schema = api.at("/components/schemas/PostAnswer");
        JsonNode missing = JSON.readTree("{\"ok\":true,\"data\":{\"id\":1,\"eventId\":\"e\",\"trackId\":null,"
                + "\"carrierTrackId\":null,\"dataValuesCreated\":1,\"receivedAt\":\"2026-01-24T10:00:00Z\"}}");
        assertThat(errors(schema, missing, "a")).anySatisfy(e -> assertThat(e).contains("isDuplicate"));
        JsonNode wrongType = JSON.readTree("{\"ok\":true,\"data\":{\"id\":\"1\",\"eventId\":\"e\",\"trackId\":null,"
                + "\"carrierTrackId\":null,\"dataValuesCreated\":1,\"receivedAt\":\"x\",\"isDuplicate\":false}}");
        assertThat(errors(schema, wrongType, "a")).anySatisfy(e -> assertThat(e).contains("a.data.id"));
    }

    // ---------- a small JSON Schema check ----------

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            node = api.at(ref.substring(1));
            assertThat(node.isMissingNode()).as("$ref %s resolves", ref).isFalse();
        }
        return node;
    }

    List<String> errors(JsonNode schema, JsonNode value, String at) {
        List<String> out = new ArrayList<>();
        check(resolve(schema), value, at, out);
        return out;
    }

    private void check(JsonNode schema, JsonNode v, String at, List<String> out) {
        schema = resolve(schema);
        if (schema.has("oneOf")) {
            int passing = 0;
            List<String> why = new ArrayList<>();
            for (JsonNode option : schema.get("oneOf")) {
                List<String> e = new ArrayList<>();
                check(option, v, at, e);
                if (e.isEmpty()) passing++;
                else why.addAll(e);
            }
            if (passing != 1) out.add(at + ": matches " + passing + " of oneOf " + why);
            return;
        }
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) check(part, v, at, out);
        }
        if (schema.has("type")) {
            List<String> types = new ArrayList<>();
            if (schema.get("type").isArray()) schema.get("type").forEach(t -> types.add(t.asText()));
            else types.add(schema.get("type").asText());
            if (types.stream().noneMatch(t -> isType(t, v))) {
                out.add(at + ": " + v.getNodeType() + " is not " + types);
                return;
            }
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(v) || (e.isNumber() && v.isNumber() && e.asDouble() == v.asDouble());
            if (!found) out.add(at + ": " + v + " is not one of " + schema.get("enum"));
        }
        if (v.isObject()) {
            for (JsonNode r : schema.path("required")) if (!v.has(r.asText())) out.add(at + ": " + r.asText() + " is required");
            Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
            while (props.hasNext()) {
                var p = props.next();
                if (v.has(p.getKey())) check(p.getValue(), v.get(p.getKey()), at + "." + p.getKey(), out);
            }
        }
        if (v.isArray()) {
            if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) out.add(at + ": fewer than minItems");
            if (schema.has("maxItems") && v.size() > schema.get("maxItems").asInt()) out.add(at + ": more than maxItems");
            if (schema.has("items")) for (int i = 0; i < v.size(); i++) check(schema.get("items"), v.get(i), at + "[" + i + "]", out);
        }
        if (v.isNumber()) {
            if (schema.has("minimum") && v.asDouble() < schema.get("minimum").asDouble()) out.add(at + ": below minimum");
            if (schema.has("maximum") && v.asDouble() > schema.get("maximum").asDouble()) out.add(at + ": above maximum");
        }
        if (v.isTextual() && schema.has("maxLength") && v.asText().length() > schema.get("maxLength").asInt()) {
            out.add(at + ": longer than maxLength");
        }
        if (v.isTextual() && "date-time".equals(schema.path("format").asText())) {
            try {
                java.time.OffsetDateTime.parse(v.asText());
            } catch (java.time.format.DateTimeParseException e) {
                out.add(at + ": '" + v.asText() + "' is not a date-time");
            }
        }
    }

    private static boolean isType(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> false;
        };
    }
}
