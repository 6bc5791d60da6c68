package dev.smtconsole.ui.kit;

import javafx.application.Platform;
import javafx.stage.Stage;

/** Showing our windows the same way on every desktop. */
public final class Windows {
    private Windows() {
    }

    /**
     * Shows a stage at its scene's size. Some X11 window managers (Openbox, seen with JavaFX 21 on
     * GTK 3) map a new window at 200×200 and ignore the size asked before it was shown; asking
     * again once it is mapped gives the intended size everywhere.
     */
    public static void show(Stage stage) {
        stage.show();
        if (!stage.isMaximized() && !stage.isFullScreen()) Platform.runLater(stage::sizeToScene);
    }
}
