package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.MessageService;
import dev.smtconsole.domain.IntegrationMessageRow;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * 录入 → Messages without its controls: every kept integration message of the chosen production
 * days, filtered by status and machine; the selected one's payload (JSON indented); a FAILED
 * gateway post sent through the rules again after master data was fixed. Only this class calls
 * {@link MessageService} and asks questions; the view binds to it (ADR 0020).
 */
public final class MessagesViewModel {
    /** The status filter's choice for "any status". */
    public static final String ANY = "";

    private final Supplier<MessageService> service;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;

    private final ObservableList<String> statuses = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty(ANY);
    private final StringProperty machine = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObservableList<IntegrationMessageRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<IntegrationMessageRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper payload = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper statusLine = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding canRetry;
    private Supplier<String> statusSource = () -> "";

    public MessagesViewModel(Supplier<MessageService> service, TaskExecutor tasks, DialogService dialogs, I18n i18n,
                             LocalDate today) {
        this.service = service;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        statuses.add(ANY);
        statuses.addAll(MessageService.STATUSES);
        from.set(today.minusDays(6));
        to.set(today);
        selected.addListener((o, was, now) -> payload.set(now == null ? "" : MessageService.readable(now.payload())));
        canRetry = Bindings.createBooleanBinding(() -> MessageService.retriable(selected.get()), selected);
        i18n.localeProperty().addListener(o -> statusLine.set(statusSource.get()));
    }

    /** Reads the messages the filters name (off the FX thread). */
    public void load() {
        String s = status.get(), m = machine.get();
        LocalDate f = from.get(), t = to.get();
        Long keep = selected.get() == null ? null : selected.get().id();
        tasks.run(() -> service.get().list(s, m, f, t), list -> {
            rows.setAll(list);
            if (keep != null) list.stream().filter(r -> r.id() == keep).findFirst().ifPresent(selected::set);
            ok(() -> list.size() >= MessageService.MAX_ROWS ? i18n.get("gateway.messages.status.capped", list.size())
                    : i18n.get("gateway.messages.status.loaded", list.size()));
        }, this::fail);
    }

    /** Sends the selected FAILED gateway post through the rules again, after asking. */
    public void retry() {
        IntegrationMessageRow m = selected.get();
        if (!MessageService.retriable(m)) return;
        if (!dialogs.confirm(i18n.get("gateway.messages.retry"), i18n.get("gateway.messages.retryConfirm", String.valueOf(m.id()),
                m.externalId() == null ? "" : m.externalId()))) {
            return;
        }
        tasks.run(() -> service.get().retry(m.id()), a -> {
            ok(() -> a.isDuplicate() ? i18n.get("gateway.messages.status.retriedDuplicate", String.valueOf(m.id()), String.valueOf(a.id()))
                    : i18n.get("gateway.messages.status.retried", String.valueOf(m.id()), String.valueOf(a.id())));
            selected.set(null);
            reloadKeepingStatus();
        }, e -> {
            fail(e);
            reloadKeepingStatus();
        });
    }

    /** Reads the list again without replacing the status line the retry just wrote. */
    private void reloadKeepingStatus() {
        String s = status.get(), m = machine.get();
        LocalDate f = from.get(), t = to.get();
        Long keep = selected.get() == null ? null : selected.get().id();
        tasks.run(() -> service.get().list(s, m, f, t), list -> {
            rows.setAll(list);
            if (keep != null) list.stream().filter(r -> r.id() == keep).findFirst().ifPresent(selected::set);
        }, e -> { /* the retry's own outcome is the status line that matters */ });
    }

    private void ok(Supplier<String> source) {
        statusIsError.set(false);
        statusSource = source;
        statusLine.set(source.get());
    }

    private void fail(Throwable e) {
        statusIsError.set(true);
        statusSource = e instanceof GatewayService.Refused r ? () -> i18n.get("gateway.messages.status.refused", r.message(i18n.locale()))
                : () -> ErrorText.of(e, i18n, "gateway.messages.error.unexpected");
        statusLine.set(statusSource.get());
    }

    /** The status filter's text in the current language. */
    public String statusText(String s) {
        return s == null || s.isEmpty() ? i18n.get("gateway.messages.anyStatus") : i18n.get("gateway.messages.state." + s);
    }

    public ObservableList<String> statuses() {
        return statuses;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty machineProperty() {
        return machine;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObservableList<IntegrationMessageRow> rows() {
        return rows;
    }

    public ObjectProperty<IntegrationMessageRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty payloadProperty() {
        return payload.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusLineProperty() {
        return statusLine.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }

    public BooleanBinding canRetryProperty() {
        return canRetry;
    }
}
