package dev.smtconsole.app;

/** A failure whose message is already a sentence for the user (what, where, what to do). */
public class AppException extends RuntimeException {
    public AppException(String message) {
        super(message);
    }

    public AppException(String message, Throwable cause) {
        super(message, cause);
    }
}
