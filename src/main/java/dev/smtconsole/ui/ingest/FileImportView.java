package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService.BatchSummary;
import dev.smtconsole.app.IngestService.ImportResult;
import dev.smtconsole.app.IngestService.PreviewRow;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Choose or drop files, preview their first rows, import with progress and cancel, and the batch history. */
public final class FileImportView {
    private static final KeyCombination OPEN = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> STATUSES = List.of("ACCEPT", "REJECT", "SKIP", "WARN", "UNASSIGNED");

    private final FileImportViewModel vm;
    private final I18n i18n;
    private final ZoneId zone;
    private final VBox root = new VBox(8);
    private final TableView<PreviewRow> preview = new TableView<>();
    private final TableView<BatchSummary> historyTable = new TableView<>();

    public FileImportView(FileImportViewModel vm, I18n i18n, ZoneId zone) {
        this.vm = vm;
        this.i18n = i18n;
        this.zone = zone;
        root.setId("fileImport");
        root.setPadding(new Insets(12));
        SplitPane split = new SplitPane(top(), historyPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.66);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(toolbar(), givenAtImport(), split);
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (OPEN.match(e)) {
                e.consume();
                vm.chooseFiles();
            }
        });
        // Status names, reasons and the voided column are rendered in the cells: draw them again in the new language.
        i18n.localeProperty().addListener(o -> {
            preview.refresh();
            historyTable.refresh();
        });
        root.setOnDragOver(this::dragOver);
        root.setOnDragDropped(this::dragDropped);
    }

    public Node view() {
        return root;
    }

    public FileImportViewModel viewModel() {
        return vm;
    }

    private Node toolbar() {
        Button choose = new Button();
        choose.setId("importChoose");
        choose.textProperty().bind(i18n.text("ingest.import.choose"));
        choose.setOnAction(e -> vm.chooseFiles());
        choose.setTooltip(new Tooltip("Ctrl+O"));

        Label formatLabel = new Label();
        formatLabel.textProperty().bind(i18n.text("ingest.import.format"));
        formatLabel.setMnemonicParsing(true);
        ComboBox<String> format = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(FileImportViewModel.FORMATS));
        format.setId("importFormat");
        format.valueProperty().bindBidirectional(vm.formatProperty());
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(String f) {
                return f == null ? "" : formatName(f);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        i18n.localeProperty().addListener(o -> {
            // re-render the names in the new language
            String v = format.getValue();
            format.setValue(null);
            format.setValue(v);
        });
        formatLabel.setLabelFor(format);

        Button importButton = new Button();
        importButton.setId("importStart");
        importButton.textProperty().bind(i18n.text("ingest.import.start"));
        importButton.disableProperty().bind(vm.canImport().not().or(vm.importingProperty()));
        importButton.setOnAction(e -> vm.startImport());
        importButton.setDefaultButton(false);
        Button cancel = new Button();
        cancel.setId("importCancel");
        cancel.textProperty().bind(i18n.text("ingest.import.cancel"));
        cancel.disableProperty().bind(vm.importingProperty().not());
        cancel.setOnAction(e -> vm.cancel());

        Label needOperator = new Label();
        needOperator.textProperty().bind(i18n.text("ingest.import.needOperator"));
        needOperator.getStyleClass().add(Styles.WARN);
        needOperator.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.operatorProperty().get() == null || vm.operatorProperty().get().isBlank(), vm.operatorProperty()));
        needOperator.managedProperty().bind(needOperator.visibleProperty());

        Label drop = new Label();
        drop.textProperty().bind(i18n.text("ingest.import.dropHint"));
        drop.getStyleClass().add(Styles.MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, choose, formatLabel, format, importButton, cancel, needOperator, spacer, drop);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** What the files lack, given for this import: a job, a line, profile values (the CLI's --job, --line, --set). */
    private Node givenAtImport() {
        HBox bar = new HBox(8);
        bar.setAlignment(Pos.CENTER_LEFT);
        String[][] fields = {{"importJob", "ingest.import.job", "ingest.import.jobPrompt"},
                {"importLine", "ingest.import.line", "ingest.import.linePrompt"},
                {"importSet", "ingest.import.set", "ingest.import.setPrompt"}};
        List<javafx.beans.property.StringProperty> targets = List.of(vm.jobProperty(), vm.lineProperty(), vm.setProperty());
        for (int i = 0; i < fields.length; i++) {
            Label label = new Label();
            label.textProperty().bind(i18n.text(fields[i][1]));
            javafx.scene.control.TextField field = new javafx.scene.control.TextField();
            field.setId(fields[i][0]);
            field.promptTextProperty().bind(i18n.text(fields[i][2]));
            field.textProperty().bindBidirectional(targets.get(i));
            field.setPrefColumnCount(i == 2 ? 26 : 12);
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(i18n.text("ingest.import.givenHint"));
            field.setTooltip(tip);
            label.setLabelFor(field);
            label.setMnemonicParsing(true);
            if (i == 2) HBox.setHgrow(field, Priority.SOMETIMES);
            bar.getChildren().addAll(label, field);
        }
        return bar;
    }

    private String formatName(String f) {
        String key = "ingest.import.format." + f;
        String text = i18n.get(key);
        return text.startsWith("!") ? f : text;
    }

    private Node top() {
        ListView<Path> fileList = new ListView<>(vm.files());
        fileList.setId("importFiles");
        fileList.setPrefWidth(260);
        fileList.setMinWidth(180);
        fileList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.getFileName().toString());
                setTooltip(empty || item == null ? null : new Tooltip(item.toString()));
            }
        });
        Label filesEmpty = new Label();
        filesEmpty.textProperty().bind(i18n.text("ingest.import.noFiles"));
        filesEmpty.setWrapText(true);
        fileList.setPlaceholder(filesEmpty);
        fileList.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) vm.selectedFileProperty().set(now);
        });
        vm.selectedFileProperty().addListener((obs, old, now) -> {
            if (now != null && !now.equals(fileList.getSelectionModel().getSelectedItem())) fileList.getSelectionModel().select(now);
        });
        fileList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && fileList.getSelectionModel().getSelectedItem() != null) {
                vm.removeFile(fileList.getSelectionModel().getSelectedItem());
            }
        });

        preview.setId("importPreview");
        preview.setItems(vm.previewRows());
        preview.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<PreviewRow, String> rowNo = column("ingest.import.col.row", r -> Long.toString(r.rowNo()), 60);
        TableColumn<PreviewRow, String> status = column("ingest.import.col.status", PreviewRow::status, 90);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("status-"));
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(statusName(item));
                if (STATUSES.contains(item)) getStyleClass().add("status-" + item.toLowerCase(Locale.ROOT));
            }
        });
        TableColumn<PreviewRow, String> reasons = column("ingest.import.col.reasons", vm::reasons, 470);
        reasons.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isBlank() ? null : new Tooltip(item));
            }
        });
        TableColumn<PreviewRow, String> raw = column("ingest.import.col.raw", r -> r.rawText() == null ? "" : r.rawText().replace('\n', '⏎'), 360);
        preview.getColumns().setAll(List.of(rowNo, status, reasons, raw));
        Label previewEmpty = new Label();
        previewEmpty.textProperty().bind(i18n.text("ingest.import.previewEmpty"));
        preview.setPlaceholder(previewEmpty);
        Label info = new Label();
        info.setId("importPreviewInfo");
        info.textProperty().bind(vm.previewInfoProperty());
        VBox.setVgrow(preview, Priority.ALWAYS);
        VBox previewBox = new VBox(6, info, preview);

        SplitPane filesAndPreview = new SplitPane(fileList, previewBox);
        filesAndPreview.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(fileList, false);
        VBox.setVgrow(filesAndPreview, Priority.ALWAYS);

        ProgressBar bar = new ProgressBar();
        bar.setId("importProgress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setPrefWidth(320);
        bar.visibleProperty().bind(vm.importingProperty().or(vm.progressProperty().greaterThan(0)));
        Label progressText = new Label();
        progressText.setId("importProgressText");
        progressText.textProperty().bind(vm.progressTextProperty());
        HBox progressRow = new HBox(10, bar, progressText);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        // Rows that have nothing to say take no room from the preview.
        progressRow.visibleProperty().bind(vm.importingProperty().or(vm.progressTextProperty().isNotEmpty()));
        progressRow.managedProperty().bind(progressRow.visibleProperty());

        Label result = new Label();
        result.setId("importResult");
        result.setWrapText(true);
        result.textProperty().bind(vm.resultTextProperty());
        result.getStyleClass().add("result-text");
        Button exportLast = new Button();
        exportLast.setId("importExportLast");
        exportLast.textProperty().bind(i18n.text("ingest.import.exportRejected"));
        exportLast.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.results().isEmpty() || vm.results().get(0).rejected() == 0, vm.results()));
        exportLast.setOnAction(e -> {
            if (!vm.results().isEmpty()) vm.askExportRejected(vm.results().get(0).batchId(), vm.results().get(0).fileName());
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox resultRow = new HBox(10, result, spacer, exportLast);
        resultRow.setAlignment(Pos.CENTER_LEFT);
        resultRow.visibleProperty().bind(vm.resultTextProperty().isNotEmpty());
        resultRow.managedProperty().bind(resultRow.visibleProperty());
        Label message = new Label();
        message.setId("importMessage");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        VBox box = new VBox(8, filesAndPreview, progressRow, resultRow, message);
        box.setPadding(new Insets(4, 0, 4, 0));
        return box;
    }

    private String statusName(String status) {
        if ("UNASSIGNED".equals(status)) return i18n.get("unassigned.status");
        String text = i18n.get("ingest.import.status." + status.toLowerCase(Locale.ROOT));
        return text.startsWith("!") ? status : text;
    }

    private String batchStatusName(String status) {
        if (status == null) return "";
        String text = i18n.get("ingest.import.batchStatus." + status.toLowerCase(Locale.ROOT));
        return text.startsWith("!") ? status : text;
    }

    private Node historyPane() {
        Label title = new Label();
        title.textProperty().bind(i18n.text("ingest.import.history"));
        title.getStyleClass().add("section-title");
        historyTable.setId("importHistory");
        historyTable.setItems(vm.history());
        TableColumn<BatchSummary, String> sha = column("ingest.import.col.sha", b -> FileImportViewModel.shortSha(b.sha256()), 110);
        sha.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                BatchSummary b = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(b == null || b.sha256() == null ? null : new Tooltip("SHA-256 " + b.sha256()));
            }
        });
        historyTable.getColumns().setAll(List.of(
                column("ingest.import.col.batch", b -> Long.toString(b.batchId()), 50),
                column("ingest.import.col.when", b -> b.startedAt() == null ? "" : WHEN.format(b.startedAt().atZone(zone)), 120),
                column("ingest.import.col.who", BatchSummary::operatorId, 70),
                column("ingest.import.col.file", BatchSummary::fileName, 180),
                sha,
                column("ingest.import.col.format", BatchSummary::format, 60),
                column("ingest.import.col.read", b -> Long.toString(b.read()), 80),
                column("ingest.import.col.accepted", b -> Long.toString(b.accepted()), 80),
                column("ingest.import.col.rejected", b -> Long.toString(b.rejected()), 80),
                column("ingest.import.col.duplicates", b -> Long.toString(b.duplicates()), 80),
                column("ingest.import.col.skipped", b -> Long.toString(b.skipped()), 80),
                column("unassigned.column", b -> Long.toString(b.unassigned()), 80),
                column("ingest.import.col.batchStatus", b -> batchStatusName(b.status()), 90),
                column("ingest.import.col.voided", b -> b.voided() ? i18n.get("ingest.import.voidedYes",
                        b.voidReason() == null ? "" : b.voidReason()) : "", 120)));
        historyTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(BatchSummary item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("voided");
                if (!empty && item != null && item.voided()) getStyleClass().add("voided");
            }
        });
        Label empty = new Label();
        empty.textProperty().bind(i18n.text("ingest.import.history.empty"));
        historyTable.setPlaceholder(empty);
        VBox.setVgrow(historyTable, Priority.ALWAYS);

        Button refresh = new Button();
        refresh.setId("historyRefresh");
        refresh.textProperty().bind(i18n.text("ingest.refresh"));
        refresh.setOnAction(e -> vm.refreshHistory());
        Button export = new Button();
        export.setId("historyExport");
        export.textProperty().bind(i18n.text("ingest.import.exportRejected"));
        export.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            BatchSummary b = historyTable.getSelectionModel().getSelectedItem();
            return b == null || b.rejected() == 0;
        }, historyTable.getSelectionModel().selectedItemProperty()));
        export.setOnAction(e -> {
            BatchSummary b = historyTable.getSelectionModel().getSelectedItem();
            if (b != null) vm.askExportRejected(b.batchId(), b.fileName());
        });
        Button voidBatch = new Button();
        voidBatch.setId("historyVoid");
        voidBatch.textProperty().bind(i18n.text("ingest.import.voidBatch"));
        voidBatch.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            BatchSummary b = historyTable.getSelectionModel().getSelectedItem();
            return b == null || b.voided();
        }, historyTable.getSelectionModel().selectedItemProperty()));
        voidBatch.setOnAction(e -> {
            vm.askVoid(historyTable.getSelectionModel().getSelectedItem());
        });
        Button assign = new Button();
        assign.setId("historyAssign");
        assign.textProperty().bind(i18n.text("unassigned.assign.button"));
        assign.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            BatchSummary b = historyTable.getSelectionModel().getSelectedItem();
            return b == null || b.voided() || b.unassigned() == 0;
        }, historyTable.getSelectionModel().selectedItemProperty()));
        assign.setOnAction(e -> vm.assignJob(historyTable.getSelectionModel().getSelectedItem()));
        Label error = new Label();
        error.textProperty().bind(vm.historyErrorProperty());
        error.getStyleClass().add(Styles.ERROR);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, title, error, spacer, refresh, export, assign, voidBatch);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, head, historyTable);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) vm.addFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
        e.setDropCompleted(ok);
        e.consume();
    }

    private <T> TableColumn<T, String> column(String key, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** For tests: the last import's result line. */
    String lastResult() {
        List<ImportResult> r = vm.results();
        return r.isEmpty() ? "" : vm.describe(r.get(0));
    }
}
