package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What every view needs, passed through constructors. The operator is remembered for this session only. */
public record UiContext(AppServices services, I18n i18n, UserSettings settings, TaskRunner tasks,
                        StringProperty operator) {

    public static UiContext create(AppServices services, UserSettings settings) {
        UiContext ctx = new UiContext(services, new I18n(settings.language()), settings, new TaskRunner(),
                new SimpleStringProperty(""));
        ctx.i18n().localeProperty().addListener((obs, old, now) -> settings.setLanguage(now));
        return ctx;
    }
}
