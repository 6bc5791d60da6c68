package dev.smtconsole.ui.report;

import dev.smtconsole.app.ReportService.EditField;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.FormText;
import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.report.MachineCell;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.converter.DefaultStringConverter;

import java.util.function.Function;

/** The 生产数据记录表 on screen: query bar, the form as a table (M1..Mn stacked), totals, export and print. */
public final class ProductionReportView {
    private final UiContext ctx;
    private final ProductionReportViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<ProductionRow> table = new TableView<>();
    private ReasonPrompt reasonPrompt;
    private final javafx.beans.property.BooleanProperty exportAllLines = new javafx.beans.property.SimpleBooleanProperty(false);

    public ProductionReportView(UiContext ctx) {
        this.ctx = ctx;
        this.vm = new ProductionReportViewModel(ctx);
        this.reasonPrompt = vm::askReason;
        root.setTop(new VBox(6, queryBar(), statusLine()));
        root.setCenter(table);
        root.setBottom(totals());
        root.setPadding(new Insets(8));
        buildTable();
    }

    public Node view() {
        return root;
    }

    public ProductionReportViewModel viewModel() {
        return vm;
    }

    /** Tests may answer the reason question without a dialog (by default the view model asks through the DialogService). */
    public void setReasonPrompt(ReasonPrompt prompt) {
        this.reasonPrompt = prompt;
    }

    private I18n i18n() {
        return ctx.i18n();
    }



