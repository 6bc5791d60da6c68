package dev.smtconsole.app;

import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.app.secrets.CredentialStoreException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passwords of this PC's broker sources, kept like the database's (ADR 0024): in the operating system's
 * credential store when there is one, else in memory for this session only — never in the settings, the shared
 * database (where the sources themselves are kept, for every console) or a log. A source that names a password
 * variable takes it from the environment instead ({@code serve} on a server, where nobody types).
 */
public final class SourcePasswords {
    /** Accounts in the credential store: this prefix and the source's name. */
    public static final String ACCOUNT_PREFIX = "source:";

    private static SourcePasswords thisUser;

    private final CredentialStore store;
    /** Typed in this session where no credential store answers: memory only. */
    private final Map<String, String> session = new ConcurrentHashMap<>();
    private volatile LocalizedException problem;

    /** Where a password went. */
    public enum Kept { CREDENTIAL_STORE, SESSION }

    public SourcePasswords(CredentialStore store) {
        this.store = store;
    }

    /** The one of this JVM: a password typed in Settings is found by the window's runner, however often it is replaced. */
    public static synchronized SourcePasswords forThisUser() {
        if (thisUser == null) thisUser = new SourcePasswords(CredentialStore.lazy(CredentialStore::forThisMachine));
        return thisUser;
    }

    public Kept save(String source, String password) {
        try {
            if (store.available() && store.save(ACCOUNT_PREFIX + source, password)) {
                session.remove(source);
                problem = null;
                return Kept.CREDENTIAL_STORE;
            }
        } catch (CredentialStoreException e) {
            problem = DatabaseSettingsService.explain(e);
        }
        session.put(source, password);
        return Kept.SESSION;
    }

    public Optional<String> saved(String source) {
        String typed = session.get(source);
        if (typed != null) return Optional.of(typed);
        if (!store.available()) return Optional.empty();
        try {
            return store.load(ACCOUNT_PREFIX + source);
        } catch (CredentialStoreException e) {
            problem = DatabaseSettingsService.explain(e);
            return Optional.empty();
        }
    }

    /**
     * Forgets it everywhere (the source was removed). Returns why the credential store kept it, when
     * it refused (locked …): the caller tells the user, the source is gone all the same.
     */
    public Optional<LocalizedException> forget(String source) {
        session.remove(source);
        if (!store.available()) return Optional.empty();
        try {
            store.delete(ACCOUNT_PREFIX + source);
            return Optional.empty();
        } catch (CredentialStoreException e) {
            problem = DatabaseSettingsService.explain(e);
            return Optional.of(problem);
        }
    }

    /** Why the credential store did not keep or give a password last time (locked, denied …), in words. */
    public Optional<LocalizedException> storeProblem() {
        return Optional.ofNullable(problem);
    }

    /** Whether a password typed now would outlive this session. */
    public boolean keepsAcrossStarts() {
        return store.available();
    }

    /** For messages: "Secret Service", "macOS Keychain", "Windows Credential Manager", or "none". */
    public String storeName() {
        return store.name();
    }
}
