package dev.smtconsole.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.app.DevicePayload;
import dev.smtconsole.app.GatewayService.DevicePost;
import dev.smtconsole.domain.DeviceRecordQuery;
import dev.smtconsole.domain.DeviceRecordRow;
import dev.smtconsole.domain.TimeNotation;
import dev.smtconsole.store.DatabaseException;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The device gateway (DESIGN §8): the seed MES's {@code POST /api/integration/device-data}, as a
 * door of the one ingest use case, on the JDK's HTTP server with a virtual thread per request.
 * Bearer-token auth; JSON in and out; errors name the field and the rule in the language of
 * {@code Accept-Language}; a database that is away answers 503 with {@code Retry-After}.
 */
public final class GatewayServer implements AutoCloseable {
    public static final String PATH = "/api/integration/device-data";
    /** A post's body above this is refused (413) without being read further. */
    public static final int MAX_BODY = 1 << 20;
    /** Items of the batch form (a JSON array). */
    public static final int MAX_BATCH = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayService gateway;
    private final Supplier<String> tokenHash;
    private final Supplier<String> health;
    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean tls;

    /**
     * @param tokenHash the SHA-256 (hex) of the bearer token, read on every request (a rotated
     *                  token applies at once); null or blank = every request is refused
     * @param health    the JSON object {@code /health} answers (database, schema), or throws when the database is away
     */
    public GatewayServer(GatewayService gateway, InetSocketAddress bind, Supplier<String> tokenHash,
                         Supplier<String> health) throws IOException {
        this(gateway, bind, tokenHash, health, null);
    }

    /** @param tls the server's TLS (HTTPS), or null for plain HTTP */
    public GatewayServer(GatewayService gateway, InetSocketAddress bind, Supplier<String> tokenHash,
                         Supplier<String> health, SSLContext tls) throws IOException {
        noDelay();
        this.gateway = gateway;
        this.tokenHash = tokenHash;
        this.health = health;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(bind, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        } else {
            this.server = HttpServer.create(bind, 128);
        }
        this.tls = tls != null;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext(PATH, this::deviceData);
        server.createContext("/health", this::health);
    }

    /**
     * TCP_NODELAY on the server's connections (the JDK server reads it once, when its first server
     * is made): without it an answer written in more than one piece — a batch's — waits for the
     * client's delayed ACK, about 40 ms, on every request (measured: batches of 100 on loopback
     * 67/s with the delay, 135/s without).
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public GatewayServer start() {
        server.start();
        return this;
    }

    /** Whether it answers HTTPS. */
    public boolean isTls() {
        return tls;
    }

    /** The port actually bound (for {@code --port 0}). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets requests in flight finish (up to {@code graceSeconds}), then stops. */
    public void stop(int graceSeconds) {
        server.stop(graceSeconds);
        executor.close();
    }

    @Override
    public void close() {
        stop(2);
    }

    // ---------- handlers ----------

    private void health(HttpExchange x) throws IOException {
        try (x) {
            try {
                send(x, 200, health.get());
            } catch (RuntimeException e) {
                ObjectNode body = JSON.createObjectNode().put("ok", false).put("database", "unreachable");
                x.getResponseHeaders().set("Retry-After", "5");
                send(x, 503, body.toString());
            }
        }
    }

