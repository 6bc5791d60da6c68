package dev.smtconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.TcpProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.gateway.GatewayServer;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store and forward against the real server behind a TCP proxy the test cuts (ADR 0025): manual
 * entries, imports and gateway posts made while the network is gone wait in the local outbox and
 * arrive once, in order, when it is back — also when the console is killed while offline.
 */
class StoreAndForwardPostgresTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "outage-test-token";

    @TempDir
    Path dir;
    DatabaseConfig direct;
    DatabaseConfig proxied;
    TcpProxy proxy;
    AppServices services;
    GatewayServer gateway;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void open() throws Exception {
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        proxy = new TcpProxy(uri.getHost(), uri.getPort());
        proxied = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath()
                + "?connectTimeout=2&socketTimeout=20", direct.user(), direct.password(), direct.schema());
    }

    @AfterEach
    void close() {
        if (gateway != null) gateway.stop(0);
        if (services != null) services.close();
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    AppServices console() throws java.io.IOException {
        AppServices s = new AppServices(Database.open(proxied), Clock.systemUTC(), dir.resolve("config"));
        GatewayService g = s.gateway();
        g.newToken("OP1001", s.masterData().current()); // the gateway's operator of record (its token is TOKEN below)
        gateway = new GatewayServer(g, new InetSocketAddress("127.0.0.1", 0), () -> GatewayService.hash(TOKEN),
                () -> "{}").start();
        return s;
    }

    static ManualEntry entry(String job, int day, long picks) {
        return new ManualEntry("L1", job, "1016928", 100L, LocalDateTime.of(2026, 11, day, 8, 0),
                LocalDateTime.of(2026, 11, day, 10, 0), List.of("礼"), List.of(new MachineCount("L1-M1", picks, picks - 10)),
                null, "OP1001");
    }

    HttpResponse<String> post(int port, String eventId, long picks) throws Exception {
        return post(port, eventId, picks, "\"OP1001\"");
    }

    /** {@code operator}: a JSON value, {@code null} for a machine's post that names nobody. */
    HttpResponse<String> post(int port, String eventId, long picks, String operator) throws Exception {
        String body = """
                {"eventId":"%s","eventTime":"%s","source":"AUTO","runNo":"M008502","stationCode":"L2",
                 "equipmentId":"L2-M1","operatorId":%s,
                 "data":[{"specName":"boards","valueNumber":1},{"specName":"picks","valueNumber":%d},
                         {"specName":"placements","valueNumber":%d}]}"""
                .formatted(eventId, Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS), operator, picks,
                        picks - 1);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GatewayServer.PATH))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** events, SUM(picks) of events, SUM(picks) of buckets — read straight from the server. */
    long[] totals() throws Exception {
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password());
             Statement st = c.createStatement()) {
            long[] out = new long[3];
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id), COALESCE(SUM(picks),0) FROM "
                    + direct.schema() + ".production_event")) {
                rs.next();
                assertThat(rs.getLong(2)).as("distinct event ids").isEqualTo(rs.getLong(1));
                out[0] = rs.getLong(1);
                out[1] = rs.getLong(3);
            }
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(picks),0) FROM " + direct.schema() + ".counter_bucket")) {
                rs.next();
                out[2] = rs.getLong(1);
            }
            return out;
        }
    }

    void waitUntilForwarded(AppServices s) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (s.outboxStatus().filter(o -> o.records() > 0 || o.offline()).isPresent()) {
            assertThat(System.nanoTime()).as("outbox forwarded within 90 s: %s", s.outboxStatus()).isLessThan(until);
            Thread.sleep(200);
        }
    }

    static Path generate(Path file, int rows) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            for (int i = 0; i < rows; i++) {
                String m = "L3-M" + (1 + i % 3);
                w.write("OUT-" + i + ",2026-11-0" + (1 + i % 9) + "T" + String.format("%02d", 8 + i % 10) + ":" + String.format("%02d", i % 60)
                        + ":00+08:00,L3," + m + ",M00870" + (i % 3) + ",1,11,10,OP1001\n");
            }
        }
        return file;
    }

    @Test
    void entriesImportsAndGatewayPostsMadeWhileTheServerIsAwayArriveOnceWhenItIsBack() throws Exception {
        services = console();
        var online = services.ingest().submitManual(entry("M009501", 20, 1000));
        assertThat(online.messageId()).isPositive();
        assertThat(post(gateway.port(), "gw-online-" + UUID.randomUUID(), 400, "null").statusCode()).isEqualTo(200);
        long[] before = totals();

        proxy.cut();
        var queuedEntry = services.ingest().submitManual(entry("M009502", 21, 2000));
        assertThat(queuedEntry.messageId()).as("queued in the outbox").isNegative();
        var imported = services.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                new ImportOptions("auto", "OP1006", null, null), null, () -> false);
        assertThat(imported.accepted()).isEqualTo(56);
        HttpResponse<String> posted = post(gateway.port(), "gw-" + UUID.randomUUID(), 500, "null"); // names nobody: the gateway's operator
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(posted.body());
        assertThat(answer.at("/data/queued").asBoolean()).isTrue();
        var status = services.outboxStatus().orElseThrow();
        assertThat(status.offline()).isTrue();
        assertThat(status.records()).isEqualTo(2 + 56 + 1);
        assertThat(LocalizedException.text(java.util.Locale.ENGLISH, "database.status.offline", status.records(), "10:15"))
                .isEqualTo("offline — 59 records waiting since 10:15");

        proxy.restore();
        waitUntilForwarded(services);
        long[] after = totals();
        assertThat(after[0] - before[0]).isEqualTo(2 + 56 + 1);
        assertThat(after[1]).isEqualTo(after[2]).as("every event counted in the buckets once");

        // Forwarded once: the same file again is all duplicates, nothing counted twice.
        var again = services.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                new ImportOptions("auto", "OP1006", null, null), null, () -> false);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(56);
        assertThat(totals()).containsExactly(after);
    }

    /**
     * A network that goes silent instead of away — nothing reset, every byte lost (a cable pulled, a VPN gone). The
     * URL names no timeouts, as a user's does: the console's own read timeout finds the server away, the post is
     * answered "queued" instead of waiting for TCP to give up (≈ 15 minutes), and it arrives once when the network
     * is back.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aNetworkThatGoesSilentIsFoundAwayWithinTheReadTimeout() throws Exception {
        URI uri = URI.create(direct.url().substring(5));
        proxied = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath(), direct.user(), direct.password(),
                direct.schema());
        services = console();
        assertThat(post(gateway.port(), "gw-warm-" + UUID.randomUUID(), 100).statusCode()).isEqualTo(200);
        long[] before = totals();
        proxy.blackHole();
        long t0 = System.nanoTime();
        HttpResponse<String> first = post(gateway.port(), "gw-silent-0-" + UUID.randomUUID(), 100);
        Duration waited = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).contains("\"queued\":true");
        assertThat(waited).isLessThan(Duration.ofSeconds(Database.SOCKET_TIMEOUT_SECONDS + 15));
        long t1 = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            assertThat(post(gateway.port(), "gw-silent-" + i + "-" + UUID.randomUUID(), 100).statusCode()).isEqualTo(202);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("once the outage is known").isLessThan(Duration.ofSeconds(5));
        proxy.restore();
        waitUntilForwarded(services);
        assertThat(totals()[0] - before[0]).isEqualTo(6);
    }

    @Test
    void gatewayPostsWhileTheServerIsAwayAreAnsweredAtOnceOnceTheOutageIsKnown() throws Exception {
        services = console();
        assertThat(post(gateway.port(), "gw-warm-" + UUID.randomUUID(), 100).statusCode()).isEqualTo(200);
        proxy.cut();
        Thread.sleep(GatewayService.SETTINGS_TTL_NANOS / 1_000_000 + 200); // the rule settings are due to be read again
        long t0 = System.nanoTime();
        HttpResponse<String> first = post(gateway.port(), "gw-away-0-" + UUID.randomUUID(), 100);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        // The first one finds the server away by a connection of its own once the pool is slow to serve
        // (Database.PROBE_AFTER_MILLIS), not by the pool's connection timeout: before, it waited those 10 s.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
        Thread.sleep(GatewayService.SETTINGS_TTL_NANOS / 1_000_000 + 200);
        long t1 = System.nanoTime();
        for (int i = 1; i <= 20; i++) {
            assertThat(post(gateway.port(), "gw-away-" + i + "-" + UUID.randomUUID(), 100).statusCode()).isEqualTo(202);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(5));
        long[] before = totals();
        proxy.restore();
        waitUntilForwarded(services);
        assertThat(totals()[0] - before[0]).isEqualTo(21);
    }

    @Test
    void anImportCutMidFileLosesNoRowAndCountsNoneTwice() throws Exception {
        services = console();
        Path file = generate(dir.resolve("big.csv"), 6000);
        services.ingest().setChunkSize(500);
        AtomicBoolean cut = new AtomicBoolean();
        var r = services.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), (rows, bytes, total) -> {
            if (rows >= 2000 && cut.compareAndSet(false, true)) proxy.cut();
        }, () -> false);
        assertThat(cut).isTrue();
        assertThat(r.read()).isEqualTo(6000);
        assertThat(services.outboxStatus()).isPresent();
        proxy.restore();
        waitUntilForwarded(services);
        long[] t = totals();
        assertThat(t[0]).isEqualTo(6000);
        assertThat(t[1]).isEqualTo(6000L * 11);
        assertThat(t[2]).isEqualTo(6000L * 11);
    }

    @Test
    void aServerRefusalLandsInTheRefusedListWithItsReason() throws Exception {
        services = console();
        proxy.cut();
        services.ingest().submitManual(entry("M009601", 22, 3000));
        services.ingest().submitManual(entry("M009602", 22, 3100)); // forwarded as one group, refused one by one
        // Meanwhile IT takes the insert right away from this login: the forward is refused, not lost.
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password());
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + direct.schema() + ".integration_message ADD CONSTRAINT no_manual CHECK (channel <> 'MANUAL')");
        }
        proxy.restore();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (services.outboxRefused().isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(until);
            Thread.sleep(200);
        }
        while (services.outboxRefused().size() < 2) {
            assertThat(System.nanoTime()).isLessThan(until);
            Thread.sleep(200);
        }
        assertThat(services.outboxRefused()).hasSize(2).allSatisfy(x -> {
            assertThat(x.kind()).isEqualTo("MESSAGE");
            assertThat(x.reason()).contains("no_manual");
        });
        assertThat(services.outboxRefused().get(0).body()).contains("M009601");
        assertThat(services.outboxRefused().get(1).body()).contains("M009602");
        assertThat(services.outboxStatus().orElseThrow().records()).isZero();
    }

    /** A console (`serve`, the headless gateway) in a JVM of its own, on this test's home and proxied server. */
    Process startConsole(int[] port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.smtconsole.Main", "--db", proxied.url(), "--db-user",
                proxied.user(), "--db-schema", proxied.schema(), "serve", "--port", "0", "--token-env", "OUTAGE_TOKEN")
                .redirectErrorStream(true);
        pb.environment().put("SMT_CONSOLE_HOME", dir.toString());
        pb.environment().put("OUTAGE_TOKEN", TOKEN);
        pb.environment().remove("SMT_CONSOLE_DB_URL");
        Process p = pb.start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            var m = java.util.regex.Pattern.compile("listening on http://127.0.0.1:(\\d+)").matcher(line);
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // the console was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("the console did not start: " + seen);
    }

    @Test
    void postsQueuedByAConsoleKilledWhileOfflineArriveOnceAfterItsRestart() throws Exception {
        int[] port = new int[1];
        Process first = startConsole(port);
        try {
            assertThat(post(port[0], "kill-0", 100).statusCode()).isEqualTo(200);
            proxy.cut();
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> r = post(port[0], "kill-" + i, 100 + i);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            }
        } finally {
            first.destroyForcibly(); // kill -9 while offline: the outbox is all that holds posts 1..5
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(totals()[0]).isEqualTo(1);
        try (var outbox = new dev.smtconsole.outbox.OutboxStore(dir.resolve("config").resolve(AppServices.outboxName(proxied)))) {
            assertThat(outbox.waiting().records()).as("kept on disk through the kill").isEqualTo(5);
        }
        proxy.restore();
        Process second = startConsole(port);
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (totals()[0] < 6) {
                assertThat(System.nanoTime()).as("forwarded after the restart").isLessThan(until);
                Thread.sleep(200);
            }
            // a repeat of a forwarded post is a duplicate: nothing counted twice
            HttpResponse<String> again = post(port[0], "kill-3", 103);
            assertThat(JSON.readTree(again.body()).at("/data/isDuplicate").asBoolean()).as(again.body()).isTrue();
            long[] t = totals();
            assertThat(t[0]).isEqualTo(6);
            assertThat(t[1]).isEqualTo(100 + 101 + 102 + 103 + 104 + 105);
            assertThat(t[2]).isEqualTo(t[1]);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
