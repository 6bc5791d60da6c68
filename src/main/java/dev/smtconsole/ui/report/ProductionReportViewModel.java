package dev.smtconsole.ui.report;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.ReportException;
import dev.smtconsole.app.ReportService;
import dev.smtconsole.app.ReportService.EditField;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * State and actions of the 生产数据记录表 view: the query (line, period, job), the rows, edits of the
 * hand-written columns and exports. All database and file work runs on ctx.tasks().
 */
public final class ProductionReportViewModel {
    public static final String DATE_STYLE_SETTING = "report.dateStyle";

    private final UiContext ctx;
    private final ReportService reports;
    final ObservableList<String> lines = FXCollections.observableArrayList();
    final StringProperty line = new SimpleStringProperty();
    final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    final StringProperty job = new SimpleStringProperty("");
    final ObjectProperty<DateStyle> dateStyle = new SimpleObjectProperty<>();
    final ObjectProperty<ProductionReport> report = new SimpleObjectProperty<>();
    final ObservableList<ProductionRow> rows = FXCollections.observableArrayList();
    final StringProperty status = new SimpleStringProperty("");
    final BooleanProperty error = new SimpleBooleanProperty(false);
    final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final Map<String, String> sourceText = new ConcurrentHashMap<>();

    public ProductionReportViewModel(UiContext ctx) {
        this.ctx = ctx;
        this.reports = ctx.reports().reports();
        LocalDate today = reports.today();
        from.set(today.with(DayOfWeek.MONDAY));
        to.set(today);
        dateStyle.set(DateStyle.parse(ctx.settings().get(DATE_STYLE_SETTING, "paper")));
        ctx.i18n().localeProperty().addListener(o -> status.set(statusSource.get()));
        // The settings file is written off the FX thread.
        dateStyle.addListener((o, a, b) -> ctx.tasks().run(() -> {
            ctx.settings().put(DATE_STYLE_SETTING, b.name().toLowerCase());
            return b;
        }, x -> { }, this::fail));
    }

    public ObservableList<ProductionRow> rows() {
        return rows;
    }

    public ObjectProperty<ProductionReport> report() {
        return report;
    }

    /** Fills the line list; then loads the first line's report. */
    public void start() {
        ctx.tasks().run(reports::lineCodes, codes -> {
            lines.setAll(codes);
            if (line.get() == null && !codes.isEmpty()) line.set(codes.get(0));
            if (line.get() != null) load();
        }, this::fail);
    }

    public void load() {
        load(null);
    }

    /** Reloads; {@code after} (if any) sets the status line once the rows are in, so a save's message is not overwritten. */
    private void load(Runnable after) {
        String l = line.get();
        LocalDate f = from.get(), t = to.get();
        String j = job.get();
        busy.set(true);
        record Loaded(ProductionReport report, List<dev.smtconsole.app.ReportService.WithoutJob> withoutJob) {
        }
        ctx.tasks().run(() -> new Loaded(reports.production(l, f, t, j), reports.withoutJob(l, f, t)), loaded -> {
            ProductionReport r = loaded.report();
            busy.set(false);
            sourceText.clear();
            report.set(r);
            rows.setAll(r.rows());
            // Counts held without a job are in no row: the status line says them (issue 13, ADR 0027).
            ok(() -> ctx.i18n().get("report.status.loaded", r.rows().size(), r.lineCode())
                    + loaded.withoutJob().stream().map(w -> " " + ctx.i18n().get("unassigned.report.sentence", w.text(ctx.i18n().locale()))).collect(
                    java.util.stream.Collectors.joining()));
            if (after != null) after.run();
        }, this::fail);
    }

    /**
     * Saves one typed value. Corrections ask for a reason first; a refused value (bad number,
     * missing operator, someone else saved first) comes back as a message and the table reloads.
     */
    public void edit(ProductionRow row, EditField field, String text, ReasonPrompt prompt) {
        String operator = ctx.operator().get();
        if (operator == null || operator.isBlank()) {
            fail(new ReportException("report.error.operatorRequired"));
            dropTypedText();
            return;
        }
        String reason = null;
        boolean correction = field == EditField.QUANTITY || field == EditField.START || field == EditField.END;
        if (correction) {
            var answer = prompt.ask(ctx.i18n().get("report.field." + field.name().toLowerCase()), text);
            if (answer.isEmpty() || answer.get().isBlank()) {
                fail(new ReportException("report.error.reasonRequired", "report.field." + field.name().toLowerCase()));
                dropTypedText();
                return;
            }
            reason = answer.get();
        }
        String why = reason;
        String lineCode = report.get().lineCode();
        busy.set(true);
        ctx.tasks().run(() -> reports.edit(lineCode, row, field, text, why, operator),
                saved -> load(() -> ok(() -> ctx.i18n().get("report.status.saved", row.jobNo(), operator.strip()))),
                e -> load(() -> fail(e)));
    }

    /** Shows the stored values again, after the table has finished its edit. */
    private void dropTypedText() {
        javafx.application.Platform.runLater(() -> rows.setAll(List.copyOf(rows)));
    }

