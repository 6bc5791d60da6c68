package dev.smtconsole.app.secrets;

import java.util.Optional;

/**
 * Where a saved connection's password lives instead of the settings file (ADR 0024): the operating
 * system's credential store when there is one, else nowhere ({@link #none()}: the password comes
 * from an environment variable or is asked at start and kept in memory only).
 */
public interface CredentialStore {

    /** Whether secrets can be kept now (a Secret Service answers, …). */
    boolean available();

    /** For the settings page: "Secret Service", or "none". */
    String name();

    Optional<String> load(String account);

    /** Keeps the secret; false when this store cannot (then nothing was written anywhere). */
    boolean save(String account, String secret);

    void delete(String account);

    /** The store of this machine: the Secret Service on Linux when {@code secret-tool} reaches one, else none. */
    static CredentialStore forThisMachine() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux")) {
            SecretToolStore s = new SecretToolStore("secret-tool");
            if (s.available()) return s;
        }
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
