package dev.smtconsole.app;

import dev.smtconsole.app.DatabaseSettingsService.PasswordSource;
import dev.smtconsole.app.secrets.CredentialStoreException;
import dev.smtconsole.app.secrets.PrivateKeyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's and the broker sources' passwords over a real Secret Service (GNOME Keyring on a
 * private bus): kept across starts, and a locked keyring said in words with the session fallback.
 */
class CredentialStorePasswordsTest {
    static final String SECRET = "pa55-Wörd!";
    static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

    @TempDir
    Path home;

    DatabaseChoice shared() {
        return new DatabaseChoice(DatabaseChoice.Kind.SHARED, home.resolve("data"), "mes-db", 5432, "mes", "smt_console",
                "smt_app", "disable", null);
    }

    DatabaseSettingsService service(PrivateKeyring keyring) {
        return new DatabaseSettingsService(new UserSettings(home.resolve("config")), home.resolve("data"), keyring.store(),
                Map.<String, String>of()::get);
    }

    @Test
    void theDatabasePasswordIsInTheKeyringAtTheNextStartAndNotInTheSettingsFile() throws Exception {
        try (PrivateKeyring keyring = PrivateKeyring.start(home.resolve("keyring"))) {
            assertThat(service(keyring).save(shared(), SECRET)).isEqualTo(PasswordSource.CREDENTIAL_STORE);
            DatabaseSettingsService nextStart = service(keyring);
            assertThat(nextStart.passwordSource(shared())).isEqualTo(PasswordSource.CREDENTIAL_STORE);
            assertThat(nextStart.config().orElseThrow().password()).isEqualTo(SECRET);
            assertThat(nextStart.storeProblem()).isEmpty();
            assertThat(Files.readString(home.resolve("config").resolve("settings.properties"))).doesNotContain(SECRET);
        }
    }

    @Test
    void aLockedKeyringIsSaidInWordsAndThePasswordLivesForTheSession() throws Exception {
        try (PrivateKeyring keyring = PrivateKeyring.start(home.resolve("keyring"))) {
            keyring.lock();
            DatabaseSettingsService s = service(keyring);
            assertThat(s.save(shared(), SECRET)).isEqualTo(PasswordSource.ASKED);
            assertThat(s.password(shared())).contains(SECRET);
            LocalizedException why = s.storeProblem().orElseThrow();
            assertThat(why.message(Locale.ENGLISH)).startsWith("The Secret Service is locked")
                    .contains("SMT_CONSOLE_DB_PASSWORD").doesNotContain(SECRET);
            assertThat(why.message(ZH)).startsWith("Secret Service 已锁定");
            // The next start: nothing in the store, so the password is asked (no stack trace, no exception).
            assertThat(service(keyring).config()).isEmpty();
        }
    }

    @Test
    void aSourcePasswordIsKeptAndForgottenInTheKeyring() throws Exception {
        try (PrivateKeyring keyring = PrivateKeyring.start(home.resolve("keyring"))) {
            SourcePasswords passwords = new SourcePasswords(keyring.store());
            assertThat(passwords.save("line2", SECRET)).isEqualTo(SourcePasswords.Kept.CREDENTIAL_STORE);
            assertThat(new SourcePasswords(keyring.store()).saved("line2")).contains(SECRET);
            assertThat(keyring.store().load(SourcePasswords.ACCOUNT_PREFIX + "line2")).contains(SECRET);
            assertThat(passwords.forget("line2")).isEmpty();
            assertThat(new SourcePasswords(keyring.store()).saved("line2")).isEmpty();
        }
    }

    @Test
    void aSourcePasswordTypedWhileTheKeyringIsLockedStaysForTheSessionAndSaysWhy() throws Exception {
        try (PrivateKeyring keyring = PrivateKeyring.start(home.resolve("keyring"))) {
            keyring.lock();
            SourcePasswords passwords = new SourcePasswords(keyring.store());
            assertThat(passwords.save("line2", SECRET)).isEqualTo(SourcePasswords.Kept.SESSION);
            assertThat(passwords.saved("line2")).contains(SECRET);
            assertThat(passwords.storeProblem().orElseThrow().message(Locale.ENGLISH)).contains("locked");
        }
    }

    @Test
    void everyReasonAStoreGivesHasASentenceInBothLanguages() {
        for (CredentialStoreException.Reason r : CredentialStoreException.Reason.values()) {
            LocalizedException e = DatabaseSettingsService.explain(new CredentialStoreException(r, "macOS Keychain", "OSStatus -1"));
            for (Locale l : new Locale[]{Locale.ENGLISH, ZH}) {
                assertThat(e.message(l)).as("%s in %s", r, l).isNotEqualTo(e.key()).contains("macOS Keychain")
                        .doesNotContain("{0}").doesNotContain("{1}");
            }
        }
    }
}
