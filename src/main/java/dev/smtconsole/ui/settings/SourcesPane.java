package dev.smtconsole.ui.settings;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Function;

/**
 * Settings → Sources (issue 15): the CFX broker subscriptions and watched folders every console
 * shares, with their status, and a form to add, edit or remove one. Binds to
 * {@link SourcesViewModel} only.
 */
final class SourcesPane extends VBox {
    private final SourcesViewModel vm;
    private final TableView<SourcesViewModel.Row> table = new TableView<>();

    SourcesPane(SourcesViewModel vm, I18n i18n) {
        super(8);
        this.vm = vm;
        setId("sourcesPane");
        Label intro = i18n.label("sources.intro");
        intro.getStyleClass().add(Styles.MUTED);
        intro.setWrapText(true);

        table.setId("sourcesTable");
        table.setItems(vm.rows());
        Label empty = i18n.label("sources.empty");
        empty.getStyleClass().add(Styles.MUTED);
        table.setPlaceholder(empty);
        table.setPrefHeight(170);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column(i18n, "sources.col.name", SourcesViewModel.Row::name, 90));
        table.getColumns().add(column(i18n, "sources.col.kind", SourcesViewModel.Row::kind, 100));
        table.getColumns().add(column(i18n, "sources.col.target", SourcesViewModel.Row::target, 240));
        table.getColumns().add(column(i18n, "sources.col.state", SourcesViewModel.Row::state, 235));
        table.getColumns().add(column(i18n, "sources.col.rate", SourcesViewModel.Row::rate, 85));
        table.getColumns().add(column(i18n, "sources.col.last", SourcesViewModel.Row::last, 125));
        table.getColumns().add(column(i18n, "sources.col.errors", SourcesViewModel.Row::errors, 60));
        table.getColumns().add(column(i18n, "sources.col.runBy", SourcesViewModel.Row::runBy, 130));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(SourcesViewModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                setTooltip(item == null || empty || item.lastError().isEmpty() ? null : new Tooltip(item.lastError()));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) vm.edit(now.name());
        });

        Button addCfx = i18n.button("sourcesAddCfx", "sources.action.addCfx");
        addCfx.setOnAction(e -> {
            table.getSelectionModel().clearSelection();
            vm.newCfx();
        });
        Button addFolder = i18n.button("sourcesAddFolder", "sources.action.addFolder");
        addFolder.setOnAction(e -> newFolder());
        Button remove = i18n.button("sourcesRemove", "sources.action.remove");
        remove.disableProperty().bind(vm.editingProperty().isNull().or(vm.busyProperty()));
        remove.setOnAction(e -> vm.remove(vm.editingProperty().get()));
        Button refresh = i18n.button("sourcesRefresh", "sources.action.refresh");
        refresh.setOnAction(e -> vm.load());
        HBox actions = new HBox(8, addCfx, addFolder, remove, refresh);

        GridPane form = new GridPane();
        form.setHgap(16);
        form.setVgap(6);
        form.setId("sourceForm");
        TextField stable = field("sourceStable", vm.stableSecondsProperty(), 4);
        stable.promptTextProperty().bind(i18n.text("sources.stable.prompt"));
        CheckBox enabled = new CheckBox();
        enabled.setId("sourceEnabled");
        enabled.selectedProperty().bindBidirectional(vm.enabledProperty());
        // The rows of the source's kind only, laid out again when the kind changes: hidden rows in a grid
        // would still take their gaps, a blank band in the form.
        List<FormRow> rows = List.of(
                new FormRow(null, i18n.label("sources.field.name"), field("sourceName", vm.nameProperty(), 16)),
                new FormRow("cfx", i18n.label("sources.field.url"), field("sourceUrl", vm.urlProperty(), 28)),
                new FormRow("cfx", i18n.label("sources.field.address"), field("sourceAddress", vm.addressProperty(), 28)),
                new FormRow("cfx", i18n.label("sources.field.user"), field("sourceUser", vm.userProperty(), 16)),
                new FormRow("cfx", i18n.label("sources.field.password"), passwordField(vm, i18n)),
                new FormRow("cfx", i18n.label("sources.field.passwordEnv"), field("sourcePasswordEnv", vm.passwordEnvProperty(), 16)),
                new FormRow("folder", i18n.label("sources.field.path"), field("sourcePath", vm.pathProperty(), 28)),
                new FormRow("folder", i18n.label("sources.field.line"), field("sourceLine", vm.lineProperty(), 8)),
                new FormRow("folder", i18n.label("sources.field.format"), field("sourceFormat", vm.formatProperty(), 12)),
                new FormRow("folder", i18n.label("sources.field.profile"), field("sourceProfile", vm.profileProperty(), 16)),
                new FormRow("folder", i18n.label("sources.field.stable"), stable),
                new FormRow(null, i18n.label("sources.field.operator"), field("sourceOperator", vm.sourceOperatorProperty(), 10)),
                new FormRow(null, i18n.label("sources.field.enabled"), enabled));
        layOut(form, rows, vm.kindProperty().get());
        vm.kindProperty().addListener((o, was, now) -> layOut(form, rows, now));

        Button save = i18n.button("sourceSave", "sources.action.save");
        save.disableProperty().bind(vm.busyProperty());
        save.setOnAction(e -> vm.save());
        Label status = new Label();
        status.setId("sourcesStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });
        getChildren().addAll(intro, table, actions, form, save, status);

        // The status rows are written by whichever process runs the sources: read them again every
        // few seconds while this pane is on screen (one small query, off the FX thread).
        javafx.animation.Timeline refreshing = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(REFRESH_SECONDS), e -> {
                    if (onScreen() && !vm.busyProperty().get()) vm.load();
                }));
        refreshing.setCycleCount(javafx.animation.Animation.INDEFINITE);
        sceneProperty().addListener((o, was, now) -> {
            if (now == null) refreshing.stop();
            else refreshing.play();
        });
    }

    static final int REFRESH_SECONDS = 5;

    private boolean onScreen() {
        return getScene() != null && getScene().getWindow() != null && getScene().getWindow().isShowing() && isVisible();
    }

    /** A row of the form: for every kind of source ({@code kind} null), or for one. */
    private record FormRow(String kind, Label label, Node input) {
    }

    private static void layOut(GridPane form, List<FormRow> rows, String kind) {
        form.getChildren().clear();
        int r = 0;
        for (FormRow row : rows) {
            if (row.kind() == null || row.kind().equals(kind)) form.addRow(r++, row.label(), row.input());
        }
    }

    /** The broker password: typed, handed to this PC's credential store on save, never shown again. */
    private static javafx.scene.control.PasswordField passwordField(SourcesViewModel vm, I18n i18n) {
        javafx.scene.control.PasswordField f = new javafx.scene.control.PasswordField();
        f.setId("sourcePassword");
        f.setPrefColumnCount(16);
        f.textProperty().bindBidirectional(vm.passwordProperty());
        f.promptTextProperty().bind(i18n.text("sources.password.prompt"));
        return f;
    }

    /** An empty form for a new watched folder, as the "add folder" button gives. */
    void newFolder() {
        table.getSelectionModel().clearSelection();
        vm.newFolder();
    }

    private static TextField field(String id, StringProperty p, int columns) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(columns);
        t.textProperty().bindBidirectional(p);
        return t;
    }

    private static TableColumn<SourcesViewModel.Row, String> column(I18n i18n, String key,
                                                                   Function<SourcesViewModel.Row, String> value, double width) {
        TableColumn<SourcesViewModel.Row, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    void load() {
        vm.load();
    }
}
