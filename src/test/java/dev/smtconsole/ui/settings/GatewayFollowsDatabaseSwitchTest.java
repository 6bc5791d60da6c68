package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseControl;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.GatewayControl;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.gateway.GatewayRunner;
import dev.smtconsole.gateway.GatewayServer;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.MainWindow;
import dev.smtconsole.ui.WindowSwitcher;
import dev.smtconsole.ui.kit.I18n;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings → Gateway on, then Settings → Database switches to another database: the window's listener keeps
 * listening on its port and now posts into the database the window shows (the old database's listener stopped
 * first), with that database's token.
 */
@ExtendWith(ApplicationExtension.class)
class GatewayFollowsDatabaseSwitchTest {
    @TempDir
    static Path home;

    private WindowSwitcher switcher;
    private AppServices first;
    private DatabaseConfig other;
    private String firstToken;
    private String otherToken;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @Start
    void start(Stage stage) throws Exception {
        AppPaths paths = AppPaths.under(home.resolve("console-" + System.nanoTime()));
        UserSettings settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.EN);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        settings.put(GatewayControl.ENABLED, "true");
        settings.put(GatewayControl.BIND, "127.0.0.1");
        settings.put(GatewayControl.PORT, String.valueOf(port));
        DatabaseSettingsService dbs = new DatabaseSettingsService(settings, paths.dataDir(), CredentialStore.none(),
                Map.<String, String>of()::get);
        other = TestDatabases.h2InNewTempDir("gateway-switch-other");
        try (AppServices b = AppServices.open(other)) {
            otherToken = prepare(b);
        }
        first = AppServices.open(DatabaseConfig.embedded(paths.dataDir()));
        firstToken = prepare(first);
        switcher = new WindowSwitcher(stage, settings, dbs);
        switcher.runGatewayWith(GatewayRunner::new);
        MainWindow window = switcher.open(first);
        stage.setScene(new Scene(window.root(), 1280, 768));
        stage.show();
        window.start();
    }

    private static String prepare(AppServices s) {
        s.masterData().importFile(Path.of("sample-data", "lines.csv"));
        s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        return s.gateway().newToken("OP1001", s.masterData().current());
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> switcher.close()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void afterASwitchTheWindowsGatewayPostsIntoTheNewDatabase() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> first.gatewayControl(null).running().isPresent());
        assertThat(post(firstToken).statusCode()).isEqualTo(200);
        assertThat(events(first)).isEqualTo(1);

        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Platform.runLater(() -> switcher.switchTo(new DatabaseControl.SwitchRequest(other, null, failed::set)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> failed.get() != null || (switcher.services() != first
                && switcher.services().gatewayControl(null).running().isPresent()));
        assertThat(failed.get()).isNull();
        AppServices now = switcher.services();
        assertThat(now.databaseConfig().describe()).isEqualTo(other.describe());
        assertThat(now.gatewayControl(null).running().orElseThrow().port()).isEqualTo(port);

        HttpResponse<String> posted = post(otherToken);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(events(now)).isEqualTo(1);
        // The first database's token means nothing to the database the window shows now.
        assertThat(post(firstToken).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> post(String token) throws Exception {
        String body = """
                {"eventId":"%s","eventTime":"%s","source":"AUTO","runNo":"M008502","stationCode":"L1",
                 "equipmentId":"L1-M1","data":[{"specName":"boards","valueNumber":1}]}"""
                .formatted("evt-" + UUID.randomUUID(), Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GatewayServer.PATH))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long events(AppServices s) {
        return s.info().rowCounts().get("production_event");
    }
}
