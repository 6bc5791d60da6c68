package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.DatabaseSettingsService.PasswordSource;
import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.app.secrets.SecretToolStore;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings → Database's service: no password on disk, where it comes from, test in words, backups. */
class DatabaseSettingsServiceTest {
    static final String SECRET = "pa55-Wörd!";

    @TempDir
    Path home;

    DatabaseChoice shared(String host, int port, String db, String user) {
        return new DatabaseChoice(DatabaseChoice.Kind.SHARED, home.resolve("data"), host, port, db, "smt_console", user,
                "verify-full", home.resolve("ca.pem"));
    }

    DatabaseSettingsService service(CredentialStore store, Map<String, String> env) {
        return new DatabaseSettingsService(new UserSettings(home.resolve("config")), home.resolve("data"), store, env::get);
    }

    /** A credential store in memory: stands for the OS's, which this machine has none of. */
    static final class MemoryStore implements CredentialStore {
        final Map<String, String> kept = new HashMap<>();

        public boolean available() { return true; }
        public String name() { return "memory"; }
        public Optional<String> load(String account) { return Optional.ofNullable(kept.get(account)); }
        public boolean save(String account, String secret) { kept.put(account, secret); return true; }
        public void delete(String account) { kept.remove(account); }
    }

    @Test
    void theSettingsFileHoldsNoPasswordAndOnlyItsUserMayReadIt() throws Exception {
        DatabaseChoice c = shared("mes-db", 5433, "mes", "smt_app");
        assertThat(service(CredentialStore.none(), Map.of()).save(c, SECRET)).isEqualTo(PasswordSource.ASKED);
        Path file = home.resolve("config").resolve("settings.properties");
        String text = Files.readString(file);
        assertThat(text).contains("db.host=mes-db").contains("db.ssl.mode=verify-full").doesNotContain(SECRET)
                .doesNotContainIgnoringCase("password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString())).containsExactly("settings.properties");
    }

    @Test
    void withoutACredentialStoreThePasswordLivesForTheSessionOnlyAndTheEnvironmentWins() {
        DatabaseChoice c = shared("mes-db", 5433, "mes", "smt_app");
        DatabaseSettingsService first = service(CredentialStore.none(), Map.of());
        first.save(c, SECRET);
        assertThat(first.password(c)).contains(SECRET);
        DatabaseSettingsService nextStart = service(CredentialStore.none(), Map.of());
        assertThat(nextStart.current()).isEqualTo(c);
        assertThat(nextStart.password(c)).isEmpty();
        assertThat(nextStart.passwordSource(c)).isEqualTo(PasswordSource.MISSING);
        assertThat(nextStart.config()).isEmpty();
        DatabaseSettingsService fromEnv = service(CredentialStore.none(), Map.of(DatabaseSettingsService.PASSWORD_ENV, "from-env"));
        assertThat(fromEnv.password(c)).contains("from-env");
        assertThat(fromEnv.config().orElseThrow().password()).isEqualTo("from-env");
    }

    @Test
    void aCredentialStoreKeepsThePasswordAcrossStarts() {
        MemoryStore store = new MemoryStore();
        DatabaseChoice c = shared("mes-db", 5433, "mes", "smt_app");
        assertThat(service(store, Map.of()).save(c, SECRET)).isEqualTo(PasswordSource.CREDENTIAL_STORE);
        assertThat(store.kept).containsEntry("smt_app@mes-db:5433/mes", SECRET);
        DatabaseConfig next = service(store, Map.of()).config().orElseThrow();
        assertThat(next.password()).isEqualTo(SECRET);
        assertThat(next.url()).startsWith("jdbc:postgresql://mes-db:5433/mes?sslmode=verify-full&sslrootcert=")
                .doesNotContain(SECRET);
    }

    @Test
    void secretToolGetsTheSecretOnStandardInputNeverAsAnArgument() throws Exception {
        // A stand-in for libsecret's secret-tool with its command line: it logs its arguments and keeps secrets in files.
        Path tool = home.resolve("secret-tool");
        Path log = home.resolve("argv.log");
        Path vault = Files.createDirectories(home.resolve("vault"));
        Files.writeString(tool, """
                #!/bin/sh
                echo "$@" >> %s
                cmd=$1; shift
                for a in "$@"; do last=$a; done
                key=$(printf '%%s' "$last" | tr -c 'A-Za-z0-9' '_')
                case $cmd in
                  store) cat > %s/$key ;;
                  lookup) [ -f %s/$key ] && cat %s/$key || exit 1 ;;
                  clear) rm -f %s/$key ;;
                esac
                """.formatted(log, vault, vault, vault, vault));
        tool.toFile().setExecutable(true);
        SecretToolStore store = new SecretToolStore(tool.toString());
        assertThat(store.available()).isTrue();
        assertThat(store.save("smt_app@mes-db:5432/mes", SECRET)).isTrue();
        assertThat(store.load("smt_app@mes-db:5432/mes")).contains(SECRET);
        assertThat(Files.readString(log)).contains("store").contains("lookup").doesNotContain(SECRET);
        assertThat(new SecretToolStore(home.resolve("no-such-tool").toString()).available()).isFalse();
    }

    @Test
    void testConnectionSaysInWordsWhatItFound() throws Exception {
        DatabaseConfig pg = TestDatabases.postgres();
        URI uri = URI.create(pg.url().substring(5));
        DatabaseChoice c = new DatabaseChoice(DatabaseChoice.Kind.SHARED, home, uri.getHost(), uri.getPort(),
                uri.getPath().substring(1), pg.schema(), pg.user(), "disable", null);
        DatabaseSettingsService s = service(CredentialStore.none(), Map.of());
        ConnectionCheck.Report fresh = s.test(c, pg.password());
        assertThat(fresh.usable()).isTrue();
        assertThat(fresh.findings()).extracting(ConnectionCheck.Finding::key)
                .containsExactly("database.test.reachable", "database.test.login", "database.test.noSchema", "database.test.mayMigrate");
        try (AppServices services = AppServices.open(pg)) {
            ConnectionCheck.Report migrated = s.test(c, pg.password());
            assertThat(migrated.findings()).extracting(ConnectionCheck.Finding::key).contains("database.test.version",
                    "database.test.mayWrite");
            assertThat(LocalizedException.text(java.util.Locale.ENGLISH, "database.test.version",
                    migrated.findings().get(2).args().toArray())).isEqualTo(
                    "Schema " + pg.schema() + " is at version " + Database.LATEST_VERSION + "; this console needs "
                            + Database.LATEST_VERSION + ".");
        } finally {
            TestDatabases.dropSchema(pg);
        }
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        ConnectionCheck.Report away = s.test(new DatabaseChoice(DatabaseChoice.Kind.SHARED, home, "127.0.0.1", closed, "mes",
                null, "smt_app", "disable", null), "x");
        assertThat(away.usable()).isFalse();
        assertThat(away.findings()).singleElement().satisfies(f -> assertThat(f.key()).isEqualTo("database.test.unreachable"));
    }

    @Test
    void aBackupRestoresTheEmbeddedDatabaseAsItWas() throws Exception {
        DatabaseSettingsService s = service(CredentialStore.none(), Map.of());
        DatabaseConfig h2 = DatabaseConfig.embedded(home.resolve("data"));
        Path zip;
        try (AppServices services = AppServices.open(h2)) {
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            zip = s.backup(services, Clock.systemUTC());
            services.masterData().importFile(Path.of("sample-data", "operators.csv"));
            assertThat(services.info().rowCounts().get("operator_account")).isPositive();
        }
        assertThat(zip).exists().hasParent(home.resolve("data").resolve("backups"));
        s.restore(zip);
        try (AppServices services = AppServices.open(h2)) {
            assertThat(services.info().rowCounts().get("operator_account")).isZero();
            assertThat(services.info().rowCounts().get("production_line")).isPositive();
        }
    }
}
