package dev.smtconsole.ui.kit;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;

import java.util.Optional;

/**
 * A form field's error or warning, the same on every form: the theme's danger (red) or warning
 * (amber) outline on the field and the message as its tooltip. Forms also list the messages
 * under the form, so none depends on hovering.
 * <p>
 * (ControlsFX decorations did this before; they swap the scene's root on first show, and every
 * node then went through one CSS pass detached from the theme: hundreds of warnings at start.)
 */
public final class FieldMarks {
    private static final String MESSAGE = "smt.field.message";

    private FieldMarks() {
    }

    /** {@code hint} is the tooltip when there is nothing wrong (e.g. the accepted time formats). */
    public static void show(Control c, String error, String warning, String hint) {
        c.pseudoClassStateChanged(Styles.STATE_DANGER, error != null);
        c.pseudoClassStateChanged(Styles.STATE_WARNING, error == null && warning != null);
        String message = error != null ? error : warning;
        if (message == null) c.getProperties().remove(MESSAGE);
        else c.getProperties().put(MESSAGE, message);
        String tip = message != null ? message : hint;
        if (tip == null) {
            c.setTooltip(null);
        } else if (c.getTooltip() == null || !tip.equals(c.getTooltip().getText())) {
            c.setTooltip(new Tooltip(tip));
        }
    }

    /** The error or warning shown on the field, if any. */
    public static Optional<String> message(Control c) {
        return c == null ? Optional.empty() : Optional.ofNullable((String) c.getProperties().get(MESSAGE));
    }

    public static boolean hasError(Control c) {
        return c.getPseudoClassStates().contains(Styles.STATE_DANGER);
    }
}
