package dev.smtconsole.ui;

import dev.smtconsole.TcpProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
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

/** The status bar says "offline — N records waiting since HH:mm" while the shared database is away. */
@ExtendWith(ApplicationExtension.class)
class OutboxStatusLabelTest {
    @TempDir
    static Path dir;
    DatabaseConfig direct;
    TcpProxy proxy;
    AppServices services;
    OutboxStatusLabel label;

    @Start
    void start(Stage stage) throws Exception {
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        proxy = new TcpProxy(uri.getHost(), uri.getPort());
        DatabaseConfig proxied = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath(),
                direct.user(), direct.password(), direct.schema());
        services = new AppServices(Database.open(proxied), Clock.systemUTC(), dir.resolve("config"));
        I18n i18n = new I18n(I18n.EN);
        label = new OutboxStatusLabel(services::outboxStatus, i18n);
        stage.setScene(new Scene(new StackPane(label), 600, 80));
        stage.show();
    }

    @AfterEach
    void close() {
        if (services != null) services.close();
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    @Test
    void saysOfflineWithTheRecordsWaitingAndGoesAwayOnceForwarded(FxRobot robot) throws Exception {
        assertThat(label.isVisible()).isFalse();
        proxy.cut();
        services.ingest().submitManual(new ManualEntry("L1", "M009701", "1016928", 10L, LocalDateTime.of(2026, 11, 23, 8, 0),
                LocalDateTime.of(2026, 11, 23, 9, 0), List.of("礼"), List.of(new MachineCount("L1-M1", 500L, 490L)), null, "OP1001"));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> label.isVisible());
        assertThat(label.getText()).matches("offline — 2 records waiting since \\d\\d:\\d\\d");
        proxy.restore();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !label.isVisible());
    }
}
