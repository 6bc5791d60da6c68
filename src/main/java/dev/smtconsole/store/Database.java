package dev.smtconsole.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.smtconsole.store.entity.*;
import jakarta.persistence.EntityManager;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The open database: pool, migrated schema and Hibernate. Start-up order is DataSource (HikariCP)
 * → Flyway migrate (our own schema) → SessionFactory with schema validation.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    static final List<Class<?>> ENTITIES = List.of(
            ProductionLine.class, Machine.class, MachineAlias.class, Product.class, Job.class,
            OperatorAccount.class, ImportProfileEntity.class);

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final ChangeFeed changeFeed;

    private Database(DatabaseConfig config, HikariDataSource dataSource, SessionFactory sessionFactory) {
        this.config = config;
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
        this.changeFeed = new ChangeFeed(this);
    }

    /** Opens, migrates and validates. Errors come back as sentences a user can act on. */
    public static Database open(DatabaseConfig config) {
        // Migrate over a pool without a default schema (H2 refuses to select one that does not
        // exist yet), then work over a pool whose every connection uses our schema.
        try (HikariDataSource migrationPool = dataSource(config, null)) {
            migrate(config, migrationPool);
        }
        HikariDataSource ds = dataSource(config, config.schema());
        try {
            return new Database(config, ds, sessionFactory(config, ds));
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private static HikariDataSource dataSource(DatabaseConfig config, String schema) {
        HikariConfig hc = new HikariConfig();
        if (schema != null) hc.setSchema(schema);
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.isH2() ? 4 : 6);
        // Batched INSERTs (bucket upserts, rejected rows) go as multi-row statements: one round trip
        // instead of one per row. No code reads per-statement update counts on PostgreSQL.
        if (config.isPostgres() && !config.url().contains("reWriteBatchedInserts")) {
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        hc.setMinimumIdle(1);
        hc.setPoolName("smt-console");
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        try {
            HikariDataSource ds = new HikariDataSource(hc);
            try (Connection c = ds.getConnection()) {
                c.isValid(5);
            }
            return ds;
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseException("Cannot connect to " + config.describe() + ": " + rootMessage(e)
                    + (config.isPostgres() ? " — check that the server is running and the URL, user and password are right."
                    : " — check that the folder is writable and no other program locks the file."), e);
        }
    }

    private static Flyway flyway(DatabaseConfig config, HikariDataSource ds) {
        return Flyway.configure()
                .dataSource(ds)
                .schemas(config.schema())
                .defaultSchema(config.schema())
                .createSchemas(true)
                // Shared SQL, then each database's own (V7_1: index kinds only PostgreSQL has).
                .locations("classpath:db/migration", "classpath:db/vendor/" + (config.isPostgres() ? "postgresql" : "h2"))
                .javaMigrations(new V7_2__BucketSourceBackfill(), new V8_1__QuarterHourBuckets())
                .loggers("slf4j")
                .load();
    }

    private static void migrate(DatabaseConfig config, HikariDataSource ds) {
        try {
            var result = flyway(config, ds).migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Migrated {} to version {} ({} migrations)", config.describe(), result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new DatabaseException("The database at " + config.describe()
                    + " could not be brought up to date: " + rootMessage(e)
                    + " — if it was created by a newer SMT Console, use that version.", e);
        }
    }

    private static SessionFactory sessionFactory(DatabaseConfig config, HikariDataSource ds) {
        try {
            var cfg = new HibernatePersistenceConfiguration("smt-console")
                    .managedClasses(ENTITIES)
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds)
                    .property(AvailableSettings.DEFAULT_SCHEMA, config.schema())
                    .property(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "validate")
                    .property(AvailableSettings.STATEMENT_BATCH_SIZE, 100)
                    .property(AvailableSettings.ORDER_INSERTS, true)
                    .property(AvailableSettings.SHOW_SQL, false);
            return cfg.createEntityManagerFactory().unwrap(SessionFactory.class);
        } catch (RuntimeException e) {
            throw new DatabaseException("The tables in " + config.describe()
                    + " do not match this version of SMT Console: " + rootMessage(e), e);
        }
    }

    public DatabaseConfig config() {
        return config;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    public ChangeFeed changeFeed() {
        return changeFeed;
    }

    public boolean isPostgres() {
        return config.isPostgres();
    }

    /** Applied migrations: the version shown by `db info`. */
    public String schemaVersion() {
        MigrationInfo current = Flyway.configure().dataSource(dataSource).schemas(config.schema())
                .defaultSchema(config.schema()).loggers("slf4j").load().info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    public <T> T inTransaction(Function<EntityManager, T> work) {
        return sessionFactory.fromTransaction(session -> work.apply(session));
    }

    public void runInTransaction(Consumer<EntityManager> work) {
        sessionFactory.inTransaction(session -> work.accept(session));
    }

    /** A plain JDBC unit of work in one transaction, for bulk paths. */
    public <T> T jdbc(SqlWork<T> work) {
        Connection c = begin();
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            try {
                end(c, false);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw failure(e);
        }
        end(c, true);
        return result;
    }

    /** A failure of JDBC work as this class reports it: SQL errors as a DatabaseException naming the database. */
    public RuntimeException failure(Exception e) {
        if (e instanceof SQLException sql) {
            return new DatabaseException("Database error on " + config.describe() + ": " + rootMessage(sql), sql);
        }
        return (RuntimeException) e;
    }

    /**
     * A connection in a transaction that outlives this call: for work whose commit happens later
     * or on another thread (the import's pipelined chunk commits). End it with {@link #end}.
     */
    public Connection begin() {
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                return c;
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Commits (or rolls back) a transaction from {@link #begin} and gives the connection back. */
    public void end(Connection c, boolean commit) {
        try (c) {
            try {
                if (commit) c.commit(); else c.rollback();
            } catch (SQLException e) {
                if (commit) c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Rows in each of the given tables of our schema, in the order given (db info, the self-test). */
    public java.util.Map<String, Long> rowCounts(List<String> tables) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc(c -> {
            try (java.sql.Statement st = c.createStatement()) {
                for (String table : tables) {
                    if (!table.matches("[a-z_]+")) throw new IllegalArgumentException("not a table name: " + table);
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
            return null;
        });
        return counts;
    }

    @Override
    public void close() {
        changeFeed.close();
        try {
            sessionFactory.close();
        } finally {
            dataSource.close();
        }
    }
}
