package dev.smtconsole.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Tells interested parties that production data changed.
 * <ul>
 *   <li>Writers call {@link #bump(Connection)} inside their transaction: it increments the single
 *   {@code change_marker} row and, on PostgreSQL, sends {@code NOTIFY smt_console_changes}
 *   (delivered only on commit).</li>
 *   <li>After commit, writers call {@link #publish()} so this process's listeners hear at once.</li>
 *   <li>{@link #currentVersion()} is the cheap value other processes poll.</li>
 * </ul>
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    public static final String CHANNEL = "smt_console_changes";

    private final Database database;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

    ChangeFeed(Database database) {
        this.database = database;
    }

    /** Marks a change inside the caller's transaction. */
    public void bump(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(database.isPostgres() ? BUMP_PG
                : "UPDATE change_marker SET version = version + 1, changed_at = ? WHERE id = 1")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.execute();
        }
    }

    /** PostgreSQL: the update and the NOTIFY in one statement (pg_notify is NOTIFY as a function). */
    private static final String BUMP_PG = "WITH u AS (UPDATE change_marker SET version = version + 1, changed_at = ? WHERE id = 1"
            + " RETURNING id) SELECT pg_notify('" + CHANNEL + "', '') FROM u";

    /** {@link #bump} added to a PostgreSQL pipeline of the caller's transaction. */
    void bump(Pipeline p) {
        Timestamp now = Timestamp.from(Instant.now());
        p.add(BUMP_PG, 1, (ps, i) -> {
            ps.setTimestamp(i, now);
            return i + 1;
        });
    }

    /** The marker's value; changes whenever any process commits production data. */
    public long currentVersion() {
        return database.jdbc(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM change_marker WHERE id = 1")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Call after a commit: notifies this process's listeners with the new marker version. */
    public void publish() {
        long version = listeners.isEmpty() ? 0 : currentVersion();
        for (LongConsumer l : listeners) {
            try {
                l.accept(version);
            } catch (RuntimeException e) {
                log.warn("change listener failed", e);
            }
        }
    }

    public Runnable subscribe(LongConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
