package dev.smtconsole.app.secrets;

import java.util.Optional;

/**
 * Where a saved connection's password lives instead of the settings file (ADR 0024, 0034): the
 * operating system's credential store when there is one — the Secret Service on Linux, the Keychain
 * on macOS, the Credential Manager on Windows — else nowhere ({@link #none()}: the password comes
 * from an environment variable or is asked at start and kept in memory only).
 *
 * <p>{@link #load}, {@link #save} and {@link #delete} throw {@link CredentialStoreException} when the
 * store refuses (locked, access denied, prompt cancelled); a password that is not there is an empty
 * answer, not a failure.
 */
public interface CredentialStore {

    /** Whether secrets can be kept now (a Secret Service answers, …). */
    boolean available();

    /** For the settings page: "Secret Service", "macOS Keychain", "Windows Credential Manager", or "none". */
    String name();

    Optional<String> load(String account);

    /** Keeps the secret; false when this store cannot (then nothing was written anywhere). */
    boolean save(String account, String secret);

    void delete(String account);

    /** The store of this machine when it answers, else none. Asks the OS: call it through {@link #lazy}. */
    static CredentialStore forThisMachine() {
        CredentialStore s = forOs(System.getProperty("os.name", ""));
        return s.available() ? s : none();
    }

    /**
     * The kind of store an OS has ({@code os.name}), not yet asked whether it answers: Windows → the
     * Credential Manager, macOS → the Keychain, Linux → the Secret Service through {@code secret-tool},
     * anything else → none.
     */
    static CredentialStore forOs(String osName) {
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) return new WindowsCredentialStore();
        if (os.startsWith("mac") || os.startsWith("darwin")) return new MacKeychainStore();
        if (os.contains("linux")) return new SecretToolStore("secret-tool");
        return none();
    }

    /** Finds the store on first use only: a start on the embedded database never asks the OS. */
    static CredentialStore lazy(java.util.function.Supplier<CredentialStore> find) {
        return new CredentialStore() {
            private CredentialStore found;

            private synchronized CredentialStore store() {
                if (found == null) found = find.get();
                return found;
            }

            @Override
            public boolean available() {
                return store().available();
            }

            @Override
            public String name() {
                return store().name();
            }

            @Override
            public Optional<String> load(String account) {
                return store().load(account);
            }

            @Override
            public boolean save(String account, String secret) {
                return store().save(account, secret);
            }

            @Override
            public void delete(String account) {
                store().delete(account);
            }
        };
    }

    static CredentialStore none() {
        return new CredentialStore() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public String name() {
                return "none";
            }

            @Override
            public Optional<String> load(String account) {
                return Optional.empty();
            }

            @Override
            public boolean save(String account, String secret) {
                return false;
            }

            @Override
            public void delete(String account) {
            }
        };
    }
}
