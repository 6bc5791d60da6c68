package dev.smtconsole.app;

import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.SchemaRights;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * "Test connection" in Settings → Database: reachability, login, schema version and this user's
 * rights, each as a keyed sentence ({@code database.test.*}) the page shows in the user's language.
 */
public final class ConnectionCheck {
    private ConnectionCheck() {
    }

    /** One finding: good or not, and its sentence. */
    public record Finding(boolean ok, String key, List<Object> args) {
        public Finding {
            args = List.copyOf(args);
        }

        static Finding of(boolean ok, String key, Object... args) {
            return new Finding(ok, key, List.of(args));
        }
    }

    /** What the test found; {@code usable}: this console could start on it now. */
    public record Report(boolean usable, List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }
    }

    public static Report run(DatabaseChoice choice, String password) {
        List<Finding> f = new ArrayList<>();
        if (!choice.isShared()) {
            var file = choice.h2Dir().resolve("smt-console.mv.db");
            boolean exists = Files.isRegularFile(file);
            f.add(Finding.of(true, exists ? "database.test.h2Exists" : "database.test.h2New", file.toString()));
            return new Report(true, f);
        }
        if (choice.host().isEmpty() || choice.database().isEmpty() || choice.user().isEmpty()) {
            f.add(Finding.of(false, "database.test.incomplete"));
            return new Report(false, f);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(choice.host(), choice.port()), 5000);
            f.add(Finding.of(true, "database.test.reachable", choice.host(), Integer.toString(choice.port())));
        } catch (IOException e) {
            f.add(Finding.of(false, "database.test.unreachable", choice.host(), Integer.toString(choice.port()), e.getMessage()));
            return new Report(false, f);
        }
        DatabaseConfig config = choice.config(password == null ? "" : password);
        SchemaRights rights;
        try {
            rights = SchemaRights.probe(config);
        } catch (dev.smtconsole.store.DatabaseException e) {
            f.add(Finding.of(false, "database.test.loginFailed", choice.user(), e.getMessage()));
            return new Report(false, f);
        }
        f.add(Finding.of(true, "database.test.login", rights.user()));
        boolean current = rights.version() != null && Database.compareVersions(rights.version(), Database.LATEST_VERSION) >= 0;
        if (!rights.schemaExists()) {
            f.add(Finding.of(rights.mayMigrate(), "database.test.noSchema", choice.schema()));
        } else if (!rights.mayUse()) {
            f.add(Finding.of(false, "database.test.noUsage", choice.schema()));
        } else {
            f.add(Finding.of(current || rights.mayMigrate(), "database.test.version", choice.schema(),
                    rights.version() == null ? "none" : rights.version(), Database.LATEST_VERSION));
        }
        f.add(Finding.of(true, rights.mayMigrate() ? "database.test.mayMigrate" : "database.test.mayNotMigrate"));
        if (rights.schemaExists() && rights.mayUse() && rights.version() != null) {
            f.add(Finding.of(rights.mayWrite(), rights.mayWrite() ? "database.test.mayWrite" : "database.test.mayNotWrite"));
        }
        boolean usable = rights.mayMigrate() || (current && rights.mayWrite());
        return new Report(usable, f);
    }
}
