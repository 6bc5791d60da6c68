package dev.smtconsole.ui.dashboard;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.WallFixture;
import dev.smtconsole.domain.DeviceValueRow;
import dev.smtconsole.store.Database;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A line's detail shows what the gateway stored that is not a counter: a small table per spec, in both languages. */
@ExtendWith(ApplicationExtension.class)
class DeviceValuesPaneTest {
    private static final Instant NOW = Instant.parse("2026-08-03T07:00:00Z");

    @TempDir
    static Path dir;
    private Stage stage;
    private AppServices services;
    private UiContext ctx;
    private DashboardPage page;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown() {
        if (ctx != null) ctx.tasks().close();
        if (services != null) services.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private Node lookup(String id) {
        return stage.getScene() == null ? null : stage.getScene().getRoot().lookup(id);
    }

    @Test
    void theLinesDetailShowsItsDeviceValuesPerSpec(FxRobot robot) throws Exception {
        services = new AppServices(Database.open(TestDatabases.h2(dir.resolve("values"))),
                new WallFixture.MutableClock(NOW, ZoneId.of("Asia/Shanghai")));
        WallFixture.loadSampleLines(services);
        GatewayService gw = services.gateway();
        for (int i = 0; i < 3; i++) {
            gw.post(new GatewayService.DevicePost("peak-" + i, "2026-08-03T0" + (2 + i) + ":10:00Z", "AUTO", "UI0001", null, "L1",
                    null, "L1-M1", null, null, null, null, List.of(
                    new GatewayService.DataValue("Peak Temperature", 240.0 + i, null, null, null, "°C", null),
                    new GatewayService.DataValue("Recipe", null, "TOP-" + i, null, null, null, null)), "{}"));
        }
        UserSettings settings = new UserSettings(dir.resolve("config"));
        WaitForAsyncUtils.asyncFx(() -> {
            ctx = UiContext.create(services, settings);
            ctx.i18n().setLocale(I18n.EN);
            page = new DashboardPage(ctx);
            stage.setScene(new Scene((javafx.scene.Parent) page.view(), 1280, 760));
            stage.show();
            page.onShow();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> lookup("#title-L1") != null));

        dev.smtconsole.ui.kit.FxClick.on(robot, stage.getScene(), "#title-L1");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> lookup("#deviceValues-Peak_Temperature") != null));
        @SuppressWarnings("unchecked")
        TableView<DeviceValueRow> peak = (TableView<DeviceValueRow>) lookup("#deviceValues-Peak_Temperature");
        List<DeviceValueRow> rows = fx(() -> List.copyOf(peak.getItems()));
        assertThat(rows).extracting(DeviceValueRow::valueText).containsExactly("242", "241", "240"); // newest first
        assertThat(fx(() -> lookup("#deviceValues-Recipe"))).isNotNull();
        assertThat(fx(() -> lookup("#deviceValues").isVisible())).isTrue();
        assertThat(fx(() -> peak.getColumns().get(0).getText())).isEqualTo("Time");
        assertThat(fx(() -> ((Label) ((javafx.scene.layout.VBox) lookup("#deviceValues")).getChildren().get(0)).getText()))
                .isEqualTo("Device values (not counters)");

        fx(() -> {
            ctx.i18n().setLocale(I18n.ZH);
            return null;
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> lookup("#deviceValues-Peak_Temperature") != null
                && ((TableView<?>) lookup("#deviceValues-Peak_Temperature")).getColumns().get(0).getText().equals("时间")));
    }
}
