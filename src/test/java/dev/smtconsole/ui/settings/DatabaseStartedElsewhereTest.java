package dev.smtconsole.ui.settings;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.DatabaseControl;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window started with a database given by --db or SMT_CONSOLE_DB_URL shows that database in the
 * status bar, while Settings → Database shows this PC's saved choice: the page says so, in the
 * window's language, instead of looking as if the window ran on the saved one.
 */
class DatabaseStartedElsewhereTest {
    @TempDir
    Path home;

    private DatabaseViewModel model(DatabaseConfig runningOn, I18n i18n) {
        AppPaths paths = AppPaths.under(home);
        DatabaseSettingsService saved = new DatabaseSettingsService(new UserSettings(paths.configDir()), paths.dataDir(),
                CredentialStore.none(), Map.<String, String>of()::get);
        DatabaseControl control = new DatabaseControl(saved, runningOn, Clock.systemUTC(), () -> null, r -> { });
        return new DatabaseViewModel(control, new ImmediateTaskExecutor(), new ScriptedDialogs(), i18n);
    }

    @Test
    void aWindowOnTheSavedDatabaseSaysNothing() {
        DatabaseConfig savedOne = DatabaseConfig.embedded(AppPaths.under(home).dataDir());
        assertThat(model(savedOne, new I18n(I18n.EN)).startedElsewhereProperty().get()).isEmpty();
    }

    @Test
    void aWindowStartedOnAnotherDatabaseSaysWhichAndWhatTheSavedChoiceDoesInBothLanguages() {
        DatabaseConfig given = DatabaseConfig.h2File(home.resolve("given").resolve("db"));
        I18n i18n = new I18n(I18n.EN);
        DatabaseViewModel vm = model(given, i18n);
        assertThat(vm.startedElsewhereProperty().get())
                .startsWith("This window was started on " + given.describe())
                .contains("PC's saved setting", "Apply and switch");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.startedElsewhereProperty().get()).startsWith("本窗口启动时使用的是 " + given.describe()).contains("应用并切换");
    }
}
