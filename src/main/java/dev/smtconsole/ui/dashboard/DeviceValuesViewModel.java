package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.DeviceDataService;
import dev.smtconsole.domain.DeviceValueRow;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The device values of the line whose detail is open (values the gateway stored that are not
 * counters, a peak temperature): the newest few per spec for the chosen production day.
 */
public final class DeviceValuesViewModel {
    /** Rows shown per spec. */
    public static final int PER_SPEC = 5;

    private final Supplier<DeviceDataService> service;
    private final TaskExecutor tasks;
    private final I18n i18n;
    private final ReadOnlyObjectWrapper<Map<String, List<DeviceValueRow>>> bySpec = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private Supplier<String> errorSource = () -> "";
    private long generation;

    public DeviceValuesViewModel(Supplier<DeviceDataService> service, TaskExecutor tasks, I18n i18n) {
        this.service = service;
        this.tasks = tasks;
        this.i18n = i18n;
        i18n.localeProperty().addListener((o, was, now) -> error.set(errorSource.get()));
    }

    /** Loads the line's values of that production day; an older load that finishes later is dropped. */
    public void load(String lineCode, LocalDate day) {
        if (lineCode == null || day == null) return;
        long mine = ++generation;
        tasks.run(() -> service.get().newestBySpec(lineCode, day, PER_SPEC), groups -> {
            if (mine != generation) return;
            showError(() -> "");
            bySpec.set(groups);
        }, e -> {
            if (mine != generation) return;
            bySpec.set(Map.of());
            showError(() -> i18n.get("gateway.values.failed", ErrorText.reason(e, i18n)));
        });
    }

    private void showError(Supplier<String> source) {
        errorSource = source;
        error.set(source.get());
    }

    /** Spec → its newest values (newest first), the spec with the newest value first. */
    public ReadOnlyObjectProperty<Map<String, List<DeviceValueRow>>> bySpecProperty() {
        return bySpec.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
