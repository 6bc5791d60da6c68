package dev.smtconsole.app;

import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.app.secrets.CredentialStoreException;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Settings → Database for this user on this PC: which database (kept in the settings file, never
 * with a password), the password (credential store, environment, or asked and kept in memory —
 * ADR 0024), "Test connection", and the embedded file's backups.
 */
public final class DatabaseSettingsService {
    /** The environment variable a password may come from (also the CLI's default). */
    public static final String PASSWORD_ENV = "SMT_CONSOLE_DB_PASSWORD";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatabaseSettingsService.class);

    private final UserSettings settings;
    private final Path defaultH2Dir;
    private final CredentialStore store;
    private final Function<String, String> env;
    /** Passwords asked this session: memory only. */
    private final Map<String, String> asked = new ConcurrentHashMap<>();
    /** The credential store's last refusal (locked, denied …), until it answers again. */
    private volatile LocalizedException storeProblem;

    public DatabaseSettingsService(UserSettings settings, Path defaultH2Dir, CredentialStore store, Function<String, String> env) {
        this.settings = settings;
        this.defaultH2Dir = defaultH2Dir;
        this.store = store;
        this.env = env;
    }

    public static DatabaseSettingsService forThisUser(UserSettings settings, AppPaths paths) {
        return new DatabaseSettingsService(settings, paths.dataDir(), CredentialStore.lazy(CredentialStore::forThisMachine),
                System::getenv);
    }

    public DatabaseChoice current() {
        return DatabaseChoice.read(settings, defaultH2Dir);
    }

    public Path defaultH2Dir() {
        return defaultH2Dir;
    }

    public CredentialStore credentialStore() {
        return store;
    }

    /** Where the password of a saved shared connection comes from now. */
    public enum PasswordSource { ENVIRONMENT, CREDENTIAL_STORE, ASKED, MISSING }

    /**
     * Saves the choice. A password given goes to the credential store when there is one, else it is
     * kept for this session only (asked again at the next start unless {@link #PASSWORD_ENV} is set).
     * Returns where the password now lives.
     */
    public PasswordSource save(DatabaseChoice choice, String password) {
        choice.write(settings);
        if (choice.isShared() && password != null && !password.isEmpty()) {
            if (storeSave(choice.account(), password)) {
                asked.remove(choice.account());
                return PasswordSource.CREDENTIAL_STORE;
            }
            asked.put(choice.account(), password);
            return PasswordSource.ASKED;
        }
        return passwordSource(choice);
    }

    /** Remembers a password asked at start, in memory only. */
    public void rememberForSession(DatabaseChoice choice, String password) {
        asked.put(choice.account(), password);
    }

    public Optional<String> password(DatabaseChoice choice) {
        String fromEnv = env.apply(PASSWORD_ENV);
        if (fromEnv != null) return Optional.of(fromEnv);
        Optional<String> stored = storeLoad(choice.account());
        if (stored.isPresent()) return stored;
        return Optional.ofNullable(asked.get(choice.account()));
    }

    public PasswordSource passwordSource(DatabaseChoice choice) {
        if (env.apply(PASSWORD_ENV) != null) return PasswordSource.ENVIRONMENT;
        if (storeLoad(choice.account()).isPresent()) return PasswordSource.CREDENTIAL_STORE;
        return asked.containsKey(choice.account()) ? PasswordSource.ASKED : PasswordSource.MISSING;
    }

    /**
     * Why the credential store did not keep or give the password last time (locked, access denied …),
     * in words for the user; empty once it gives or keeps a password again. The password then came from the environment
     * or was asked, as where there is no store.
     */
    public Optional<LocalizedException> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    private Optional<String> storeLoad(String account) {
        try {
            Optional<String> found = store.load(account);
            // Only a password found proves the store works again: a locked keyring also answers "none".
            if (found.isPresent()) storeProblem = null;
            return found;
        } catch (CredentialStoreException e) {
            storeProblem = explain(e);
            return Optional.empty();
        }
    }

    private boolean storeSave(String account, String password) {
        try {
            boolean kept = store.available() && store.save(account, password);
            if (kept) storeProblem = null;
            return kept;
        } catch (CredentialStoreException e) {
            storeProblem = explain(e);
            return false;
        }
    }

    /**
     * A credential store's refusal as a sentence in the user's language (ADR 0034): what the store
     * said and what happens now. Logged in one line — the store's words carry no secret.
     */
    public static LocalizedException explain(CredentialStoreException e) {
        LOG.warn("credential store: {}", e.getMessage());
        return new LocalizedException("database.store." + e.reason().name(), e.store(), e.detail());
    }

    /** The saved choice as a connection, or empty when a shared one still needs its password asked. */
    public Optional<DatabaseConfig> config() {
        DatabaseChoice c = current();
        if (!c.isShared()) return Optional.of(c.config(null));
        return password(c).map(c::config);
    }

    public ConnectionCheck.Report test(DatabaseChoice choice, String password) {
        String pw = password != null && !password.isEmpty() ? password : password(choice).orElse("");
        return ConnectionCheck.run(choice, pw);
    }

    /** Back up now: a zip beside the embedded file, in its {@code backups} folder; returns it. */
    public Path backup(AppServices services, Clock clock) {
        if (!services.databaseConfig().isH2()) throw new LocalizedException("database.error.backupShared");
        Path dir = current().h2Dir().resolve("backups");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LocalizedException("database.error.backupFolder", dir.toString(), e.getMessage());
        }
        Path zip = dir.resolve("smt-console-" + LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".zip");
        services.database().backupTo(zip);
        return zip;
    }

    /** Replaces the embedded file by a backup; the caller has closed the services that used it. */
    public void restore(Path zip) {
        Database.restoreH2(zip, current().h2Dir());
    }
}
