package dev.smtconsole.ui.settings;

import dev.smtconsole.app.DatabaseInfo;
import dev.smtconsole.app.SettingsService;
import dev.smtconsole.app.SettingsService.FactorySettings;
import dev.smtconsole.app.SettingsService.Problem;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The settings page without its controls: the factory settings as typed, every problem at once
 * on its field (a line's target names the line), and where the data is — in human words, not
 * table names. Only this class talks to the services; the page binds to it.
 * <p>
 * A new field is a {@link #fields} entry, a parse in {@link #typed}, and its rules in
 * {@link SettingsService#check}; the page lays out whatever fields there are.
 */
public final class SettingsViewModel {
    /** Field ids (the ids of {@link SettingsService.Problem#field()}; a line's target is "target.L2"). */
    public static final String STALE = SettingsService.STALE_MINUTES, WARN = SettingsService.LOSS_WARN,
            ALARM = SettingsService.LOSS_ALARM, OPERATOR = SettingsService.OPERATOR;

    /** One line's target per hour as typed. */
    public record TargetRow(String lineCode, String lineName, StringProperty text) {
        public String fieldId() {
            return targetField(lineCode);
        }
    }

    /** A table's row count under a name people use ("Production events", not production_event). */
    public record Count(String table, String name, long rows) {
    }

    private final SettingsService settings;
    private final Callable<DatabaseInfo> info;
    private final TaskExecutor tasks;
    private final I18n i18n;
    private final StringProperty operator;

    private final Map<String, StringProperty> fields = new LinkedHashMap<>();
    private final ObservableList<TargetRow> targets = FXCollections.observableArrayList();
    private final ObservableMap<String, String> errors = FXCollections.observableMap(new LinkedHashMap<>());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final BooleanProperty statusIsError = new SimpleBooleanProperty(false);
    private final BooleanProperty saving = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper schemaVersion = new ReadOnlyStringWrapper("");
    private final ObservableList<Count> counts = FXCollections.observableArrayList();
    private Supplier<String> statusSource = () -> "";
    private List<Problem> problems = List.of();
    private List<ParseProblem> parseProblems = List.of();
    private Map<String, Long> rawCounts = Map.of();

    public SettingsViewModel(SettingsService settings, Callable<DatabaseInfo> info, TaskExecutor tasks, I18n i18n,
                             StringProperty operator) {
        this.settings = settings;
        this.info = info;
        this.tasks = tasks;
        this.i18n = i18n;
        this.operator = operator;
        for (String f : List.of(STALE, WARN, ALARM)) fields.put(f, new SimpleStringProperty(""));
        i18n.localeProperty().addListener(o -> {
            publish();
            status.set(statusSource.get());
            showCounts();
        });
    }

    public static String targetField(String lineCode) {
        return SettingsService.TARGET + "." + lineCode;
    }

    // ---------- actions ----------

    public void load() {
        tasks.run(settings::current, this::show, e -> fail(() -> i18n.get("settings.wall.loadFailed", message(e))));
        tasks.run(info, i -> {
            location.set(i.location());
            schemaVersion.set(i.schemaVersion());
            rawCounts = i.rowCounts();
            showCounts();
        }, e -> location.set(message(e)));
    }

    private void show(FactorySettings f) {
        fields.get(STALE).set(Integer.toString(f.staleMinutes()));
        fields.get(WARN).set(percent(f.lossWarnAbove()));
        fields.get(ALARM).set(percent(f.lossAlarmAbove()));
        List<TargetRow> rows = new ArrayList<>();
        for (var e : f.lineTargets().entrySet()) {
            rows.add(new TargetRow(e.getKey(), null, new SimpleStringProperty(e.getValue() == null ? "" : e.getValue().toString())));
        }
        targets.setAll(rows);
        problems = List.of();
        parseProblems = List.of();
        publish();
    }

    /**
     * Checks everything typed and, when nothing is wrong, saves in the background. Returns false
     * (and shows every problem on its field) when something is wrong.
     */
    public boolean save() {
        List<ParseProblem> parse = new ArrayList<>();
        FactorySettings wanted = typed(parse);
        String who = operator.get() == null ? "" : operator.get().strip();
        parseProblems = parse;
        // Values that did not parse stand in as blanks so the rest is still checked: every problem at once.
        problems = SettingsService.check(wanted, who).stream()
                .filter(p -> parse.stream().noneMatch(x -> x.field().equals(p.lineCode() == null ? p.field() : targetField(p.lineCode()))))
                .toList();
        publish();
        if (!errors.isEmpty()) {
            fail(() -> i18n.get("settings.error.summary", errors.size()));
            return false;
        }
        saving.set(true);
        ok(() -> i18n.get("settings.wall.saving"));
        tasks.run(() -> {
            int n = settings.save(wanted, who);
            return new Object[]{n, settings.current()};
        }, r -> {
            saving.set(false);
            show((FactorySettings) r[1]);
            int n = (Integer) r[0];
            ok(() -> i18n.get("settings.wall.saved", n));
        }, e -> {
            saving.set(false);
            if (e instanceof SettingsService.InvalidSettingsException invalid) {
                problems = invalid.problems();
                publish();
                fail(() -> i18n.get("settings.error.summary", errors.size()));
            } else if (e instanceof dev.smtconsole.app.LocalizedException le) {
                fail(() -> le.message(i18n.locale())); // e.g. an operator id not in the list
            } else {
                fail(() -> i18n.get("settings.wall.failed", message(e)));
            }
        });
        return true;
    }

    /** The typed values; one that does not parse is named in {@code parse} and stands in as blank (or the default). */
    private FactorySettings typed(List<ParseProblem> parse) {
        Integer stale = whole(STALE, fields.get(STALE).get(), parse, false);
        Double warn = percentOf(WARN, fields.get(WARN).get(), parse);
        Double alarm = percentOf(ALARM, fields.get(ALARM).get(), parse);
        Map<String, Integer> lineTargets = new LinkedHashMap<>();
        for (TargetRow t : targets) lineTargets.put(t.lineCode(), whole(t.fieldId(), t.text().get(), parse, true));
        return new FactorySettings(stale == null ? SettingsService.DEFAULT_STALE_MINUTES : stale, warn, alarm, lineTargets);
    }

    private record ParseProblem(String field, String key, String value) {
    }

    private static Integer whole(String field, String text, List<ParseProblem> parse, boolean blankIsNull) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            if (blankIsNull) return null;
            parse.add(new ParseProblem(field, "settings.error.required", t));
            return null;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            parse.add(new ParseProblem(field, "settings.error.notWhole", t));
            return null;
        }
    }

    private static Double percentOf(String field, String text, List<ParseProblem> parse) {
        String t = text == null ? "" : text.strip().replace("%", "").replace("％", "").strip();
        if (t.isEmpty()) return null;
        try {
            return Double.parseDouble(t) / 100;
        } catch (NumberFormatException e) {
            parse.add(new ParseProblem(field, "settings.error.notNumber", text.strip()));
            return null;
        }
    }

    static String percent(Double fraction) {
        return fraction == null ? "" : new BigDecimal(Double.toString(fraction * 100)).stripTrailingZeros().toPlainString();
    }

    /** Renders every problem, in the user's language, on its field. */
    private void publish() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ParseProblem p : parseProblems) out.merge(p.field(), sentence(p.field(), p.key(), List.of(p.value())), (a, b) -> a + "\n" + b);
        for (Problem p : problems) {
            String field = p.lineCode() == null ? p.field() : targetField(p.lineCode());
            out.merge(field, sentence(field, p.key(), p.args()), (a, b) -> a + "\n" + b);
        }
        errors.clear();
        errors.putAll(out);
    }

    /** "Line L2, target boards per hour: '4x' is not a whole number" — the field's name, then the rule. */
    private String sentence(String field, String key, List<Object> args) {
        Object[] a = new Object[args.size() + 1];
        a[0] = fieldName(field);
        for (int i = 0; i < args.size(); i++) a[i + 1] = args.get(i);
        return i18n.get(key, a);
    }

    /** The field's name as the page shows it; a target names its line. */
    public String fieldName(String field) {
        if (field.startsWith(SettingsService.TARGET + ".")) {
            return i18n.get("settings.wall.targetOf", field.substring(SettingsService.TARGET.length() + 1));
        }
        return switch (field) {
            case STALE -> i18n.get("settings.wall.staleMinutes");
            case WARN -> i18n.get("settings.wall.lossWarn");
            case ALARM -> i18n.get("settings.wall.lossAlarm");
            default -> i18n.get("settings.field.operator");
        };
    }

    private void showCounts() {
        List<Count> list = new ArrayList<>();
        for (var e : rawCounts.entrySet()) list.add(new Count(e.getKey(), tableName(e.getKey()), e.getValue()));
        counts.setAll(list);
    }

    /** "Production events" for production_event: a key per table, the table name itself only for one we do not know. */
    String tableName(String table) {
        String name = i18n.get("settings.table." + table);
        return name.startsWith("!") ? table : name;
    }

    private void ok(Supplier<String> source) {
        statusIsError.set(false);
        statusSource = source;
        status.set(source.get());
    }

    private void fail(Supplier<String> source) {
        statusIsError.set(true);
        statusSource = source;
        status.set(source.get());
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ---------- properties ----------

    public StringProperty field(String id) {
        return fields.get(id);
    }

    public ObservableList<TargetRow> targets() {
        return targets;
    }

    /** Field id → every problem of that field, as sentences; empty when all is well. */
    public ObservableMap<String, String> errors() {
        return errors;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanProperty statusIsErrorProperty() {
        return statusIsError;
    }

    public BooleanProperty savingProperty() {
        return saving;
    }

    public ReadOnlyStringProperty locationProperty() {
        return location.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty schemaVersionProperty() {
        return schemaVersion.getReadOnlyProperty();
    }

    public ObservableList<Count> counts() {
        return counts;
    }
}
