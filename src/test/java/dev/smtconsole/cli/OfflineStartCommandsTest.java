package dev.smtconsole.cli;

import dev.smtconsole.LostCommitProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppConfig;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.LiveUpdates;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands a console runs while its shared database is away from the start (ADR 0032): `import` and `serve`
 * work on the local outbox, `db info` says in one line that the server does not answer. The server is taken away
 * by a proxy the test cuts on a loopback address of its own.
 */
class OfflineStartCommandsTest {
    @TempDir
    Path home;
    String before;
    DatabaseConfig direct;
    DatabaseConfig proxied;
    LostCommitProxy proxy;

    @BeforeEach
    void open() throws Exception {
        before = System.getProperty("smt.home");
        System.setProperty("smt.home", home.toString());
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        proxy = new LostCommitProxy(uri.getHost(), uri.getPort(), LostCommitProxy.privateLoopback());
        proxied = new DatabaseConfig("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + uri.getPath()
                + "?connectTimeout=2&socketTimeout=20", direct.user(), direct.password(), direct.schema());
        // A start that reached the server: what the rules need is kept beside the outbox.
        AppServices.openForWriting(new AppConfig(proxied, Clock.systemUTC(), LiveUpdates.Settings.DEFAULT,
                AppPaths.forCurrentUser().configDir())).close();
        proxy.cut();
    }

    @AfterEach
    void close() {
        if (before == null) System.clearProperty("smt.home"); else System.setProperty("smt.home", before);
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    String[] db(String... command) {
        String[] head = {"--db", proxied.url(), "--db-user", proxied.user(), "--db-schema", proxied.schema()};
        String[] all = new String[head.length + command.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(command, 0, all, head.length, command.length);
        return all;
    }

    long events() throws Exception {
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + direct.schema() + ".production_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void importRunsOnTheOutboxAndDbInfoSaysTheServerDoesNotAnswer() throws Exception {
        var info = CliRunner.run(db("db", "info"));
        assertThat(info.exitCode()).isNotZero();
        assertThat(info.err().strip()).as(info.err()).contains("does not answer").doesNotContain("\n").doesNotContain("Exception");

        var imported = CliRunner.run(db("import", "sample-data/production-native.csv", "--operator", "OP1006"));
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        assertThat(imported.out()).contains("accepted=56");

        var outbox = CliRunner.run(db("db", "outbox"));
        assertThat(outbox.out() + outbox.err()).contains("56");
        assertThat(events()).isZero();

        proxy.restore(); // the next run that reaches the server forwards what waits
        var forward = CliRunner.run(db("db", "outbox"));
        assertThat(forward.exitCode()).as(forward.err()).isZero();
        assertThat(events()).isEqualTo(56);
    }

    @Test
    void serveAnswersPostsQueuedAndForwardsThemWhenTheServerAnswers() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.smtconsole.Main", "--db", proxied.url(), "--db-user",
                proxied.user(), "--db-schema", proxied.schema(), "serve", "--port", "0", "--token-env", "OFFLINE_TOKEN")
                .redirectErrorStream(true);
        // Where this JVM kept the snapshot: SMT_CONSOLE_HOME when the run sets one (CI does), else smt.home.
        pb.environment().put("SMT_CONSOLE_HOME", AppPaths.forCurrentUser().configDir().getParent().toString());
        pb.environment().put("OFFLINE_TOKEN", "offline-start-token");
        pb.environment().remove("SMT_CONSOLE_DB_URL");
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            int port = -1;
            for (String line; (port < 0 || seen.indexOf("sources:") < 0) && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = Pattern.compile("listening on http://[^:]+:(\\d+)").matcher(line);
                if (m.find()) port = Integer.parseInt(m.group(1));
            }
            assertThat(port).as("serve started while the server is away: %s", seen).isPositive();
            assertThat(seen).contains("sources: not started");
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();

            HttpClient http = HttpClient.newHttpClient();
            for (int i = 1; i <= 3; i++) {
                String body = """
                        {"eventId":"offline-%d","eventTime":"%s","source":"AUTO","runNo":"M008502","stationCode":"L2",
                         "equipmentId":"L2-M1","operatorId":"OP1001",
                         "data":[{"specName":"boards","valueNumber":1},{"specName":"picks","valueNumber":%d},
                                 {"specName":"placements","valueNumber":%d}]}"""
                        .formatted(i, Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS), 100 + i, 99 + i);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/integration/device-data"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer offline-start-token").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                assertThat(r.body()).contains("\"queued\":true");
            }
            assertThat(events()).isZero();
            proxy.restore();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (events() < 3) {
                assertThat(System.nanoTime()).as("forwarded once the server answers").isLessThan(until);
                Thread.sleep(200);
            }
            Thread.sleep(1000);
            assertThat(events()).isEqualTo(3);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
