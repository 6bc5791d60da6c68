package dev.smtconsole.ui.settings;

import dev.smtconsole.app.GatewayControl;
import dev.smtconsole.app.GatewayHost;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.MasterDataService;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.FileDialogs;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Settings → Gateway without its controls: on/off, bind address, port, TLS file and the
 * environment variable of its password (this console's, in the user's settings); a new bearer
 * token (shared by every console, stored hashed) shown once. Only this class calls the services.
 */
public final class GatewayViewModel {
    private final GatewayControl control;
    private final Supplier<GatewayService> gateway;
    private final MasterDataService masterData;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;
    private final StringProperty operator;

    private final BooleanProperty enabled = new SimpleBooleanProperty(false);
    private final StringProperty bind = new SimpleStringProperty(GatewayControl.DEFAULT_BIND);
    private final StringProperty port = new SimpleStringProperty(String.valueOf(GatewayControl.DEFAULT_PORT));
    private final StringProperty tlsFile = new SimpleStringProperty("");
    private final StringProperty passwordEnv = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper token = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(false);
    private Supplier<String> stateSource = () -> "";
    private Supplier<String> statusSource = () -> "";

    public GatewayViewModel(GatewayControl control, Supplier<GatewayService> gateway, MasterDataService masterData,
                            TaskExecutor tasks, DialogService dialogs, I18n i18n, StringProperty operator) {
        this.control = control;
        this.gateway = gateway;
        this.masterData = masterData;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        this.operator = operator;
        i18n.localeProperty().addListener(o -> {
            state.set(stateSource.get());
            status.set(statusSource.get());
        });
    }

    /** The saved settings and whether the listener is up (settings are a file: read off the FX thread). */
    public void load() {
        tasks.run(() -> new Object[]{control.enabled(), control.saved(), control.running()}, r -> {
            enabled.set((Boolean) r[0]);
            GatewayHost.Config c = (GatewayHost.Config) r[1];
            bind.set(c.bind());
            port.set(String.valueOf(c.port()));
            tlsFile.set(c.tlsFile() == null ? "" : c.tlsFile().toString());
            passwordEnv.set(c.tlsPasswordEnv() == null ? "" : c.tlsPasswordEnv());
            @SuppressWarnings("unchecked")
            Optional<GatewayHost.Running> running = (Optional<GatewayHost.Running>) r[2];
            showState(running);
        }, this::fail);
    }

    /** Keeps the settings and starts, restarts or stops the listener to match. */
    public void apply() {
        boolean on = enabled.get();
        String b = bind.get(), p = port.get(), t = tlsFile.get(), e = passwordEnv.get();
        tasks.run(() -> control.apply(on, b, p, t, e), running -> {
            showState(running);
            ok(() -> running.isPresent() ? i18n.get("gateway.settings.status.started") : i18n.get("gateway.settings.status.stopped"));
        }, x -> {
            showState(control.running());
            fail(x);
        });
    }

    /** Asks for the TLS file (PKCS#12 or PEM). */
    public void chooseTlsFile() {
        dialogs.openFile(new DialogService.FileRequest(i18n.get("gateway.settings.tlsChoose"), FileDialogs.IMPORT, null,
                java.util.List.of(DialogService.FileFilter.of("PKCS#12 / PEM", "*.p12", "*.pfx", "*.pem", "*.crt"))))
                .ifPresent(f -> tlsFile.set(f.toString()));
    }

    /** A new bearer token, after asking (the old one stops working); shown once, never stored. */
    public void generateToken() {
        String who = operator.get() == null ? "" : operator.get().strip();
        if (who.isEmpty()) {
            failText(() -> i18n.get("gateway.settings.error.operator"));
            return;
        }
        if (!dialogs.confirm(i18n.get("gateway.settings.token"), i18n.get("gateway.settings.tokenConfirm"))) return;
        tasks.run(() -> gateway.get().newToken(who, masterData.current()), t -> {
            token.set(t);
            ok(() -> i18n.get("gateway.settings.status.token"));
        }, this::fail);
    }

    private void showState(Optional<GatewayHost.Running> running) {
        stateSource = () -> running.map(r -> i18n.get("gateway.settings.state.on", r.tls() ? "https" : "http", r.bind(), String.valueOf(r.port())))
                .orElseGet(() -> control.available() ? i18n.get("gateway.settings.state.off")
                        : i18n.get("gateway.settings.state.unavailable"));
        state.set(stateSource.get());
    }

    private void ok(Supplier<String> source) {
        statusIsError.set(false);
        statusSource = source;
        status.set(source.get());
    }

    private void fail(Throwable e) {
        failText(() -> ErrorText.of(e, i18n, "gateway.messages.error.unexpected"));
    }

    private void failText(Supplier<String> source) {
        statusIsError.set(true);
        statusSource = source;
        status.set(source.get());
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public StringProperty bindProperty() {
        return bind;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty tlsFileProperty() {
        return tlsFile;
    }

    public StringProperty passwordEnvProperty() {
        return passwordEnv;
    }

    /** The token just generated (shown once: empty again when the page is built anew). */
    public ReadOnlyStringProperty tokenProperty() {
        return token.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
