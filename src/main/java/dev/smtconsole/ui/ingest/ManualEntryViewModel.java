package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.app.IngestService.ManualEntrySummary;
import dev.smtconsole.app.IngestService.Problem;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.LossRate;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.ui.I18n;
import dev.smtconsole.ui.TaskExecutor;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The manual entry form (录入) without its controls: the typed text, the derived rejects and loss
 * rate, per-field errors (checked locally as the user types, then by
 * {@link IngestService#validateManual} in the background), the Enter order, and save/void.
 * <p>
 * Every value is kept as the text the user typed, so nothing is lost when a value does not parse
 * or the database cannot be reached.
 */
public final class ManualEntryViewModel {
    public static final String OPERATOR = "operatorId";
    public static final String LINE = "lineCode";
    public static final String JOB = "jobNo";
    public static final String MODEL = "productModel";
    public static final String BOARDS = "boards";
    public static final String START = "start";
    public static final String END = "end";
    public static final String CHECKERS = "checkers";
    public static final String REMARK = "remark";
    /** Errors that belong to no single field are shown under the form. */
    public static final String FORM = "form";

    /** Checker names as written on paper: 礼、珍 or 礼,珍 or 礼/珍 or 礼 珍. */
    private static final String CHECKER_SEPARATORS = "[、,，/\\s]+";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd H:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_T_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'H:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter RESOLVED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    /** One placement machine's row of the form. */
    public static final class MachineRow {
        private final MachineInfo machine;
        private final StringProperty picks = new SimpleStringProperty("");
        private final StringProperty placements = new SimpleStringProperty("");
        private final ReadOnlyStringWrapper rejects = new ReadOnlyStringWrapper("");
        private final ReadOnlyStringWrapper lossRate = new ReadOnlyStringWrapper("");

        MachineRow(MachineInfo machine) {
            this.machine = machine;
            picks.addListener(o -> compute());
            placements.addListener(o -> compute());
        }

        private void compute() {
            Long p = parseCount(picks.get());
            Long q = parseCount(placements.get());
            // Negative rejects mean a typo, not a number worth showing: the field error says why.
            if (p == null || q == null || p < 0 || q < 0 || q > p) {
                rejects.set("");
                lossRate.set("");
                return;
            }
            rejects.set(Long.toString(LossRate.rejects(p, q)));
            lossRate.set(LossRate.format(LossRate.of(p, q)));
        }

        public MachineInfo machine() {
            return machine;
        }

        public StringProperty picksProperty() {
            return picks;
        }

        public StringProperty placementsProperty() {
            return placements;
        }

        public ReadOnlyStringProperty rejectsProperty() {
            return rejects.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty lossRateProperty() {
            return lossRate.getReadOnlyProperty();
        }

        boolean isBlank() {
            return picks.get().isBlank() && placements.get().isBlank();
        }
    }

    private final IngestService ingest;
    private final Supplier<List<LineInfo>> lineSource;
    private final TaskExecutor tasks;
    private final I18n i18n;
    private final Clock clock;

    private final StringProperty operator;
    private final ObservableList<LineInfo> lines = FXCollections.observableArrayList();
    private final ObjectProperty<LineInfo> line = new SimpleObjectProperty<>();
    private final StringProperty job = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty boards = new SimpleStringProperty("");
    private final StringProperty start = new SimpleStringProperty("");
    private final StringProperty end = new SimpleStringProperty("");
    private final StringProperty checkers = new SimpleStringProperty("");
    private final ObservableList<String> checkerNames = FXCollections.observableArrayList();
    private final StringProperty remark = new SimpleStringProperty("");
    private final ObservableList<MachineRow> machines = FXCollections.observableArrayList();

    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final ObservableMap<String, String> warnings = FXCollections.observableHashMap();
    private Map<String, String> localErrors = Map.of();
    /** Required fields still blank: they block Save but are not shown as errors until typed in. */
    private final ObservableList<String> missing = FXCollections.observableArrayList();
    private final List<String> localMissing = new ArrayList<>();
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

    public ManualEntryViewModel(IngestService ingest, Supplier<List<LineInfo>> lineSource, TaskExecutor tasks, I18n i18n,
                                StringProperty operator, Clock clock) {
        this.ingest = ingest;
        this.lineSource = lineSource;
        this.tasks = tasks;
        this.i18n = i18n;
        this.operator = operator;
        this.clock = clock;
        line.addListener((obs, old, now) -> rebuildMachines(now));
        checkers.addListener((obs, old, now) -> checkerNames.setAll(splitCheckers(now)));
        for (Observable o : List.of(operator, line, job, model, boards, start, end, checkers, remark)) {
            o.addListener(x -> changed());
        }
        i18n.localeProperty().addListener(o -> {
            changed();
            message.set(messageSource.get());
            recentError.set(recentErrorSource.get());
        });
        changed();
    }

    // ---------- pure rules of the form (unit-tested) ----------

    /** A whole number as typed, or null when blank or not a whole number. */
    static Long parseCount(String text) {
        if (text == null || text.isBlank()) return null;
        String t = text.strip();
        if (!t.matches("[+-]?\\d{1,18}")) return null;
        return Long.parseLong(t);
    }

    /** {@code yyyy-MM-dd HH:mm}, or {@code H:mm} meaning today; null when blank. */
    static LocalDateTime parseTime(String text, LocalDate today) throws DateTimeParseException {
        if (text == null || text.isBlank()) return null;
        String t = text.strip().replace('：', ':');
        for (DateTimeFormatter f : List.of(DATE_TIME, DATE_T_TIME)) {
            try {
                return LocalDateTime.parse(t, f);
            } catch (DateTimeParseException e) {
                // try the next pattern
            }
        }
        return LocalDateTime.of(today, LocalTime.parse(t, TIME));
    }

    /** True when the text is only a time of day (H:mm), with no date. */
    static boolean isTimeOnly(String text) {
        if (text == null || text.isBlank()) return false;
        try {
            LocalTime.parse(text.strip().replace('：', ':'), TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * The end as saved. A bare {@code H:mm} end that would fall before the start is a night shift
     * ending after midnight: it is taken on the day after the start's day. A typed date is kept as typed.
     */
    static LocalDateTime resolveEnd(LocalDateTime start, String endText, LocalDate today) throws DateTimeParseException {
        LocalDateTime end = parseTime(endText, today);
        if (end != null && start != null && end.isBefore(start) && isTimeOnly(endText)) {
            return LocalDateTime.of(start.toLocalDate().plusDays(1), end.toLocalTime());
        }
        return end;
    }

    static List<String> splitCheckers(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.strip().split(CHECKER_SEPARATORS)).filter(s -> !s.isBlank()).distinct().toList();
    }

    public static String picksField(int machineIndex) {
        return "machines[" + machineIndex + "].picks";
    }

    public static String placementsField(int machineIndex) {
        return "machines[" + machineIndex + "].placements";
    }

    /** The Enter order: a barcode scanner ends each value with Enter, so each field leads to the next. */
    public List<String> fieldOrder() {
        List<String> order = new ArrayList<>(List.of(OPERATOR, LINE, JOB, MODEL, BOARDS, START, END, CHECKERS));
        for (int i = 0; i < machines.size(); i++) {
            order.add(picksField(i));
            order.add(placementsField(i));
        }
        order.add(REMARK);
        return order;
    }

    /** The field after {@code field}; empty after the last one (Enter there saves). */
    public Optional<String> nextField(String field) {
        List<String> order = fieldOrder();
        int i = order.indexOf(field);
        if (i < 0 || i + 1 >= order.size()) return Optional.empty();
        return Optional.of(order.get(i + 1));
    }

    // ---------- state ----------

    private void rebuildMachines(LineInfo now) {
        List<MachineRow> rows = new ArrayList<>();
        if (now != null) {
            for (MachineInfo m : now.placementMachines()) {
                MachineRow row = new MachineRow(m);
                row.picks.addListener(o -> changed());
                row.placements.addListener(o -> changed());
                rows.add(row);
            }
        }
        machines.setAll(rows);
        changed();
    }

    private void changed() {
        revision++;
        localErrors = localCheck();
        publishErrors();
        validateWithService();
    }

    private Map<String, String> localCheck() {
        Map<String, String> e = new LinkedHashMap<>();
        localMissing.clear();
        if (isBlank(operator.get())) localMissing.add(OPERATOR);
        if (line.get() == null) localMissing.add(LINE);
        if (isBlank(job.get())) localMissing.add(JOB); // every event belongs to a job
        checkCount(e, BOARDS, boards.get(), true);
        LocalDate today = LocalDate.now(clock);
        LocalDateTime s = checkTime(e, START, start.get(), today);
        LocalDateTime f = checkTime(e, END, end.get(), today);
        if (f != null && s != null && isTimeOnly(end.get())) f = resolveEnd(s, end.get(), today);
        // Shown beside the field only when the end moved to another day than the one typed, so the supervisor sees it.
        LocalDateTime plain = f == null ? null : safeTime(end.get(), today);
        endResolved.set(f != null && !f.equals(plain) ? i18n.get("ingest.manual.end.resolved", RESOLVED.format(f)) : "");
        if (s != null && f != null && f.isBefore(s)) e.put(END, i18n.get("ingest.manual.error.endBeforeStart", end.get().strip(), start.get().strip()));
        boolean anyMachine = false;
        for (int i = 0; i < machines.size(); i++) {
            MachineRow row = machines.get(i);
            if (row.isBlank()) continue;
            anyMachine = true;
            Long p = checkCount(e, picksField(i), row.picks.get(), true);
            Long q = checkCount(e, placementsField(i), row.placements.get(), true);
            if (p != null && q != null && q > p) {
                e.put(placementsField(i), i18n.get("ingest.manual.error.placementsAbovePicks", row.machine.code(), q, p));
            }
        }
        Long b = parseCount(boards.get());
        if (!anyMachine && b != null && b == 0 && !e.containsKey(BOARDS)) e.put(BOARDS, i18n.get("ingest.manual.error.nothingToSave"));
        return e;
    }

    private Long checkCount(Map<String, String> e, String field, String text, boolean required) {
        if (isBlank(text)) {
            if (required) localMissing.add(field);
            return null;
        }
        Long v = parseCount(text);
        if (v == null) {
            e.put(field, i18n.get("ingest.manual.error.notWholeNumber", label(field), text.strip()));
            return null;
        }
        if (v < 0) {
            e.put(field, i18n.get("ingest.manual.error.negative", label(field), text.strip()));
            return null;
        }
        return v;
    }

    private LocalDateTime checkTime(Map<String, String> e, String field, String text, LocalDate today) {
        if (isBlank(text)) {
            localMissing.add(field);
            return null;
        }
        try {
            return parseTime(text, today);
        } catch (DateTimeParseException ex) {
            e.put(field, i18n.get("ingest.manual.error.time", label(field), text.strip()));
            return null;
        }
    }

    /** The field's name in the user's language, for messages. */
    public String label(String field) {
        if (field.startsWith("machines[")) {
            int i = machineIndex(field);
            String code = i >= 0 && i < machines.size() ? machines.get(i).machine.code() + " " : "";
            return code + withoutMnemonic(i18n.get(field.endsWith(".picks") ? "ingest.manual.picks" : "ingest.manual.placements"));
        }
        return withoutMnemonic(i18n.get("ingest.manual." + field));
    }

    /** Labels carry mnemonics ("_Job", "线别(_L)"); messages show the plain name. */
    static String withoutMnemonic(String label) {
        return label.replaceAll("\\(_\\w\\)", "").replace("_", "").strip();
    }

    private static int machineIndex(String field) {
        try {
            return Integer.parseInt(field.substring(field.indexOf('[') + 1, field.indexOf(']')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The entry as typed; values that do not parse are left null for the service to name. */
    public ManualEntry toEntry() {
        LocalDate today = LocalDate.now(clock);
        List<MachineCount> counts = new ArrayList<>();
        for (MachineRow row : machines) {
            if (row.isBlank()) continue;
            counts.add(new MachineCount(row.machine.code(), parseCount(row.picks.get()), parseCount(row.placements.get())));
        }
        LineInfo l = line.get();
        return new ManualEntry(l == null ? null : l.code(), blankToNull(job.get()), blankToNull(model.get()),
                parseCount(boards.get()), safeTime(start.get(), today), safeEnd(start.get(), end.get(), today),
                splitCheckers(checkers.get()), counts, blankToNull(remark.get()), blankToNull(operator.get()));
    }

    private static LocalDateTime safeEnd(String startText, String endText, LocalDate today) {
        try {
            return resolveEnd(safeTime(startText, today), endText, today);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDateTime safeTime(String text, LocalDate today) {
        try {
            return parseTime(text, today);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private boolean validating;
    private boolean validateAgain;

    /**
     * Asks the service about the form as typed. At most one check runs at a time and at most one
     * waits (with the latest values): a fast typist or a scanner does not queue a check per key.
     */
    private void validateWithService() {
        if (tasks == null) return;
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

    /** Maps the service's problems onto form fields (see {@link #fieldOf}). */
    void applyServiceProblems(List<Problem> problems) {
        Map<String, String> err = new LinkedHashMap<>();
        Map<String, String> warn = new LinkedHashMap<>();
        for (Problem p : problems) {
            String field = fieldOf(p.field());
            // "required" on a field left blank is already marked as missing; it is not a wrong value
            if ("rules.required".equals(p.messageKey()) && !FORM.equals(field) && isBlankField(field)) continue;
            Map<String, String> target = p.warningOnly() ? warn : err;
            String text = FORM.equals(field) ? render(p) : i18n.get("ingest.manual.fieldError", label(field), p.text(i18n.locale()));
            target.merge(field, text, (a, b) -> a + "\n" + b);
        }
        serviceErrors = err;
        serviceWarnings = warn;
        publishErrors();
    }

    /** The problem as a sentence in the user's language (the rules bundle names the field). */
    private boolean isBlankField(String field) {
        if (field.startsWith("machines[")) {
            int i = machineIndex(field);
            if (i < 0 || i >= machines.size()) return false;
            MachineRow r = machines.get(i);
            return isBlank(field.endsWith(".placements") ? r.placements.get() : r.picks.get());
        }
        return switch (field) {
            case OPERATOR -> isBlank(operator.get());
            case LINE -> line.get() == null;
            case JOB -> isBlank(job.get());
            case MODEL -> isBlank(model.get());
            case BOARDS -> isBlank(boards.get());
            case START -> isBlank(start.get());
            case END -> isBlank(end.get());
            case CHECKERS -> isBlank(checkers.get());
            case REMARK -> isBlank(remark.get());
            default -> false;
        };
    }

    public String render(Problem p) {
        return p.message(i18n.locale());
    }

    /** A problem's field name (a {@code Field} name, a column name or a form field id) as a form field id. */
    String fieldOf(String name) {
        if (name == null || name.isBlank()) return FORM;
        String n = name.strip();
        if (n.startsWith("machines[")) {
            int i = machineIndex(n);
            if (i < 0 || i >= machines.size()) return FORM;
            return n.endsWith(".placements") ? placementsField(i) : picksField(i);
        }
        return switch (n.toUpperCase(Locale.ROOT).replace("_", "")) {
            case "OPERATORID", "OPERATOR" -> OPERATOR;
            case "LINE", "LINECODE" -> LINE;
            case "JOB", "JOBNO" -> JOB;
            case "PRODUCTMODEL", "MODEL" -> MODEL;
            case "BOARDS" -> BOARDS;
            case "START", "STARTTIME" -> START;
            case "END", "EVENTTIME", "ENDTIME" -> END;
            case "CHECKERS" -> CHECKERS;
            case "REMARK" -> REMARK;
            default -> FORM;
        };
    }

    private void publishErrors() {
        Map<String, String> all = new LinkedHashMap<>(serviceErrors);
        all.putAll(localErrors); // what the user just typed wins over an older server answer
        localMissing.forEach(all::remove); // a blank required field is marked as required, not as wrong
        errors.clear();
        errors.putAll(all);
        warnings.clear();
        serviceWarnings.forEach((k, v) -> {
            if (!all.containsKey(k)) warnings.put(k, v);
        });
        missing.setAll(localMissing);
        valid.set(all.isEmpty() && localMissing.isEmpty());
        hasErrors.set(!all.isEmpty());
        if (!all.isEmpty()) {
            List<String> shown = all.values().stream().limit(3).toList();
            String more = all.size() > 3 ? "\n" + i18n.get("ingest.manual.moreErrors", all.size() - 3) : "";
            firstError.set(String.join("\n", shown) + more);
        }
        else if (!localMissing.isEmpty()) firstError.set(i18n.get("ingest.manual.fillIn",
                String.join(i18n.get("ingest.manual.listSeparator"), localMissing.stream().map(this::label).toList())));
        else firstError.set("");
        errorRevision.set(errorRevision.get() + 1);
    }

    // ---------- actions ----------

    public void loadLines() {
        loadingLines.set(true);
        tasks.run(lineSource::get, loaded -> {
            loadingLines.set(false);
            String chosen = line.get() != null ? line.get().code() : preferredLine;
            lines.setAll(loaded.stream().filter(LineInfo::active).toList());
            // The supervisor's line from last time, else the first one: one choice less for most entries.
            line.set(lines.stream().filter(l -> l.code().equals(chosen)).findFirst()
                    .orElse(lines.isEmpty() ? null : lines.get(0)));
        }, e -> {
            loadingLines.set(false);
            showRecentError(() -> i18n.get("ingest.manual.linesFailed", e.getMessage()));
        });
    }

    private String preferredLine;

    /** The line to choose once the lines are loaded (the one used last time). */
    public void setPreferredLine(String code) {
        this.preferredLine = code;
    }

    public void refreshRecent() {
        tasks.run(() -> ingest.recentManualEntries(100), list -> {
            recent.setAll(list);
            showRecentError(() -> "");
        }, e -> showRecentError(() -> i18n.get("ingest.manual.recentFailed", messageOf(e))));
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
                unreachableDetail.set(messageOf(e));
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
        if (tasks == null) return;
        String asked = blankToNull(job.get());
        if (asked == null) return;
        tasks.run(() -> ingest.productModelOf(asked), found -> {
            if (!asked.equals(blankToNull(job.get()))) return;
            String current = model.get();
            boolean ours = isBlank(current) || current.equals(prefilledModel);
            if (!ours) return;
            if (found.isPresent()) {
                prefilledModel = found.get();
                model.set(found.get());
            } else if (prefilledModel != null && current.equals(prefilledModel)) {
                // The model came from another job: it does not belong to this one.
                prefilledModel = null;
                model.set("");
            }
        }, e -> {
            // No prefill is no error: the user can type the model.
        });
    }

    private static String messageOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    void clearAfterSave() {
        prefilledModel = null;
        job.set("");
        model.set("");
        boards.set("");
        start.set("");
        end.set("");
        checkers.set("");
        remark.set("");
        for (MachineRow row : machines) {
            row.picks.set("");
            row.placements.set("");
        }
        serviceErrors = Map.of();
        serviceWarnings = Map.of();
        changed();
    }

    public void voidEntry(ManualEntrySummary entry, String reason) {
        String who = operator.get() == null ? "" : operator.get().strip();
        tasks.run(() -> {
            ingest.voidManualEntry(entry.messageId(), reason.strip(), who);
            return true;
        }, ok -> {
            showMessage(() -> i18n.get("ingest.manual.voided", entry.messageId()));
            refreshRecent();
        }, e -> showMessage(() -> i18n.get("ingest.manual.voidFailed", messageOf(e))));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s.strip();
    }

    // ---------- properties ----------

    public StringProperty operatorProperty() {
        return operator;
    }

    public ObservableList<LineInfo> lines() {
        return lines;
    }

    public ObjectProperty<LineInfo> lineProperty() {
        return line;
    }

    public StringProperty jobProperty() {
        return job;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty boardsProperty() {
        return boards;
    }

    public StringProperty startProperty() {
        return start;
    }

    public StringProperty endProperty() {
        return end;
    }

    public StringProperty checkersProperty() {
        return checkers;
    }

    public ObservableList<String> checkerNames() {
        return checkerNames;
    }

    public StringProperty remarkProperty() {
        return remark;
    }

    public ObservableList<MachineRow> machines() {
        return machines;
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
