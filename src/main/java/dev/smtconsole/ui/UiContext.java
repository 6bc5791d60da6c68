package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What every view needs, passed through constructors. The operator is remembered for this session
 * only. Views hand {@link #tasks()} and {@link #dialogs()} to their view models; only view models
 * call services or open dialogs.
 */
public record UiContext(AppServices services, I18n i18n, UserSettings settings, TaskExecutor tasks,
                        DialogService dialogs, StringProperty operator) {

    public static UiContext create(AppServices services, UserSettings settings) {
        TaskExecutor tasks = new FxTaskExecutor();
        UiContext ctx = new UiContext(services, new I18n(settings.language()), settings, tasks,
                new FxDialogService(settings, tasks), new SimpleStringProperty(""));
        ctx.i18n().localeProperty().addListener((obs, old, now) -> settings.setLanguage(now));
        return ctx;
    }
}
