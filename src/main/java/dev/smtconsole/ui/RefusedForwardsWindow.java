package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices.RefusedForward;
import dev.smtconsole.ui.kit.Dates;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import dev.smtconsole.ui.kit.Theme;
import dev.smtconsole.ui.kit.Windows;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.function.Function;

/**
 * "Refused forwards / 未能转发的记录": the local outbox's refused list in a window of its own, opened from the
 * status bar. The table on top, the selected entry's reason, the server's message and its content below; Copy and
 * Export CSV; Esc closes. Binds only: {@link RefusedForwardsViewModel} reads and writes.
 */
final class RefusedForwardsWindow {
    /** Fits a 1366×768 screen with the task bar. */
    static final double WIDTH = 1100, HEIGHT = 640;

    private final RefusedForwardsViewModel vm;
    private final I18n i18n;
    private final Stage stage = new Stage();
    private final TableView<RefusedForward> table = new TableView<>();

    RefusedForwardsWindow(RefusedForwardsViewModel vm, I18n i18n, Window owner) {
        this.vm = vm;
        this.i18n = i18n;
        if (owner != null) stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.titleProperty().bind(i18n.text("database.refused.title"));

        Label intro = i18n.label("database.refused.intro");
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.MUTED);

        table.setId("refusedTable");
        table.setItems(vm.rows());
        table.getColumns().add(column("database.refused.col.seq", r -> Long.toString(r.seq()), 50));
        table.getColumns().add(column("database.refused.col.what", vm::whatOf, 150));
        table.getColumns().add(column("database.refused.col.details", vm::detailsOf, 250));
        table.getColumns().add(column("database.refused.col.queued", r -> Dates.dateTime(r.queuedAt(), vm.zone()), 125));
        table.getColumns().add(column("database.refused.col.refused", r -> Dates.dateTime(r.refusedAt(), vm.zone()), 125));
        table.getColumns().add(column("database.refused.col.reason", vm::reasonOf, 330));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(i18n.label("database.refused.empty"));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) vm.selectedProperty().set(now);
        });
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != null && now != table.getSelectionModel().getSelectedItem()) table.getSelectionModel().select(now);
        });
        // The list read again replaces the rows (the table drops its selection) while the kept entry comes back as an
        // equal record, which changes no property: the table takes the selection up again here.
        vm.rows().addListener((javafx.collections.ListChangeListener<RefusedForward>) c -> {
            RefusedForward kept = vm.selectedProperty().get();
            if (kept != null && table.getSelectionModel().getSelectedItem() == null) table.getSelectionModel().select(kept);
        });

        Label heading = new Label();
        heading.setId("refusedHeading");
        heading.getStyleClass().add(Styles.TITLE);
        heading.textProperty().bind(vm.headingProperty());
        heading.setWrapText(true);
        Label reason = new Label();
        reason.setId("refusedReason");
        reason.getStyleClass().add(Styles.ERROR);
        reason.setWrapText(true);
        reason.textProperty().bind(vm.reasonProperty());
        TextArea serverSaid = new TextArea();
        serverSaid.setId("refusedServerSaid");
        serverSaid.setEditable(false);
        serverSaid.setWrapText(true);
        serverSaid.setPrefRowCount(2);
        serverSaid.textProperty().bind(vm.serverSaidProperty());
        TextArea body = new TextArea();
        body.setId("refusedBody");
        body.setEditable(false);
        body.setStyle("-fx-font-family: monospace");
        body.textProperty().bind(vm.bodyProperty());
        VBox detail = new VBox(4, heading, reason, i18n.label("database.refused.serverSaid"), serverSaid,
                i18n.label("database.refused.body"), body);
        VBox.setVgrow(body, Priority.ALWAYS);
        detail.setPadding(new Insets(6, 0, 0, 0));
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);

        Button copy = i18n.button("refusedCopy", "database.refused.copy");
        copy.disableProperty().bind(vm.selectedProperty().isNull());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(vm.bodyProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
            vm.copied();
        });
        Button export = i18n.button("refusedExport", "database.refused.export");
        export.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.rows()));
        export.setOnAction(e -> vm.exportCsv());
        Button close = i18n.button("refusedClose", "database.refused.close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Label status = new Label();
        status.setId("refusedStatus");
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, status, spacer, copy, export, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        BorderPane root = new BorderPane(split);
        root.setId("refusedForwards");
        root.setTop(intro);
        root.setBottom(buttons);
        BorderPane.setMargin(intro, new Insets(0, 0, 8, 0));
        BorderPane.setMargin(buttons, new Insets(8, 0, 0, 0));
        root.setPadding(new Insets(12));
        Scene scene = Theme.office(new Scene(root, WIDTH, HEIGHT));
        // The cancel button closes on Esc only while it can take the key; a filter closes from anywhere in the window.
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                stage.close();
            }
        });
        stage.setScene(scene);
        i18n.localeProperty().addListener((o, was, now) -> table.refresh());
    }

    private TableColumn<RefusedForward, String> column(String key, Function<RefusedForward, String> value, double width) {
        TableColumn<RefusedForward, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Shows the window (or brings it to the front) with the list read again, the table focused. */
    void show() {
        vm.load();
        if (stage.isShowing()) {
            stage.toFront();
        } else {
            Windows.show(stage);
        }
        table.requestFocus();
    }

    /** Reads the list again where it stands: the selection kept, the window not brought forward. */
    void reload() {
        vm.load();
    }

    boolean isShowing() {
        return stage.isShowing();
    }

    Stage stage() {
        return stage;
    }
}
