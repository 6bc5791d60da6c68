package dev.smtconsole.ui.dashboard;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.WallFixture;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.MainWindow;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** F11 on the dashboard opens the wall like its button, and leaves the dashboard's tiles as they were (issue 11, item 5). */
@ExtendWith(ApplicationExtension.class)
class WallKeysTest {
    @TempDir
    static Path home;
    private AppServices services;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        AppPaths paths = AppPaths.under(home);
        services = AppServices.open(TestDatabases.h2(paths.dataDir()));
        WallFixture.loadSampleLines(services);
        UiContext ctx = UiContext.create(services, new UserSettings(paths.configDir()));
        ctx.i18n().setLocale(I18n.EN);
        window = new MainWindow(ctx);
        stage.setScene(new Scene(window.root(), 1280, 800));
        stage.show();
        window.select(MainWindow.Area.DASHBOARD);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                if (w != stage && w instanceof Stage s) s.close();
            }
        }).get();
        services.close();
    }

    private static Stage wall() {
        return (Stage) Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
                && "wallRoot".equals(w.getScene().getRoot().getId())).findFirst().orElse(null);
    }

    @Test
    void f11OpensTheWallAndClosingItLeavesTheTilesAsTheyWere(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#boards-L1-value").tryQuery().isPresent());
        Label value = robot.lookup("#boards-L1-value").queryAs(Label.class);
        Label caption = (Label) robot.lookup("#boards-L1").queryAs(WallTile.class).caption;
        double valueSize = value.getFont().getSize();
        double captionSize = caption.getFont().getSize();
        // switching areas moves the page out of the scene and back: the key must still act once
        robot.interact(() -> window.select(MainWindow.Area.INGEST));
        robot.interact(() -> window.select(MainWindow.Area.DASHBOARD));
        WaitForAsyncUtils.waitForFxEvents();

        robot.press(KeyCode.F11).release(KeyCode.F11);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> wall() != null);
        Label wallValue = (Label) wall().getScene().lookup("#boards-L1-value");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> wallValue != null && wallValue.getFont().getSize() > valueSize);

        robot.press(KeyCode.F11).release(KeyCode.F11);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> wall() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(value.getFont().getSize()).as("value font after the wall").isEqualTo(valueSize);
        assertThat(caption.getFont().getSize()).as("caption font after the wall").isEqualTo(captionSize);
        assertThat(captionSize).isEqualTo(TileMetrics.OFFICE.caption());
        assertThat(valueSize).isGreaterThan(2 * captionSize);
    }
}
