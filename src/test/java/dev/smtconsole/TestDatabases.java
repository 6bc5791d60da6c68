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
 * PostgreSQL server named by SMT_TEST_PG_URL (SMT_TEST_PG_USER, SMT_TEST_PG_PASSWORD), or on the
 * local server at 127.0.0.1:5432 when that variable is not set. Without a server PostgreSQL tests
 * are skipped with a visible message, unless -Dsmt.pg.required=true, which makes them fail.
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

    /**
     * The server PostgreSQL tests use when SMT_TEST_PG_URL is not set: the local one a developer
     * machine usually has. {@code -Dsmt.test.pg.default=URL} names another (CI points it at a
     * closed port to prove the skip path).
     */
    static final String LOCAL_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test";

    /** Whether the default server answered; asked once per test JVM (an absent server must not cost each class). */
    private static volatile Boolean defaultAnswers;

    /**
     * A PostgreSQL config with a new, unique schema. The server: SMT_TEST_PG_URL, else the local
     * server at 127.0.0.1:5432 (user postgres) when it answers; otherwise the test is skipped with
     * a visible message, or fails under -Dsmt.pg.required=true.
     */
    public static DatabaseConfig postgres() {
        String url = System.getenv("SMT_TEST_PG_URL");
        boolean explicit = url != null && !url.isBlank();
        if (!explicit) url = System.getProperty("smt.test.pg.default", LOCAL_DEFAULT);
        String user = System.getenv().getOrDefault("SMT_TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("SMT_TEST_PG_PASSWORD", "");
        String problem = explicit || defaultAnswers == null ? probe(url, user, password) : defaultAnswers ? null : "not reachable";
        if (!explicit) defaultAnswers = problem == null;
        if (problem != null) {
            String msg = "PostgreSQL tests SKIPPED: " + (explicit ? "" : "SMT_TEST_PG_URL is not set and ") + url + " "
                    + problem + " (see README, 'Tests').";
            if (pgRequired()) throw new IllegalStateException("-Dsmt.pg.required=true but " + msg);
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new DatabaseConfig(url, user, password, schema);
    }

    /** Null when the server answers, else why not. */
    private static String probe(String url, String user, String password) {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "3");
        props.setProperty("loginTimeout", "3");
        try (Connection c = DriverManager.getConnection(url, props)) {
            return c.isValid(3) ? null : "does not answer";
        } catch (SQLException e) {
            return "not reachable: " + e.getMessage();
        }
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
