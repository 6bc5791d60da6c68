package dev.smtconsole.ui.kit;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What every view needs, passed through constructors: the language, the user's settings, the task
 * executor and dialog service its view model gets, the operator of this session, and its own
 * feature's slice of the application ({@link Features}) — never the services as a whole, never the
 * database. Only view models call services or open dialogs.
 */
public final class UiContext {
    private final Features.All features;
    private final I18n i18n;
    private final UserSettings settings;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final StringProperty operator;

    public UiContext(Features.All features, I18n i18n, UserSettings settings, TaskExecutor tasks, DialogService dialogs,
                     StringProperty operator) {
        this.features = features;
        this.i18n = i18n;
        this.settings = settings;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.operator = operator;
    }

    public UiContext(AppServices services, I18n i18n, UserSettings settings, TaskExecutor tasks, DialogService dialogs,
                     StringProperty operator) {
        this(Features.All.of(services), i18n, settings, tasks, dialogs, operator);
    }

    public static UiContext create(AppServices services, UserSettings settings) {
        TaskExecutor tasks = new FxTaskExecutor();
        UiContext ctx = new UiContext(services, new I18n(settings.language()), settings, tasks,
                new FxDialogService(settings, tasks), new SimpleStringProperty(""));
        ctx.i18n().localeProperty().addListener((obs, old, now) -> settings.setLanguage(now));
        return ctx;
    }

    public Features.Ingest ingest() {
        return features.ingest();
    }

    public Features.Reports reports() {
        return features.reports();
    }

    public Features.Dashboard dashboard() {
        return features.dashboard();
    }

    /** The settings page's slice (named so beside {@link #settings()}, the user's own settings). */
    public Features.Settings factorySettings() {
        return features.settings();
    }

    public Features.Shell shell() {
        return features.shell();
    }

    public I18n i18n() {
        return i18n;
    }

    public UserSettings settings() {
        return settings;
    }

    public TaskExecutor tasks() {
        return tasks;
    }

    public DialogService dialogs() {
        return dialogs;
    }

    public StringProperty operator() {
        return operator;
    }
}
