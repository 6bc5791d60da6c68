package dev.smtconsole.ui.report;

import dev.smtconsole.app.ReportException;
import dev.smtconsole.app.ReportService;
import dev.smtconsole.domain.TimeNotation;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.InOutReport;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.DialogService.FileFilter;
import dev.smtconsole.ui.kit.DialogService.FileRequest;
import dev.smtconsole.ui.kit.DialogService.ReasonRequest;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.FileDialogs;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The 产品出/入数记录表 without its controls: the period asked for, the entry row as typed, the
 * sheet with IN TOTAL and 入仓累计 derived by the report service, add / void / export. Only this
 * class talks to {@link ReportService} and opens dialogs; the view binds to it.
 */
public final class InOutViewModel {
    /** Field ids the view moves the focus to ({@link #focusProperty()}). */
    public static final String TIME = "time", QUANTITY = "quantity";
    private static final FileFilter EXCEL = FileFilter.of("Excel (*.xlsx)", "*.xlsx");

    private final ReportService reports;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;
    private final StringProperty operator;
    private final Supplier<DateStyle> dateStyle;

    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final ObjectProperty<String> line = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> date = new SimpleObjectProperty<>();
    private final StringProperty time = new SimpleStringProperty("");
    private final StringProperty job = new SimpleStringProperty("");
    private final StringProperty quantity = new SimpleStringProperty("");
    private final StringProperty signedBy = new SimpleStringProperty("");
    private final StringProperty remark = new SimpleStringProperty("");
    private final ObservableList<InOutRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<InOutRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<InOutReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper focus = new ReadOnlyStringWrapper();
    /** The status line as a recipe, so a language switch renders it again at once. */
    private Supplier<String> statusSource = () -> "";

    public InOutViewModel(ReportService reports, TaskExecutor tasks, DialogService dialogs, I18n i18n,
                          StringProperty operator, Supplier<DateStyle> dateStyle) {
        this.reports = reports;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        this.operator = operator;
        this.dateStyle = dateStyle;
        LocalDate today = reports.today();
        from.set(today.with(DayOfWeek.MONDAY));
        to.set(today);
        date.set(today);
        i18n.localeProperty().addListener(o -> status.set(statusSource.get()));
    }

    /** The time of a row as typed, in the product's one notation ({@code H:mm}, either colon); empty when it is not a time. */
    static Optional<LocalTime> parseTime(String text) {
        return Optional.ofNullable(TimeNotation.timeOfDay(text));
    }

    // ---------- actions ----------

    /** Loads the lines (choosing the first when none is chosen) and then the sheet. */
    public void start() {
        tasks.run(reports::lineCodes, codes -> {
            lines.setAll(codes);
            if (line.get() == null && !codes.isEmpty()) line.set(codes.get(0));
            load();
        }, this::fail);
    }

    public void load() {
        String l = line.get();
        LocalDate f = from.get(), t = to.get();
        tasks.run(() -> reports.inOut(l, f, t), r -> {
            report.set(r);
            rows.setAll(r.rows());
            ok(() -> i18n.get("inout.status.loaded", r.rows().size(), r.totalIn()));
        }, this::fail);
    }

    /** Adds the typed row; keeps date, time, job and BY (the next row is usually the same job a little later). */
    public void add() {
        Optional<LocalTime> t = parseTime(time.get());
        if (t.isEmpty()) {
            fail(new ReportException("inout.error.timeRequired"));
            requestFocus(TIME);
            return;
        }
        String l = line.get(), j = job.get(), q = quantity.get(), b = signedBy.get(), r = remark.get();
        LocalDate d = date.get();
        String who = operator.get();
        tasks.run(() -> reports.addInOut(l, j, d, t.get(), q, b, r, who), id -> {
            quantity.set("");
            remark.set("");
            requestFocus(QUANTITY);
            load();
        }, this::fail);
    }

    /** Asks for a reason and voids the selected row; nothing happens when the user cancels. */
    public void voidSelected() {
        InOutRow row = selected.get();
        if (row == null) return;
        Optional<String> reason = dialogs.askReason(new ReasonRequest(i18n.get("inout.void"),
                i18n.get("inout.void.header", row.entry().inQty(), row.entry().date()), i18n.get("ingest.void.reason"),
                i18n.get("ingest.void.reason.prompt"), i18n.get("ingest.void.confirm")));
        if (reason.isEmpty()) return;
        String who = operator.get();
        long id = row.entry().id();
        tasks.run(() -> reports.voidInOut(id, reason.get(), who), x -> load(), this::fail);
    }

    /** Exports the sheet as shown; with a template, asks for the template first. */
    public void export(boolean withTemplate) {
        InOutReport r = report.get();
        if (r == null) return;
        Path template = null;
        if (withTemplate) {
            Optional<Path> chosen = dialogs.openFile(new FileRequest(i18n.get("report.exportTemplate"), FileDialogs.IMPORT, null,
                    List.of(EXCEL)));
            if (chosen.isEmpty()) return;
            template = chosen.get();
        }
        Optional<Path> target = dialogs.saveFile(new FileRequest(i18n.get("report.export"), FileDialogs.EXPORT,
                i18n.get("inout.fileName", FileDialogs.lineTag(r.lineCode()), r.from().toString(), r.to().toString()),
                List.of(EXCEL)));
        if (target.isEmpty()) return;
        Path file = target.get(), tpl = template;
        DateStyle style = dateStyle.get();
        tasks.run(() -> {
            reports.writeInOutXlsx(List.of(r), file, style, tpl);
            return file;
        }, f -> ok(() -> i18n.get("report.status.exported", f)), this::fail);
    }

    /** The sheet laid out for paper; empty before anything is loaded. */
    public Optional<PrintLayout.Table> printLayout() {
        InOutReport r = report.get();
        return r == null ? Optional.empty() : Optional.of(PrintLayout.inOut(r, dateStyle.get()));
    }

    public DateStyle dateStyle() {
        return dateStyle.get();
    }

    public void ok(Supplier<String> source) {
        statusIsError.set(false);
        statusSource = source;
        status.set(source.get());
    }

    public void fail(Throwable e) {
        statusIsError.set(true);
        statusSource = () -> ErrorText.of(e, i18n, "report.error.unexpected");
        status.set(statusSource.get());
    }

    private void requestFocus(String field) {
        focus.set(null);
        focus.set(field);
    }

    // ---------- properties ----------

    public ObservableList<String> lines() {
        return lines;
    }

    public ObjectProperty<String> lineProperty() {
        return line;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObjectProperty<LocalDate> dateProperty() {
        return date;
    }

    public StringProperty timeProperty() {
        return time;
    }

    public StringProperty jobProperty() {
        return job;
    }

    public StringProperty quantityProperty() {
        return quantity;
    }

    public StringProperty signedByProperty() {
        return signedBy;
    }

    public StringProperty remarkProperty() {
        return remark;
    }

    public ObservableList<InOutRow> rows() {
        return rows;
    }

    /** The row the user picked in the sheet (the view binds its selection here). */
    public ObjectProperty<InOutRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<InOutReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }

    /** The field that should take the keyboard focus next ({@link #TIME}, {@link #QUANTITY}); set anew each time. */
    public ReadOnlyStringProperty focusProperty() {
        return focus.getReadOnlyProperty();
    }
}
