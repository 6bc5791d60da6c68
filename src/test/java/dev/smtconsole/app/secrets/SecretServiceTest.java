package dev.smtconsole.app.secrets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Linux store for real: secret-tool against GNOME Keyring on a private session bus (PrivateKeyring). */
class SecretServiceTest {
    static final String SECRET = "pa55-Wörd! 密码 \"quoted\" $HOME";

    @TempDir
    static Path dir;
    static PrivateKeyring keyring;

    @BeforeAll
    static void startKeyring() throws Exception {
        keyring = PrivateKeyring.start(dir);
    }

    @AfterAll
    static void stopKeyring() {
        if (keyring != null) keyring.close();
    }

    @Test
    void keepsReadsReplacesAndForgetsAPassword() {
        SecretToolStore store = keyring.store();
        assertThat(store.available()).isTrue();
        String account = "smt_app@mes-db:5432/mes";
        assertThat(store.load(account)).isEmpty();
        assertThat(store.save(account, SECRET)).isTrue();
        assertThat(keyring.store().load(account)).contains(SECRET);
        assertThat(store.save(account, "second")).isTrue();
        assertThat(store.load(account)).contains("second");
        store.delete(account);
        assertThat(store.load(account)).isEmpty();
        store.delete(account); // forgetting what is not there is no failure
    }

    @Test
    void accountsOfTheDatabaseAndOfSourcesAreApart() {
        SecretToolStore store = keyring.store();
        store.save("smt_app@db1:5432/mes", "db-pw");
        store.save("source:line2", "broker-pw");
        assertThat(store.load("smt_app@db1:5432/mes")).contains("db-pw");
        assertThat(store.load("source:line2")).contains("broker-pw");
        assertThat(store.load("source:line3")).isEmpty();
    }

    @Test
    void theProbeOfAvailableLeavesNothingBehind() throws Exception {
        assertThat(keyring.store().available()).isTrue();
        ProcessBuilder pb = new ProcessBuilder("secret-tool", "search", "--all", "service", SecretToolStore.SERVICE);
        pb.environment().putAll(keyring.env());
        Process p = pb.redirectErrorStream(true).start();
        String found = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(found).doesNotContain("probe-");
    }

    @Test
    void aLockedKeyringIsStillAStoreAndSavingSaysItIsLocked(@TempDir Path own) throws Exception {
        try (PrivateKeyring locked = PrivateKeyring.start(own)) {
            locked.store().save("smt_app@mes-db:5432/mes", SECRET);
            locked.lock();
            SecretToolStore store = locked.store();
            assertThat(store.available()).as("a locked keyring is there: the user is told, not silently ignored").isTrue();
            assertThatThrownBy(() -> store.save("smt_app@mes-db:5432/mes", "new"))
                    .isInstanceOfSatisfying(CredentialStoreException.class, e -> {
                        assertThat(e.reason()).isEqualTo(CredentialStoreException.Reason.LOCKED);
                        assertThat(e.store()).isEqualTo("Secret Service");
                        assertThat(e.detail()).contains("locked").doesNotContain("new");
                    });
            // lookup does not unlock: a locked keyring gives nothing, and the password is asked
            assertThat(store.load("smt_app@mes-db:5432/mes")).isEmpty();
        }
    }

    @Test
    void withoutASessionBusThereIsNoStore(@TempDir Path own) {
        // A headless box: secret-tool is installed, but no session bus (so no Secret Service) is reachable.
        SecretToolStore store = new SecretToolStore("secret-tool", java.util.Map.of(
                "DBUS_SESSION_BUS_ADDRESS", "unix:path=" + own.resolve("no-bus"), "HOME", own.toString(),
                "XDG_RUNTIME_DIR", own.toString(), "DISPLAY", ""));
        assertThat(store.available()).isFalse();
    }

    @Test
    void aBusWithNobodyServingSecretsIsNoStore(@TempDir Path own) throws Exception {
        Process bus = PrivateKeyring.startBus(own);
        try {
            String address = new java.io.BufferedReader(new java.io.InputStreamReader(bus.getInputStream())).readLine();
            SecretToolStore store = new SecretToolStore("secret-tool", java.util.Map.of("DBUS_SESSION_BUS_ADDRESS",
                    address.strip(), "HOME", own.toString(), "XDG_RUNTIME_DIR", own.toString(), "DISPLAY", ""));
            assertThat(store.available()).isFalse();
        } finally {
            bus.destroy();
            bus.waitFor();
        }
    }
}
