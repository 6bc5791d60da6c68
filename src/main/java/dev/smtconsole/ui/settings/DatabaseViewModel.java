package dev.smtconsole.ui.settings;

import dev.smtconsole.app.DatabaseControl;
import dev.smtconsole.app.ConnectionCheck;
import dev.smtconsole.app.DatabaseChoice;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Settings → Database without its controls (issue 16): embedded H2 (path, open folder, back up,
 * restore) or shared PostgreSQL (host … SSL); "Test connection" in words; Apply switches the
 * console's services without a restart through the desktop's switch.
 */
public final class DatabaseViewModel {
    /** One finding of the connection test, in the user's language. */
    public record Line(boolean ok, String text) {
    }

    private final DatabaseControl control;
    private final DatabaseSettingsService settings;
    private final java.util.function.Consumer<DatabaseControl.SwitchRequest> switcher;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;

    private final BooleanProperty shared = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper h2Path = new ReadOnlyStringWrapper("");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("5432");
    private final StringProperty database = new SimpleStringProperty("");
    private final StringProperty schema = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ObjectProperty<String> sslMode = new SimpleObjectProperty<>("prefer");
    private final StringProperty caFile = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper passwordHome = new ReadOnlyStringWrapper("");
    private final ObservableList<Line> findings = FXCollections.observableArrayList();
    /** Said when this window runs on another database than the saved choice (given by --db or the environment). */
    private final ReadOnlyStringWrapper startedElsewhere = new ReadOnlyStringWrapper("");
    private Supplier<String> statusSource = () -> "";
    private ConnectionCheck.Report lastReport;

    public DatabaseViewModel(DatabaseControl control, TaskExecutor tasks, DialogService dialogs, I18n i18n) {
        this.control = control;
        this.settings = control.settings();
        this.switcher = control.switcher();
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        i18n.localeProperty().addListener(o -> {
            status.set(statusSource.get());
            if (lastReport != null) showReport(lastReport);
        });
        show(settings.current());
        showStartedElsewhere();
        i18n.localeProperty().addListener(o -> showStartedElsewhere());
        shared.addListener(o -> showPasswordHome());
        i18n.localeProperty().addListener(o -> showPasswordHome());
    }

    private void showStartedElsewhere() {
        DatabaseConfig now = control.current();
        String saved = settings.current().config(null).describe();
        startedElsewhere.set(now == null || now.describe().equals(saved) ? "" : i18n.get("database.startedElsewhere", now.describe()));
    }

    private void show(DatabaseChoice c) {
        shared.set(c.isShared());
        h2Path.set(c.h2Dir().resolve("smt-console.mv.db").toString());
        host.set(c.host());
        port.set(Integer.toString(c.port()));
        database.set(c.database());
        schema.set(c.schema());
        user.set(c.user());
        sslMode.set(c.sslMode());
        caFile.set(c.sslRootCert() == null ? "" : c.sslRootCert().toString());
        password.set("");
        showPasswordHome();
    }

    /** Where the password of the form's connection lives (asks the credential store: off the FX thread). */
    private void showPasswordHome() {
        if (!shared.get()) {
            passwordHome.set(i18n.get("database.passwordHome.NONE"));
            return;
        }
        DatabaseChoice c;
        try {
            c = choice();
        } catch (LocalizedException e) {
            c = null;
        }
        DatabaseChoice form = c;
        record Home(String source, String store, LocalizedException refused) {
        }
        tasks.run(() -> {
                    String source = form == null ? "MISSING" : settings.passwordSource(form).name();
                    String store = settings.credentialStore().name();
                    // A store that refused (locked, denied) says so instead of "no credential store".
                    var refused = source.equals("CREDENTIAL_STORE") || source.equals("ENVIRONMENT") ? null
                            : settings.storeProblem().orElse(null);
                    return new Home(source, store, refused);
                },
                h -> passwordHome.set(h.refused() != null ? h.refused().message(i18n.locale())
                        : i18n.get("database.passwordHome." + h.source(), h.store())),
                e -> passwordHome.set(ErrorText.of(e, i18n, "database.error.unexpected")));
    }

