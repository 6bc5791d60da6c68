package dev.smtconsole.ui.report;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.ReportException;
import dev.smtconsole.app.ReportService;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.InOutReport;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.ui.I18n;
import dev.smtconsole.ui.Styles;
import dev.smtconsole.ui.UiContext;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * The 产品出/入数记录表: an entry row (date, time, job, IN, BY, remarks) and the sheet with IN TOTAL
 * and 入仓累计 derived. Same export / print / template treatment as the production form.
 */
public final class InOutView {
    private final UiContext ctx;
    private final ReportService reports;
    private final BorderPane root = new BorderPane();
    private final ObservableList<InOutRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<InOutReport> report = new SimpleObjectProperty<>();
    private final ComboBox<String> line = new ComboBox<>();
    private final DatePicker from = ProductionReportView.isoPicker(), to = ProductionReportView.isoPicker(),
            date = ProductionReportView.isoPicker();
    private final TextField time = new TextField(), job = new TextField(), qty = new TextField(), by = new TextField(),
            remark = new TextField();
    final Label status = new Label();
    private final TableView<InOutRow> table = new TableView<>(rows);

    public InOutView(UiContext ctx) {
        this.ctx = ctx;
        this.reports = ctx.services().reports();
        ctx.i18n().localeProperty().addListener(o -> status.setText(statusSource.get()));
        LocalDate today = reports.today();
        from.setValue(today.with(DayOfWeek.MONDAY));
        to.setValue(today);
        date.setValue(today);
        root.setTop(new VBox(6, queryBar(), entryBar(), status));
        root.setCenter(table);
        root.setPadding(new Insets(8));
        status.setId("inoutStatus");
        status.setWrapText(true);
        buildTable();
    }

    public Node view() {
        return root;
    }

    private I18n i18n() {
        return ctx.i18n();
    }



    private DateStyle style() {
        return DateStyle.parse(ctx.settings().get(ProductionReportViewModel.DATE_STYLE_SETTING, "paper"));
    }

