package dev.smtconsole.store;

import dev.smtconsole.domain.Causes;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Hears commits made by other processes, on one background thread:
 * <ul>
 *   <li>H2 (a second process on the same file): polls the one-row {@code change_marker} version;</li>
 *   <li>PostgreSQL: {@code LISTEN smt_console_changes} on a dedicated connection (not from the pool,
 *   which would hand it to others), with a slow version poll in case a notification is lost
 *   (the listening connection may have dropped and come back). Reconnects by itself.</li>
 * </ul>
 * The signal fires when the version changed, once when the watcher first reads it (a commit may
 * have come between the caller's first read and our listening), and once after the database is
 * reachable again so a view that went offline refreshes at once.
 */
public final class ChangeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeWatcher.class);

    private final Database db;
    private final Duration poll;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection listening;
    private long lastVersion = Long.MIN_VALUE;
    private boolean failing;

    /**
     * @param poll H2: how often the marker is read (e.g. 500 ms); PostgreSQL: the fallback poll (e.g. 10 s)
     */
    public ChangeWatcher(Database db, Duration poll, Runnable onChange) {
        this.db = db;
        this.poll = poll;
        this.onChange = onChange;
        this.thread = new Thread(db.isPostgres() ? this::listenLoop : this::pollLoop, "smt-console-change-watcher");
        thread.setDaemon(true);
    }

    public ChangeWatcher start() {
        thread.start();
        return this;
    }

    private void pollLoop() {
        while (running) {
            try {
                check(db.changeFeed().currentVersion());
            } catch (RuntimeException e) {
                failed(e);
            }
            if (!pause(poll.toMillis())) return;
        }
    }

    private void listenLoop() {
        long backoff = 500;
        while (running) {
            DatabaseConfig cfg = db.config();
            try (Connection c = DriverManager.getConnection(cfg.url(), cfg.user(), cfg.password())) {
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + ChangeFeed.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                String versionSql = "SELECT version FROM " + cfg.schema() + ".change_marker WHERE id = 1";
                check(version(c, versionSql)); // what we may have missed while not listening
                backoff = 500;
                long nextPoll = System.nanoTime() + poll.toNanos();
                while (running) {
                    // short waits so close() is noticed; a notification wakes us at once
                    PGNotification[] got = pg.getNotifications(1000);
                    boolean due = System.nanoTime() >= nextPoll;
                    if ((got != null && got.length > 0) || due) {
                        // the channel is shared by every schema on the server: ask our own marker
                        check(version(c, versionSql));
                        if (due) nextPoll = System.nanoTime() + poll.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) return;
                failed(e);
                if (!pause(backoff)) return;
                backoff = Math.min(backoff * 2, 5000);
            } finally {
                listening = null;
            }
        }
    }

    private static long version(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private void check(long version) {
        boolean recovered = failing;
        failing = false;
        if (recovered) log.info("Change watcher reconnected to {}", db.config().describe());
        if (version != lastVersion || recovered) {
            // The first version read fires too: the caller's view may have been read before we
            // listened (LISTEN takes a connection and a round trip), and a commit in between would
            // otherwise wait for the next change or the slow fallback poll. One extra refresh.
            lastVersion = version;
            fire();
        }
    }

    private void failed(Exception e) {
        if (failing) return;
        log.warn("Change watcher lost {}: {}", db.config().describe(), Causes.rootMessage(e));
        failing = true;
        fire(); // lets the view find out it is offline without waiting for its own timer
    }

    private void fire() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.warn("change callback failed", e);
        }
    }

    private boolean pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing only to wake the thread; it is going away anyway
            }
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
