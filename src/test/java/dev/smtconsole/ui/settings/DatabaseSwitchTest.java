package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.MainWindow;
import dev.smtconsole.ui.WindowSwitcher;
import javafx.scene.Scene;
import javafx.scene.control.Label;
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

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings → Database in the real window: test in words, then Apply switches to PostgreSQL without a restart. */
@ExtendWith(ApplicationExtension.class)
class DatabaseSwitchTest {
    static final String TYPED = "typed-Secret-9";
    @TempDir
    static Path home;

    private WindowSwitcher switcher;
    private AppServices first;
    private DatabaseConfig pg;

    @Start
    void start(Stage stage) {
        AppPaths paths = AppPaths.under(home);
        UserSettings settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.EN);
        DatabaseSettingsService dbs = new DatabaseSettingsService(settings, paths.dataDir(), CredentialStore.none(), Map.<String, String>of()::get);
        first = AppServices.open(DatabaseConfig.embedded(paths.dataDir()));
        switcher = new WindowSwitcher(stage, settings, dbs);
        MainWindow window = switcher.open(first);
        stage.setScene(new Scene(window.root(), 1200, 760));
        stage.show();
        window.start();
    }

    @AfterEach
    void close() {
        switcher.close();
        TestDatabases.dropSchema(pg);
    }

    @Test
    void testThenApplySwitchesToTheSharedDatabaseAndTheStatusBarSaysSo(FxRobot robot) throws Exception {
        pg = TestDatabases.postgres();
        URI uri = URI.create(pg.url().substring(5));
        Label status = robot.lookup("#statusDatabase").queryAs(Label.class);
        assertThat(status.getText()).contains("H2");
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(3));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#dbShared").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#dbShared").queryAs(javafx.scene.control.RadioButton.class).fire());
        write(robot, "#dbHost", uri.getHost());
        write(robot, "#dbPort", Integer.toString(uri.getPort()));
        write(robot, "#dbName", uri.getPath().substring(1));
        write(robot, "#dbSchema", pg.schema());
        write(robot, "#dbUser", pg.user());
        write(robot, "#dbPassword", TYPED);
        robot.interact(() -> robot.lookup("#dbSslMode").<javafx.scene.control.ComboBox<String>>query().setValue("disable"));

        robot.interact(() -> robot.lookup("#dbTest").queryButton().fire());
        Label dbStatus = robot.lookup("#dbStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> dbStatus.getText().equals("This console can work on this database."));
        javafx.scene.layout.VBox findings = robot.lookup("#dbFindings").queryAs(javafx.scene.layout.VBox.class);
        assertThat(findings.getChildren()).extracting(n -> ((Label) n).getText())
                .contains("✓ Login as " + pg.user() + " works.", "✓ The schema " + pg.schema() + " does not exist yet.");

        robot.interact(() -> robot.lookup("#dbApply").queryButton().fire());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#statusDatabase").queryAs(Label.class)
                .getText().contains("PostgreSQL"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#statusDatabase").queryAs(Label.class).getText()).contains("schema " + pg.schema());
        assertThat(switcher.services().databaseConfig().isPostgres()).isTrue();
        assertThat(switcher.services().schemaVersion()).isEqualTo(dev.smtconsole.store.Database.LATEST_VERSION);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            try {
                first.schemaVersion();
                return false;
            } catch (RuntimeException closed) {
                return true;
            }
        });
        String file = Files.readString(AppPaths.under(home).configDir().resolve("settings.properties"));
        assertThat(file).contains("db.kind=shared").doesNotContain(TYPED);
    }

    @Test
    void copyIntoTheSharedDatabaseMovesThisPcsRecordsOnce(FxRobot robot) throws Exception {
        pg = TestDatabases.postgres();
        URI uri = URI.create(pg.url().substring(5));
        first.masterData().importFile(Path.of("sample-data", "lines.csv"));
        first.masterData().importFile(Path.of("sample-data", "operators.csv"));
        first.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                new dev.smtconsole.app.IngestService.ImportOptions("auto", "OP1006", null, null), null, () -> false);
        dev.smtconsole.ui.kit.ScriptedDialogs dialogs = new dev.smtconsole.ui.kit.ScriptedDialogs().answer(true).answer(true);
        DatabaseViewModel[] vm = new DatabaseViewModel[1];
        robot.interact(() -> {
            vm[0] = new DatabaseViewModel(first.databaseControl().orElseThrow(), new dev.smtconsole.ui.kit.ImmediateTaskExecutor(),
                    dialogs, new I18n(I18n.EN));
            vm[0].sharedProperty().set(true);
            vm[0].hostProperty().set(uri.getHost());
            vm[0].portProperty().set(Integer.toString(uri.getPort()));
            vm[0].databaseProperty().set(uri.getPath().substring(1));
            vm[0].schemaProperty().set(pg.schema());
            vm[0].userProperty().set(pg.user());
            vm[0].passwordProperty().set("typed");
            vm[0].sslModeProperty().set("disable");
            vm[0].copyToShared("OP1001");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm[0].statusProperty().get()).isEqualTo("Copied: 56 records read, 56 new, 0 already there.");
        robot.interact(() -> vm[0].copyToShared("OP1001"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm[0].statusProperty().get()).isEqualTo("Copied: 56 records read, 0 new, 56 already there.");
    }

    private static void write(FxRobot robot, String id, String text) {
        robot.interact(() -> robot.lookup(id).queryAs(javafx.scene.control.TextInputControl.class).setText(text));
    }
}
