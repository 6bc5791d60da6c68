package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real main window, headless: four areas, language switch applies at once and persists. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    static Path home;

    private AppServices services;
    private UserSettings settings;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        AppPaths paths = AppPaths.under(home);
        services = AppServices.open(TestDatabases.h2(paths.dataDir()));
        settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.ZH);
        window = new MainWindow(UiContext.create(services, settings));
        stage.setScene(new Scene(window.root(), 1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void switchingLanguageRenamesTheFourAreasAndPersists(FxRobot robot) {
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        assertThat(titles(tabs)).containsExactly("录入", "看板", "报表", "设置");

        robot.clickOn("#languageToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(titles(tabs)).containsExactly("Ingest", "Dashboard", "Reports", "Settings");
        assertThat(new UserSettings(AppPaths.under(home).configDir()).language().getLanguage()).isEqualTo("en");

        robot.clickOn("#languageToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(titles(tabs)).containsExactly("录入", "看板", "报表", "设置");
    }

    @Test
    void statusBarNamesTheDatabaseAndTheOperator(FxRobot robot) throws Exception {
        Label db = robot.lookup("#statusDatabase").queryAs(Label.class);
        assertThat(db.getText()).contains("H2").contains(home.toString());
        Label op = robot.lookup("#statusOperator").queryAs(Label.class);
        assertThat(op.getText()).isEqualTo("未登记操作员");
        robot.clickOn("#operatorField").write("OP1001").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> op.getText().equals("操作员：OP1001"));
    }

    @Test
    void onlyAKnownOperatorBecomesTheStatusBarOperatorAndAnUnknownIdIsExplained(FxRobot robot) throws Exception {
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        robot.interact(() -> window.root().getScene().getWindow().requestFocus());
        Label op = robot.lookup("#statusOperator").queryAs(Label.class);
        Label note = robot.lookup("#operatorNote").queryAs(Label.class);

        robot.clickOn("#operatorField").write("NOPE42").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> note.isVisible());
        assertThat(op.getText()).isEqualTo("未登记操作员");
        assertThat(note.getText()).startsWith("操作员 ‘NOPE42’ 不在操作员名单中");

        robot.clickOn("#languageToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(note.getText()).startsWith("Operator 'NOPE42' is not in the operator list");

        robot.doubleClickOn("#operatorField").write("OP1001").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> op.getText().equals("Operator: OP1001"));
        assertThat(note.isVisible()).isFalse();
    }

    @Test
    void emptyDatabaseOffersDemoDataWhichLoads(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#firstRunPanel").tryQuery().isPresent());
        robot.clickOn("#loadDemo");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#firstRunPanel").tryQuery().isEmpty());
        assertThat(services.masterData().current().lines()).hasSize(3);
        assertThat(services.info().rowCounts().get("production_event")).isPositive();
    }

    private static List<String> titles(TabPane tabs) {
        return tabs.getTabs().stream().map(Tab::getText).toList();
    }
}
