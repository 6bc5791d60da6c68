package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.app.IngestService.ManualEntrySummary;
import dev.smtconsole.app.IngestService.Problem;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.DialogService.ReasonRequest;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The manual entry screen (录入) without its controls. The typed values and the rules that need no
 * database live in {@link ManualEntryForm}; this class adds what needs the service: the form
 * checked again by {@link IngestService#validateManual} in the background (its problems merged
 * onto the fields), save with retry when the database is away, the product model of a known job,
 * and the list of recent entries with void (the reason asked through the {@link DialogService}).
 */
public final class ManualEntryViewModel {
    public static final String OPERATOR = ManualEntryForm.OPERATOR;
    public static final String LINE = ManualEntryForm.LINE;
    public static final String JOB = ManualEntryForm.JOB;
    public static final String MODEL = ManualEntryForm.MODEL;
    public static final String BOARDS = ManualEntryForm.BOARDS;
    public static final String START = ManualEntryForm.START;
    public static final String END = ManualEntryForm.END;
    public static final String CHECKERS = ManualEntryForm.CHECKERS;
    public static final String REMARK = ManualEntryForm.REMARK;
    /** Errors that belong to no single field are shown under the form. */
    public static final String FORM = ManualEntryForm.FORM;

    private final IngestService ingest;
    private final Supplier<List<LineInfo>> lineSource;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;
    private final ManualEntryForm form;

    private final ObservableList<LineInfo> lines = FXCollections.observableArrayList();
    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final ObservableMap<String, String> warnings = FXCollections.observableHashMap();
    /** Required fields still blank: they block Save but are not shown as errors until typed in. */
    private final ObservableList<String> missing = FXCollections.observableArrayList();
    private ManualEntryForm.Check local = new ManualEntryForm.Check(Map.of(), List.of(), "");
    private Map<String, String> serviceErrors = Map.of();
    private Map<String, String> serviceWarnings = Map.of();
    private long revision;

    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper unreachable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper unreachableDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper firstError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasErrors = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper errorRevision = new ReadOnlyIntegerWrapper(0);
    private final BooleanProperty loadingLines = new SimpleBooleanProperty(false);
    private final ObservableList<ManualEntrySummary> recent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper recentError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper endResolved = new ReadOnlyStringWrapper("");
    /** The model last filled in from the job, so a later lookup may replace it but never what the user typed. */
    private String prefilledModel;
    /** Renders the status line and the list error again when the language changes. */
    private Supplier<String> messageSource = () -> "";
    private Supplier<String> recentErrorSource = () -> "";
    private String preferredLine;
    private boolean validating;
    private boolean validateAgain;

    public ManualEntryViewModel(IngestService ingest, Supplier<List<LineInfo>> lineSource, TaskExecutor tasks,
                                DialogService dialogs, I18n i18n, StringProperty operator, Clock clock) {
        this.ingest = ingest;
        this.lineSource = lineSource;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        this.form = new ManualEntryForm(i18n, operator, clock);
        form.onChange(this::changed);
        i18n.localeProperty().addListener(o -> {
            changed();
            message.set(messageSource.get());
            recentError.set(recentErrorSource.get());
        });
        changed();
    }

    // ---------- the form (typed values, local rules, Enter order) ----------

    public static String picksField(int machineIndex) {
        return ManualEntryForm.picksField(machineIndex);
    }

    public static String placementsField(int machineIndex) {
        return ManualEntryForm.placementsField(machineIndex);
    }

    /** The Enter order: a barcode scanner ends each value with Enter, so each field leads to the next. */
    public List<String> fieldOrder() {
        return form.fieldOrder();
    }

    /** The field after {@code field}; empty after the last one (Enter there saves). */
    public Optional<String> nextField(String field) {
        return form.nextField(field);
    }

    /** The field's name in the user's language, for messages. */
    public String label(String field) {
        return form.label(field);
    }

    /** The entry as typed; values that do not parse are left null for the service to name. */
    public ManualEntry toEntry() {
        return form.toEntry();
    }

    String fieldOf(String name) {
        return form.fieldOf(name);
    }

    // ---------- checking ----------

    private void changed() {
        revision++;
        local = form.check();
        endResolved.set(local.endResolved());
        publishErrors();
        validateWithService();
    }

    /**
     * Asks the service about the form as typed. At most one check runs at a time and at most one
     * waits (with the latest values): a fast typist or a scanner does not queue a check per key.
     */
    private void validateWithService() {
        if (validating) {
            validateAgain = true;
            return;
        }
        validating = true;
        long asked = revision;
        ManualEntry entry = toEntry();
        tasks.run(() -> ingest.validateManual(entry), problems -> {
            if (asked == revision) applyServiceProblems(problems);
            validationDone();
        }, e -> validationDone()); // a failed check is no error on a field: Save will tell
    }

