package dev.smtconsole.gateway;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database away under a running gateway (until the outbox of issue 16 takes such posts):
 * posts and the read side answer 503 with Retry-After, /health says so, and nothing was written.
 */
class GatewayOutageTest {
    @TempDir
    Path dir;

    @Test
    void aPostWhileTheDatabaseIsAwayAnswers503AndWritesNothing() throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        HttpClient http = HttpClient.newHttpClient();
        String token;
        long eventsBefore;
        GatewayServer server;
        AppServices services = new AppServices(Database.open(config), Clock.systemUTC());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        GatewayService gw = services.gateway();
        token = gw.newToken("OP1001", services.masterData().current());
        String hash = GatewayService.hash(token);
        server = new GatewayServer(gw, new InetSocketAddress("127.0.0.1", 0), () -> hash,
                () -> GatewayServer.healthBody("test", services.schemaVersion(), gw.lastPostAt().orElse(null))).start();
        try {
            String body = """
                    {"eventId":"away-1","eventTime":"%s","equipmentId":"L1-M1","runNo":"M008502",
                     "data":[{"specName":"boards","valueNumber":1},{"specName":"Peak Temperature","valueNumber":245}]}"""
                    .formatted(Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
            URI uri = URI.create("http://127.0.0.1:" + server.port() + GatewayServer.PATH);
            eventsBefore = services.info().rowCounts().get("production_event");
            services.close(); // the database goes away under the running listener

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).header("Accept-Language", "zh-CN")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
            assertThat(r.body()).contains("\"code\":\"unavailable\"").contains("无法连接数据库");

            HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(503);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
        } finally {
            server.stop(0);
        }
        try (AppServices again = new AppServices(Database.open(config), Clock.systemUTC())) {
            assertThat(again.info().rowCounts().get("production_event")).isEqualTo(eventsBefore);
            long kept = again.database().jdbc(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery(
                        "SELECT (SELECT COUNT(*) FROM integration_message WHERE external_id = 'away-1')"
                                + " + (SELECT COUNT(*) FROM device_value) + (SELECT COUNT(*) FROM device_record)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(kept).isZero();
        }
    }
}
