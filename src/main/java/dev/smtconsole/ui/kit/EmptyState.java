package dev.smtconsole.ui.kit;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The "nothing here yet" panel: a title and a sentence saying what will be there. */
public final class EmptyState {
    private EmptyState() {
    }

    public static VBox of(I18n i18n, String titleKey, String bodyKey) {
        Label title = new Label();
        title.textProperty().bind(i18n.text(titleKey));
        title.getStyleClass().add(Styles.TITLE);
        Label body = new Label();
        body.textProperty().bind(i18n.text(bodyKey));
        body.setWrapText(true);
        body.setMaxWidth(560);
        body.getStyleClass().add(Styles.MUTED);
        VBox box = new VBox(12, title, body);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add(Styles.EMPTY_STATE);
        return box;
    }
}
