package dev.smtconsole.ui.report;

import java.util.Optional;

/** Asks why a figure is corrected; empty when the user cancels. A dialog in the app, a lambda in tests. */
@FunctionalInterface
public interface ReasonPrompt {
    Optional<String> ask(String fieldLabel, String newValue);
}