    private Node queryBar() {
        line.setId("inoutLine");
        from.setId("inoutFrom");
        to.setId("inoutTo");
        from.setPrefWidth(130);
        to.setPrefWidth(130);
        Button load = i18n().button("inoutLoad", "report.load");
        load.setOnAction(e -> load());
        Button export = i18n().button("inoutExport", "report.export");
        export.setOnAction(e -> export(false));
        Button exportTemplate = i18n().button("inoutExportTemplate", "report.exportTemplate");
        exportTemplate.setOnAction(e -> export(true));
        Button preview = i18n().button("inoutPreview", "report.preview");
        preview.setOnAction(e -> PrintSupport.preview(ctx, root.getScene().getWindow(), PrintLayout.inOut(report.get(), style())));
        Button print = i18n().button("inoutPrint", "report.print");
        print.setOnAction(e -> PrintSupport.print(ctx, root.getScene().getWindow(), PrintLayout.inOut(report.get(), style()),
                this::ok, this::fail));
        for (Button b : new Button[]{export, exportTemplate, preview, print}) b.disableProperty().bind(report.isNull());
        FlowPane bar = new FlowPane(8, 6, i18n().label("report.line"), line, i18n().label("report.from"), from, i18n().label("report.to"), to, load,
                export, exportTemplate, preview, print);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node entryBar() {
        date.setId("inoutDate");
        date.setPrefWidth(130);
        time.setId("inoutTime");
        time.setPrefColumnCount(5);
        time.setPromptText("H:mm");
        job.setId("inoutJob");
        job.setPrefColumnCount(9);
        qty.setId("inoutQty");
        qty.setPrefColumnCount(6);
        by.setId("inoutBy");
        by.setPrefColumnCount(6);
        remark.setId("inoutRemark");
        remark.setPrefColumnCount(16);
        Button add = i18n().button("inoutAdd", "inout.add");
        add.setOnAction(e -> add());
        remark.setOnAction(e -> add());
        Button voidRow = i18n().button("inoutVoid", "inout.void");
        voidRow.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        voidRow.setOnAction(e -> voidSelected());
        FlowPane bar = new FlowPane(8, 6, i18n().label("inout.date"), date, i18n().label("inout.time"), time, i18n().label("inout.job"), job,
                i18n().label("inout.in"), qty, i18n().label("inout.by"), by, i18n().label("inout.remark"), remark, add, voidRow);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("inout-entry");
        return bar;
    }

    public void start() {
        ctx.tasks().run(reports::lineCodes, codes -> {
            line.getItems().setAll(codes);
            if (line.getValue() == null && !codes.isEmpty()) line.setValue(codes.get(0));
            load();
        }, this::fail);
    }

    private void load() {
        String l = line.getValue();
        LocalDate f = from.getValue(), t = to.getValue();
        ctx.tasks().run(() -> reports.inOut(l, f, t), r -> {
            report.set(r);
            rows.setAll(r.rows());
            ok(() -> i18n().get("inout.status.loaded", r.rows().size(), r.totalIn()));
        }, this::fail);
    }

    private void add() {
        LocalTime t;
        try {
            t = LocalTime.parse(time.getText().strip().replace('：', ':'), DateTimeFormatter.ofPattern("H:mm"));
        } catch (DateTimeParseException e) {
            fail(new ReportException("inout.error.timeRequired"));
            time.requestFocus();
            return;
        }
        String l = line.getValue(), j = job.getText(), q = qty.getText(), b = by.getText(), r = remark.getText();
        LocalDate d = date.getValue();
        String operator = ctx.operator().get();
        ctx.tasks().run(() -> reports.addInOut(l, j, d, t, q, b, r, operator), id -> {
            // Keep date, time, job and BY: the next row is usually the same job a little later.
            qty.clear();
            remark.clear();
            qty.requestFocus();
            load();
        }, this::fail);
    }

    private void voidSelected() {
        InOutRow row = table.getSelectionModel().getSelectedItem();
        TextInputDialog d = new TextInputDialog();
        d.initOwner(root.getScene().getWindow());
        d.setTitle(i18n().get("inout.void"));
        d.setHeaderText(i18n().get("inout.void.header", row.entry().inQty(), row.entry().date()));
        d.showAndWait().ifPresent(reason -> {
            String operator = ctx.operator().get();
            ctx.tasks().run(() -> reports.voidInOut(row.entry().id(), reason, operator), x -> load(), this::fail);
        });
    }

    private void export(boolean withTemplate) {
        File template = null;
        if (withTemplate) {
            FileChooser pick = dev.smtconsole.ui.FileDialogs.at(new FileChooser(), ctx.settings(), dev.smtconsole.ui.FileDialogs.IMPORT);
            pick.getExtensionFilters().add(new FileChooser.ExtensionFilter("Excel (*.xlsx)", "*.xlsx"));
            template = pick.showOpenDialog(root.getScene().getWindow());
            if (template != null) dev.smtconsole.ui.FileDialogs.remember(ctx, dev.smtconsole.ui.FileDialogs.IMPORT, template);
            if (template == null) return;
        }
        FileChooser save = dev.smtconsole.ui.FileDialogs.at(new FileChooser(), ctx.settings(), dev.smtconsole.ui.FileDialogs.EXPORT);
        save.getExtensionFilters().add(new FileChooser.ExtensionFilter("Excel (*.xlsx)", "*.xlsx"));
        InOutReport r = report.get();
        save.setInitialFileName(i18n().get("inout.fileName", dev.smtconsole.ui.FileDialogs.lineTag(r.lineCode()), r.from().toString(), r.to().toString()));
        File file = save.showSaveDialog(root.getScene().getWindow());
        if (file == null) return;
        dev.smtconsole.ui.FileDialogs.remember(ctx, dev.smtconsole.ui.FileDialogs.EXPORT, file);
        java.nio.file.Path tpl = template == null ? null : template.toPath();
        DateStyle s = style();
        ctx.tasks().run(() -> {
            reports.writeInOutXlsx(List.of(r), file.toPath(), s, tpl);
            return file;
        }, f -> ok(() -> i18n().get("report.status.exported", f)), this::fail);
    }

    /** The status line as a recipe, so a language switch renders it again at once. */
    private java.util.function.Supplier<String> statusSource = () -> "";

    private void ok(String text) {
        ok(() -> text);
    }

    private void ok(java.util.function.Supplier<String> source) {
        status.getStyleClass().remove(Styles.ERROR);
        statusSource = source;
        status.setText(source.get());
    }

    private void fail(Throwable e) {
        if (!status.getStyleClass().contains(Styles.ERROR)) status.getStyleClass().add(Styles.ERROR);
        statusSource = () -> e instanceof ReportException re ? re.message(i18n().locale())
                : e instanceof AppException ? e.getMessage() : i18n().get("report.error.unexpected", e.getMessage());
        status.setText(statusSource.get());
    }

    private void buildTable() {
        table.setId("inoutTable");
        table.setPlaceholder(i18n().label("inout.noRows"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("H:mm");
        table.getColumns().add(col("inout.col.date", r -> style().format(r.entry().date())));
        table.getColumns().add(col("inout.col.time", r -> hm.format(r.entry().time())));
        table.getColumns().add(col("inout.col.job", r -> r.entry().jobNo() == null ? "" : r.entry().jobNo()));
        table.getColumns().add(col("inout.col.in", r -> Long.toString(r.entry().inQty())));
        table.getColumns().add(col("inout.col.inTotal", r -> Long.toString(r.inTotal())));
        table.getColumns().add(col("inout.col.by", r -> r.entry().signedBy() == null ? "" : r.entry().signedBy()));
        table.getColumns().add(col("inout.col.warehouseTotal", r -> Long.toString(r.warehouseTotal())));
        table.getColumns().add(col("inout.col.remark", r -> r.entry().remark() == null ? "" : r.entry().remark()));
    }

    private TableColumn<InOutRow, String> col(String key, Function<InOutRow, String> f) {
        TableColumn<InOutRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n().text(key));
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        return c;
    }
}
