package dev.smtconsole;

import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real databases for tests: an H2 file database in a temp folder, and a fresh schema on the
 * PostgreSQL server named by SMT_TEST_PG_URL (SMT_TEST_PG_USER, SMT_TEST_PG_PASSWORD). Without
 * that server PostgreSQL tests are skipped with a visible message, unless -Dsmt.pg.required=true,
 * which makes them fail.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static DatabaseConfig h2(Path dir) {
        return DatabaseConfig.h2File(dir.resolve("test-db"));
    }

    /** An H2 file database in a new temp folder, for tests whose set-up cannot take a @TempDir. */
    public static DatabaseConfig h2InNewTempDir(String prefix) {
        try {
            return h2(java.nio.file.Files.createTempDirectory(prefix));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static boolean pgRequired() {
        return Boolean.getBoolean("smt.pg.required");
    }

    /** A PostgreSQL config with a new, unique schema; skips (or fails, when required) without a server. */
    public static DatabaseConfig postgres() {
        String url = System.getenv("SMT_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            String msg = "PostgreSQL tests SKIPPED: SMT_TEST_PG_URL is not set (see README, 'Tests').";
            if (pgRequired()) throw new IllegalStateException("-Dsmt.pg.required=true but SMT_TEST_PG_URL is not set");
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        String user = System.getenv().getOrDefault("SMT_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("SMT_TEST_PG_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.isValid(5);
        } catch (SQLException e) {
            if (pgRequired()) throw new IllegalStateException("PostgreSQL at " + url + " is not reachable: " + e.getMessage(), e);
            String msg = "PostgreSQL tests SKIPPED: " + url + " not reachable: " + e.getMessage();
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new DatabaseConfig(url, user, password, schema);
    }

    /** Drops a test schema and everything in it. */
    public static void dropSchema(DatabaseConfig config) {
        if (config == null || !config.isPostgres()) return;
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop test schema " + config.schema() + ": " + e.getMessage());
        }
    }
}
