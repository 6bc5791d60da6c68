package dev.smtconsole.store;

/** A database problem phrased for a user: what failed and what to check. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
