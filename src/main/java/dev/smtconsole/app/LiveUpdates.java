package dev.smtconsole.app;

import dev.smtconsole.store.ChangeWatcher;
import dev.smtconsole.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a live {@link WallSnapshot}: refreshes after commits in this process (change feed), in
 * other processes (H2 marker poll / PostgreSQL LISTEN, see {@link ChangeWatcher}), and on a slow
 * timer so data ages and stale lines turn grey without any commit.
 * <p>
 * Refreshes run on one background thread, never the caller's: a burst of commits gives one
 * refresh running and at most one queued. When the database cannot be read the last snapshot is
 * kept and the state says since when it is offline; retries go on by themselves.
 */
public final class LiveUpdates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    /** The wall as the views see it: the last good snapshot and, when reads fail, since when. */
    /** @param notYetSent records waiting in the local outbox by line code (ADR 0025): the wall marks them "not yet sent" */
    public record State(WallSnapshot snapshot, Instant offlineSince, String error, java.util.Map<String, Long> notYetSent) {
        public State {
            notYetSent = notYetSent == null ? java.util.Map.of() : java.util.Map.copyOf(notYetSent);
        }

        public State(WallSnapshot snapshot, Instant offlineSince, String error) {
            this(snapshot, offlineSince, error, java.util.Map.of());
        }

        public boolean offline() {
            return offlineSince != null;
        }
    }

    public record Settings(Duration h2Poll, Duration pgFallbackPoll, Duration tick, Duration offlineRetry) {
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(3));
    }

    private final Database database;
    private final DashboardService service;
    private final Settings settings;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong refreshes = new AtomicLong();
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = new State(null, null, null);
    private volatile long lastRefreshNanos;
    private Runnable unsubscribe;
    private ChangeWatcher watcher;
    private boolean started;
    private volatile java.util.function.Supplier<java.util.Map<String, Long>> notYetSent = java.util.Map::of;

    /** Where the records waiting in the local outbox are counted by line (read with every refresh, also offline). */
    public LiveUpdates notYetSent(java.util.function.Supplier<java.util.Map<String, Long>> waiting) {
        this.notYetSent = waiting;
        return this;
    }

    private java.util.Map<String, Long> waiting() {
        try {
            return notYetSent.get();
        } catch (RuntimeException e) {
            log.warn("local outbox not readable for the wall: {}", e.toString());
            return java.util.Map.of();
        }
    }

    public LiveUpdates(Database database, DashboardService service, Settings settings) {
        this.database = database;
        this.service = service;
        this.settings = settings;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smt-console-wall-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts listening and loads the first snapshot (in the background). Calling it again does nothing. */
    public synchronized LiveUpdates start() {
        if (started) return this;
        started = true;
        unsubscribe = database.changeFeed().subscribe(v -> requestRefresh());
        Duration poll = database.isPostgres() ? settings.pgFallbackPoll() : settings.h2Poll();
        watcher = new ChangeWatcher(database, poll, this::requestRefresh).start();
        executor.scheduleWithFixedDelay(this::tick, settings.tick().toMillis(), Math.min(settings.tick().toMillis(),
                settings.offlineRetry().toMillis()), TimeUnit.MILLISECONDS);
        requestRefresh();
        return this;
    }

    /** Timer: refresh every tick while online, every retry interval while offline. */
    private void tick() {
        long since = System.nanoTime() - lastRefreshNanos;
        Duration wait = state.offline() ? settings.offlineRetry() : settings.tick();
        if (since >= wait.toNanos() - TimeUnit.MILLISECONDS.toNanos(50)) requestRefresh();
    }

    /** Asks for a refresh; does nothing when one is already waiting to run. */
    public void requestRefresh() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::refresh);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                queued.set(false);
            }
        }
    }

    private void refresh() {
        queued.set(false);
        lastRefreshNanos = System.nanoTime();
        State next;
        try {
            WallSnapshot snap = service.wall();
            next = new State(snap, null, null, waiting());
            if (state.offline()) log.info("Wall back online after outage since {}", state.offlineSince());
        } catch (RuntimeException e) {
            State prev = state;
            Instant since = prev.offline() ? prev.offlineSince() : service.clock().instant();
            if (!prev.offline()) log.warn("Wall offline: {}", e.getMessage());
            next = new State(prev.snapshot(), since, e.getMessage(), waiting());
        }
        refreshes.incrementAndGet();
        state = next;
        for (Consumer<State> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.warn("wall listener failed", e);
            }
        }
    }

    public State state() {
        return state;
    }

    /** Refreshes done so far (tests and the benchmark use it). */
    public long refreshCount() {
        return refreshes.get();
    }

    /** Called on the refresh thread after every refresh, good or failed. */
    public Runnable addListener(Consumer<State> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public synchronized void close() {
        if (unsubscribe != null) unsubscribe.run();
        if (watcher != null) watcher.close();
        executor.shutdownNow();
        listeners.clear();
    }
}
