package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.I18n;
import dev.smtconsole.ui.UiContext;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings page edits the factory settings: a wrong value is named, a right one is saved. */
@ExtendWith(ApplicationExtension.class)
class SettingsPageTest {
    @TempDir
    static Path home;

    private AppServices services;
    private UiContext ctx;

    @Start
    void start(Stage stage) throws Exception {
        AppPaths paths = AppPaths.under(home);
        services = AppServices.open(TestDatabases.h2(paths.dataDir()));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        ctx = UiContext.create(services, new UserSettings(paths.configDir()));
        ctx.i18n().setLocale(I18n.EN);
        SettingsPage page = new SettingsPage(ctx);
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(page.view()), 900, 900));
        stage.show();
        page.onShow();
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void wrongValueIsNamedAndRightValuesAreSaved(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#settingsTarget-L2").tryQuery().isPresent());
        TextField stale = robot.lookup("#settingsStaleMinutes").queryAs(TextField.class);
        assertThat(stale.getText()).isEqualTo("15");
        Label status = robot.lookup("#factorySettingsStatus").queryAs(Label.class);

        robot.interact(() -> ctx.operator().set("OP1001"));
        robot.doubleClickOn("#settingsStaleMinutes").write("2O");
        robot.clickOn("#saveFactorySettings");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).isEqualTo("Stale after (minutes without data): '2O' is not a whole number.");

        robot.doubleClickOn("#settingsStaleMinutes").write("20");
        robot.doubleClickOn("#settingsTarget-L2").write("45");
        robot.clickOn("#saveFactorySettings");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().equals("2 value(s) changed."));
        assertThat(services.settings().current().staleMinutes()).isEqualTo(20);
        assertThat(services.masterData().current().line("L2").orElseThrow().targetPerHour()).isEqualTo(45);
    }
}
