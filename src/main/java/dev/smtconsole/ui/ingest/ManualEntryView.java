package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService.ManualEntrySummary;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.ui.kit.FieldMarks;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 录入 form: a keyboard- and scanner-first form (Enter moves on, Ctrl+S saves) with inline
 * errors, and the saved entries beside it with Void.
 */
public final class ManualEntryView {
    private static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ManualEntryViewModel vm;
    private final I18n i18n;
    private final ZoneId zone;
    private final Map<String, Control> controls = new HashMap<>();
    private final GridPane machineGrid = new GridPane();
    private final SplitPane root = new SplitPane();
    private final Button save = new Button();
    private final TableView<ManualEntrySummary> table = new TableView<>();

    public ManualEntryView(ManualEntryViewModel vm, I18n i18n, ZoneId zone) {
        this.vm = vm;
        this.i18n = i18n;
        this.zone = zone;
        root.setId("manualEntry");
        root.getItems().addAll(form(), savedEntries());
        root.setDividerPositions(0.56);
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (SAVE.match(e)) {
                e.consume();
                if (!vm.save()) focusFirstProblem();
            }
        });
        vm.errorRevisionProperty().addListener(o -> refreshDecorations());
        // The form is disabled while saving, which takes the focus away: give it back where the next entry starts.
        vm.savingProperty().addListener((obs, was, now) -> {
            if (was && !now) {
                Control next = controls.get(vm.unreachableProperty().get() ? ManualEntryViewModel.REMARK : ManualEntryViewModel.JOB);
                if (next != null) Platform.runLater(next::requestFocus);
            }
        });
        vm.machines().addListener((ListChangeListener<MachineRow>) c -> rebuildMachineGrid());
        rebuildMachineGrid();
        refreshDecorations();
    }

    public Node view() {
        return root;
    }

    public ManualEntryViewModel viewModel() {
        return vm;
    }

    /** Puts the cursor where the next entry starts: the operator when none is signed in, else the job. */
    public void focusStart() {
        String operator = vm.operatorProperty().get();
        Control c = controls.get(operator == null || operator.isBlank() ? ManualEntryViewModel.OPERATOR : ManualEntryViewModel.JOB);
        if (c != null && c.getScene() != null) c.requestFocus();
    }

    /** The control of a form field id (for focus order and tests). */
    public Control control(String field) {
        return controls.get(field);
    }

    private Node form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        ColumnConstraints labelCol = new ColumnConstraints();
        labelCol.setMinWidth(Region.USE_PREF_SIZE);
        labelCol.setHalignment(HPos.RIGHT);
        ColumnConstraints fieldCol = new ColumnConstraints(120, 180, Double.MAX_VALUE);
        fieldCol.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labelCol, fieldCol, labelCol, fieldCol);

        TextField operator = text(ManualEntryViewModel.OPERATOR, "ingest.manual.operatorId.prompt");
        operator.textProperty().bindBidirectional(vm.operatorProperty());
        register(ManualEntryViewModel.OPERATOR, operator, true);

        ComboBox<LineInfo> line = new ComboBox<>(vm.lines());
        line.setId("manual-" + ManualEntryViewModel.LINE);
        line.setMaxWidth(Double.MAX_VALUE);
        line.promptTextProperty().bind(i18n.text("ingest.manual.lineCode.prompt"));
        line.setConverter(new StringConverter<>() {
            @Override
            public String toString(LineInfo l) {
                return l == null ? "" : l.name() == null || l.name().isBlank() || l.name().equals(l.code()) ? l.code()
                        : l.code() + " — " + l.name();
            }

            @Override
            public LineInfo fromString(String s) {
                return null;
            }
        });
        line.valueProperty().bindBidirectional(vm.lineProperty());
        controls.put(ManualEntryViewModel.LINE, line);
        register(ManualEntryViewModel.LINE, line, true);
        onEnter(line, ManualEntryViewModel.LINE);

        TextField job = text(ManualEntryViewModel.JOB, "ingest.manual.jobNo.prompt");
        job.textProperty().bindBidirectional(vm.jobProperty());
        // The model of a known job is filled in when the job field is left, or after a short pause in typing.
        PauseTransition typingPause = new PauseTransition(Duration.millis(400));
        typingPause.setOnFinished(e -> vm.lookupProductModel());
        job.textProperty().addListener(o -> typingPause.playFromStart());
        job.focusedProperty().addListener((obs, was, now) -> {
            if (was && !now) {
                typingPause.stop();
                vm.lookupProductModel();
            }
        });
        register(ManualEntryViewModel.JOB, job, true);
        TextField model = text(ManualEntryViewModel.MODEL, "ingest.manual.productModel.prompt");
        model.textProperty().bindBidirectional(vm.modelProperty());
        register(ManualEntryViewModel.MODEL, model, false);
        TextField boards = text(ManualEntryViewModel.BOARDS, "ingest.manual.boards.prompt");
        boards.textProperty().bindBidirectional(vm.boardsProperty());
        register(ManualEntryViewModel.BOARDS, boards, true);
        TextField start = text(ManualEntryViewModel.START, "ingest.manual.time.prompt");
        start.setTooltip(new Tooltip(i18n.get("ingest.manual.time.hint")));
        start.textProperty().bindBidirectional(vm.startProperty());
        register(ManualEntryViewModel.START, start, true);
        TextField end = text(ManualEntryViewModel.END, "ingest.manual.time.prompt");
        end.setTooltip(new Tooltip(i18n.get("ingest.manual.time.hint")));
        end.textProperty().bindBidirectional(vm.endProperty());
        register(ManualEntryViewModel.END, end, true);
        TextField checkers = text(ManualEntryViewModel.CHECKERS, "ingest.manual.checkers.prompt");
        checkers.textProperty().bindBidirectional(vm.checkersProperty());
        register(ManualEntryViewModel.CHECKERS, checkers, false);
        FlowPane chips = new FlowPane(6, 4);
        chips.setId("checkerChips");
        vm.checkerNames().addListener((ListChangeListener<String>) c -> chips.getChildren().setAll(
                vm.checkerNames().stream().map(n -> {
                    Label chip = new Label(n);
                    chip.getStyleClass().add("chip");
                    return (Node) chip;
                }).toList()));

        int r = 0;
        grid.addRow(r++, label("ingest.manual.operatorId", operator), operator, label("ingest.manual.lineCode", line), line);
        grid.addRow(r++, label("ingest.manual.jobNo", job), job, label("ingest.manual.productModel", model), model);
        grid.addRow(r++, label("ingest.manual.boards", boards), boards);
        Label endResolved = new Label();
        endResolved.setId("manualEndResolved");
        endResolved.getStyleClass().add(Styles.MUTED);
        endResolved.textProperty().bind(vm.endResolvedProperty());
        endResolved.visibleProperty().bind(vm.endResolvedProperty().isNotEmpty());
        endResolved.managedProperty().bind(endResolved.visibleProperty());
        HBox endBox = new HBox(8, end, endResolved);
        endBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(end, Priority.ALWAYS);
        endResolved.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(r++, label("ingest.manual.start", start), start, label("ingest.manual.end", end), endBox);
        grid.add(label("ingest.manual.checkers", checkers), 0, r);
        grid.add(checkers, 1, r);
        grid.add(chips, 2, r++, 2, 1);

        machineGrid.setId("machineGrid");
        machineGrid.setHgap(10);
        machineGrid.setVgap(6);
        machineGrid.getStyleClass().add("machine-grid");
        Label machinesTitle = new Label();
        machinesTitle.textProperty().bind(i18n.text("ingest.manual.machines"));
        machinesTitle.getStyleClass().add("section-title");
        GridPane.setMargin(machinesTitle, new Insets(8, 0, 0, 0));
        GridPane.setHalignment(machinesTitle, HPos.LEFT);
        GridPane.setHalignment(machineGrid, HPos.LEFT);
        grid.add(machinesTitle, 0, r++, 4, 1);
        grid.add(machineGrid, 0, r++, 4, 1);

        // Remark sits after the machines in the same grid, so Tab order and Enter order agree.
        TextField remark = text(ManualEntryViewModel.REMARK, "ingest.manual.remark.prompt");
        remark.textProperty().bindBidirectional(vm.remarkProperty());
        register(ManualEntryViewModel.REMARK, remark, false);
        grid.add(label("ingest.manual.remark", remark), 0, r);
        grid.add(remark, 1, r++, 3, 1);

        save.setId("manualSave");
        save.textProperty().bind(i18n.text("ingest.manual.save"));
        save.setMnemonicParsing(true);
        save.setDefaultButton(false); // Enter belongs to the fields (scanner); Ctrl+S saves
        save.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        save.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(org.kordamp.ikonli.material2.Material2MZ.SAVE));
        // The status beside it may be long: it wraps, the button keeps its width (it shrank to "…").
        save.setMinWidth(Region.USE_PREF_SIZE);
        save.disableProperty().bind(vm.validProperty().not().or(vm.savingProperty()));
        save.setOnAction(e -> vm.save());
        save.tooltipProperty().bind(Bindings.createObjectBinding(() -> new Tooltip(i18n.get("ingest.manual.save.tooltip")),
                i18n.localeProperty()));
        Label hint = new Label();
        hint.setId("manualError");
        hint.setWrapText(true);
        hint.textProperty().bind(vm.firstErrorProperty());
        vm.hasErrorsProperty().addListener((obs, was, now) -> {
            hint.getStyleClass().removeAll(Styles.ERROR, Styles.MUTED);
            hint.getStyleClass().add(now ? Styles.ERROR : Styles.MUTED);
        });
        hint.getStyleClass().add(vm.hasErrorsProperty().get() ? Styles.ERROR : Styles.MUTED);
        hint.visibleProperty().bind(vm.firstErrorProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        Label status = new Label();
        status.setId("manualStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.messageProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox actions = new HBox(10, status, save);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(12, banner(), grid, hint, actions);
        box.setPadding(new Insets(14));
        box.disableProperty().bind(vm.savingProperty());
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /** Shown when the save failed for any reason but the rules: the values stay, Retry saves them again. */
    private Node banner() {
        Label text = new Label();
        text.setId("unreachableBanner");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> i18n.get("ingest.manual.unreachable",
                vm.unreachableDetailProperty().get()), i18n.localeProperty(), vm.unreachableDetailProperty()));
        HBox.setHgrow(text, Priority.ALWAYS);
        Button retry = new Button();
        retry.setId("manualRetry");
        retry.textProperty().bind(i18n.text("ingest.manual.retry"));
        retry.setOnAction(e -> vm.save());
        retry.disableProperty().bind(vm.validProperty().not());
        HBox banner = new HBox(12, text, retry);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("banner-error");
        banner.visibleProperty().bind(vm.unreachableProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private void rebuildMachineGrid() {
        machineGrid.getChildren().clear();
        controls.keySet().removeIf(k -> k.startsWith("machines["));
        if (vm.machines().isEmpty()) {
            Label none = new Label();
            none.textProperty().bind(i18n.text("ingest.manual.noMachines"));
            none.getStyleClass().add(Styles.MUTED);
            machineGrid.add(none, 0, 0);
            return;
        }
        String[] heads = {"ingest.manual.machine", "ingest.manual.picks", "ingest.manual.placements",
                "ingest.manual.rejects", "ingest.manual.lossRate"};
        for (int c = 0; c < heads.length; c++) {
            Label h = new Label();
            h.textProperty().bind(i18n.text(heads[c]));
            h.getStyleClass().add("grid-header");
            h.setMinWidth(Region.USE_PREF_SIZE);
            if (c >= 3) GridPane.setHalignment(h, HPos.RIGHT);
            machineGrid.add(h, c, 0);
        }
        for (int i = 0; i < vm.machines().size(); i++) {
            MachineRow row = vm.machines().get(i);
            String name = row.machine().name();
            Label machine = new Label(row.machine().code());
            machine.setMinWidth(Region.USE_PREF_SIZE);
            if (name != null && !name.isBlank()) machine.setTooltip(new Tooltip(name));
            TextField picks = text(ManualEntryViewModel.picksField(i), "ingest.manual.count.prompt");
            picks.setId("manual-picks-" + i);
            picks.setPrefColumnCount(9);
            picks.textProperty().bindBidirectional(row.picksProperty());
            register(ManualEntryViewModel.picksField(i), picks, false);
            TextField placements = text(ManualEntryViewModel.placementsField(i), "ingest.manual.count.prompt");
            placements.setId("manual-placements-" + i);
            placements.setPrefColumnCount(9);
            placements.textProperty().bindBidirectional(row.placementsProperty());
            register(ManualEntryViewModel.placementsField(i), placements, false);
            Label rejects = new Label();
            rejects.setId("manual-rejects-" + i);
            rejects.textProperty().bind(row.rejectsProperty());
            rejects.setMinWidth(60);
            rejects.setAlignment(Pos.CENTER_RIGHT);
            Label loss = new Label();
            loss.setId("manual-loss-" + i);
            loss.textProperty().bind(row.lossRateProperty());
            loss.setMinWidth(60);
            loss.setAlignment(Pos.CENTER_RIGHT);
            machineGrid.addRow(i + 1, machine, picks, placements, rejects, loss);
        }
        refreshDecorations();
    }

    private TextField text(String field, String promptKey) {
        TextField f = new TextField();
        f.setId("manual-" + field);
        f.promptTextProperty().bind(i18n.text(promptKey));
        controls.put(field, f);
        onEnter(f, field);
        return f;
    }

    private Label label(String key, Control target) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setLabelFor(target);
        l.setMnemonicParsing(true);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** Enter (typed or sent by a barcode scanner) moves to the next field; on the last one it saves. */
    private void onEnter(Control c, String field) {
        c.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.ENTER || e.isShortcutDown()) return;
            if (c instanceof ComboBox<?> box && box.isShowing()) return;
            e.consume();
            Optional<String> next = vm.nextField(field);
            if (next.isPresent() && controls.get(next.get()) != null) {
                controls.get(next.get()).requestFocus();
            } else if (next.isEmpty()) {
                if (!vm.save()) focusFirstProblem();
            }
        });
    }

    private void focusFirstProblem() {
        for (String f : vm.fieldOrder()) {
            if (vm.errors().containsKey(f) || vm.missing().contains(f)) {
                Control c = controls.get(f);
                if (c != null) c.requestFocus();
                return;
            }
        }
    }

    private void register(String field, Control c, boolean required) {
        c.getProperties().put("smt.required", required);
    }

    private void refreshDecorations() {
        controls.forEach((field, c) -> {
            String hint = field.equals(ManualEntryViewModel.START) || field.equals(ManualEntryViewModel.END)
                    ? i18n.get("ingest.manual.time.hint") : null;
            FieldMarks.show(c, vm.errors().get(field), vm.warnings().get(field), hint);
        });
    }

    /** The message shown on a field (error, else warning), if any (for tests). */
    public Optional<String> inlineMessage(String field) {
        return FieldMarks.message(controls.get(field));
    }

    private Node savedEntries() {
        Label title = new Label();
        title.textProperty().bind(i18n.text("ingest.manual.recent"));
        title.getStyleClass().add("section-title");
        table.setId("manualEntries");
        table.setItems(vm.recent());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("ingest.manual.col.when", e -> e.receivedAt() == null ? "" : WHEN.format(e.receivedAt().atZone(zone)), 120),
                column("ingest.manual.col.operator", ManualEntrySummary::operatorId, 70),
                column("ingest.manual.col.line", ManualEntrySummary::lineCode, 50),
                column("ingest.manual.col.job", ManualEntrySummary::jobNo, 80),
                column("ingest.manual.col.boards", e -> Long.toString(e.boards()), 60),
                column("ingest.manual.col.summary", e -> (e.voided() ? i18n.get("ingest.manual.voidedTag") + " " : "")
                        + (e.summary() == null ? "" : e.summary()), 200)));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ManualEntrySummary item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("voided");
                if (!empty && item != null && item.voided()) getStyleClass().add("voided");
            }
        });
        i18n.localeProperty().addListener(o -> table.refresh()); // the voided tag is rendered in the cells
        Label placeholder = new Label();
        placeholder.textProperty().bind(i18n.text("ingest.manual.recent.empty"));
        table.setPlaceholder(placeholder);
        VBox.setVgrow(table, Priority.ALWAYS);

        Button refresh = new Button();
        refresh.setId("manualRefresh");
        refresh.textProperty().bind(i18n.text("ingest.refresh"));
        refresh.setOnAction(e -> vm.refreshRecent());
        Button voidButton = new Button();
        voidButton.setId("manualVoid");
        voidButton.textProperty().bind(i18n.text("ingest.manual.void"));
        voidButton.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ManualEntrySummary s = table.getSelectionModel().getSelectedItem();
            return s == null || s.voided();
        }, table.getSelectionModel().selectedItemProperty()));
        voidButton.setOnAction(e -> {
            vm.askAndVoid(table.getSelectionModel().getSelectedItem());
        });
        Label error = new Label();
        error.textProperty().bind(vm.recentErrorProperty());
        error.getStyleClass().add(Styles.ERROR);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, title, spacer, refresh, voidButton);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, head, error, table);
        box.setPadding(new Insets(14));
        return box;
    }

    private <T> TableColumn<T, String> column(String key, java.util.function.Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
