package dev.smtconsole.ui.settings;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.MainWindow;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import dev.smtconsole.ui.WindowSwitcher;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Back up now, then Restore: the window closes its services, the file is replaced, the window opens it again. */
@ExtendWith(ApplicationExtension.class)
class DatabaseRestoreTest {
    @TempDir
    static Path home;
    private WindowSwitcher switcher;

    @Start
    void start(Stage stage) {
        AppPaths paths = AppPaths.under(home);
        UserSettings settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.EN);
        DatabaseSettingsService dbs = new DatabaseSettingsService(settings, paths.dataDir(), CredentialStore.none(),
                Map.<String, String>of()::get);
        AppServices first = AppServices.open(DatabaseConfig.embedded(paths.dataDir()));
        first.masterData().importFile(Path.of("sample-data", "lines.csv"));
        switcher = new WindowSwitcher(stage, settings, dbs);
        MainWindow window = switcher.open(first);
        stage.setScene(new Scene(window.root(), 1000, 700));
        stage.show();
    }

    @AfterEach
    void close() {
        switcher.close();
    }

    @Test
    void restoreBringsBackTheBackupWithoutARestart(FxRobot robot) throws Exception {
        AppServices before = switcher.services();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        DatabaseViewModel[] made = new DatabaseViewModel[1];
        robot.interact(() -> made[0] = new DatabaseViewModel(before.databaseControl().orElseThrow(),
                new ImmediateTaskExecutor(), dialogs, new I18n(I18n.EN)));
        DatabaseViewModel vm = made[0];
        robot.interact(vm::backup);
        assertThat(vm.statusProperty().get()).startsWith("Backed up to ");
        Path zip = Path.of(vm.statusProperty().get().substring("Backed up to ".length()));
        assertThat(Files.isRegularFile(zip)).isTrue();

        before.masterData().importFile(Path.of("sample-data", "operators.csv"));
        assertThat(before.info().rowCounts().get("operator_account")).isPositive();

        dialogs.answer(zip).answer(true);
        robot.interact(vm::restore);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> switcher.services() != before);
        WaitForAsyncUtils.waitForFxEvents(); // the new window is installed on the FX thread
        assertThat(switcher.services().info().rowCounts().get("operator_account")).isZero();
        assertThat(switcher.services().info().rowCounts().get("production_line")).isPositive();
        assertThat(dialogs.allAnswered()).isTrue();
    }
}
