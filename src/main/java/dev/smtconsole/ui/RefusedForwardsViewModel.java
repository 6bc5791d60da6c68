package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices.RefusedForward;
import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.app.RefusedForwards;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.DialogService.FileFilter;
import dev.smtconsole.ui.kit.DialogService.FileRequest;
import dev.smtconsole.ui.kit.FileDialogs;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local outbox's refused forwards (ADR 0025) for the window: the list, the selected one's reason in the
 * reader's language, the server's message and its content. Read-only on purpose — a refused record never
 * vanishes; it can be copied and exported, not deleted or sent again from here.
 */
public final class RefusedForwardsViewModel {
    private final Supplier<List<RefusedForward>> source;
    private final Supplier<ZoneId> zone;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;
    private final ObservableList<RefusedForward> rows = FXCollections.observableArrayList();
    private final ObjectProperty<RefusedForward> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper(""), reason = new ReadOnlyStringWrapper(""),
            serverSaid = new ReadOnlyStringWrapper(""), body = new ReadOnlyStringWrapper(""), status = new ReadOnlyStringWrapper("");
    private final BooleanProperty statusIsError = new SimpleBooleanProperty();
    /** Re-says the status line in a new language. */
    private Supplier<String> statusSource = () -> "";

    public RefusedForwardsViewModel(Supplier<List<RefusedForward>> source, Supplier<ZoneId> zone, TaskExecutor tasks,
                                    DialogService dialogs, I18n i18n) {
        this.source = source;
        this.zone = zone;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        selected.addListener((o, was, now) -> describe());
        i18n.localeProperty().addListener(o -> {
            describe();
            status.set(statusSource.get());
        });
    }

    /** Reads the list again (off the FX thread), keeping the selected entry when it is still there. */
    public void load() {
        long keep = selected.get() == null ? -1 : selected.get().seq();
        tasks.run(source::get, list -> {
            rows.setAll(list);
            selected.set(list.stream().filter(r -> r.seq() == keep).findFirst().orElse(list.isEmpty() ? null : list.get(0)));
            say(false, () -> i18n.get("database.refused.count", rows.size()));
        }, e -> say(true, () -> i18n.get("database.refused.error.load", message(e))));
    }

    private void describe() {
        RefusedForward r = selected.get();
        if (r == null) {
            heading.set("");
            reason.set("");
            serverSaid.set("");
            body.set("");
            return;
        }
        String details = RefusedForwards.details(i18n.locale(), r);
        heading.set("#" + r.seq() + "  " + RefusedForwards.what(i18n.locale(), r) + (details.isEmpty() ? "" : " · " + details));
        reason.set(reasonOf(r));
        serverSaid.set(r.reason());
        body.set(RefusedForwards.readableBody(r.body()));
    }

    /** The reason of a row in the reader's language (the table's column). */
    public String reasonOf(RefusedForward r) {
        return RefusedForwards.reason(i18n.locale(), r.reason());
    }

    public String whatOf(RefusedForward r) {
        return RefusedForwards.what(i18n.locale(), r);
    }

    public String detailsOf(RefusedForward r) {
        return RefusedForwards.details(i18n.locale(), r);
    }

    public ZoneId zone() {
        return zone.get();
    }

    /** Told by the view once the selected content is on the clipboard. */
    public void copied() {
        RefusedForward r = selected.get();
        if (r != null) say(false, () -> i18n.get("database.refused.copied", r.seq()));
    }

    /** Writes every refused forward to a CSV file the user picks (in the reader's language). */
    public void exportCsv() {
        if (rows.isEmpty()) return;
        Optional<Path> target = dialogs.saveFile(new FileRequest(i18n.get("database.refused.export"), FileDialogs.EXPORT,
                i18n.get("database.refused.fileName"), List.of(FileFilter.of(i18n.get("database.refused.csvFilter"), "*.csv"))));
        if (target.isEmpty()) return;
        List<RefusedForward> all = List.copyOf(rows);
        java.util.Locale locale = i18n.locale();
        ZoneId z = zone.get();
        Path file = target.get();
        tasks.run(() -> {
            RefusedForwards.writeCsv(all, file, locale, z);
            return file;
        }, f -> say(false, () -> i18n.get("database.refused.exported", all.size(), f)),
                e -> say(true, () -> i18n.get("database.refused.error.export", message(e))));
    }

    private String message(Throwable e) {
        if (e instanceof LocalizedException l) return l.message(i18n.locale());
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void say(boolean error, Supplier<String> text) {
        statusSource = text;
        statusIsError.set(error);
        status.set(text.get());
    }

    public ObservableList<RefusedForward> rows() {
        return rows;
    }

    public ObjectProperty<RefusedForward> selectedProperty() {
        return selected;
    }

    /** "#3  Manual entry · line L1 · …" of the selected entry. */
    public ReadOnlyStringProperty headingProperty() {
        return heading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** The server's own message, as it was kept (for IT). */
    public ReadOnlyStringProperty serverSaidProperty() {
        return serverSaid.getReadOnlyProperty();
    }

    /** The selected entry's content, indented JSON. */
    public ReadOnlyStringProperty bodyProperty() {
        return body.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanProperty statusIsErrorProperty() {
        return statusIsError;
    }
}
