package dev.smtconsole.ui.settings;

import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.ErrorText;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Settings → Sources without its controls (issue 15): the shared sources with the status the
 * console running each reports, and one form to add or edit a CFX broker subscription or a
 * watched folder. Everything goes through {@link SourceService} (checked, audited, shared by every
 * console and by {@code serve}); the password is only ever the name of an environment variable.
 */
public final class SourcesViewModel {
    /** One line of the table, as shown. */
    public record Row(String name, String kind, String target, String state, String rate, String last, String errors,
                      String lastError, boolean enabled, String runBy) {
    }

    /** The registry as read, with the status of the sources this console runs taken from it directly. */
    private record Loaded(List<SourceService.SourceView> views, java.util.Set<String> here) {
    }

    private final SourceService sources;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;
    private final StringProperty operator;
    /** This console's runner of the enabled sources (the window's; empty where nothing runs them here). */
    private final Supplier<java.util.Optional<dev.smtconsole.app.SourceHost>> sourcesHere;

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private List<SourceService.SourceView> views = List.of();
    private java.util.Set<String> runHere = java.util.Set.of();

    // the form
    private final StringProperty editing = new SimpleStringProperty(null);
    private final StringProperty kind = new SimpleStringProperty("cfx");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty url = new SimpleStringProperty("amqp://");
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty passwordEnv = new SimpleStringProperty("");
    /** A password typed in the form: handed to {@link #passwords} on save, never kept in the form or the settings. */
    private final StringProperty password = new SimpleStringProperty("");
    private final dev.smtconsole.app.SourcePasswords passwords;
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty line = new SimpleStringProperty("");
    private final StringProperty format = new SimpleStringProperty("");
    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty sourceOperator = new SimpleStringProperty("");
    /** Blank: automatic (1 s on a local disk, 5 s on a network share). */
    private final StringProperty stableSeconds = new SimpleStringProperty("");
    private final BooleanProperty enabled = new SimpleBooleanProperty(true);

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(false);
    private Supplier<String> statusSource = () -> "";

    public SourcesViewModel(SourceService sources, TaskExecutor tasks, DialogService dialogs, I18n i18n, StringProperty operator) {
        this(sources, java.util.Optional::empty, tasks, dialogs, i18n, operator);
    }

    /**
     * @param sourcesHere the runner of this console: a source saved or removed here is started,
     *                    restarted or stopped at once, and its status is read from it, not the database
     */
    public SourcesViewModel(SourceService sources, Supplier<java.util.Optional<dev.smtconsole.app.SourceHost>> sourcesHere,
                            TaskExecutor tasks, DialogService dialogs, I18n i18n, StringProperty operator) {
        this(sources, sourcesHere, dev.smtconsole.app.SourcePasswords.forThisUser(), tasks, dialogs, i18n, operator);
    }

    /** @param passwords where a broker password typed in the form is kept (this PC's credential store, else this session) */
    public SourcesViewModel(SourceService sources, Supplier<java.util.Optional<dev.smtconsole.app.SourceHost>> sourcesHere,
                            dev.smtconsole.app.SourcePasswords passwords, TaskExecutor tasks, DialogService dialogs, I18n i18n,
                            StringProperty operator) {
        this.passwords = passwords;
        this.sources = sources;
        this.sourcesHere = sourcesHere;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        this.operator = operator;
        i18n.localeProperty().addListener(o -> {
            status.set(statusSource.get());
            show(new Loaded(views, runHere));
        });
    }

    /** Reads the sources and their status (off the GUI thread). */
    public void load() {
        if (editing.get() == null && (sourceOperator.get() == null || sourceOperator.get().isBlank())) {
            sourceOperator.set(operator.get() == null ? "" : operator.get());
        }
        tasks.run(this::read, this::show, this::fail);
    }

