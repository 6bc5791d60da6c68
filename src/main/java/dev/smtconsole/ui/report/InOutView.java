package dev.smtconsole.ui.report;

import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.ReadOnlyStringWrapper;
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
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * The 产品出/入数记录表: an entry row (date, time, job, IN, BY, remarks) and the sheet with IN TOTAL
 * and 入仓累计 derived. Same export / print / template treatment as the production form. The view
 * only binds to {@link InOutViewModel}; printing (a window of its own) stays here.
 */
public final class InOutView {
    private final UiContext ctx;
    private final InOutViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ComboBox<String> line = new ComboBox<>();
    private final DatePicker from = ProductionReportView.isoPicker(), to = ProductionReportView.isoPicker(),
            date = ProductionReportView.isoPicker();
    private final TextField time = new TextField(), job = new TextField(), qty = new TextField(), by = new TextField(),
            remark = new TextField();
    final Label status = new Label();
    private final TableView<InOutRow> table = new TableView<>();

    public InOutView(UiContext ctx) {
        this.ctx = ctx;
        this.vm = new InOutViewModel(ctx.reports().reports(), ctx.tasks(), ctx.dialogs(), ctx.i18n(), ctx.operator(),
                () -> DateStyle.parse(ctx.settings().get(ProductionReportViewModel.DATE_STYLE_SETTING, "paper")));
        table.setItems(vm.rows());
        line.setItems(vm.lines());
        line.valueProperty().bindBidirectional(vm.lineProperty());
        from.valueProperty().bindBidirectional(vm.fromProperty());
        to.valueProperty().bindBidirectional(vm.toProperty());
        date.valueProperty().bindBidirectional(vm.dateProperty());
        time.textProperty().bindBidirectional(vm.timeProperty());
        job.textProperty().bindBidirectional(vm.jobProperty());
        qty.textProperty().bindBidirectional(vm.quantityProperty());
        by.textProperty().bindBidirectional(vm.signedByProperty());
        remark.textProperty().bindBidirectional(vm.remarkProperty());
        vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });
        vm.focusProperty().addListener((o, was, now) -> {
            if (InOutViewModel.TIME.equals(now)) time.requestFocus();
            else if (InOutViewModel.QUANTITY.equals(now)) qty.requestFocus();
        });
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

    public InOutViewModel viewModel() {
        return vm;
    }

    private I18n i18n() {
        return ctx.i18n();
    }

    private Node queryBar() {
        line.setId("inoutLine");
        from.setId("inoutFrom");
        to.setId("inoutTo");
        from.setPrefWidth(130);
        to.setPrefWidth(130);
        Button load = i18n().button("inoutLoad", "report.load");
        load.setOnAction(e -> vm.load());
        Button export = i18n().button("inoutExport", "report.export");
        export.setOnAction(e -> vm.export(false));
        Button exportTemplate = i18n().button("inoutExportTemplate", "report.exportTemplate");
        exportTemplate.setOnAction(e -> vm.export(true));
        Button preview = i18n().button("inoutPreview", "report.preview");
        preview.setOnAction(e -> vm.printLayout().ifPresent(t -> PrintSupport.preview(ctx, root.getScene().getWindow(), t)));
        Button print = i18n().button("inoutPrint", "report.print");
        print.setOnAction(e -> vm.printLayout().ifPresent(t -> PrintSupport.print(ctx, root.getScene().getWindow(), t,
                text -> vm.ok(() -> text), vm::fail)));
        for (Button b : new Button[]{export, exportTemplate, preview, print}) b.disableProperty().bind(vm.reportProperty().isNull());
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
        add.setOnAction(e -> vm.add());
        remark.setOnAction(e -> vm.add());
        Button voidRow = i18n().button("inoutVoid", "inout.void");
        voidRow.disableProperty().bind(vm.selectedProperty().isNull());
        voidRow.setOnAction(e -> vm.voidSelected());
        FlowPane bar = new FlowPane(8, 6, i18n().label("inout.date"), date, i18n().label("inout.time"), time, i18n().label("inout.job"), job,
                i18n().label("inout.in"), qty, i18n().label("inout.by"), by, i18n().label("inout.remark"), remark, add, voidRow);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("inout-entry");
        return bar;
    }

    public void start() {
        vm.start();
    }

    private void buildTable() {
        table.setId("inoutTable");
        table.setPlaceholder(i18n().label("inout.noRows"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("H:mm");
        table.getColumns().add(col("inout.col.date", r -> vm.dateStyle().format(r.entry().date())));
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
