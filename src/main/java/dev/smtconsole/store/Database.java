package dev.smtconsole.store;

import dev.smtconsole.domain.Causes;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.smtconsole.store.entity.*;
import jakarta.persistence.EntityManager;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The open database: pool, migrated schema and Hibernate. Start-up order is DataSource (HikariCP)
 * → schema version check (Flyway migrate only when it differs) → SessionFactory with schema
 * validation on the first JPA use (ADR 0016).
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    static final List<Class<?>> ENTITIES = List.of(
            ProductionLine.class, Machine.class, MachineAlias.class, Product.class, Job.class,
            OperatorAccount.class, ImportProfileEntity.class);

    /**
     * Migrations written in Java (data backfills); Flyway finds the SQL ones on the classpath. A
     * method, not a constant: the quick path must not load Flyway's classes.
     */
    static List<JavaMigration> javaMigrations() {
        return List.of(new V7_2__BucketSourceBackfill(), new V8_1__QuarterHourBuckets());
    }

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    /** Built on the first JPA use: most commands and the first window never need it (ADR 0016). */
    private SessionFactory sessionFactory;
    private boolean closed;
    private final ChangeFeed changeFeed;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.changeFeed = new ChangeFeed(this);
    }

    /**
     * The newest schema version this build expects; {@link #open} runs Flyway only when the
     * database's history table says otherwise (a test keeps this equal to the newest migration).
     */
    public static final String LATEST_VERSION = "8.24";

    /**
     * Opens, checks the schema version and, when it differs from {@link #LATEST_VERSION}, migrates.
     * Hibernate starts on the first JPA use (ADR 0016). Errors come back as sentences a user can act on.
     */
    public static Database open(DatabaseConfig config) {
        // Quick path: one pool on our schema and one query of Flyway's history table. An up-to-date
        // database needs nothing else; Flyway (≈ 1 s of class loading and classpath scanning) runs
        // only for a new, older or newer database. A new H2 file skips it: its schema cannot be there
        // yet, and H2 would write the refusal to a trace file beside the new database.
        HikariDataSource ds = null;
        if (!config.isNewH2File()) {
            try {
                ds = pool(config, config.schema(), true, false);
                if (LATEST_VERSION.equals(currentVersion(ds))) return new Database(config, ds);
            } catch (SQLException | RuntimeException e) {
                // A server that does not answer does not answer the full path either: said now, not after its timeout.
                if (config.isPostgres() && isUnreachable(e)) {
                    throw new DatabaseException("Cannot connect to " + config.describe() + ": " + Causes.rootMessage(e)
                            + " — check that the server is running and the URL, user and password are right.", e);
                }
                // the schema may not exist yet (H2 refuses to select it): the full path below says what is wrong
                log.debug("quick schema check failed, migrating: {}", e.toString());
            }
        }
        if (ds != null) ds.close();
        // Migrate over a pool without a default schema (H2 refuses to select one that does not
        // exist yet), then work over a pool whose every connection uses our schema.
        try (HikariDataSource migrationPool = dataSource(config, null, true)) {
            if (config.isPostgres()) {
                SchemaRights rights = SchemaRights.read(migrationPool, config.schema());
                if (!rights.mayMigrate()) {
                    // A console role (docs/SHARED_DATABASE.md): never tries to migrate, says who must.
                    if (!rights.schemaExists() || rights.version() == null || compareVersions(rights.version(), LATEST_VERSION) < 0) {
                        throw new SchemaBehindException(config, rights.version(), LATEST_VERSION);
                    }
                    if (!rights.mayUse()) throw new SchemaBehindException(config, rights.version(), LATEST_VERSION);
                    return new Database(config, dataSource(config, config.schema(), false));
                }
            }
            migrate(config, migrationPool);
        }
        return new Database(config, dataSource(config, config.schema(), false));
    }

    /**
     * Brings the schema up to this build's version, whatever {@link #open} would do on its own:
     * `db migrate`, run by IT under the owner role. Fails with {@link SchemaBehindException} when
     * this user may not.
     */
    public static Database migrateNow(DatabaseConfig config) {
        try (HikariDataSource migrationPool = dataSource(config, null, true)) {
            if (config.isPostgres()) {
                SchemaRights rights = SchemaRights.read(migrationPool, config.schema());
                if (!rights.mayMigrate()) throw new SchemaBehindException(config, rights.version(), LATEST_VERSION);
            }
            migrate(config, migrationPool);
        }
        return new Database(config, dataSource(config, config.schema(), false));
    }

    /**
     * A shared database that did not answer at start (ADR 0032): a pool that connects on first use, its schema
     * <b>not checked</b>. Only for a console that keeps its writes in the local outbox until the server answers
     * and {@link #open} has checked (or migrated) the schema; nothing else may read or write through it before.
     */
    public static Database unchecked(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setSchema(config.schema());
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(6);
        hc.setDataSourceProperties(postgresProperties(config, SOCKET_TIMEOUT_SECONDS));
        hc.setMinimumIdle(0);
        hc.setPoolName("smt-console");
        // While the server is away every read fails: after 1 s, not the usual 10 (a window reads a lot). Raised by
        // checked() once the server answered.
        hc.setConnectionTimeout(1_000);
        hc.setInitializationFailTimeout(-1); // the server is away: no first connection now
        hc.setAutoCommit(true);
        return new Database(config, new HikariDataSource(hc));
    }

    /**
     * How long a PostgreSQL server may stay silent in the middle of a statement before it counts as away. A server
     * that goes away cleanly resets the connection at once; a network that goes silent (a cable pulled, a VPN or
     * Wi-Fi gone, a firewall dropping packets) sends nothing at all, and without a read timeout the statement would
     * wait for TCP to give up — about 15 minutes on Linux — with a gateway post, an entry or a broker message held
     * the whole time. After this the write goes to the local outbox like any other outage. Far longer than any
     * statement the console sends takes (the largest, an import's 20,000-row chunk, well under a second); Flyway's
     * migrations and the benchmarks' generators, which may take minutes, have none.
     */
    public static final int SOCKET_TIMEOUT_SECONDS = 30;
    /** A connection attempt into a silent network: refused after this (the TCP connect) or twice this (the login). */
    public static final int CONNECT_TIMEOUT_SECONDS = 5;

    /**
     * The driver settings of every PostgreSQL connection the console opens — the pools' and {@link #unpooled}'s —
     * unless the URL sets its own; none for H2. Batched INSERTs (bucket upserts, rejected rows) go as multi-row
     * statements: one round trip instead of one per row (no code reads per-statement update counts on PostgreSQL).
     * The connect, login and read timeouts: see {@link #SOCKET_TIMEOUT_SECONDS}; {@code socketSeconds} 0: no read
     * timeout.
     */
    private static java.util.Properties postgresProperties(DatabaseConfig config, int socketSeconds) {
        java.util.Properties p = new java.util.Properties();
        if (!config.isPostgres()) return p;
        if (!config.url().contains("reWriteBatchedInserts")) p.setProperty("reWriteBatchedInserts", "true");
        String url = config.url().toLowerCase(java.util.Locale.ROOT);
        if (!url.contains("connecttimeout=")) p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        if (!url.contains("logintimeout=")) p.setProperty("loginTimeout", String.valueOf(2 * CONNECT_TIMEOUT_SECONDS));
        if (!url.contains("sockettimeout=")) p.setProperty("socketTimeout", String.valueOf(socketSeconds));
        return p;
    }

    /**
     * A lookup by index on a table that grows under a running door (integration messages by external id), in the
     * caller's own transaction. On PostgreSQL the planner is told not to scan the whole table for it: a plan the
     * server keeps for a prepared statement, made while the table was new (statistics of a few rows), scans the
     * whole table — or every row of a channel through an index led by the channel — until autovacuum analyzes the
     * table again: measured growing to 30 ms a lookup at 20,000 broker messages. Such lookups name no column but
     * the external id, so the only index that helps is the one led by it (V8_24), and the channel is compared by
     * the caller.
     */
    static PreparedStatement prepareIndexedLookup(Connection c, String sql) throws SQLException {
        if (c.isWrapperFor(org.postgresql.PGConnection.class)) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_seqscan = off");
            }
        }
        return c.prepareStatement(sql);
    }

    /**
     * Whether a connection failed because the server does not answer: refused, timed out or no route — not a
     * refused login (SQL state 28…) or a missing database (3D…).
     */
    public static boolean isUnreachable(Throwable e) {
        boolean network = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("28") || sql.getSQLState().startsWith("3D"))) {
                return false;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.NoRouteToHostException) {
                network = true;
            }
        }
        return network;
    }

    /** The server of an {@link #unchecked} database answered and its schema was checked: the usual pool timeout again. */
    public void checked() {
        dataSource.getHikariConfigMXBean().setConnectionTimeout(10_000);
    }

    /** Flyway's version order ("8.2" &lt; "8.18" &lt; "9"); a missing part counts as 0. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            java.math.BigInteger p = i < x.length ? new java.math.BigInteger(x[i]) : java.math.BigInteger.ZERO;
            java.math.BigInteger q = i < y.length ? new java.math.BigInteger(y[i]) : java.math.BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    /**
     * The version of the newest applied migration, or null when the last one failed or none ran.
     * Fails (SQLException) when the schema or the history table does not exist.
     */
    static String currentVersion(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank DESC FETCH FIRST 1 ROWS ONLY")) {
            if (!rs.next()) return null;
            String version = rs.getString(1);
            return rs.getBoolean(2) ? version : null;
        }
    }

    /** @param migrations the pool Flyway migrates over: no read timeout (an index built on a big table may take minutes) */
    private static HikariDataSource dataSource(DatabaseConfig config, String schema, boolean migrations) {
        try {
            return pool(config, schema, false, migrations);
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseException("Cannot connect to " + config.describe() + ": " + Causes.rootMessage(e)
                    + (config.isPostgres() ? " — check that the server is running and the URL, user and password are right."
                    : " — check that the folder is writable and no other program locks the file."), e);
        }
    }

    /**
     * A pool whose first connection has been opened and checked. {@code failFast}: one attempt
     * (the quick path, where a missing H2 schema must not wait out the connection timeout).
     */
    private static HikariDataSource pool(DatabaseConfig config, String schema, boolean failFast, boolean migrations)
            throws SQLException {
        HikariConfig hc = new HikariConfig();
        if (schema != null) hc.setSchema(schema);
        hc.setJdbcUrl(config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.isH2() ? 4 : 6);
        hc.setDataSourceProperties(postgresProperties(config, migrations ? 0 : SOCKET_TIMEOUT_SECONDS));
        hc.setMinimumIdle(1);
        hc.setPoolName("smt-console");
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(failFast ? 1 : -1);
        hc.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hc);
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
            return ds;
        } catch (SQLException | RuntimeException e) {
            ds.close();
            throw e;
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
                .javaMigrations(javaMigrations().toArray(new JavaMigration[0]))
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
                    + " could not be brought up to date: " + Causes.rootMessage(e)
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
                    + " do not match this version of SMT Console: " + Causes.rootMessage(e), e);
        }
    }

    public DatabaseConfig config() {
        return config;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** Hibernate over this pool, bootstrapped (and the mapping validated) on the first call. */
    public synchronized SessionFactory sessionFactory() {
        if (closed) throw new IllegalStateException("database closed: " + config.describe());
        if (sessionFactory == null) sessionFactory = sessionFactory(config, dataSource);
        return sessionFactory;
    }

    /** True once Hibernate has been started (by the first JPA use); start-up paths keep it false. */
    public synchronized boolean jpaStarted() {
        return sessionFactory != null;
    }

    public ChangeFeed changeFeed() {
        return changeFeed;
    }

    public boolean isPostgres() {
        return config.isPostgres();
    }

    /** Applied migrations: the version shown by `db info`. */
    public String schemaVersion() {
        try {
            String v = currentVersion(dataSource);
            return v == null ? "none" : v;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public <T> T inTransaction(Function<EntityManager, T> work) {
        return sessionFactory().fromTransaction(session -> work.apply(session));
    }

    public void runInTransaction(Consumer<EntityManager> work) {
        sessionFactory().inTransaction(session -> work.accept(session));
    }

    /**
     * A plain JDBC unit of work in one transaction, for bulk paths. On an embedded H2 file shared in
     * mixed mode, the process serving the file may exit while this one works (ADR 0014): the
     * session is lost with its open transaction, nothing of it committed, and another process takes
     * over serving the file. The work then runs again from the start on a fresh session, a few
     * times with a short pause. A failure at commit itself is not retried: whether it committed is
     * unknown.
     */
    public <T> T jdbc(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = begin();
            } catch (RuntimeException e) {
                if (!mayRetryBroken(e, attempt)) throw e;
                continue;
            }
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                try {
                    end(c, false);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                if (mayRetryBroken(e, attempt)) continue;
                throw failure(e);
            }
            end(c, true);
            return result;
        }
    }

    static final int BROKEN_RETRIES = 6;

    /** Whether to run lost work again (H2 mixed mode, the serving process went away); waits a little first. */
    public boolean mayRetryBroken(Throwable e, int attempt) {
        if (!config.isH2() || attempt >= BROKEN_RETRIES || !isConnectionBroken(e)) return false;
        try {
            Thread.sleep(250L * attempt); // the next process needs a moment to start serving the file
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
        org.slf4j.LoggerFactory.getLogger(Database.class).info("connection to the shared H2 file lost; retry {}", attempt);
        return true;
    }

    /**
     * H2's "Connection is broken" (90067), "Database is already closed" (90121: the process that
     * served the file is exiting, seen by its clients) or a connection-class SQL state (08…),
     * anywhere in the cause chain or in a suppressed failure of the rollback that followed.
     */
    public static boolean isConnectionBroken(Throwable e) {
        if (e == null) return false;
        // A failure whose rollback found the session gone (H2 reports the first failure as a general
        // error when the serving process dies mid-statement): the session was lost too.
        for (Throwable s : e.getSuppressed()) {
            if (s != e && isConnectionBroken(s)) return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (lostServer(sql.getErrorCode()) || state != null && state.startsWith("08")) return true;
                for (Throwable n = sql.getNextException(); n != null && n != t; n = n instanceof SQLException x ? x.getNextException() : null) {
                    if (n instanceof SQLException x && lostServer(x.getErrorCode())) return true;
                }
            }
        }
        return false;
    }

    private static boolean lostServer(int h2ErrorCode) {
        return h2ErrorCode == 90067 || h2ErrorCode == 90121;
    }

    /** A failure of JDBC work as this class reports it: SQL errors as a DatabaseException naming the database. */
    public RuntimeException failure(Exception e) {
        if (e instanceof SQLException sql) {
            return new DatabaseException("Database error on " + config.describe() + ": " + Causes.rootMessage(sql), sql);
        }
        return (RuntimeException) e;
    }

    /**
     * A connection in a transaction that outlives this call: for work whose commit happens later
     * or on another thread (the import's pipelined chunk commits). End it with {@link #end}.
     */
    public Connection begin() {
        try {
            Connection c = connection();
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

    /** A borrow from the pool failed (the server away) and none has succeeded since. */
    private volatile boolean poolStarved;
    /** Connections opened outside the pool (see {@link #connection}), and one kept for the next transaction. */
    private final java.util.Set<Connection> own = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<Connection> spare = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean refilling = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * A connection of the pool, or — on PostgreSQL, after an outage, until the pool serves again — one of its own.
     * Once connecting fails, Hikari's connection adder retries with a back-off that doubles up to a fixed 5 s (not
     * configurable): the first borrow after the server is back waits out the adder's sleep although the server
     * answers — measured 4.5 s before the local outbox's first forward (docs/bench/outbox.md); and connections the
     * outage broke still sit in the pool until a borrow finds them dead. Meanwhile each
     * transaction gets a connection opened here as the pool opens them (schema, batched inserts) — the last one
     * ended cleanly is kept for the next (a new server backend costs the first groups of a forward 4–5× their
     * time) — and a borrow in the background fills the pool; from then on it serves again, and the kept one is
     * closed.
     * While the server is still away such a connection fails at once (refused) or within its connect timeout, and
     * that failure is the answer: an outage (SQL state 08…), without the pool's 10 s wait.
     */
    private Connection connection() throws SQLException {
        if (poolStarved && config.isPostgres()) {
            Connection c = spare.getAndSet(null);
            if (c == null) {
                c = unpooled();
                own.add(c);
            }
            refillPool();
            return c;
        }
        try {
            Connection c = config.isPostgres() ? borrow() : dataSource.getConnection();
            poolStarved = false;
            return c;
        } catch (SQLException e) {
            poolStarved = true;
            throw e;
        }
    }

    /** How long a borrow from the PostgreSQL pool may take before a connection of our own asks whether the server is there. */
    static final long PROBE_AFTER_MILLIS = 1_000;

    /**
     * A borrow from the PostgreSQL pool that finds an outage without the pool's 10 s wait. When the server goes
     * away, the connections in the pool are dead and the pool's adder fails to make new ones, but a borrow waits
     * out the whole connection timeout: the first write of an outage took 10 s to reach the local outbox. So a
     * borrow that is not served within {@link #PROBE_AFTER_MILLIS} opens a connection of its own: refused (or
     * not answering within its connect timeout) — the outage, answered at once; connected — the server is there
     * and the pool only busy, so the borrow waits on as the pool says (the probe is closed: no connection beyond
     * the pool's size stays open). A borrow given up on returns its connection to the pool when it comes.
     */
    private Connection borrow() throws SQLException {
        java.util.concurrent.CompletableFuture<Connection> pooled = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("smt-console borrow").start(() -> {
            try {
                pooled.complete(dataSource.getConnection());
            } catch (Throwable e) {
                pooled.completeExceptionally(e);
            }
        });
        try {
            try {
                return pooled.get(PROBE_AFTER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException slow) {
                try {
                    unpooled().close();
                } catch (SQLException probe) {
                    if (isConnectionBroken(probe)) {
                        pooled.thenAccept(this::closeOwn);
                        throw probe;
                    }
                    // Another answer (too many connections, a password changed meanwhile): not an outage, the pool decides.
                }
                return pooled.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pooled.thenAccept(this::closeOwn);
            throw new SQLException("interrupted while waiting for a database connection", "08000", e);
        }
    }

    private Connection unpooled() throws SQLException {
        java.util.Properties p = postgresProperties(config, SOCKET_TIMEOUT_SECONDS); // the pool's settings
        if (config.user() != null) p.setProperty("user", config.user());
        if (config.password() != null) p.setProperty("password", config.password());
        Connection c = java.sql.DriverManager.getConnection(config.url(), p);
        try {
            c.setSchema(config.schema());
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** One borrow in the background: it waits for the pool's adder, and the pool holds a connection again. */
    private void refillPool() {
        if (!refilling.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("smt-console pool refill").start(() -> {
            try (Connection c = dataSource.getConnection()) {
                poolStarved = false;
                closeOwn(spare.getAndSet(null));
            } catch (SQLException | RuntimeException e) {
                // still away or closed: the next transaction tries again
            } finally {
                refilling.set(false);
            }
        });
    }

    /** Commits (or rolls back) a transaction from {@link #begin} and gives the connection back. */
    public void end(Connection c, boolean commit) {
        // The first failure is the one that counts: a commit whose connection broke (a lost answer, SQL state 08…)
        // must not turn into the "connection is closed" of the rollback or clean-up after it (ADR 0030).
        SQLException failure = null;
        try {
            if (commit) c.commit(); else c.rollback();
        } catch (SQLException e) {
            failure = e;
            if (commit) {
                try {
                    c.rollback();
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
            }
        }
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (failure == null) failure = e; else failure.addSuppressed(e);
        }
        if (failure == null && own.contains(c) && poolStarved && spare.compareAndSet(null, c)) {
            if (!poolStarved) closeOwn(spare.getAndSet(null)); // the pool came back meanwhile
            return;
        }
        own.remove(c);
        try {
            c.close();
        } catch (SQLException e) {
            if (failure == null) failure = e; else failure.addSuppressed(e);
        }
        if (failure != null) throw failure(failure);
    }

    /** Closes a connection no transaction will use: one of our own (forgotten here), or a late borrow (back to the pool). */
    private void closeOwn(Connection c) {
        if (c == null) return;
        own.remove(c);
        try {
            c.close();
        } catch (SQLException e) {
            // no longer needed either way
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Settings → Database → Back up now: an online copy of the embedded file as a zip (H2's BACKUP). */
    public void backupTo(java.nio.file.Path zip) {
        if (!config.isH2()) throw new IllegalStateException("backup is for the embedded database");
        String target = zip.toAbsolutePath().toString();
        if (target.contains("'")) throw new IllegalArgumentException("backup file name must not contain a quote: " + target);
        jdbc(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("BACKUP TO '" + target + "'");
            }
            return null;
        });
    }

    /**
     * Replaces the embedded file by a backup made with {@link #backupTo}. The database must be
     * closed (the caller closes its services first and opens them again after).
     */
    public static void restoreH2(java.nio.file.Path zip, java.nio.file.Path h2Dir) {
        try {
            java.nio.file.Files.createDirectories(h2Dir);
            java.nio.file.Files.deleteIfExists(h2Dir.resolve("smt-console.mv.db"));
            org.h2.tools.Restore.execute(zip.toAbsolutePath().toString(), h2Dir.toAbsolutePath().toString(), "smt-console");
        } catch (java.io.IOException | RuntimeException e) {
            throw new DatabaseException("Could not restore " + zip + " into " + h2Dir + ": " + Causes.rootMessage(e), e);
        }
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
        SessionFactory sf;
        synchronized (this) {
            closed = true;
            sf = sessionFactory;
        }
        try {
            if (sf != null) sf.close();
        } finally {
            closeOwn(spare.getAndSet(null));
            dataSource.close();
        }
    }
}