    private void deviceData(HttpExchange x) throws IOException {
        try (x) {
            Locale locale = locale(x.getRequestHeaders().getFirst("Accept-Language"));
            if (!PATH.equals(x.getRequestURI().getPath())) {
                error(x, 404, locale, "notFound", null, "gateway.error.notFound", x.getRequestURI().getPath());
                return;
            }
            boolean get = "GET".equals(x.getRequestMethod());
            if (!get && !"POST".equals(x.getRequestMethod())) {
                x.getResponseHeaders().set("Allow", "GET, POST");
                error(x, 405, locale, "method", null, "gateway.error.method", x.getRequestMethod());
                return;
            }
            if (!authorized(x.getRequestHeaders().getFirst("Authorization"))) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                error(x, 401, locale, "unauthorized", null, "gateway.error.token");
                return;
            }
            if (get) {
                list(x, locale);
                return;
            }
            String type = x.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                error(x, 415, locale, "contentType", null, "gateway.error.contentType", type == null ? "" : type);
                return;
            }
            byte[] body = readAtMost(x.getRequestBody(), MAX_BODY);
            if (body == null) {
                error(x, 413, locale, "tooLarge", null, "gateway.error.tooLarge", MAX_BODY / 1024);
                return;
            }
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                error(x, 400, locale, "malformed", null, "gateway.error.malformed", firstLine(e.getMessage()));
                return;
            }
            if (root == null || !(root.isObject() || root.isArray())) {
                error(x, 400, locale, "malformed", null, "gateway.error.notObject");
                return;
            }
            try {
                if (root.isObject()) {
                    Outcome o = one(root, locale);
                    send(x, o.status, o.body.toString());
                } else {
                    if (root.size() == 0 || root.size() > MAX_BATCH) {
                        error(x, 400, locale, "batch", null, "gateway.error.batchSize", MAX_BATCH);
                        return;
                    }
                    // Items whose shape is wrong are answered at once; the rest are written in one transaction.
                    Outcome[] outcomes = new Outcome[root.size()];
                    List<DevicePost> posts = new ArrayList<>(root.size());
                    List<Integer> at = new ArrayList<>(root.size());
                    for (int i = 0; i < root.size(); i++) {
                        DevicePayload.Problem p = new DevicePayload.Problem();
                        DevicePost post = DevicePayload.parse(root.get(i), p);
                        if (p.key() != null) {
                            outcomes[i] = new Outcome(400, errorBody(locale, "validation", p.field(), p.key(), p.args()));
                        } else {
                            posts.add(post);
                            at.add(i);
                        }
                    }
                    if (!posts.isEmpty()) {
                        List<Object> done = gateway.postAll(posts);
                        for (int k = 0; k < done.size(); k++) {
                            outcomes[at.get(k)] = done.get(k) instanceof GatewayService.Answer a ? answered(a)
                                    : refused((GatewayService.Refused) done.get(k), locale);
                        }
                    }
                    ArrayNode results = JSON.createArrayNode();
                    int accepted = 0;
                    for (Outcome o : outcomes) {
                        if (o.status == 200 || o.status == 202) accepted++;
                        results.add(o.body.put("status", o.status));
                    }
                    ObjectNode out = JSON.createObjectNode().put("ok", accepted == root.size());
                    out.putObject("data").put("accepted", accepted).put("refused", root.size() - accepted).set("results", results);
                    send(x, 200, out.toString());
                }
            } catch (DatabaseException e) {
                x.getResponseHeaders().set("Retry-After", "5");
                error(x, 503, locale, "unavailable", null, "gateway.error.unavailable");
            }
        }
    }

    private record Outcome(int status, ObjectNode body) {
    }

    /** Filters of the read side; any other query parameter is refused (a misspelt filter would list everything). */
    private static final List<String> FILTERS = List.of("eventId", "runNo", "unitSn", "stationCode", "stepNo", "source",
            "eventFrom", "eventTo", "page", "pageSize");
    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;

    /** The seed's read side: stored posts, newest first, filtered and paged. */
    private void list(HttpExchange x, Locale locale) throws IOException {
        java.util.Map<String, String> q = new java.util.LinkedHashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (name == null || value == null) {
                    error(x, 400, locale, "validation", null, "gateway.error.query", pair);
                    return;
                }
                if (!FILTERS.contains(name)) {
                    error(x, 400, locale, "validation", name, "gateway.error.unknownFilter", name, String.join(", ", FILTERS));
                    return;
                }
                if (q.containsKey(name)) {
                    error(x, 400, locale, "validation", name, "gateway.error.repeatedFilter", name);
                    return;
                }
                q.put(name, value.strip());
            }
        }
        DevicePayload.Problem p = new DevicePayload.Problem();
        int page = whole(q.get("page"), 1, 1, Integer.MAX_VALUE, "page", p);
        int pageSize = whole(q.get("pageSize"), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, "pageSize", p);
        String source = q.get("source");
        if (source != null && !source.isEmpty()) {
            if (source.equalsIgnoreCase("AUTO") || source.equalsIgnoreCase("MANUAL")) source = source.toUpperCase(Locale.ROOT);
            else p.set("source", "gateway.error.source", source);
        }
        Instant from = instant(q.get("eventFrom"), "eventFrom", p), to = instant(q.get("eventTo"), "eventTo", p);
        if (from != null && to != null && to.isBefore(from)) p.set("eventTo", "gateway.error.range", q.get("eventFrom"), q.get("eventTo"));
        if (p.key() != null) {
            error(x, 400, locale, "validation", p.field(), p.key(), p.args());
            return;
        }
        try {
            DeviceRecordRow.Page result = gateway.records(new DeviceRecordQuery(blank(q.get("eventId")), blank(q.get("runNo")),
                    blank(q.get("unitSn")), blank(q.get("stationCode")), blank(q.get("stepNo")), blank(source), from, to, page,
                    pageSize));
            ObjectNode out = JSON.createObjectNode().put("ok", true);
            ObjectNode data = out.putObject("data");
            ArrayNode items = data.putArray("items");
            for (DeviceRecordRow r : result.items()) {
                ObjectNode item;
                try {
                    JsonNode posted = JSON.readTree(r.payload());
                    item = posted != null && posted.isObject() ? (ObjectNode) posted : JSON.createObjectNode();
                } catch (IOException e) {
                    item = JSON.createObjectNode();
                }
                item.put("id", r.messageId()).put("dataValuesCreated", r.dataValuesCreated())
                        .put("receivedAt", r.receivedAt().toString());
                items.add(item);
            }
            data.put("total", result.total()).put("page", result.page()).put("pageSize", result.pageSize());
            send(x, 200, out.toString());
        } catch (DatabaseException e) {
            x.getResponseHeaders().set("Retry-After", "5");
            error(x, 503, locale, "unavailable", null, "gateway.error.unavailable");
        }
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int whole(String text, int absent, int min, int max, String field, DevicePayload.Problem p) {
        if (text == null || text.isEmpty()) return absent;
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // refused below
        }
        p.set(field, "gateway.error.between", field, text, min, max == Integer.MAX_VALUE ? "∞" : String.valueOf(max));
        return absent;
    }

    private static Instant instant(String text, String field, DevicePayload.Problem p) {
        if (text == null || text.isEmpty()) return null;
        Instant t = TimeNotation.parseDateTime(text, ZoneOffset.UTC);
        if (t == null) p.set(field, "gateway.error.time", field, text);
        return t;
    }

    /** One post: parsed, written, answered; a refusal is an answer too (status 400). */
    private Outcome one(JsonNode node, Locale locale) {
        DevicePayload.Problem p = new DevicePayload.Problem();
        DevicePost post = DevicePayload.parse(node, p);
        if (p.key() != null) return new Outcome(400, errorBody(locale, "validation", p.field(), p.key(), p.args()));
        try {
            return answered(gateway.post(post));
        } catch (GatewayService.Refused r) {
            return refused(r, locale);
        }
    }

    private static Outcome answered(GatewayService.Answer a) {
        ObjectNode out = JSON.createObjectNode().put("ok", true);
        ObjectNode data = out.putObject("data");
        // Kept in the local outbox while the shared database is away (ADR 0025): 202, forwarded later.
        boolean queued = a.id() < 0;
        if (queued) data.putNull("id"); else data.put("id", a.id());
        data.put("eventId", a.eventId()).put("queued", queued);
        if (a.trackId() == null) data.putNull("trackId"); else data.put("trackId", a.trackId());
        if (a.carrierTrackId() == null) data.putNull("carrierTrackId"); else data.put("carrierTrackId", a.carrierTrackId());
        data.put("dataValuesCreated", a.dataValuesCreated()).put("receivedAt", a.receivedAt().toString())
                .put("isDuplicate", a.isDuplicate());
        return new Outcome(queued ? 202 : 200, out);
    }

    private static Outcome refused(GatewayService.Refused r, Locale locale) {
        String field = r.problems().isEmpty() ? null : r.problems().get(0).field();
        ObjectNode body = JSON.createObjectNode().put("ok", false);
        body.putObject("error").put("code", "validation").put("field", field).put("message", r.message(locale));
        return new Outcome(400, body);
    }

    // ---------- plumbing ----------

    private boolean authorized(String header) {
        String expected = tokenHash.get();
        if (expected == null || expected.isBlank() || header == null) return false;
        String h = header.strip();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return GatewayService.matches(h.substring(7).strip(), expected);
    }

    /** The body, or null when it is longer than {@code max} (what is left is not read). */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] b = in.readNBytes(max + 1);
        return b.length > max ? null : b;
    }

    static Locale locale(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.strip().toLowerCase(Locale.ROOT).startsWith("zh")
                ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    private static void error(HttpExchange x, int status, Locale locale, String code, String field, String key, Object... args)
            throws IOException {
        send(x, status, errorBody(locale, code, field, key, args).toString());
    }

    private static ObjectNode errorBody(Locale locale, String code, String field, String key, Object... args) {
        ObjectNode body = JSON.createObjectNode().put("ok", false);
        ObjectNode e = body.putObject("error").put("code", code);
        if (field == null) e.putNull("field"); else e.put("field", field);
        e.put("message", LocalizedException.text(locale, key, args));
        return body;
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, out.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(out);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** {@code /health}'s body from what the caller knows (kept here so every health answer has one shape). */
    public static String healthBody(String database, String schemaVersion, Instant lastMessage) {
        ObjectNode n = JSON.createObjectNode().put("ok", true).put("database", database).put("schemaVersion", schemaVersion);
        if (lastMessage == null) n.putNull("lastMessageAt"); else n.put("lastMessageAt", lastMessage.toString());
        return n.toString();
    }
}
