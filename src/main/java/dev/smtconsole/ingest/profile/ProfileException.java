package dev.smtconsole.ingest.profile;

/** A profile that cannot be read or used; the message says why, for the user. */
public final class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }
}
