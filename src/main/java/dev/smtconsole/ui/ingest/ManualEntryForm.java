package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.ui.kit.I18n;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The manual entry form's typed values and the rules that need no database: which required
 * fields are blank, counts that are no whole numbers, times that are no times, and — through the
 * validator's own pure checks ({@link RecordValidator#endBeforeStart},
 * {@link RecordValidator#placementsAbovePicks}) — the order of start and end and placements ≤
 * picks, worded by the validator's message keys. Also the Enter order and the entry as submitted.
 * <p>
 * Every value is kept as the text the user typed, so nothing is lost when a value does not parse.
 */
final class ManualEntryForm {
    static final String OPERATOR = "operatorId";
    static final String LINE = "lineCode";
    static final String JOB = "jobNo";
    static final String MODEL = "productModel";
    static final String BOARDS = "boards";
    static final String START = "start";
    static final String END = "end";
    static final String CHECKERS = "checkers";
    static final String REMARK = "remark";
    /** Errors that belong to no single field are shown under the form. */
    static final String FORM = "form";

    /** Checker names as written on paper: 礼、珍 or 礼,珍 or 礼/珍 or 礼 珍. */
    private static final String CHECKER_SEPARATORS = "[、,，/\\s]+";

    /** What the local rules found: field → error text, the required fields still blank, and the end as resolved. */
    record Check(Map<String, String> errors, List<String> missing, String endResolved) {
    }

    private final I18n i18n;
    private final Clock clock;
    private final StringProperty operator;
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
    private Runnable onChange = () -> { };

    ManualEntryForm(I18n i18n, StringProperty operator, Clock clock) {
        this.i18n = i18n;
        this.operator = operator;
        this.clock = clock;
        line.addListener((obs, old, now) -> rebuildMachines(now));
        checkers.addListener((obs, old, now) -> checkerNames.setAll(splitCheckers(now)));
        for (Observable o : List.of(operator, line, job, model, boards, start, end, checkers, remark)) {
            o.addListener(x -> onChange.run());
        }
    }

    /** Runs after every edit of any field (the view model checks again). */
    void onChange(Runnable r) {
        this.onChange = r;
    }

    // ---------- pure rules ----------

    /** A whole number as typed, or null when blank or not a whole number. */
    static Long parseCount(String text) {
        if (text == null || text.isBlank()) return null;
        String t = text.strip();
        if (!t.matches("[+-]?\\d{1,18}")) return null;
        return Long.parseLong(t);
    }

    static List<String> splitCheckers(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.strip().split(CHECKER_SEPARATORS)).filter(s -> !s.isBlank()).distinct().toList();
    }

    static String picksField(int machineIndex) {
        return "machines[" + machineIndex + "].picks";
    }

    static String placementsField(int machineIndex) {
        return "machines[" + machineIndex + "].placements";
    }

    /** The Enter order: a barcode scanner ends each value with Enter, so each field leads to the next. */
    List<String> fieldOrder() {
        List<String> order = new ArrayList<>(List.of(OPERATOR, LINE, JOB, MODEL, BOARDS, START, END, CHECKERS));
        for (int i = 0; i < machines.size(); i++) {
            order.add(picksField(i));
            order.add(placementsField(i));
        }
        order.add(REMARK);
        return order;
    }

    /** The field after {@code field}; empty after the last one (Enter there saves). */
    Optional<String> nextField(String field) {
        List<String> order = fieldOrder();
        int i = order.indexOf(field);
        if (i < 0 || i + 1 >= order.size()) return Optional.empty();
        return Optional.of(order.get(i + 1));
    }

    private void rebuildMachines(LineInfo now) {
        List<MachineRow> rows = new ArrayList<>();
        if (now != null) {
            for (MachineInfo m : now.placementMachines()) {
                MachineRow row = new MachineRow(m);
                row.picksProperty().addListener(o -> onChange.run());
                row.placementsProperty().addListener(o -> onChange.run());
                rows.add(row);
            }
        }
        machines.setAll(rows);
        onChange.run();
    }

    /** The rules that need no database, on the values as typed now, worded in the current language. */
    Check check() {
        Map<String, String> e = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        if (isBlank(operator.get())) missing.add(OPERATOR);
        if (line.get() == null) missing.add(LINE);
        if (isBlank(job.get())) missing.add(JOB); // every event belongs to a job
        checkCount(e, missing, BOARDS, boards.get());
        LocalDate today = LocalDate.now(clock);
        LocalDateTime s = checkTime(e, missing, START, start.get(), today);
        LocalDateTime f = checkTime(e, missing, END, end.get(), today);
        if (f != null && s != null && EntryTimes.isTimeOnly(end.get())) f = EntryTimes.resolveEnd(s, end.get(), today, clock.getZone());
        // Shown beside the field only when the end moved to another day than the one typed, so the supervisor sees it.
        LocalDateTime plain = f == null ? null : EntryTimes.safeTime(end.get(), today, clock.getZone());
        String resolved = f != null && !f.equals(plain) ? i18n.get("ingest.manual.end.resolved", EntryTimes.RESOLVED.format(f)) : "";
        if (s != null && f != null) {
            RecordValidator.endBeforeStart(0, END, end.get().strip(), start.get().strip(), s, f)
                    .ifPresent(p -> e.put(END, fieldError(END, p)));
        }
        boolean anyMachine = false;
        for (int i = 0; i < machines.size(); i++) {
            MachineRow row = machines.get(i);
            if (row.isBlank()) continue;
            anyMachine = true;
            Long p = checkCount(e, missing, picksField(i), row.picksProperty().get());
            Long q = checkCount(e, missing, placementsField(i), row.placementsProperty().get());
            if (p != null && q != null) {
                String field = placementsField(i);
                RecordValidator.placementsAbovePicks(0, field, p, q).ifPresent(pr -> e.put(field, fieldError(field, pr)));
            }
        }
        Long b = parseCount(boards.get());
        if (!anyMachine && b != null && b == 0 && !e.containsKey(BOARDS)) e.put(BOARDS, i18n.get("ingest.manual.error.nothingToSave"));
        return new Check(e, missing, resolved);
    }

    /** A rule's problem on a form field, worded as the service's problems are: "End: '10:59' is before the start time 11:00". */
    String fieldError(String field, RuleProblem p) {
        Locale l = i18n.locale();
        return i18n.get("ingest.manual.fieldError", label(field),
                RuleMessages.format(l, p.key(), RuleMessages.arguments(l, p.rowNo(), p.field(), p.value(), p.extra())));
    }

    private Long checkCount(Map<String, String> e, List<String> missing, String field, String text) {
        if (isBlank(text)) {
            missing.add(field);
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

    private LocalDateTime checkTime(Map<String, String> e, List<String> missing, String field, String text, LocalDate today) {
        if (isBlank(text)) {
            missing.add(field);
            return null;
        }
        try {
            return EntryTimes.parseTime(text, today, clock.getZone());
        } catch (DateTimeParseException ex) {
            e.put(field, i18n.get("ingest.manual.error.time", label(field), text.strip()));
            return null;
        }
    }

    /** The field's name in the user's language, for messages. */
    String label(String field) {
        if (field.startsWith("machines[")) {
            int i = machineIndex(field);
            String code = i >= 0 && i < machines.size() ? machines.get(i).machine().code() + " " : "";
            return code + withoutMnemonic(i18n.get(field.endsWith(".picks") ? "ingest.manual.picks" : "ingest.manual.placements"));
        }
        return withoutMnemonic(i18n.get("ingest.manual." + field));
    }

    /** Labels carry mnemonics ("_Job", "线别(_L)"); messages show the plain name. */
    static String withoutMnemonic(String label) {
        return label.replaceAll("\\(_\\w\\)", "").replace("_", "").strip();
    }

    static int machineIndex(String field) {
        try {
            return Integer.parseInt(field.substring(field.indexOf('[') + 1, field.indexOf(']')));
        } catch (RuntimeException e) {
            return -1;
        }
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

    /** True when the form field holds no text. */
    boolean isBlankField(String field) {
        if (field.startsWith("machines[")) {
            int i = machineIndex(field);
            if (i < 0 || i >= machines.size()) return false;
            MachineRow r = machines.get(i);
            return isBlank(field.endsWith(".placements") ? r.placementsProperty().get() : r.picksProperty().get());
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

    /** The entry as typed; values that do not parse are left null for the service to name. */
    ManualEntry toEntry() {
        LocalDate today = LocalDate.now(clock);
        List<MachineCount> counts = new ArrayList<>();
        for (MachineRow row : machines) {
            if (row.isBlank()) continue;
            counts.add(new MachineCount(row.machine().code(), parseCount(row.picksProperty().get()),
                    parseCount(row.placementsProperty().get())));
        }
        LineInfo l = line.get();
        return new ManualEntry(l == null ? null : l.code(), blankToNull(job.get()), blankToNull(model.get()),
                parseCount(boards.get()), EntryTimes.safeTime(start.get(), today, clock.getZone()), EntryTimes.safeEnd(start.get(), end.get(), today, clock.getZone()),
                splitCheckers(checkers.get()), counts, blankToNull(remark.get()), blankToNull(operator.get()));
    }

    /** After a save: the job's values go, the operator, the line and its machines stay. */
    void clearJob() {
        job.set("");
        model.set("");
        boards.set("");
        start.set("");
        end.set("");
        checkers.set("");
        remark.set("");
        for (MachineRow row : machines) row.clear();
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static String blankToNull(String s) {
        return isBlank(s) ? null : s.strip();
    }

    // ---------- properties ----------

    StringProperty operator() {
        return operator;
    }

    ObjectProperty<LineInfo> line() {
        return line;
    }

    StringProperty job() {
        return job;
    }

    StringProperty model() {
        return model;
    }

    StringProperty boards() {
        return boards;
    }

    StringProperty start() {
        return start;
    }

    StringProperty end() {
        return end;
    }

    StringProperty checkers() {
        return checkers;
    }

    ObservableList<String> checkerNames() {
        return checkerNames;
    }

    StringProperty remark() {
        return remark;
    }

    ObservableList<MachineRow> machines() {
        return machines;
    }
}
