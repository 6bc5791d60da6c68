package dev.smtconsole.ui.kit;

import javafx.scene.Node;

/** One of the main window's areas. */
public interface Page {
    /** Bundle key of the area's title. */
    String titleKey();

    Node view();

    /** Called when the area is shown; reload data here (off the FX thread). */
    default void onShow() {
    }
}