    /** The hover text of a row: where each figure came from and who typed what; loaded once per row. */
    public void sources(ProductionRow row, Consumer<String> show) {
        String key = row.day() + "/" + row.jobId() + "/" + row.version();
        String cached = sourceText.get(key);
        if (cached != null) {
            show.accept(cached);
            return;
        }
        String lineCode = report.get().lineCode();
        ctx.tasks().run(() -> describeSources(lineCode, row), text -> {
            sourceText.put(key, text);
            show.accept(text);
        }, e -> show.accept(message(e)));
    }

    private String describeSources(String lineCode, ProductionRow row) {
        StringBuilder sb = new StringBuilder();
        for (ReportService.SourceInfo s : reports.sources(lineCode, row)) {
            String machine = s.machineCode().isEmpty() ? ctx.i18n().get("report.source.lineLevel") : s.machineCode();
            String what = s.batchId() != null
                    ? ctx.i18n().get("report.source.file", s.fileName() == null ? "?" : s.fileName(), s.batchId())
                    : "MANUAL".equals(s.source()) ? ctx.i18n().get("report.source.typed", s.operatorId() == null ? "?" : s.operatorId())
                    : ctx.i18n().get("report.source.device");
            sb.append(machine).append(": ").append(what).append(" · ")
                    .append(ctx.i18n().get("report.source.events", s.events())).append('\n');
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        for (ReportService.HistoryEntry h : reports.history(row)) {
            sb.append(ctx.i18n().get("report.source.edit", f.format(h.at().atZone(reports.calendar().zone())), h.operator(),
                    ctx.i18n().get("report.field." + h.field()), h.oldValue() == null ? "—" : h.oldValue(),
                    h.newValue() == null ? "—" : h.newValue(), h.reason() == null ? "" : " (" + h.reason() + ")")).append('\n');
        }
        return sb.toString().strip();
    }

    /** Asks why a figure is corrected (a reason is required: corrections are audited); empty when cancelled. */
    public java.util.Optional<String> askReason(String field, String value) {
        var i18n = ctx.i18n();
        return ctx.dialogs().askReason(new dev.smtconsole.ui.kit.DialogService.ReasonRequest(i18n.get("report.reason.title"),
                i18n.get("report.reason.header", field, value == null || value.isBlank() ? "—" : value),
                i18n.get("report.reason.label"), "", i18n.get("report.reason.confirm")));
    }

    /**
     * Asks for the template (when wanted) and the file to write, in the folders used last, then
     * exports; nothing happens when a chooser is cancelled.
     */
    public void chooseAndExport(boolean withTemplate, boolean allLines) {
        ProductionReport r = report.get();
        if (r == null) return;
        var i18n = ctx.i18n();
        var excel = dev.smtconsole.ui.kit.DialogService.FileFilter.of("Excel (*.xlsx)", "*.xlsx");
        Path template = null;
        if (withTemplate) {
            var chosen = ctx.dialogs().openFile(new dev.smtconsole.ui.kit.DialogService.FileRequest(i18n.get("report.chooseTemplate"),
                    dev.smtconsole.ui.kit.FileDialogs.IMPORT, null, List.of(excel)));
            if (chosen.isEmpty()) return;
            template = chosen.get();
        }
        var file = ctx.dialogs().saveFile(new dev.smtconsole.ui.kit.DialogService.FileRequest(i18n.get("report.export"),
                dev.smtconsole.ui.kit.FileDialogs.EXPORT, exportFileName(allLines), List.of(excel)));
        if (file.isEmpty()) return;
        export(file.get(), template, allLines, () -> { });
    }

    /** The name the save dialog suggests: the line (or all lines) and the period. */
    String exportFileName(boolean allLines) {
        ProductionReport r = report.get();
        var i18n = ctx.i18n();
        return i18n.get("report.fileName", allLines ? i18n.get("report.fileName.allLines")
                : dev.smtconsole.ui.kit.FileDialogs.lineTag(r.lineCode()), r.from().toString(), r.to().toString());
    }

    /**
     * Exports the shown form, or with {@code allLines} every line for the same period and job filter,
     * one sheet per line.
     */
    public void export(Path file, Path template, boolean allLines, Runnable done) {
        ProductionReport r = report.get();
        if (r == null) return;
        DateStyle style = dateStyle.get();
        List<String> codes = List.copyOf(lines);
        String j = job.get();
        busy.set(true);
        ctx.tasks().run(() -> {
            List<ProductionReport> all = allLines
                    ? codes.stream().map(c -> reports.production(c, r.from(), r.to(), j)).toList() : List.of(r);
            reports.writeProductionXlsx(all, file, style, template);
            return file;
        }, f -> {
            busy.set(false);
            ok(() -> ctx.i18n().get("report.status.exported", f));
            done.run();
        }, this::fail);
    }

    /** The status line as a recipe, so a language switch renders it again at once. */
    private java.util.function.Supplier<String> statusSource = () -> "";

    void ok(String text) {
        ok(() -> text);
    }

    void ok(java.util.function.Supplier<String> source) {
        busy.set(false);
        error.set(false);
        statusSource = source;
        status.set(source.get());
    }

    void fail(Throwable e) {
        busy.set(false);
        error.set(true);
        statusSource = () -> message(e);
        status.set(statusSource.get());
    }

    String message(Throwable e) {
        if (e instanceof AppException && !dev.smtconsole.ui.kit.ErrorText.isKeyed(e)) return e.getMessage();
        return dev.smtconsole.ui.kit.ErrorText.of(e, ctx.i18n(), "report.error.unexpected");
    }
}