    /** The form as a choice; a problem comes back as a keyed exception. */
    DatabaseChoice choice() {
        int p;
        try {
            p = Integer.parseInt(port.get().strip());
            if (p < 1 || p > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new LocalizedException("database.error.port", port.get());
        }
        String ca = caFile.get() == null ? "" : caFile.get().strip();
        if (sslMode.get().startsWith("verify") && ca.isEmpty()) throw new LocalizedException("database.error.caFile");
        if (!schema.get().strip().matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) throw new LocalizedException("database.error.schema", schema.get());
        try {
            return new DatabaseChoice(shared.get() ? DatabaseChoice.Kind.SHARED : DatabaseChoice.Kind.EMBEDDED,
                    settings.current().h2Dir(), host.get(), p, database.get(), schema.get().strip(), user.get(), sslMode.get(),
                    ca.isEmpty() ? null : Path.of(ca));
        } catch (IllegalArgumentException e) {
            throw new LocalizedException("database.error.schema", schema.get());
        }
    }

    /** Reachability, login, schema version and rights, each a sentence. */
    public void test() {
        if (busy.get()) return;
        DatabaseChoice c;
        try {
            c = choice();
        } catch (LocalizedException e) {
            fail(e);
            return;
        }
        String pw = password.get();
        busy.set(true);
        findings.clear();
        setStatus(() -> i18n.get("database.testing"), false);
        tasks.run(() -> settings.test(c, pw), r -> {
            busy.set(false);
            lastReport = r;
            showReport(r);
            setStatus(() -> i18n.get(r.usable() ? "database.testUsable" : "database.testNotUsable"), !r.usable());
        }, this::fail);
    }

    private void showReport(ConnectionCheck.Report r) {
        findings.setAll(r.findings().stream()
                .map(f -> new Line(f.ok(), i18n.get(f.key(), f.args().toArray()))).toList());
    }

    /** Saves the choice (password to the credential store or this session) and switches the console to it. */
    public void apply() {
        if (busy.get()) return;
        DatabaseChoice c;
        try {
            c = choice();
        } catch (LocalizedException e) {
            fail(e);
            return;
        }
        String pw = password.get();
        busy.set(true);
        setStatus(() -> i18n.get("database.switching"), false);
        tasks.run(() -> {
            settings.save(c, pw);
            Optional<String> known = c.isShared() ? settings.password(c) : Optional.of("");
            if (c.isShared() && known.isEmpty()) throw new LocalizedException("database.error.passwordNeeded");
            return c.config(known.orElse(""));
        }, config -> {
            showPasswordHome(); // where the password went: the store, or this session when the store refused
            switcher.accept(new DatabaseControl.SwitchRequest(config, null, e -> {
                busy.set(false);
                fail(e);
            }));
        }, this::fail);
    }

    /** Back up now: a zip in the embedded database's backups folder. */
    public void backup() {
        if (busy.get()) return;
        busy.set(true);
        tasks.run(() -> control.backupNow().get(), zip -> {
            busy.set(false);
            setStatus(() -> i18n.get("database.backedUp", zip.toString()), false);
        }, this::fail);
    }

    /** Restore: asks for a backup, confirms, then closes, replaces the file and opens again. */
    public void restore() {
        Optional<Path> zip = dialogs.openFile(new DialogService.FileRequest(i18n.get("database.restore.title"), null, null,
                List.of(DialogService.FileFilter.of(i18n.get("database.restore.filter"), "*.zip"))));
        if (zip.isEmpty()) return;
        if (!dialogs.confirm(i18n.get("database.restore.title"), i18n.get("database.restore.confirm", zip.get().toString()))) return;
        busy.set(true);
        setStatus(() -> i18n.get("database.switching"), false);
        switcher.accept(new DatabaseControl.SwitchRequest(control.current(), () -> settings.restore(zip.get()), e -> {
            busy.set(false);
            fail(e);
        }));
    }

    /**
     * Copy into the shared database (issue 16 item 6): the embedded database this console uses now
     * into the shared one filled in on the form; idempotent, progress in the status line.
     */
    public void copyToShared(String operatorId) {
        if (busy.get()) return;
        DatabaseChoice target;
        try {
            target = choice();
        } catch (LocalizedException e) {
            fail(e);
            return;
        }
        if (!control.current().isH2() || !target.isShared()) {
            fail(new LocalizedException("database.error.copyNeedsShared"));
            return;
        }
        if (!dialogs.confirm(i18n.get("database.copy.title"), i18n.get("database.copy.confirm", target.account()))) return;
        String pw = password.get();
        dev.smtconsole.store.DatabaseConfig from = control.current();
        busy.set(true);
        setStatus(() -> i18n.get("database.copy.running", 0, 0), false);
        tasks.run(() -> {
            String known = pw != null && !pw.isEmpty() ? pw : settings.password(target).orElseThrow(
                    () -> new LocalizedException("database.error.passwordNeeded"));
            return dev.smtconsole.app.DatabaseCopyService.copy(from, target.config(known), operatorId, control.clock(),
                    (done, total) -> javafx.application.Platform.runLater(
                            () -> {
                                if (busy.get()) status.set(i18n.get("database.copy.running", done, total));
                            }));
        }, r -> {
            busy.set(false);
            setStatus(() -> i18n.get("database.copy.done", r.events(), r.copied(), r.alreadyThere()), false);
        }, this::fail);
    }

    /** Opens the folder of the embedded file in the desktop's file manager. */
    public void openFolder() {
        Path dir = settings.current().h2Dir();
        tasks.run(() -> {
            java.nio.file.Files.createDirectories(dir);
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            String tool = os.contains("win") ? "explorer" : os.contains("mac") ? "open" : "xdg-open";
            new ProcessBuilder(tool, dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return null;
        }, this::fail);
    }

    private void fail(Throwable e) {
        busy.set(false);
        setStatus(() -> ErrorText.of(e, i18n, "database.error.unexpected"), true);
    }

    private void setStatus(Supplier<String> text, boolean error) {
        statusSource = text;
        status.set(text.get());
        statusIsError.set(error);
    }

    public BooleanProperty sharedProperty() { return shared; }
    public ReadOnlyStringProperty h2PathProperty() { return h2Path.getReadOnlyProperty(); }
    public StringProperty hostProperty() { return host; }
    public StringProperty portProperty() { return port; }
    public StringProperty databaseProperty() { return database; }
    public StringProperty schemaProperty() { return schema; }
    public StringProperty userProperty() { return user; }
    public StringProperty passwordProperty() { return password; }
    public ObjectProperty<String> sslModeProperty() { return sslMode; }
    public StringProperty caFileProperty() { return caFile; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty statusIsErrorProperty() { return statusIsError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty passwordHomeProperty() { return passwordHome.getReadOnlyProperty(); }
    public ObservableList<Line> findings() { return findings; }
    public ReadOnlyStringProperty startedElsewhereProperty() { return startedElsewhere.getReadOnlyProperty(); }
}
