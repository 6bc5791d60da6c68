package dev.smtconsole.ui;

import dev.smtconsole.LostCommitProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppConfig;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.LiveUpdates;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The window of a console whose shared database was away when it started (ADR 0032): it opens, and says so. */
@ExtendWith(ApplicationExtension.class)
class OfflineWindowPostgresTest {
    @TempDir
    static Path home;

    private DatabaseConfig direct;
    private LostCommitProxy proxy;
    private AppServices services;

    @Start
    void start(Stage stage) throws Exception {
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        proxy = new LostCommitProxy(uri.getHost(), uri.getPort(), LostCommitProxy.privateLoopback());
        DatabaseConfig proxied = new DatabaseConfig("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + uri.getPath()
                + "?connectTimeout=2&socketTimeout=20", direct.user(), direct.password(), direct.schema());
        AppPaths paths = AppPaths.under(home);
        AppConfig config = new AppConfig(proxied, Clock.systemUTC(), LiveUpdates.Settings.DEFAULT, paths.configDir());
        AppServices.openForWriting(config).close();
        proxy.cut();
        services = AppServices.openForWriting(config);
        services.ingest().submitManual(new IngestService.ManualEntry("L1", "M009701", "1016928", 100L,
                LocalDateTime.of(2026, 11, 3, 8, 0), LocalDateTime.of(2026, 11, 3, 10, 0), List.of("礼"),
                List.of(new IngestService.MachineCount("L1-M1", 500L, 490L)), null, "OP1001"));
        UserSettings settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.EN);
        MainWindow window = new MainWindow(UiContext.create(services, settings));
        stage.setScene(new Scene(window.root(), 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        if (services != null) services.close();
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    @Test
    void theWindowOpensAndTheStatusBarSaysRecordsWait(FxRobot robot) throws Exception {
        Label outbox = robot.lookup("#statusOutbox").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, outbox::isVisible);
        assertThat(outbox.getText()).matches("offline — \\d+ records waiting since \\d\\d:\\d\\d");
        assertThat(outbox.getText()).doesNotStartWith("offline — 0 ");
    }
}