    private void validationDone() {
        validating = false;
        if (validateAgain) {
            validateAgain = false;
            validateWithService();
        }
    }

    /** Maps the service's problems onto form fields (see {@link ManualEntryForm#fieldOf}). */
    void applyServiceProblems(List<Problem> problems) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, String> warn = new LinkedHashMap<>();
        for (Problem p : problems) {
            String field = form.fieldOf(p.field());
            // "required" on a field left blank is already marked as missing; it is not a wrong value
            if ("rules.required".equals(p.messageKey()) && !FORM.equals(field) && form.isBlankField(field)) continue;
            Map<String, String> target = p.warningOnly() ? warn : err;
            String text = FORM.equals(field) ? render(p) : i18n.get("ingest.manual.fieldError", label(field), p.text(i18n.locale()));
            target.merge(field, text, (a, b) -> a + "\n" + b);
        }
        serviceErrors = err;
        serviceWarnings = warn;
        publishErrors();
    }

    /** The problem as a sentence in the user's language (the rules bundle names the field). */
    public String render(Problem p) {
        return p.message(i18n.locale());
    }

    private void publishErrors() {
        Map<String, String> all = new LinkedHashMap<>(serviceErrors);
        all.putAll(local.errors()); // what the user just typed wins over an older server answer
        local.missing().forEach(all::remove); // a blank required field is marked as required, not as wrong
        errors.clear();
        errors.putAll(all);
        warnings.clear();
        serviceWarnings.forEach((k, v) -> {
            if (!all.containsKey(k)) warnings.put(k, v);
        });
        missing.setAll(local.missing());
        valid.set(all.isEmpty() && local.missing().isEmpty());
        hasErrors.set(!all.isEmpty());
        if (!all.isEmpty()) {
            List<String> shown = all.values().stream().limit(3).toList();
            String more = all.size() > 3 ? "\n" + i18n.get("ingest.manual.moreErrors", all.size() - 3) : "";
            firstError.set(String.join("\n", shown) + more);
        } else if (!local.missing().isEmpty()) {
            firstError.set(i18n.get("ingest.manual.fillIn",
                    String.join(i18n.get("ingest.manual.listSeparator"), local.missing().stream().map(this::label).toList())));
        } else {
            firstError.set("");
        }
        errorRevision.set(errorRevision.get() + 1);
    }

    // ---------- actions ----------

    public void loadLines() {
        loadingLines.set(true);
        tasks.run(lineSource::get, loaded -> {
            loadingLines.set(false);
            String chosen = form.line().get() != null ? form.line().get().code() : preferredLine;
            lines.setAll(loaded.stream().filter(LineInfo::active).toList());
            // The supervisor's line from last time, else the first one: one choice less for most entries.
            form.line().set(lines.stream().filter(l -> l.code().equals(chosen)).findFirst()
                    .orElse(lines.isEmpty() ? null : lines.get(0)));
        }, e -> {
            loadingLines.set(false);
            showRecentError(() -> i18n.get("ingest.manual.linesFailed", ErrorText.detail(e)));
        });
    }

    /** The line to choose once the lines are loaded (the one used last time). */
    public void setPreferredLine(String code) {
        this.preferredLine = code;
    }

    public void refreshRecent() {
        tasks.run(() -> ingest.recentManualEntries(100), list -> {
            recent.setAll(list);
            showRecentError(() -> "");
        }, e -> showRecentError(() -> i18n.get("ingest.manual.recentFailed", ErrorText.detail(e))));
    }

    /** Saves in the background; on success clears the counts, keeps line and operator. Returns false if not valid. */
    public boolean save() {
        if (!valid.get() || saving.get()) return false;
        ManualEntry entry = toEntry();
        saving.set(true);
        showMessage(() -> i18n.get("ingest.manual.saving"));
        tasks.run(() -> ingest.submitManual(entry), result -> {
            saving.set(false);
            unreachable.set(false);
            clearAfterSave();
            showMessage(() -> {
                String text = result.duplicate() ? i18n.get("ingest.manual.savedDuplicate")
                        : i18n.get("ingest.manual.saved", entry.lineCode(), entry.jobNo(), entry.boards() == null ? 0 : entry.boards());
                if (result.warnings().isEmpty()) return text;
                return text + " " + result.warnings().stream().map(this::render).reduce((a, b) -> a + "; " + b).orElse("");
            });
            refreshRecent();
        }, e -> {
            saving.set(false);
            if (e instanceof IngestService.ValidationException v) {
                unreachable.set(false);
                applyServiceProblems(v.problems());
            } else {
                // Whatever failed (database down, network, a bug), the typed values stay for Retry.
                unreachableDetail.set(ErrorText.detail(e));
                unreachable.set(true);
                showMessage(() -> "");
            }
        });
        return true;
    }

    private void showMessage(Supplier<String> source) {
        messageSource = source;
        message.set(source.get());
    }

    private void showRecentError(Supplier<String> source) {
        recentErrorSource = source;
        recentError.set(source.get());
    }

    /**
     * Fills in the product model of a known job in the background. Only a blank model or one
     * filled in earlier is replaced; what the user typed stays. Stale answers (the job changed
     * meanwhile) are dropped.
     */
    public void lookupProductModel() {
        String asked = ManualEntryForm.blankToNull(form.job().get());
        if (asked == null) return;
        tasks.run(() -> ingest.productModelOf(asked), found -> {
            if (!asked.equals(ManualEntryForm.blankToNull(form.job().get()))) return;
            String current = form.model().get();
            boolean ours = ManualEntryForm.isBlank(current) || current.equals(prefilledModel);
            if (!ours) return;
            if (found.isPresent()) {
                prefilledModel = found.get();
                form.model().set(found.get());
            } else if (prefilledModel != null && current.equals(prefilledModel)) {
                // The model came from another job: it does not belong to this one.
                prefilledModel = null;
                form.model().set("");
            }
        }, e -> {
            // No prefill is no error: the user can type the model.
        });
    }

    void clearAfterSave() {
        prefilledModel = null;
        form.clearJob();
        serviceErrors = Map.of();
        serviceWarnings = Map.of();
        changed();
    }

    /** Asks why, then voids the entry (its counts leave every report); nothing happens when the user cancels. */
    public void askAndVoid(ManualEntrySummary entry) {
        if (entry == null || entry.voided()) return;
        dialogs.askReason(new ReasonRequest(i18n.get("ingest.manual.void.title"),
                        i18n.get("ingest.manual.void.header", entry.messageId(), entry.lineCode(),
                                entry.jobNo() == null ? "" : entry.jobNo(), entry.boards()),
                        i18n.get("ingest.void.reason"), i18n.get("ingest.void.reason.prompt"), i18n.get("ingest.void.confirm")))
                .ifPresent(reason -> voidEntry(entry, reason));
    }

    public void voidEntry(ManualEntrySummary entry, String reason) {
        String who = form.operator().get() == null ? "" : form.operator().get().strip();
        tasks.run(() -> {
            ingest.voidManualEntry(entry.messageId(), reason.strip(), who);
            return true;
        }, ok -> {
            showMessage(() -> i18n.get("ingest.manual.voided", entry.messageId()));
            refreshRecent();
        }, e -> showMessage(() -> i18n.get("ingest.manual.voidFailed", ErrorText.reason(e, i18n))));
    }

    // ---------- properties ----------

    public StringProperty operatorProperty() {
        return form.operator();
    }

    public ObservableList<LineInfo> lines() {
        return lines;
    }

    public ObjectProperty<LineInfo> lineProperty() {
        return form.line();
    }

    public StringProperty jobProperty() {
        return form.job();
    }

    public StringProperty modelProperty() {
        return form.model();
    }

    public StringProperty boardsProperty() {
        return form.boards();
    }

    public StringProperty startProperty() {
        return form.start();
    }

    public StringProperty endProperty() {
        return form.end();
    }

    public StringProperty checkersProperty() {
        return form.checkers();
    }

    public ObservableList<String> checkerNames() {
        return form.checkerNames();
    }

    public StringProperty remarkProperty() {
        return form.remark();
    }

    public ObservableList<MachineRow> machines() {
        return form.machines();
    }

    /** Field id → error text, local and from the service; empty when the form can be saved. */
    public ObservableMap<String, String> errors() {
        return errors;
    }

    /** Required fields that are still blank. */
    public ObservableList<String> missing() {
        return missing;
    }

    /** The first error, or which required fields are still blank; empty when Save is possible. */
    public ReadOnlyStringProperty firstErrorProperty() {
        return firstError.getReadOnlyProperty();
    }

    /** True when a value is wrong (not merely missing). */
    public ReadOnlyBooleanProperty hasErrorsProperty() {
        return hasErrors.getReadOnlyProperty();
    }

    public ObservableMap<String, String> warnings() {
        return warnings;
    }

    /** Bumped each time the errors are recomputed: the view revalidates its decorations on it. */
    public ReadOnlyIntegerProperty errorRevisionProperty() {
        return errorRevision.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty unreachableProperty() {
        return unreachable.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty unreachableDetailProperty() {
        return unreachableDetail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<ManualEntrySummary> recent() {
        return recent;
    }

    /** "→ 2026-11-27 02:00" when a bare end time was taken on the next day; else empty. */
    public ReadOnlyStringProperty endResolvedProperty() {
        return endResolved.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty recentErrorProperty() {
        return recentError.getReadOnlyProperty();
    }
}
