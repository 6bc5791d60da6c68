package dev.smtconsole.source;

import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs every enabled source of the shared registry that no other console runs (what {@code serve}
 * and the open window do, issue 15): a thread per source, started only when this runner wins the
 * source's lease (ADR 0031); their status written to the database every {@value #STATUS_SECONDS}
 * seconds for the Sources panel of any console, which renews the lease (a source another console
 * took over is stopped here); and the registry read again every {@value #RELOAD_SECONDS} seconds, so
 * a source added, changed or removed in Settings or with {@code sources} starts, restarts or stops
 * without a restart, and a source whose console stopped or died is taken over. {@link #close()}
 * stops each source after the message or file in hand is committed, and frees it.
 */
public final class SourceRunner implements dev.smtconsole.app.SourceHost {
    private static final Logger log = LoggerFactory.getLogger(SourceRunner.class);
    static final int STATUS_SECONDS = 2;
    static final int RELOAD_SECONDS = 10;

    private final SourceService service;
    private final UnaryOperator<String> env;
    private final java.util.function.Function<String, java.util.Optional<String>> saved;
    private final Clock clock;
    private final String host;
    private final Map<String, RunningSource> running = new LinkedHashMap<>();
    private ScheduledExecutorService timer;
    /** Once closed (the window closing, serve stopping) a late reload starts nothing again. */
    private boolean closed;

    /** @param env the environment the sources' password variables are read from ({@code System::getenv}) */
    public SourceRunner(SourceService service, UnaryOperator<String> env, Clock clock) {
        this(service, env, name -> java.util.Optional.empty(), clock);
    }

    /**
     * @param saved the password saved on this PC for a source that names no variable, by the source's name
     *              ({@code SourcePasswords.forThisUser()::saved})
     */
    public SourceRunner(SourceService service, UnaryOperator<String> env, java.util.function.Function<String, java.util.Optional<String>> saved,
                        Clock clock) {
        this.service = service;
        this.env = env;
        this.saved = saved;
        this.clock = clock;
        int n = RUNNERS.incrementAndGet();
        this.host = hostName() + (n > 1 ? " #" + n : "");
    }

    /** Runners made in this process: a second one (another database in the window, a test) is another owner. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNNERS = new java.util.concurrent.atomic.AtomicInteger();

    /** Starts the enabled sources and the status and reload timer; returns the names started. */
    @Override
    public synchronized List<String> start() {
        if (closed) return List.of();
        if (timer != null) return new ArrayList<>(running.keySet());
        reload();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smt-sources-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::writeStatus, STATUS_SECONDS, STATUS_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::reloadQuietly, RELOAD_SECONDS, RELOAD_SECONDS, TimeUnit.SECONDS);
        return new ArrayList<>(running.keySet());
    }

    /** The sources running now, by name. */
    @Override
    public synchronized List<String> running() {
        return new ArrayList<>(running.keySet());
    }

    /** A running source's status as of now (the one written to the database every few seconds). */
    @Override
    public synchronized Optional<SourceService.Status> status(String name) {
        RunningSource s = running.get(name);
        return s == null ? Optional.empty() : Optional.of(s.stats().snapshot());
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("sources: cannot read the registry: {}", SourceStats.why(e));
        }
    }

    /** Brings the running sources in line with the registry. */
    @Override
    public synchronized void reload() {
        if (closed) return;
        Map<String, SourceService.SourceDef> wanted = new LinkedHashMap<>();
        for (SourceService.SourceDef d : service.enabled()) wanted.put(d.name(), d);
        for (var it = running.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            SourceService.SourceDef d = wanted.get(e.getKey());
            if (d == null || !fingerprint(d).equals(e.getValue().fingerprint())) {
                stopQuietly(e.getValue());
                it.remove();
            }
        }
        for (SourceService.SourceDef d : wanted.values()) {
            if (running.containsKey(d.name())) continue;
            // One console runs a source at a time: another that runs it live keeps it (its stream stays whole);
            // one that stopped it, or whose heartbeat is old (it died), gives it up to the first that asks.
            if (!service.lease(d.name(), host)) continue;
            RunningSource s = create(d);
            running.put(d.name(), s);
            s.start();
            log.info("source {} started ({})", d.name(), d.settings().kind());
        }
    }

    private RunningSource create(SourceService.SourceDef d) {
        SourceStats stats = new SourceStats(d.name(), host, clock);
        return switch (d.settings()) {
            case SourceSettings.Cfx c -> new CfxBrokerSource(d.name(), c, fingerprint(d), service, env, saved, stats);
            case SourceSettings.Folder f -> new HotFolderSource(d.name(), f, fingerprint(d), service, stats, clock);
        };
    }

    private static String fingerprint(SourceService.SourceDef d) {
        return d.settings().toString();
    }

    private void writeStatus() {
        List<RunningSource> now;
        synchronized (this) {
            now = new ArrayList<>(running.values());
        }
        List<RunningSource> lost = new ArrayList<>();
        for (RunningSource s : now) {
            try {
                if (!service.renew(s.stats().snapshot())) lost.add(s);
            } catch (RuntimeException e) {
                log.debug("source {}: status not written: {}", s.name(), SourceStats.why(e));
            }
        }
        if (lost.isEmpty()) return;
        synchronized (this) {
            // Another console took these over (this one could not renew them for a while): they run there now.
            for (RunningSource s : lost) {
                if (running.get(s.name()) != s) continue;
                log.warn("source {}: another console runs it now; stopped here", s.name());
                running.remove(s.name());
                stopQuietly(s);
            }
        }
    }

    private void stopQuietly(RunningSource s) {
        try {
            s.stop();
            service.renew(s.stats().snapshot()); // STOPPED: another console may take it up at once
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("source {}: final status not written: {}", s.name(), SourceStats.why(e));
        }
        log.info("source {} stopped", s.name());
    }

    /** Stops every source (each after committing what it has in hand) and the timer. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.shutdownNow();
        for (RunningSource s : running.values()) stopQuietly(s);
        running.clear();
    }

    /** {@code sources test}: connects to the broker / looks at the folder, and says what it found. */
    public static String test(SourceService.SourceDef d, UnaryOperator<String> env,
                              java.util.function.Function<String, java.util.Optional<String>> saved) throws Exception {
        return switch (d.settings()) {
            case SourceSettings.Cfx c -> CfxBrokerSource.probe(c, env, saved, d.name());
            case SourceSettings.Folder f -> HotFolderSource.probe(f);
        };
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + " pid " + ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
