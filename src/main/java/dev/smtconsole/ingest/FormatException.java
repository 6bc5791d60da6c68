package dev.smtconsole.ingest;

import java.util.List;

/**
 * The file as a whole cannot be read in this format (no usable header, wrong format chosen):
 * nothing of it is imported. Carries a bundle key so the message reaches the user in their language.
 */
public final class FormatException extends RuntimeException {
    private final String key;
    private final List<Object> args;

    public FormatException(String key, String englishMessage, Object... args) {
        super(englishMessage);
        this.key = key;
        this.args = List.of(args);
    }

    public String key() {
        return key;
    }

    public List<Object> args() {
        return args;
    }
}