    private Node queryBar() {
        ComboBox<String> line = new ComboBox<>(vm.lines);
        line.setId("reportLine");
        line.valueProperty().bindBidirectional(vm.line);
        DatePicker from = isoPicker();
        from.setId("reportFrom");
        from.valueProperty().bindBidirectional(vm.from);
        from.setPrefWidth(130);
        DatePicker to = isoPicker();
        to.setId("reportTo");
        to.valueProperty().bindBidirectional(vm.to);
        to.setPrefWidth(130);
        TextField job = new TextField();
        job.setId("reportJob");
        job.setPrefColumnCount(9);
        job.promptTextProperty().bind(i18n().text("report.job.prompt"));
        job.textProperty().bindBidirectional(vm.job);
        job.setOnAction(e -> vm.load());
        Button load = i18n().button("reportLoad", "report.load");
        load.setOnAction(e -> vm.load());
        ComboBox<DateStyle> style = new ComboBox<>();
        style.setId("reportDateStyle");
        style.getItems().setAll(DateStyle.values());
        style.valueProperty().bindBidirectional(vm.dateStyle);
        style.setButtonCell(styleCell());
        style.setCellFactory(v -> styleCell());
        i18n().localeProperty().addListener(o -> style.setButtonCell(styleCell())); // a cell renders again only when told
        vm.dateStyle.addListener((o, a, b) -> table.refresh());
        Button export = i18n().button("reportExport", "report.export");
        export.setOnAction(e -> vm.chooseAndExport(false, exportAllLines.get()));
        javafx.scene.control.CheckBox allLines = new javafx.scene.control.CheckBox();
        allLines.setId("reportAllLines");
        allLines.textProperty().bind(i18n().text("report.allLines"));
        allLines.selectedProperty().bindBidirectional(exportAllLines);
        Button exportTemplate = i18n().button("reportExportTemplate", "report.exportTemplate");
        exportTemplate.setOnAction(e -> vm.chooseAndExport(true, exportAllLines.get()));
        Button preview = i18n().button("reportPreview", "report.preview");
        preview.setOnAction(e -> openPreview());
        Button print = i18n().button("reportPrint", "report.print");
        print.setOnAction(e -> PrintSupport.print(ctx, root.getScene().getWindow(), table(), vm::ok, vm::fail));
        for (Button b : new Button[]{export, exportTemplate, preview, print}) b.disableProperty().bind(vm.report.isNull());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busy);
        FlowPane query = new FlowPane(8, 6, i18n().label("report.line"), line, i18n().label("report.from"), from, i18n().label("report.to"), to,
                i18n().label("report.job"), job, load, busy);
        query.setAlignment(Pos.CENTER_LEFT);
        FlowPane actions = new FlowPane(8, 6, i18n().label("report.dateStyle"), style, allLines, export, exportTemplate, preview, print);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, query, actions);
    }

    /** Dates typed and shown as 2026-01-08 whatever the PC's locale. */
    static DatePicker isoPicker() {
        return dev.smtconsole.ui.kit.Dates.picker();
    }

    private ListCell<DateStyle> styleCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(DateStyle item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : i18n().get("report.dateStyle." + item.name().toLowerCase()));
            }
        };
    }

    private Node statusLine() {
        Label status = new Label();
        status.setId("reportStatus");
        status.textProperty().bind(vm.status);
        status.setWrapText(true);
        vm.error.addListener((o, a, b) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (b) status.getStyleClass().add(Styles.ERROR);
        });
        return status;
    }

    private Node totals() {
        Label totals = new Label();
        totals.setId("reportTotals");
        totals.setWrapText(true);
        totals.setPadding(new Insets(6, 0, 0, 0));
        totals.textProperty().bind(Bindings.createStringBinding(() -> {
            ProductionReport r = vm.report.get();
            if (r == null) return "";
            StringBuilder sb = new StringBuilder(i18n().get("report.totals", r.totalQuantity()));
            for (int m = 0; m < r.machineCodes().size(); m++) {
                sb.append("   ").append(i18n().get("report.totals.machine", r.machineCodes().get(m), r.totalPicks(m),
                        r.totalPlacements(m), dev.smtconsole.domain.LossRate.format(r.totalLossRate(m))));
            }
            return sb.toString();
        }, vm.report, i18n().localeProperty()));
        Label legend = i18n().label("report.legend");
        legend.getStyleClass().add(Styles.MUTED);
        return new VBox(2, totals, legend);
    }

    private PrintLayout.Table table() {
        return PrintLayout.production(vm.report.get(), vm.dateStyle.get());
    }

    /** Opens the print preview of the shown form (a window of its own). */
    public javafx.stage.Stage openPreview() {
        return PrintSupport.preview(ctx, root.getScene().getWindow(), table());
    }

    // ---------- the table ----------

    private void buildTable() {
        table.setId("reportTable");
        table.setItems(vm.rows);
        table.setEditable(true);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = i18n().label("report.noRows");
        table.setPlaceholder(empty);
        table.getColumns().add(text("report.col.date", r -> vm.dateStyle.get().format(r.day()), 80));
        table.getColumns().add(text("report.col.model", r -> r.productModel() == null ? "" : r.productModel(), 150));
        table.getColumns().add(text("report.col.job", ProductionRow::jobNo, 85));
        table.getColumns().add(numeric(editable("colQuantity", "report.col.quantity", EditField.QUANTITY, r -> Long.toString(r.quantity()), 75)));
        table.getColumns().add(editable("colCheckers", "report.col.checkers", EditField.CHECKERS, ProductionRow::checkers, 100));
        table.getColumns().add(editable("colStart", "report.col.start", EditField.START,
                r -> FormText.time(r.start(), r.day(), vm.report.get().zone()), 65));
        table.getColumns().add(editable("colEnd", "report.col.end", EditField.END,
                r -> FormText.time(r.end(), r.day(), vm.report.get().zone()), 65));
        table.getColumns().add(stacked("report.col.machine", MachineCell::machineCode, 70, false));
        table.getColumns().add(numeric(stacked("report.col.picks", c -> Long.toString(c.picks()), 80, false)));
        table.getColumns().add(numeric(stacked("report.col.placements", c -> Long.toString(c.placements()), 85, true)));
        table.getColumns().add(numeric(lossColumn()));
        table.getColumns().add(editable("colRemark", "report.col.remark", EditField.REMARK, ProductionRow::remark, 180));
        table.setRowFactory(t -> {
            TableRow<ProductionRow> row = new TableRow<>();
            row.setOnMouseEntered(e -> {
                ProductionRow item = row.getItem();
                if (item == null || vm.report.get() == null) return;
                Tooltip tip = new Tooltip(i18n().get("report.source.loading"));
                tip.setShowDelay(Duration.millis(300));
                tip.setShowDuration(Duration.seconds(30));
                row.setTooltip(tip);
                vm.sources(item, tip::setText);
            });
            return row;
        });
    }

    private static TableColumn<ProductionRow, String> numeric(TableColumn<ProductionRow, String> c) {
        c.getStyleClass().add("numeric");
        return c;
    }

    private TableColumn<ProductionRow, String> column(String key, double width) {
        TableColumn<ProductionRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n().text(key));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private TableColumn<ProductionRow, String> text(String key, Function<ProductionRow, String> f, double width) {
        TableColumn<ProductionRow, String> c = column(key, width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        return c;
    }

    private TableColumn<ProductionRow, String> editable(String id, String key, EditField field, Function<ProductionRow, String> f,
                                                       double width) {
        TableColumn<ProductionRow, String> c = text(key, f, width);
        c.setId(id);
        c.setEditable(true);
        c.setCellFactory(col -> new EditCell(field));
        c.setOnEditCommit(e -> vm.edit(e.getRowValue(), field, e.getNewValue(), reasonPrompt));
        return c;
    }

    /** A typed column: edited values in blue italics with who/why on hover, disagreements flagged. */
    private final class EditCell extends TextFieldTableCell<ProductionRow, String> {
        private final EditField field;

        EditCell(EditField field) {
            super(new DefaultStringConverter());
            this.field = field;
        }

        @Override
        public void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("edited", "flag");
            setTooltip(null);
            ProductionRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (row == null || isEditing()) return;
            boolean edited = switch (field) {
                case QUANTITY -> row.quantityEdited();
                case START -> row.startEdited();
                case END -> row.endEdited();
                case CHECKERS -> row.checkersEdited();
                case REMARK -> row.remarkEdited();
            };
            StringBuilder tip = new StringBuilder();
            if (edited) {
                getStyleClass().add("edited");
                tip.append(i18n().get("report.tooltip.edited", row.record().updatedBy(),
                        row.record().correctionReason() == null || field == EditField.CHECKERS || field == EditField.REMARK
                                ? "" : row.record().correctionReason()));
                if (field == EditField.QUANTITY) tip.append('\n').append(i18n().get("report.tooltip.fromData", row.machineQuantity()));
            } else if (field == EditField.QUANTITY) {
                tip.append(row.lineLevel() ? i18n().get("report.tooltip.lineLevel") : i18n().get("report.tooltip.maxMachine"));
            }
            if (field == EditField.QUANTITY && row.quantityDisagrees()) {
                getStyleClass().add("flag");
                setText(item + "  ⚠");
                tip.append('\n').append(i18n().get("report.tooltip.flagQuantity", row.quantity(), row.maxMachineBoards()));
            }
            if (!tip.isEmpty()) setTooltip(new Tooltip(tip.toString().strip()));
        }
    }

    private TableColumn<ProductionRow, String> stacked(String key, Function<MachineCell, String> f, double width,
                                                      boolean placements) {
        TableColumn<ProductionRow, String> c = text(key, r -> FormText.stacked(r.machines(), f), width);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("flag");
                setTooltip(null);
                setText(empty ? null : item);
                ProductionRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (placements && row != null && row.placementsDisagree()) {
                    getStyleClass().add("flag");
                    setTooltip(new Tooltip(i18n().get("report.tooltip.flagPlacements", row.totalPlacements(),
                            row.expectedPlacements())));
                }
            }
        });
        return c;
    }

    private TableColumn<ProductionRow, String> lossColumn() {
        TableColumn<ProductionRow, String> c = text("report.col.lossRate", r -> FormText.stacked(r.machines(), MachineCell::lossRateText), 75);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                ProductionRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (row == null) {
                    setGraphic(null);
                    return;
                }
                VBox box = new VBox();
                box.setAlignment(Pos.TOP_RIGHT);
                for (MachineCell m : row.machines()) {
                    Label l = new Label(m.lossRateText());
                    if (m.level() == AlarmLevel.WARN) l.getStyleClass().add(Styles.WARN);
                    if (m.level() == AlarmLevel.ALARM) l.getStyleClass().add(Styles.ALARM);
                    l.setId("loss-" + m.level().name().toLowerCase());
                    box.getChildren().add(l);
                }
                setGraphic(box);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        return c;
    }
}
