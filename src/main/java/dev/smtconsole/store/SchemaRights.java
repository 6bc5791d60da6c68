package dev.smtconsole.store;

import dev.smtconsole.domain.Causes;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What this login may do with our schema on PostgreSQL: whether the schema exists, its version,
 * whether this user may migrate it (owns it, or may create it) and use its tables. Read before
 * Flyway runs, so a console role never tries a migration it cannot finish (docs/SHARED_DATABASE.md).
 *
 * @param user        the login as the server knows it
 * @param version     the newest applied migration, null when none (or the history is unreadable)
 * @param mayMigrate  owner of the schema (or a member of its owner role), or may create it when it is missing
 * @param mayUse      USAGE on the schema and SELECT on the history table
 * @param mayWrite    INSERT on the event table (what every door needs)
 */
public record SchemaRights(String user, boolean schemaExists, String version, boolean mayMigrate, boolean mayUse,
                           boolean mayWrite) {

    static SchemaRights read(DataSource ds, String schema) {
        try (Connection c = ds.getConnection()) {
            return read(c, schema);
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the rights on schema " + schema + ": " + Causes.rootMessage(e), e);
        }
    }

    /**
     * Logs in once (no pool, short timeouts) and reads the rights: "Test connection" in Settings.
     * A failed login comes back as a DatabaseException with the server's reason.
     */
    public static SchemaRights probe(DatabaseConfig config) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "5");
        p.setProperty("socketTimeout", "10");
        try (Connection c = java.sql.DriverManager.getConnection(config.url(), p)) {
            return read(c, config.schema());
        } catch (SQLException e) {
            throw new DatabaseException(Causes.rootMessage(e), e);
        }
    }

    /** On a PostgreSQL connection (any default schema). */
    public static SchemaRights read(Connection c, String schema) throws SQLException {
        String user;
        boolean exists;
        boolean mayMigrate;
        boolean mayUse;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT current_user, n.oid IS NOT NULL,
                       CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE')
                            ELSE pg_has_role(current_user, n.nspowner, 'USAGE') END,
                       CASE WHEN n.oid IS NULL THEN false ELSE has_schema_privilege(n.oid, 'USAGE') END
                FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = ?""")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                user = rs.getString(1);
                exists = rs.getBoolean(2);
                mayMigrate = rs.getBoolean(3);
                mayUse = rs.getBoolean(4);
            }
        }
        String version = null;
        boolean mayWrite = false;
        if (exists && mayUse) {
            version = privilegedVersion(c, schema);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT to_regclass(? || '.production_event') IS NOT NULL"
                            + " AND has_table_privilege(to_regclass(? || '.production_event'), 'INSERT')")) {
                ps.setString(1, schema);
                ps.setString(2, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    mayWrite = rs.getBoolean(1);
                }
            }
        }
        return new SchemaRights(user, exists, version, mayMigrate, mayUse, mayWrite);
    }

    private static String privilegedVersion(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT to_regclass(? || '.flyway_schema_history') IS NOT NULL"
                        + " AND has_table_privilege(to_regclass(? || '.flyway_schema_history'), 'SELECT')")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) return null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT version, success FROM " + schema + ".flyway_schema_history"
                + " WHERE version IS NOT NULL ORDER BY installed_rank DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return rs.getBoolean(2) ? rs.getString(1) : null;
        }
    }
}