    /** Off the FX thread: the registry, and the live status of what this console runs. */
    private Loaded read() {
        List<SourceService.SourceView> list = sources.list();
        var host = sourcesHere.get();
        if (host.isEmpty()) return new Loaded(list, java.util.Set.of());
        java.util.Set<String> here = new java.util.HashSet<>(host.get().running());
        return new Loaded(list.stream().map(v -> here.contains(v.def().name())
                ? host.get().status(v.def().name()).map(s -> new SourceService.SourceView(v.def(), s)).orElse(v) : v).toList(), here);
    }

    /** After a change here: this console's runner follows the registry at once (others within seconds). */
    private Loaded applyHere() {
        sourcesHere.get().ifPresent(dev.smtconsole.app.SourceHost::reload);
        return read();
    }

    private void show(Loaded loaded) {
        views = loaded.views();
        runHere = loaded.here();
        Instant now = Instant.now();
        rows.setAll(views.stream().map(v -> row(v, now)).toList());
    }

    private Row row(SourceService.SourceView v, Instant now) {
        SourceService.SourceDef d = v.def();
        String target = switch (d.settings()) {
            case SourceSettings.Cfx c -> c.url() + "  " + c.address();
            case SourceSettings.Folder f -> f.path();
        };
        SourceService.Status s = v.status();
        boolean live = s != null && s.live(now);
        String state = !d.enabled() ? i18n.get("sources.state.STOPPED")
                : live ? i18n.get("sources.state." + s.state().name(), time(s.since())) : i18n.get("sources.state.none");
        return new Row(d.name(), i18n.get("sources.kind." + d.settings().kind()), target, state,
                live ? String.format(Locale.ROOT, "%.1f", s.perSecond()) : "",
                s == null || s.lastMessageAt() == null ? "" : time(s.lastMessageAt()),
                s == null ? "" : String.valueOf(s.errors()),
                s == null || s.lastError() == null ? "" : i18n.get("sources.lastError", s.lastError()), d.enabled(),
                runHere.contains(d.name()) ? i18n.get("sources.runBy.here")
                        : live && s.state() != SourceService.State.STOPPED ? s.host() : "");
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(t);
    }

    /** An empty form for a new CFX subscription. */
    public void newCfx() {
        clear("cfx");
    }

    /** An empty form for a new watched folder. */
    public void newFolder() {
        clear("folder");
    }

    private void clear(String k) {
        editing.set(null);
        kind.set(k);
        name.set("");
        url.set("amqp://");
        address.set("");
        user.set("");
        passwordEnv.set("");
        password.set("");
        path.set("");
        line.set("");
        format.set("");
        profile.set("");
        sourceOperator.set(operator.get() == null ? "" : operator.get());
        stableSeconds.set("");
        enabled.set(true);
    }

