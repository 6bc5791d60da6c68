package dev.smtconsole.ui.dashboard;

import dev.smtconsole.LostCommitProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppConfig;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.LiveUpdates;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall while the shared database is away (ADR 0025): the last known values stay, and a line's entries kept in the
 * local outbox are marked "not yet sent" on its badge until they are forwarded.
 */
@ExtendWith(ApplicationExtension.class)
class WallNotYetSentPostgresTest {
    @TempDir
    static Path dir;
    private Stage stage;
    private DatabaseConfig direct;
    private LostCommitProxy proxy;
    private AppServices services;
    private UiContext ctx;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown() {
        if (ctx != null) ctx.tasks().close();
        if (services != null) services.close();
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private String badge(String line) throws Exception {
        return fx(() -> {
            Node n = stage.getScene() == null ? null : stage.getScene().getRoot().lookup("#status-" + line);
            return n == null ? "" : ((Label) n).getText();
        });
    }

    static IngestService.ManualEntry entry(String job, long picks) {
        LocalDateTime start = LocalDateTime.now(ZoneId.systemDefault()).minusHours(2).withNano(0);
        return new IngestService.ManualEntry("L1", job, "1016928", 10L, start, start.plusHours(1), List.of("礼"),
                List.of(new IngestService.MachineCount("L1-M1", picks, picks - 10)), null, "OP1001");
    }

    @Test
    void aLinesEntriesKeptInTheOutboxAreMarkedNotYetSentUntilForwarded() throws Exception {
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        proxy = new LostCommitProxy(uri.getHost(), uri.getPort(), LostCommitProxy.privateLoopback());
        DatabaseConfig proxied = new DatabaseConfig("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + uri.getPath()
                + "?connectTimeout=2&socketTimeout=20", direct.user(), direct.password(), direct.schema());
        LiveUpdates.Settings quick = new LiveUpdates.Settings(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(1));
        services = AppServices.openForWriting(new AppConfig(proxied, Clock.systemDefaultZone(), quick, dir.resolve("config")));
        services.ingest().submitManual(entry("M009801", 1000));
        UserSettings settings = new UserSettings(dir.resolve("settings"));
        WaitForAsyncUtils.asyncFx(() -> {
            ctx = UiContext.create(services, settings);
            ctx.i18n().setLocale(I18n.EN);
            DashboardPage page = new DashboardPage(ctx);
            stage.setScene(new Scene((javafx.scene.Parent) page.view(), 1280, 760));
            stage.show();
            page.onShow();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !badge("L1").isEmpty());
        assertThat(badge("L1")).doesNotContain("not yet sent");

        proxy.cut();
        services.ingest().submitManual(entry("M009802", 2000));
        long waiting = services.outboxWaitingByLine().get("L1");
        assertThat(waiting).isPositive();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> badge("L1").contains(waiting + " records not yet sent"));

        proxy.restore();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !badge("L1").contains("not yet sent"));
        assertThat(services.outboxWaitingByLine()).isEmpty();
    }
}
