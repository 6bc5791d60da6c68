package dev.smtconsole.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device gateway over real HTTP (java.net.http against the running listener), on H2 and
 * PostgreSQL: the seed's payload and answer, idempotent eventIds (also when raced), every
 * refusal with its status, field and language.
 */
class GatewayServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Base {
        AppServices services;
        DatabaseConfig config;
        GatewayServer server;
        String token;
        HttpClient http = HttpClient.newHttpClient();

        abstract DatabaseConfig config();

        @BeforeAll
        void open() throws Exception {
            config = config();
            services = new AppServices(Database.open(config), Clock.systemUTC());
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            services.masterData().importFile(Path.of("sample-data", "operators.csv"));
            GatewayService gateway = services.gateway();
            token = gateway.newToken("OP1001", services.masterData().current());
            server = new GatewayServer(gateway, new InetSocketAddress("127.0.0.1", 0),
                    () -> gateway.storedTokenHash().orElse(null),
                    () -> GatewayServer.healthBody("test", services.schemaVersion(), gateway.lastPostAt().orElse(null))).start();
        }

        @AfterAll
        void close() {
            if (server != null) server.stop(0);
            if (services != null) services.close();
            TestDatabases.dropSchema(config);
        }

        HttpResponse<String> post(String body, String contentType, String bearer, String language) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + GatewayServer.PATH))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) b.header("Content-Type", contentType);
            if (bearer != null) b.header("Authorization", "Bearer " + bearer);
            if (language != null) b.header("Accept-Language", language);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String body) throws Exception {
            return post(body, "application/json", token, null);
        }

        static String counters(String eventId, String machine, long boards, long picks, long placements) {
            return """
                    {"eventId":"%s","eventTime":"%s","source":"AUTO","runNo":"M008502","stationCode":"L1",
                     "equipmentId":"%s","unitSn":"SN-1","stepNo":10,"meta":{"raw":"x"},
                     "data":[{"specName":"boards","valueNumber":%d},{"specName":"picks","valueNumber":%d},
                             {"specName":"placements","valueNumber":%d}]}"""
                    .formatted(eventId, Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS), machine,
                            boards, picks, placements);
        }

        long events() {
            return services.info().rowCounts().get("production_event");
        }

        @Test
        void aCounterPostIsAnEventAndItsRepeatIsADuplicateThatWritesNothing() throws Exception {
            String id = "evt-" + UUID.randomUUID();
            long before = events();
            HttpResponse<String> first = post(counters(id, "L1-M1", 2, 1200, 1190));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JsonNode a = JSON.readTree(first.body());
            assertThat(a.get("ok").asBoolean()).isTrue();
            assertThat(a.at("/data/eventId").asText()).isEqualTo(id);
            assertThat(a.at("/data/isDuplicate").asBoolean()).isFalse();
            assertThat(a.at("/data/dataValuesCreated").asInt()).isEqualTo(3);
            assertThat(a.at("/data/trackId").isNull()).isTrue();
            assertThat(events()).isEqualTo(before + 1);

            HttpResponse<String> again = post(counters(id, "L1-M1", 2, 1200, 1190));
            JsonNode b = JSON.readTree(again.body());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(b.at("/data/isDuplicate").asBoolean()).isTrue();
            assertThat(b.at("/data/id").asLong()).isEqualTo(a.at("/data/id").asLong());
            assertThat(b.at("/data/dataValuesCreated").asInt()).isZero();
            assertThat(events()).isEqualTo(before + 1);

            // Every later repeat names the message that wrote the event, not the previous repeat.
            JsonNode c = JSON.readTree(post(counters(id, "L1-M1", 2, 1200, 1190)).body());
            assertThat(c.at("/data/isDuplicate").asBoolean()).isTrue();
            assertThat(c.at("/data/id").asLong()).isEqualTo(a.at("/data/id").asLong());
        }

        @Test
        void theSeedsOwnExamplePayloadIsAcceptedAndKept() throws Exception {
            String seed = """
                    { "eventId": "evt_20250101_001", "eventTime": "2026-01-24T10:00:00Z", "source": "AUTO",
                      "runNo": "RUN-2026-001", "unitSn": "SN-0001", "stationCode": "SMT-01", "stepNo": 10,
                      "equipmentId": "EQ-01", "operatorId": null,
                      "data": [ { "specName": "Peak Temperature", "valueNumber": 245,
                                  "collectedAt": "2026-01-24T10:00:00Z" } ],
                      "meta": { "raw": "payload" } }""";
            HttpResponse<String> r = post(seed);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode a = JSON.readTree(r.body());
            assertThat(a.at("/data/id").asLong()).isPositive();
            assertThat(a.at("/data/receivedAt").asText()).isNotBlank();
            HttpResponse<String> again = post(seed);
            assertThat(JSON.readTree(again.body()).at("/data/isDuplicate").asBoolean()).isTrue();
        }

        @Test
        void racedPostsOfOneEventIdWriteOneEvent() throws Exception {
            String body = counters("race-" + UUID.randomUUID(), "L1-M2", 1, 600, 598);
            long before = events();
            int n = 8;
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
                for (int i = 0; i < n; i++) answers.add(pool.submit((Callable<HttpResponse<String>>) () -> post(body)));
            }
            int fresh = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                if (!JSON.readTree(r.body()).at("/data/isDuplicate").asBoolean()) fresh++;
            }
            assertThat(fresh).isEqualTo(1);
            assertThat(events()).isEqualTo(before + 1);
        }

        @Test
        void refusalsSayWhatAndWhereInTheCallersLanguage() throws Exception {
            assertThat(post(counters("t1", "L1-M1", 1, 1, 1), "application/json", null, null).statusCode()).isEqualTo(401);
            assertThat(post(counters("t2", "L1-M1", 1, 1, 1), "application/json", "wrong", null).statusCode()).isEqualTo(401);
            assertThat(post(counters("t3", "L1-M1", 1, 1, 1), "text/plain", token, null).statusCode()).isEqualTo(415);
            HttpResponse<String> big = post("{\"eventId\":\"" + "x".repeat(GatewayServer.MAX_BODY) + "\"}");
            assertThat(big.statusCode()).isEqualTo(413);
            HttpResponse<String> broken = post("{\"eventId\": ");
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(broken.body()).at("/error/code").asText()).isEqualTo("malformed");

            HttpResponse<String> empty = post("{\"eventId\":\"e1\",\"eventTime\":\"2026-01-24T10:00:00Z\",\"data\":[]}",
                    "application/json", token, "zh-CN,zh;q=0.9");
            assertThat(empty.statusCode()).isEqualTo(400);
            JsonNode e = JSON.readTree(empty.body());
            assertThat(e.at("/error/field").asText()).isEqualTo("data");
            assertThat(e.at("/error/message").asText()).contains("至少需要一个数值");

            HttpResponse<String> manual = post("""
                    {"eventId":"m-%s","eventTime":"2026-01-24T10:00:00Z","source":"MANUAL",
                     "data":[{"specName":"boards","valueNumber":3}]}""".formatted(UUID.randomUUID()));
            assertThat(manual.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(manual.body()).at("/error/message").asText()).containsIgnoringCase("operator");

            HttpResponse<String> unknown = post(counters("u-" + UUID.randomUUID(), "NO-SUCH-MACHINE", 1, 10, 10));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(unknown.body()).at("/error/message").asText()).contains("NO-SUCH-MACHINE");

            HttpResponse<String> notWhole = post("""
                    {"eventId":"w-1","eventTime":"2026-01-24T10:00:00Z","data":[{"specName":"picks","valueNumber":1.5}]}""");
            assertThat(notWhole.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(notWhole.body()).at("/error/field").asText()).isEqualTo("data[0].valueNumber");
        }

        @Test
        void aBatchAnswersEveryItem() throws Exception {
            String body = "[" + counters("b1-" + UUID.randomUUID(), "L1-M1", 1, 10, 10) + ","
                    + counters("b2-" + UUID.randomUUID(), "L1-M2", 1, 10, 9) + ","
                    + "{\"eventId\":\"b3\",\"data\":[]}]";
            HttpResponse<String> r = post(body);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode a = JSON.readTree(r.body());
            assertThat(a.at("/data/accepted").asInt()).isEqualTo(2);
            assertThat(a.at("/data/refused").asInt()).isEqualTo(1);
            assertThat(a.at("/data/results/2/status").asInt()).isEqualTo(400);
        }

        @Test
        void healthSaysTheSchemaAndTheLastPost() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("schemaVersion").asText()).isEqualTo(services.schemaVersion());
        }
    }

    @Nested
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("gateway-h2");
        }
    }

    @Nested
    class OnPostgres extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.postgres();
        }
    }
}
