package dev.smtconsole.ui.ingest;

import dev.smtconsole.ui.kit.I18n;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

import java.util.Optional;

/** Asks for the reason of a void; OK stays disabled until a reason is typed (voids are audited). */
final class ReasonDialog {
    private ReasonDialog() {
    }

    static Optional<String> ask(Node owner, I18n i18n, String title, String what) {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.setHeaderText(what);
        if (owner != null && owner.getScene() != null) dialog.initOwner(owner.getScene().getWindow());
        Label label = new Label(i18n.get("ingest.void.reason"));
        TextField reason = new TextField();
        reason.setId("voidReason");
        reason.setPromptText(i18n.get("ingest.void.reason.prompt"));
        reason.setPrefColumnCount(32);
        label.setLabelFor(reason);
        dialog.getDialogPane().setContent(new VBox(6, label, reason));
        ButtonType ok = new ButtonType(i18n.get("ingest.void.confirm"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        Node okButton = dialog.getDialogPane().lookupButton(ok);
        okButton.setId("voidConfirm");
        okButton.disableProperty().bind(reason.textProperty().map(String::isBlank).orElse(true));
        dialog.setResultConverter(b -> b == ok ? reason.getText().strip() : null);
        Platform.runLater(reason::requestFocus);
        return dialog.showAndWait();
    }
}
