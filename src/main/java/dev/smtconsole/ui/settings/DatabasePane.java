package dev.smtconsole.ui.settings;

import dev.smtconsole.app.DatabaseChoice;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Settings → Database: binds to {@link DatabaseViewModel} only (issue 16). */
public final class DatabasePane extends VBox {

    public DatabasePane(DatabaseViewModel vm, I18n i18n) {
        this(vm, i18n, () -> "");
    }

    /** @param operator the signed-in operator, of record for a copy into the shared database */
    public DatabasePane(DatabaseViewModel vm, I18n i18n, java.util.function.Supplier<String> operator) {
        super(10);
        setId("databasePane");
        ToggleGroup kind = new ToggleGroup();
        RadioButton embedded = new RadioButton();
        embedded.setId("dbEmbedded");
        embedded.textProperty().bind(i18n.text("database.kind.embedded"));
        RadioButton shared = new RadioButton();
        shared.setId("dbShared");
        shared.textProperty().bind(i18n.text("database.kind.shared"));
        embedded.setToggleGroup(kind);
        shared.setToggleGroup(kind);
        (vm.sharedProperty().get() ? shared : embedded).setSelected(true);
        Label elsewhere = new Label();
        elsewhere.setId("dbStartedElsewhere");
        elsewhere.setWrapText(true);
        elsewhere.getStyleClass().add(Styles.WARN);
        elsewhere.textProperty().bind(vm.startedElsewhereProperty());
        elsewhere.visibleProperty().bind(vm.startedElsewhereProperty().isNotEmpty());
        elsewhere.managedProperty().bind(elsewhere.visibleProperty());
        kind.selectedToggleProperty().addListener((o, was, now) -> vm.sharedProperty().set(now == shared));

        // embedded
        GridPane h2 = grid();
        Label path = new Label();
        path.setId("dbH2Path");
        path.setWrapText(true);
        path.textProperty().bind(vm.h2PathProperty());
        h2.addRow(0, i18n.label("database.h2.file"), path);
        Button open = i18n.button("dbOpenFolder", "database.h2.openFolder");
        open.setGraphic(new FontIcon(Material2AL.FOLDER_OPEN));
        open.setOnAction(e -> vm.openFolder());
        Button backup = i18n.button("dbBackup", "database.h2.backup");
        backup.setGraphic(new FontIcon(Material2AL.BACKUP));
        backup.setOnAction(e -> vm.backup());
        Button restore = i18n.button("dbRestore", "database.h2.restore");
        restore.setGraphic(new FontIcon(Material2MZ.RESTORE));
        restore.setOnAction(e -> vm.restore());
        h2.add(new HBox(8, open, backup, restore), 1, 1);
        h2.visibleProperty().bind(vm.sharedProperty().not());
        h2.managedProperty().bind(h2.visibleProperty());

        // shared
        GridPane pg = grid();
        int r = 0;
        pg.addRow(r++, i18n.label("database.pg.host"), text("dbHost", vm.hostProperty(), 24));
        pg.addRow(r++, i18n.label("database.pg.port"), text("dbPort", vm.portProperty(), 6));
        pg.addRow(r++, i18n.label("database.pg.database"), text("dbName", vm.databaseProperty(), 16));
        pg.addRow(r++, i18n.label("database.pg.schema"), text("dbSchema", vm.schemaProperty(), 16));
        pg.addRow(r++, i18n.label("database.pg.user"), text("dbUser", vm.userProperty(), 16));
        PasswordField password = new PasswordField();
        password.setId("dbPassword");
        password.setPrefColumnCount(16);
        password.textProperty().bindBidirectional(vm.passwordProperty());
        pg.addRow(r++, i18n.label("database.pg.password"), password);
        Label home = new Label();
        home.setId("dbPasswordHome");
        home.setWrapText(true);
        home.setMaxWidth(560);
        home.getStyleClass().add(Styles.MUTED);
        home.textProperty().bind(vm.passwordHomeProperty());
        pg.add(home, 1, r++);
        ComboBox<String> ssl = new ComboBox<>(FXCollections.observableArrayList(DatabaseChoice.SSL_MODES));
        ssl.setId("dbSslMode");
        ssl.valueProperty().bindBidirectional(vm.sslModeProperty());
        pg.addRow(r++, i18n.label("database.pg.sslMode"), ssl);
        TextField ca = text("dbCaFile", vm.caFileProperty(), 28);
        ca.disableProperty().bind(vm.sslModeProperty().isNotEqualTo("verify-ca").and(vm.sslModeProperty().isNotEqualTo("verify-full")));
        pg.addRow(r, i18n.label("database.pg.caFile"), ca);
        pg.visibleProperty().bind(vm.sharedProperty());
        pg.managedProperty().bind(pg.visibleProperty());

        Button test = i18n.button("dbTest", "database.test");
        test.setGraphic(new FontIcon(Material2MZ.NETWORK_CHECK));
        test.disableProperty().bind(vm.busyProperty());
        test.setOnAction(e -> vm.test());
        Button apply = i18n.button("dbApply", "database.apply");
        apply.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        apply.setGraphic(new FontIcon(Material2MZ.SWAP_HORIZ));
        apply.disableProperty().bind(vm.busyProperty());
        apply.setOnAction(e -> vm.apply());

        VBox findings = new VBox(4);
        findings.setId("dbFindings");
        vm.findings().addListener((ListChangeListener<DatabaseViewModel.Line>) c -> {
            findings.getChildren().clear();
            for (DatabaseViewModel.Line line : vm.findings()) {
                Label l = new Label((line.ok() ? "✓ " : "✗ ") + line.text());
                l.setWrapText(true);
                l.setMaxWidth(640);
                if (!line.ok()) l.getStyleClass().add(Styles.ERROR);
                findings.getChildren().add(l);
            }
        });
        Label status = new Label();
        status.setId("dbStatus");
        status.setWrapText(true);
        status.setMaxWidth(640);
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });
        Button copy = i18n.button("dbCopyToShared", "database.copy.button");
        copy.setGraphic(new FontIcon(Material2AL.CLOUD_UPLOAD));
        copy.disableProperty().bind(vm.busyProperty().or(vm.sharedProperty().not()));
        copy.setOnAction(e -> vm.copyToShared(operator.get()));
        HBox buttons = new HBox(8, test, apply, copy);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(elsewhere, new HBox(16, embedded, shared), h2, pg, buttons, findings, status);
    }

    private static TextField text(String id, javafx.beans.property.StringProperty p, int columns) {
        TextField t = new TextField();
        t.setId(id);
        t.setPrefColumnCount(columns);
        t.textProperty().bindBidirectional(p);
        return t;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(6);
        return g;
    }
}
