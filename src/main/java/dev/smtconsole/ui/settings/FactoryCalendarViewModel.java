package dev.smtconsole.ui.settings;

import dev.smtconsole.app.SettingsService;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.function.Supplier;

/**
 * The factory calendar in Settings without its controls: the zone and the day-start hour as typed,
 * load and save through {@link SettingsService} (shared by every console, audited), and a status
 * line that follows the language.
 */
public final class FactoryCalendarViewModel {
    private final SettingsService settings;
    private final TaskExecutor tasks;
    private final I18n i18n;
    private final StringProperty operator;

    private final StringProperty zone = new SimpleStringProperty("");
    private final StringProperty dayStart = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(false);
    private Supplier<String> statusSource = () -> "";

    public FactoryCalendarViewModel(SettingsService settings, TaskExecutor tasks, I18n i18n, StringProperty operator) {
        this.settings = settings;
        this.tasks = tasks;
        this.i18n = i18n;
        this.operator = operator;
        i18n.localeProperty().addListener(o -> status.set(statusSource.get()));
    }

    /** Loads the stored calendar (off the GUI thread). */
    public void load() {
        tasks.run(settings::calendar, this::show, this::fail);
    }

    private void show(ProductionCalendar c) {
        zone.set(c.zone().getId());
        dayStart.set(c.dayStartText());
    }

    /** Saves the zone and day start as typed; the service names what is wrong, in the user's language. */
    public void save() {
        if (saving.get()) return;
        String zoneText = zone.get(), startText = dayStart.get(), who = operator.get();
        saving.set(true);
        statusIsError.set(false);
        tasks.run(() -> {
            settings.saveCalendar(zoneText, startText, who);
            return settings.calendar();
        }, c -> {
            saving.set(false);
            show(c);
            showStatus(false, () -> i18n.get("settings.calendar.saved", c.zone().getId(), c.dayStartText()));
        }, e -> {
            saving.set(false);
            fail(e);
        });
    }

    private void fail(Throwable e) {
        showStatus(true, () -> ErrorText.of(e, i18n, "settings.wall.failed"));
    }

    private void showStatus(boolean error, Supplier<String> source) {
        statusSource = source;
        statusIsError.set(error);
        status.set(source.get());
    }

    public StringProperty zoneProperty() {
        return zone;
    }

    public StringProperty dayStartProperty() {
        return dayStart;
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
