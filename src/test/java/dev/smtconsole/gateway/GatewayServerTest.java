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

            // A repeat whose body the rules would refuse now (an unknown machine) is still a repeat.
            HttpResponse<String> changed = post(counters(id, "NO-SUCH-MACHINE", 2, 1200, 1190));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(JSON.readTree(changed.body()).at("/data/isDuplicate").asBoolean()).isTrue();
            assertThat(events()).isEqualTo(before + 1);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE status = 'FAILED' AND external_id = '" + id + "'"))
                    .isZero();
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
            String b1 = counters("b1-" + UUID.randomUUID(), "L1-M1", 1, 10, 10);
            long before = events();
            String body = "[" + b1 + ","
                    + counters("b2-" + UUID.randomUUID(), "L1-M2", 1, 10, 9) + ","
                    + "{\"eventId\":\"b3\",\"data\":[]}," + b1 + ","
                    + counters("b5-" + UUID.randomUUID(), "NO-SUCH-MACHINE", 1, 10, 9) + "]";
            HttpResponse<String> r = post(body);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode a = JSON.readTree(r.body());
            assertThat(a.at("/data/accepted").asInt()).isEqualTo(3);
            assertThat(a.at("/data/refused").asInt()).isEqualTo(2);
            assertThat(a.at("/data/results/2/status").asInt()).isEqualTo(400);
            // The same eventId twice in one batch: stored once, the second a duplicate naming the first.
            assertThat(a.at("/data/results/0/data/isDuplicate").asBoolean()).isFalse();
            assertThat(a.at("/data/results/3/data/isDuplicate").asBoolean()).isTrue();
            assertThat(a.at("/data/results/3/data/id").asLong()).isEqualTo(a.at("/data/results/0/data/id").asLong());
            assertThat(a.at("/data/results/4/error/message").asText()).contains("NO-SUCH-MACHINE");
            assertThat(events()).isEqualTo(before + 2);
        }

        @Test
        void racedBatchesOfTheSameEventIdsWriteEachOnce() throws Exception {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 20; i++) items.add(counters("rb-" + UUID.randomUUID(), "L1-M" + (1 + i % 3), 1, 10, 10));
            String body = "[" + String.join(",", items) + "]";
            long before = events();
            int n = 4;
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
                for (int i = 0; i < n; i++) answers.add(pool.submit((Callable<HttpResponse<String>>) () -> post(body)));
            }
            int fresh = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                for (JsonNode item : JSON.readTree(r.body()).at("/data/results")) {
                    assertThat(item.get("status").asInt()).as(item.toString()).isEqualTo(200);
                    if (!item.at("/data/isDuplicate").asBoolean()) fresh++;
                }
            }
            assertThat(fresh).isEqualTo(20);
            assertThat(events()).isEqualTo(before + 20);
        }

        long count(String sql) {
            return services.database().jdbc(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        static String peak(String eventId, double celsius, String collectedAt) {
            return """
                    {"eventId":"%s","eventTime":"%s","source":"AUTO","runNo":"M008502","stationCode":"L1",
                     "equipmentId":"L1-M1","data":[{"specName":"Peak Temperature","valueNumber":%s,"unit":"°C",
                     "collectedAt":"%s"},{"specName":"Recipe","valueText":"=HYPERLINK(1)"},
                     {"specName":"Door closed","valueBoolean":true}]}"""
                    .formatted(eventId, collectedAt, celsius, collectedAt);
        }

        @Test
        void valuesThatAreNotCountersAreStoredWithLineMachineAndJob() throws Exception {
            String id = "peak-" + UUID.randomUUID();
            String at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            long events = events();
            HttpResponse<String> r = post(peak(id, 245, at));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).at("/data/dataValuesCreated").asInt()).isEqualTo(3);
            long message = JSON.readTree(r.body()).at("/data/id").asLong();
            assertThat(events()).isEqualTo(events);

            var day = services.calendar().productionDay(Instant.parse(at));
            var rows = services.deviceData().values("L1", day, day).stream().filter(v -> v.messageId() == message).toList();
            assertThat(rows).hasSize(3);
            var peak = rows.stream().filter(v -> v.spec().equals("Peak Temperature")).findFirst().orElseThrow();
            assertThat(peak.collectedAt()).isEqualTo(Instant.parse(at));
            assertThat(peak.number()).isEqualTo(245.0);
            assertThat(peak.unit()).isEqualTo("°C");
            assertThat(peak.machineCode()).isEqualTo("L1-M1");
            assertThat(peak.jobNo()).isEqualTo("M008502");
            assertThat(rows).anySatisfy(v -> assertThat(v.valueText()).isEqualTo("=HYPERLINK(1)"));
            assertThat(rows).anySatisfy(v -> assertThat(v.bool()).isTrue());

            // A repeat writes no second value.
            long values = count("SELECT COUNT(*) FROM device_value");
            HttpResponse<String> again = post(peak(id, 245, at));
            assertThat(JSON.readTree(again.body()).at("/data/isDuplicate").asBoolean()).isTrue();
            assertThat(count("SELECT COUNT(*) FROM device_value")).isEqualTo(values);
        }

        @Test
        void racedPostsWithoutCountersStoreTheirValuesOnce() throws Exception {
            String id = "race-values-" + UUID.randomUUID();
            String body = peak(id, 250.5, Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
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
            assertThat(count("SELECT COUNT(*) FROM device_record WHERE event_id = '" + id + "'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM device_value v JOIN device_record d ON d.message_id = v.message_id"
                    + " WHERE d.event_id = '" + id + "'")).isEqualTo(3);
        }

        @Test
        void aSpecIdThatIsTheIdOfOurMetricSpecStandsForItsName() throws Exception {
            long boards = count("SELECT id FROM metric_spec WHERE metric = 'boards' AND line_id IS NULL AND machine_id IS NULL");
            long picks = count("SELECT id FROM metric_spec WHERE metric = 'picks' AND line_id IS NULL AND machine_id IS NULL");
            String id = "spec-id-" + UUID.randomUUID();
            String body = """
                    {"eventId":"%s","eventTime":"%s","source":"AUTO","runNo":"M008502","equipmentId":"L1-M1",
                     "data":[{"specId":%d,"valueNumber":3},{"specId":"%d","valueNumber":300},{"specId":"Oven zone 1","valueNumber":180}]}"""
                    .formatted(id, Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS), boards, picks);
            long before = events();
            HttpResponse<String> r = post(body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).at("/data/dataValuesCreated").asInt()).isEqualTo(3);
            assertThat(events()).isEqualTo(before + 1);
            String ofPost = " FROM production_event e JOIN device_record d ON d.message_id = e.message_id WHERE d.event_id = '" + id + "'";
            assertThat(count("SELECT SUM(e.boards)" + ofPost)).isEqualTo(3);
            assertThat(count("SELECT SUM(e.picks)" + ofPost)).isEqualTo(300);
            // Not a number of ours: the id is read as the spec's name, as before.
            assertThat(count("SELECT COUNT(*) FROM device_value v JOIN device_record d ON d.message_id = v.message_id"
                    + " WHERE d.event_id = '" + id + "' AND v.spec = 'Oven zone 1'")).isEqualTo(1);
        }

        @Test
        void theValuesReportIsCsvSafe(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            String at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            assertThat(post(peak("csv-" + UUID.randomUUID(), 244, at)).statusCode()).isEqualTo(200);
            var day = services.calendar().productionDay(Instant.parse(at));
            var rows = services.deviceData().values("L1", day, day);
            Path csv = dir.resolve("values.csv");
            services.deviceData().writeValuesCsv("L1", rows, csv);
            List<String> lines = java.nio.file.Files.readAllLines(csv);
            assertThat(lines.get(0)).isEqualTo("line,collected_at,machine,job,spec,value,unit,message_id");
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(",L1-M1,M008502,Peak Temperature,244,°C,"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(",Recipe,'=HYPERLINK(1),"));
            assertThat(lines).noneMatch(l -> l.contains(",=HYPERLINK"));
        }

        @Test
        void aSpecThatAllowsOnlyManualRefusesAnAutoValue() throws Exception {
            services.database().jdbc(c -> c.createStatement().executeUpdate(
                    "INSERT INTO metric_spec (metric, allow_auto, allow_manual) VALUES ('Oven Setpoint', FALSE, TRUE)"));
            // The gateway reads the rule settings at most every 2 s: the new spec applies within that.
            HttpResponse<String> r = null;
            long until = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < until) {
                r = post("""
                        {"eventId":"sp-%s","eventTime":"2026-01-24T10:00:00Z","equipmentId":"L1-M1",
                         "data":[{"specName":"oven setpoint","valueNumber":250}]}""".formatted(UUID.randomUUID()));
                if (r.statusCode() == 400) break;
                Thread.sleep(250);
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).at("/error/field").asText()).isEqualTo("data[0]");
            assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("AUTO");
        }

        HttpResponse<String> get(String query, String bearer, String language) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + GatewayServer.PATH
                    + (query.isEmpty() ? "" : "?" + query))).GET();
            if (bearer != null) b.header("Authorization", "Bearer " + bearer);
            if (language != null) b.header("Accept-Language", language);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode list(String query) throws Exception {
            HttpResponse<String> r = get(query, token, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode a = JSON.readTree(r.body());
            assertThat(a.get("ok").asBoolean()).isTrue();
            return a.get("data");
        }

        @Test
        void theReadSideListsStoredPostsNewestFirstWithFiltersAndPages() throws Exception {
            String run = "R" + UUID.randomUUID().toString().substring(0, 8);
            String[] times = {"2026-01-24T08:00:00Z", "2026-01-24T09:00:00Z", "2026-01-24T10:00:00Z"};
            String lastReceived = null;
            for (int i = 0; i < 3; i++) {
                String body = """
                        {"eventId":"%s-%d","eventTime":"%s","source":"%s","operatorId":%s,"runNo":"%s","unitSn":"SN-%d",
                         "stationCode":"L1","stepNo":%d,"equipmentId":"L1-M1","meta":{"n":%d},
                         "data":[{"specName":"Peak Temperature","valueNumber":24%d},{"specName":"Zone","valueText":"Z%d"}]}"""
                        .formatted(run, i, times[i], i == 1 ? "MANUAL" : "AUTO", i == 1 ? "\"OP1001\"" : "null", run, i,
                                10 * (i + 1), i, i, i);
                HttpResponse<String> r = post(body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                lastReceived = JSON.readTree(r.body()).at("/data/receivedAt").asText();
            }
            // Neither a repeat nor a refused post is a stored record.
            assertThat(JSON.readTree(post("""
                    {"eventId":"%s-0","eventTime":"2026-01-24T08:00:00Z","runNo":"%s","data":[{"specName":"X","valueNumber":1}]}"""
                    .formatted(run, run)).body()).at("/data/isDuplicate").asBoolean()).isTrue();
            assertThat(post("""
                    {"eventId":"%s-9","eventTime":"2026-01-24T08:00:00Z","source":"MANUAL","runNo":"%s",
                     "data":[{"specName":"X","valueNumber":1}]}""".formatted(run, run)).statusCode()).isEqualTo(400);

            JsonNode all = list("runNo=" + run);
            assertThat(all.get("total").asLong()).isEqualTo(3);
            assertThat(all.get("page").asInt()).isEqualTo(1);
            assertThat(all.get("pageSize").asInt()).isEqualTo(GatewayServer.DEFAULT_PAGE_SIZE);
            JsonNode newest = all.at("/items/0");
            assertThat(newest.get("eventId").asText()).isEqualTo(run + "-2");
            assertThat(all.at("/items/2/eventId").asText()).isEqualTo(run + "-0");
            // Each record as posted, plus what the store adds.
            assertThat(newest.get("unitSn").asText()).isEqualTo("SN-2");
            assertThat(newest.get("stepNo").asInt()).isEqualTo(30);
            assertThat(newest.at("/meta/n").asInt()).isEqualTo(2);
            assertThat(newest.at("/data/1/valueText").asText()).isEqualTo("Z2");
            assertThat(newest.get("dataValuesCreated").asInt()).isEqualTo(2);
            assertThat(Instant.parse(newest.get("receivedAt").asText())).as("the post's answer and the list agree")
                    .isEqualTo(Instant.parse(lastReceived));

            JsonNode page2 = list("runNo=" + run + "&pageSize=2&page=2");
            assertThat(page2.get("total").asLong()).isEqualTo(3);
            assertThat(page2.get("items")).hasSize(1);
            assertThat(page2.at("/items/0/eventId").asText()).isEqualTo(run + "-0");

            assertThat(list("runNo=" + run + "&source=MANUAL").at("/items/0/eventId").asText()).isEqualTo(run + "-1");
            assertThat(list("runNo=" + run + "&stepNo=30&stationCode=L1").get("total").asLong()).isEqualTo(1);
            assertThat(list("runNo=" + run + "&unitSn=SN-0").at("/items/0/eventId").asText()).isEqualTo(run + "-0");
            assertThat(list("eventId=" + run + "-1").get("total").asLong()).isEqualTo(1);
            JsonNode window = list("runNo=" + run + "&eventFrom=2026-01-24T08:30:00Z&eventTo="
                    + java.net.URLEncoder.encode("2026-01-24T18:00:00+08:00", java.nio.charset.StandardCharsets.UTF_8));
            assertThat(window.get("total").asLong()).isEqualTo(2);
            assertThat(list("runNo=" + run + "&page=9").get("items")).isEmpty();
        }

        @Test
        void theReadSideRefusesBadFiltersInTheCallersLanguage() throws Exception {
            assertThat(get("", null, null).statusCode()).isEqualTo(401);
            for (String bad : new String[]{"pageSize=101", "pageSize=0", "page=0", "page=x", "source=ROBOT", "eventFrom=yesterday",
                    "eventFrom=2026-01-24T10:00:00Z&eventTo=2026-01-24T09:00:00Z", "runno=1", "runNo=a&runNo=b"}) {
                HttpResponse<String> r = get(bad, token, null);
                assertThat(r.statusCode()).as(bad + " " + r.body()).isEqualTo(400);
                JsonNode e = JSON.readTree(r.body());
                assertThat(e.get("ok").asBoolean()).isFalse();
                assertThat(e.at("/error/field").asText()).as(bad).isNotBlank();
            }
            JsonNode en = JSON.readTree(get("pageSize=500", token, "en").body());
            assertThat(en.at("/error/field").asText()).isEqualTo("pageSize");
            assertThat(en.at("/error/message").asText()).contains("1 to 100");
            JsonNode zh = JSON.readTree(get("pageSize=500", token, "zh-CN").body());
            assertThat(zh.at("/error/message").asText()).contains("之间的整数");
            assertThat(JSON.readTree(get("runno=1", token, "en").body()).at("/error/message").asText()).contains("runNo");
        }

        @Test
        void aFailedPostIsRetriedOnceAfterMasterDataIsFixedAlsoByTwoConsolesAtOnce() throws Exception {
            String machine = "L1-X" + UUID.randomUUID().toString().substring(0, 6);
            String id = "retry-" + UUID.randomUUID();
            HttpResponse<String> r = post(counters(id, machine, 1, 100, 99));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            long failed = count("SELECT MAX(id) FROM integration_message WHERE status = 'FAILED' AND external_id = '" + id + "'");
            assertThat(failed).isPositive();
            var kept = services.messages().list("FAILED", machine, java.time.LocalDate.now().minusDays(2),
                    java.time.LocalDate.now().plusDays(2));
            assertThat(kept).extracting(m -> m.id()).containsExactly(failed);
            assertThat(dev.smtconsole.app.MessageService.readable(kept.get(0).payload())).contains("\n  \"eventId\" : \"" + id);

            // Refused again while the machine is still unknown: no second FAILED message, the reasons are fresh.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> services.messages().retry(failed))
                    .isInstanceOf(GatewayService.Refused.class);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE external_id = '" + id + "'")).isEqualTo(1);

            services.masterData().importCsv(new java.io.ByteArrayInputStream(("line,machine,position,kind,name,aliases\nL1,"
                    + machine + ",90,PLACEMENT,,\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)), "fix.csv");
            long before = events();
            List<Future<Object>> tries = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (int i = 0; i < 2; i++) {
                    tries.add(pool.submit(() -> {
                        try {
                            return services.messages().retry(failed);
                        } catch (dev.smtconsole.app.LocalizedException e) {
                            return e; // the other console recorded the retry first
                        }
                    }));
                }
            }
            int answered = 0;
            for (Future<Object> f : tries) if (f.get() instanceof GatewayService.Answer) answered++;
            assertThat(answered).isBetween(1, 2);
            assertThat(events()).isEqualTo(before + 1);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE id = " + failed + " AND retried_as IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM integration_message WHERE status = 'SUCCESS' AND external_id = '" + id + "'"))
                    .isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> services.messages().retry(failed))
                    .isInstanceOf(dev.smtconsole.app.LocalizedException.class);
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
