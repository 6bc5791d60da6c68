package dev.smtconsole.app.secrets;

/**
 * The operating system's credential store refused (locked, access denied, …): not "no such
 * password", which is an empty answer. Carries no text for people: the {@link Reason} is turned into
 * a sentence in the user's language by the caller ({@code app.DatabaseSettingsService},
 * {@code app.SourcePasswords}), who then falls back to the environment or asking (ADR 0034).
 */
public final class CredentialStoreException extends RuntimeException {

    /** What went wrong, as far as a user can act on it. */
    public enum Reason {
        /** The keychain / keyring is locked and could not be unlocked now. */
        LOCKED,
        /** The user cancelled the unlock or access prompt. */
        CANCELLED,
        /** The store refused this program access. */
        DENIED,
        /** There is no store for this session (a Windows service without a loaded profile, no default keychain). */
        NO_STORE,
        /** Anything else; {@link #detail()} has the store's own code or words. */
        FAILED
    }

    private final Reason reason;
    private final String store;
    private final String detail;

    public CredentialStoreException(Reason reason, String store, String detail) {
        super(store + ": " + reason + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.reason = reason;
        this.store = store;
        this.detail = detail == null ? "" : detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The store's name for people ("Secret Service", "macOS Keychain", "Windows Credential Manager"). */
    public String store() {
        return store;
    }

    /** The store's own error code or message (for IT), possibly empty. */
    public String detail() {
        return detail;
    }
}