    /** Fills the form with a source to edit. */
    public void edit(String sourceName) {
        views.stream().filter(v -> v.def().name().equals(sourceName)).findFirst().ifPresent(v -> {
            SourceService.SourceDef d = v.def();
            clear(d.settings().kind());
            editing.set(d.name());
            name.set(d.name());
            enabled.set(d.enabled());
            sourceOperator.set(d.settings().operatorId());
            switch (d.settings()) {
                case SourceSettings.Cfx c -> {
                    url.set(c.url());
                    address.set(c.address());
                    user.set(nz(c.user()));
                    passwordEnv.set(nz(c.passwordEnv()));
                    password.set("");
                }
                case SourceSettings.Folder f -> {
                    path.set(f.path());
                    line.set(nz(f.line()));
                    format.set(nz(f.format()));
                    profile.set(nz(f.profile()));
                    stableSeconds.set(f.stableSeconds() == SourceSettings.Folder.AUTOMATIC_STABLE_SECONDS ? "" : String.valueOf(f.stableSeconds()));
                }
            }
        });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The form as a source definition. */
    SourceService.SourceDef formDef() {
        SourceSettings settings;
        if ("folder".equals(kind.get())) {
            int stable;
            try {
                stable = Integer.parseInt(stableSeconds.get().strip());
            } catch (NumberFormatException e) {
                stable = SourceSettings.Folder.AUTOMATIC_STABLE_SECONDS;
            }
            settings = new SourceSettings.Folder(nz(path.get()).strip(), blankToNull(line.get()), blankToNull(format.get()),
                    blankToNull(profile.get()), nz(sourceOperator.get()).strip(), stable, 0);
        } else {
            settings = new SourceSettings.Cfx(nz(url.get()).strip(), nz(address.get()).strip(), blankToNull(user.get()),
                    blankToNull(passwordEnv.get()), nz(sourceOperator.get()).strip(), 0);
        }
        return new SourceService.SourceDef(nz(name.get()).strip(), enabled.get(), settings);
    }

    /** Adds (or, when editing, changes) the source in the form; the service names what is wrong. */
    public void save() {
        if (busy.get()) return;
        SourceService.SourceDef def = formDef();
        boolean isNew = editing.get() == null;
        String who = operator.get() == null || operator.get().isBlank() ? def.settings().operatorId() : operator.get();
        SourceSettings.Cfx cfx = def.settings() instanceof SourceSettings.Cfx c ? c : null;
        String typed = cfx != null && !nz(password.get()).isEmpty() ? password.get() : null;
        if (typed != null && cfx.passwordEnv() != null) {
            showStatus(true, () -> i18n.get("sources.error.passwordBoth"));
            return;
        }
        var kept = new java.util.concurrent.atomic.AtomicReference<dev.smtconsole.app.SourcePasswords.Kept>();
        busy.set(true);
        tasks.run(() -> {
            if (isNew) sources.add(def, who);
            else sources.update(def, who);
            // Kept before the runner here starts the source, so its first connection has it.
            if (typed != null) kept.set(passwords.save(def.name(), typed));
            return applyHere();
        }, list -> {
            busy.set(false);
            show(list);
            editing.set(def.name());
            password.set("");
            var k = kept.get();
            var refused = k == dev.smtconsole.app.SourcePasswords.Kept.SESSION ? passwords.storeProblem().orElse(null) : null;
            showStatus(refused != null, () -> i18n.get("sources.saved", def.name()) + (k == null ? ""
                    : k == dev.smtconsole.app.SourcePasswords.Kept.CREDENTIAL_STORE
                    ? i18n.get("sources.password.keptStore", passwords.storeName())
                    : refused != null ? " " + refused.message(i18n.locale()) : i18n.get("sources.password.keptSession")));
        }, e -> {
            busy.set(false);
            fail(e);
        });
    }

    /** Removes a source after asking (what it wrote stays). */
    public void remove(String sourceName) {
        if (sourceName == null || busy.get()) return;
        if (!dialogs.confirm(i18n.get("sources.action.remove"), i18n.get("sources.confirm.remove", sourceName))) return;
        String who = operator.get() == null || operator.get().isBlank()
                ? views.stream().filter(v -> v.def().name().equals(sourceName)).map(v -> v.def().settings().operatorId())
                .findFirst().orElse("") : operator.get();
        busy.set(true);
        var kept = new java.util.concurrent.atomic.AtomicReference<dev.smtconsole.app.LocalizedException>();
        tasks.run(() -> {
            sources.remove(sourceName, who);
            passwords.forget(sourceName).ifPresent(kept::set);
            return applyHere();
        }, list -> {
            busy.set(false);
            show(list);
            if (sourceName.equals(editing.get())) clear(kind.get());
            var refused = kept.get();
            showStatus(refused != null, () -> i18n.get("sources.removed", sourceName)
                    + (refused == null ? "" : " " + refused.message(i18n.locale())));
        }, e -> {
            busy.set(false);
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

    public ObservableList<Row> rows() {
        return rows;
    }

    public StringProperty editingProperty() {
        return editing;
    }

    public StringProperty kindProperty() {
        return kind;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordEnvProperty() {
        return passwordEnv;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty lineProperty() {
        return line;
    }

    public StringProperty formatProperty() {
        return format;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty sourceOperatorProperty() {
        return sourceOperator;
    }

    public StringProperty stableSecondsProperty() {
        return stableSeconds;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
