package dev.smtconsole.ui.settings;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Settings → Gateway: binds to {@link GatewayViewModel} only. */
final class GatewayPane extends VBox {
    private final GatewayViewModel vm;

    GatewayPane(GatewayViewModel vm, I18n i18n) {
        super(8);
        this.vm = vm;
        setId("gatewayPane");
        Label note = i18n.label("gateway.settings.note");
        note.getStyleClass().add(Styles.MUTED);
        note.setWrapText(true);
        CheckBox enabled = new CheckBox();
        enabled.setId("gatewayEnabled");
        enabled.textProperty().bind(i18n.text("gateway.settings.enabled"));
        enabled.selectedProperty().bindBidirectional(vm.enabledProperty());
        TextField bind = field("gatewayBind", 14, vm.bindProperty());
        TextField port = field("gatewayPort", 6, vm.portProperty());
        TextField tls = field("gatewayTlsFile", 28, vm.tlsFileProperty());
        tls.promptTextProperty().bind(i18n.text("gateway.settings.tlsNone"));
        Button chooseTls = i18n.button("gatewayTlsChoose", "gateway.settings.tlsChoose");
        chooseTls.setOnAction(e -> vm.chooseTlsFile());
        TextField passwordEnv = field("gatewayPasswordEnv", 14, vm.passwordEnvProperty());
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        grid.addRow(0, i18n.label("gateway.settings.bind"), bind);
        grid.addRow(1, i18n.label("gateway.settings.port"), port);
        grid.addRow(2, i18n.label("gateway.settings.tlsFile"), new HBox(6, tls, chooseTls));
        grid.addRow(3, i18n.label("gateway.settings.passwordEnv"), passwordEnv);
        Button apply = i18n.button("gatewayApply", "gateway.settings.apply");
        apply.setOnAction(e -> vm.apply());
        Label state = new Label();
        state.setId("gatewayState");
        state.textProperty().bind(vm.stateProperty());

        Button token = i18n.button("gatewayToken", "gateway.settings.token");
        token.setOnAction(e -> vm.generateToken());
        TextField shown = new TextField();
        shown.setId("gatewayTokenShown");
        shown.setEditable(false);
        shown.setPrefColumnCount(44);
        shown.textProperty().bind(vm.tokenProperty());
        shown.visibleProperty().bind(vm.tokenProperty().isNotEmpty());
        shown.managedProperty().bind(shown.visibleProperty());
        Label once = i18n.label("gateway.settings.tokenOnce");
        once.getStyleClass().add(Styles.WARN);
        once.visibleProperty().bind(shown.visibleProperty());
        once.managedProperty().bind(shown.visibleProperty());

        Label status = new Label();
        status.setId("gatewayStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });
        getChildren().addAll(note, enabled, grid, new HBox(12, apply, state), new HBox(12, token, shown), once, status);
    }

    private static TextField field(String id, int columns, javafx.beans.property.StringProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    void load() {
        vm.load();
    }
}
