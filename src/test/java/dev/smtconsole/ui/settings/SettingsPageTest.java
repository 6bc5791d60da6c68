package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.kit.FieldMarks;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
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
    void everyWrongValueIsNamedOnItsFieldAtOnceAndRightValuesAreSaved(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#settingsTarget-L2").tryQuery().isPresent());
        TextField stale = robot.lookup("#settingsStaleMinutes").queryAs(TextField.class);
        assertThat(stale.getText()).isEqualTo("15");
        Label status = robot.lookup("#factorySettingsStatus").queryAs(Label.class);

        robot.interact(() -> ctx.operator().set("OP1001"));
        retype(robot, "#settingsStaleMinutes", "2O");
        retype(robot, "#settingsTarget-L2", "4x");
        retype(robot, "#settingsLossWarn", "150");
        robot.clickOn("#saveFactorySettings");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).isEqualTo("Nothing was saved: 3 value(s) to correct, each marked on its field.");
        assertThat(note("#settingsStaleMinutes-error")).isEqualTo("Stale after (minutes without data): '2O' is not a whole number.");
        assertThat(note("#settingsTarget-L2-error")).isEqualTo("Line L2, target boards per hour: '4x' is not a whole number.");
        assertThat(note("#settingsLossWarn-error")).isEqualTo("Loss rate: warn above (%): 150 % is not between 0 and 100 %.");
        assertThat(FieldMarks.hasError(robot.lookup("#settingsTarget-L2").queryAs(TextField.class))).isTrue();
        assertThat(FieldMarks.hasError(robot.lookup("#settingsTarget-L1").queryAs(TextField.class))).isFalse();

        // the same problems in the other language at once, without saving again
        robot.interact(() -> ctx.i18n().setLocale(I18n.ZH));
        assertThat(note("#settingsTarget-L2-error")).isEqualTo("线别 L2 每小时目标产量：‘4x’ 不是整数。");
        robot.interact(() -> ctx.i18n().setLocale(I18n.EN));

        retype(robot, "#settingsStaleMinutes", "20");
        retype(robot, "#settingsTarget-L2", "45");
        retype(robot, "#settingsLossWarn", "0.4");
        robot.clickOn("#saveFactorySettings");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().endsWith("value(s) changed."));
        assertThat(note("#settingsTarget-L2-error")).isEmpty();
        assertThat(services.settings().current().staleMinutes()).isEqualTo(20);
        assertThat(services.settings().current().lossWarnAbove()).isEqualTo(0.004);
        assertThat(services.masterData().current().line("L2").orElseThrow().targetPerHour()).isEqualTo(45);
    }

    @Test
    void theDataSectionUsesNamesPeopleUseNotTableNames(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#countName-operator_account").tryQuery().isPresent());
        assertThat(robot.lookup("#countName-operator_account").queryAs(Label.class).getText()).isEqualTo("Operators");
        assertThat(robot.lookup("#countName-production_event").queryAs(Label.class).getText()).isEqualTo("Production events");
        assertThat(robot.lookup(n -> n.getId() != null && n.getId().startsWith("countName-")).queryAllAs(Label.class))
                .hasSize(13).extracting(Label::getText).noneMatch(t -> t.contains("_"));
    }

    @Test
    void theFactoryCalendarPaneSavesThroughItsViewModel(FxRobot robot) throws Exception {
        Label status = robot.lookup("#factoryCalendarStatus").queryAs(Label.class);
        javafx.scene.control.ComboBox<?> zone = robot.lookup("#factoryZone").queryAs(javafx.scene.control.ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !zone.getEditor().getText().isEmpty());
        robot.interact(() -> ctx.operator().set("OP1001"));
        robot.interact(() -> zone.getEditor().setText("Asia/Shanghai"));
        retype(robot, "#factoryDayStart", "6:10");
        robot.clickOn("#saveFactoryCalendar");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("quarter hour"));
        assertThat(status.getStyleClass()).contains(dev.smtconsole.ui.kit.Styles.ERROR);
        retype(robot, "#factoryDayStart", "06:00");
        robot.clickOn("#saveFactoryCalendar");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("Factory calendar: Asia/Shanghai"));
        assertThat(status.getStyleClass()).doesNotContain(dev.smtconsole.ui.kit.Styles.ERROR);
        assertThat(services.settings().calendar().zone().getId()).isEqualTo("Asia/Shanghai");
    }

    /** Replaces a field's text (a double click may not select it all on a loaded machine). */
    private static void retype(FxRobot robot, String id, String text) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(f::clear);
        robot.clickOn(f).write(text);
    }

    private String note(String id) {
        return ((Label) robot().lookup(id).query()).getText();
    }

    private static FxRobot robot() {
        return new FxRobot();
    }
}
