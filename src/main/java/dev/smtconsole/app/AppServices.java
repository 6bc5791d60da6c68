package dev.smtconsole.app;

import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.EventWriter;
import dev.smtconsole.store.MasterDataRepository;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The composition root: wires the services from one {@link AppConfig} over one open database, and
 * does nothing else. Views get their feature's slice of it (ui.kit.Features), CLI commands and
 * doors what they need, passed through constructors; there are no global singletons.
 */
public final class AppServices implements AutoCloseable {
    private static final List<String> COUNTED_TABLES = List.of("production_line", "machine", "operator_account", "product",
            "job", "production_event", "counter_bucket", "job_record", "in_out_entry", "import_batch", "rejected_row",
            "integration_message", "audit_event");

    private final Database database;
    private final Clock clock;
    private final MasterDataService masterData;
    private final EventWriter eventWriter;
    private final FactoryCalendarService calendars;
    // ---- ingest (issue 3) ----
    private final DefaultIngestService ingest;
    private final dev.smtconsole.app.ingest.IngestUseCase ingestUseCase;
    private final dev.smtconsole.store.IngestStore ingestStore;
    // ---- import profiles (issue 4) ----
    private final ProfileService profiles;

    private final LiveUpdates.Settings liveSettings;

    public AppServices(Database database, Clock clock) {
        this(database, clock, LiveUpdates.Settings.DEFAULT, null);
    }

    /**
     * @param outboxDir where the local outbox of a shared database lives (the settings folder), or
     *                  null for none: writes then fail when the shared database is away (ADR 0025)
     */
    public AppServices(Database database, Clock clock, java.nio.file.Path outboxDir) {
        this(database, clock, LiveUpdates.Settings.DEFAULT, outboxDir);
    }

    private AppServices(Database database, Clock clock, LiveUpdates.Settings liveSettings, java.nio.file.Path outboxDir) {
        this(database, clock, liveSettings, outboxDir, null);
    }

    /** A console started while its shared database was away (ADR 0032): its outbox, what it last knew, and why. */
    private record OfflineStart(dev.smtconsole.outbox.OutboxStore outbox, OfflineSnapshot last, Throwable cause) {
    }

    private AppServices(Database database, Clock clock, LiveUpdates.Settings liveSettings, java.nio.file.Path outboxDir,
                        OfflineStart offlineStart) {
        this.database = database;
        this.clock = clock;
        this.liveSettings = liveSettings;
        this.masterData = new MasterDataService(new MasterDataRepository(database));
        this.eventWriter = new EventWriter(database);
        this.calendars = new FactoryCalendarService(new dev.smtconsole.store.SettingsRepository(database), clock.getZone());
        if (offlineStart == null) {
            this.calendars.settle();
        } else {
            this.calendars.assume(offlineStart.last().calendar());
            this.masterData.assume(offlineStart.last().master());
        }
        this.ingestStore = new dev.smtconsole.store.IngestStore(database, eventWriter);
        dev.smtconsole.port.EventSink sink = new dev.smtconsole.store.DatabaseEventSink(database, eventWriter, ingestStore);
        if (outboxDir != null && database.isPostgres()) {
            // Store and forward (ADR 0025): the shared database's writes go through the local outbox when it is away.
            this.outbox = new dev.smtconsole.outbox.StoreAndForwardSink(sink, offlineStart != null ? offlineStart.outbox()
                    : new dev.smtconsole.outbox.OutboxStore(outboxDir.resolve(outboxName(database.config()))), masterData::current,
                    clock, 2000);
            if (offlineStart != null) {
                // Nothing is forwarded before the server has been reached and its schema checked (or migrated) as a
                // start would; the forward then writes with the server's master data, not the snapshot's.
                DatabaseConfig config = database.config();
                outbox.startOffline(() -> {
                    try {
                        openDatabase(config, false).close();
                    } catch (RuntimeException e) {
                        // e.g. the schema is behind and this login may not migrate, or it is newer than this console
                        if (!unreachable(e)) held = e instanceof LocalizedException l ? l
                                : new LocalizedException("database.error.unexpected", e.getMessage()).withCause(e);
                        throw e;
                    }
                    held = null;
                    database.checked();
                    masterData.reload();
                }, offlineStart.cause());
            }
            sink = outbox;
        } else {
            this.outbox = null;
        }
        this.ingestUseCase = new dev.smtconsole.app.ingest.IngestUseCase(sink, clock);
        this.ingest = new DefaultIngestService(database, masterData, ingestUseCase, ingestStore, calendars, clock);
        this.lastGatewayOperator = offlineStart == null ? null : offlineStart.last().gatewayOperator();
        this.startedOffline = offlineStart != null;
        if (offlineStart != null) {
            ingest.whileOffline(outbox::offline, outbox::outage, offlineStart.last().rules(), offlineStart.last().cfxWrapper());
        } else if (outbox != null) {
            ingest.whileOffline(outbox::offline, outbox::outage);
            // What a start while the server is away will judge with (ADR 0032).
            outbox.outbox().saveSnapshot(OfflineSnapshot.of(masterData.current(), ingest.lastRuleConfig(),
                    ingest.lastCfxWrapper(), new dev.smtconsole.store.SettingsRepository(database).get(GatewayService.OPERATOR_KEY))
                    .json(), clock.instant());
        }
        this.reports = new ReportService(database, masterData, calendars, clock);
        this.profiles = new ProfileService(new dev.smtconsole.store.ProfileRepository(database), clock);
    }

    private final dev.smtconsole.outbox.StoreAndForwardSink outbox;
    /** Why the outbox of a console started offline holds its records although the server answers (ADR 0032). */
    private volatile LocalizedException held;

    /** One outbox per shared database and schema: queued writes never go to another one. */
    static String outboxName(DatabaseConfig config) {
        String key = config.url().replaceFirst("\\?.*$", "") + "|" + config.schema();
        return "outbox-" + Integer.toHexString(key.hashCode());
    }

    /** What the status bar says about the local outbox: empty when there is none or nothing waits. */
    /** @param held why nothing is sent although the server answers (its schema refused this console; ADR 0032), or null */
    public record OutboxStatus(boolean offline, long records, java.time.Instant since, int refused, java.time.ZoneId zone,
                               LocalizedException held) {
        public OutboxStatus(boolean offline, long records, java.time.Instant since, int refused, java.time.ZoneId zone) {
            this(offline, records, since, refused, zone, null);
        }
    }

    public java.util.Optional<OutboxStatus> outboxStatus() {
        if (outbox == null) return java.util.Optional.empty();
        var w = outbox.outbox().waiting();
        int refused = outbox.outbox().refusedList().size();
        if (w.entries() == 0 && !outbox.offline() && refused == 0) return java.util.Optional.empty();
        return java.util.Optional.of(new OutboxStatus(outbox.offline(), w.records(), w.since(), refused, calendars.cached().zone(),
                held));
    }

    /** Records waiting in the local outbox by line code (the wall's "not yet sent"); empty without an outbox. */
    public java.util.Map<String, Long> outboxWaitingByLine() {
        return outbox == null ? java.util.Map.of() : outbox.waitingByLine();
    }

    /**
     * A forward the shared database refused, kept with its reason (ADR 0025); {@code what}: what it carried, read
     * from its body ({@link RefusedForwards} says it in words).
     */
    public record RefusedForward(long seq, String kind, java.time.Instant queuedAt, java.time.Instant refusedAt, String reason,
                                 String body, What what) {
        /** The door it came through, its message id or file, who sent it, its records' lines and jobs, how many. */
        public record What(String channel, String externalId, String fileName, String operatorId, List<String> lines,
                           List<String> jobs, int records) {
        }
    }

    /** The local outbox's refused forwards (with reasons), oldest first; empty without an outbox. */
    public java.util.List<RefusedForward> outboxRefused() {
        return outbox == null ? java.util.List.of() : refused(outbox.outbox());
    }

    /** The refused forwards of this outbox file, as {@link #outboxRefused()} gives them. */
    public static java.util.List<RefusedForward> refused(dev.smtconsole.outbox.OutboxStore outbox) {
        return outbox.refusedList().stream().map(r -> {
            var s = dev.smtconsole.outbox.StoreAndForwardSink.summary(r.kind(), r.body());
            return new RefusedForward(r.seq(), r.kind(), r.queuedAt(), r.refusedAt(), r.reason(), r.body(),
                    new RefusedForward.What(s.channel(), s.externalId(), s.fileName(), s.operatorId(), s.lines(), s.jobs(),
                            s.records()));
        }).toList();
    }

    /** Forwards what waits now (`db outbox`, tests); false when there is no outbox. */
    public boolean forwardOutbox() {
        if (outbox == null) return false;
        outbox.forwardNow();
        return true;
    }

    // ---- reports (issue 6) ----
    private final ReportService reports;

    public ReportService reports() {
        return reports;
    }
    // ---- end reports ----

    public static AppServices open(DatabaseConfig config) {
        return open(AppConfig.of(config));
    }

    /** Opens (and migrates when it may) the configured database and wires everything over it. */
    public static AppServices open(AppConfig config) {
        return new AppServices(openDatabase(config.database(), false), config.clock(), config.live(), config.outboxDir());
    }

    /**
     * {@link #open(AppConfig)} for a console that writes (an import, `serve`, the window): when a shared database
     * with a local outbox does not answer (refused, timed out — not a wrong password or a schema this console cannot
     * use), it starts on the outbox with the master data and rule settings it last knew (ADR 0032). Writes queue;
     * nothing is forwarded until the server answers and its schema is checked. Without a snapshot (this PC never
     * reached the server) it fails like {@link #open(AppConfig)}, in one sentence.
     */
    public static AppServices openForWriting(AppConfig config) {
        try {
            return open(config);
        } catch (RuntimeException e) {
            DatabaseConfig db = config.database();
            if (config.outboxDir() == null || !db.isPostgres() || !unreachable(e)) throw e;
            var store = new dev.smtconsole.outbox.OutboxStore(config.outboxDir().resolve(outboxName(db)));
            OfflineSnapshot last;
            try {
                last = store.snapshot().map(OfflineSnapshot::parse).orElse(null);
                if (last != null) {
                    last.rules(); // a snapshot this version cannot use counts as none
                    last.master();
                }
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable);
                last = null;
            }
            if (last == null) {
                store.close();
                throw new LocalizedException("database.error.unreachableNoSnapshot", db.describe()).withCause(e);
            }
            return new AppServices(Database.unchecked(db), config.clock(), config.live(), config.outboxDir(),
                    new OfflineStart(store, last, e));
        }
    }

    /**
     * Whether opening failed because the server does not answer: the connection was refused, timed out or had no
     * route — not a refused login (SQL state 28…), a missing database or a schema this console cannot use.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.smtconsole.store.SchemaBehindException) return false;
        }
        return Database.isUnreachable(e);
    }

    /** {@code db migrate}: brings the schema up to date now, or says this user may not. */
    public static AppServices migrate(DatabaseConfig config) {
        return new AppServices(openDatabase(config, true), Clock.systemDefaultZone());
    }

    /** Opens (migrating when this user may); a schema this user may not bring up to date is said in words. */
    static Database openDatabase(DatabaseConfig config, boolean migrateNow) {
        try {
            return migrateNow ? Database.migrateNow(config) : Database.open(config);
        } catch (dev.smtconsole.store.SchemaBehindException e) {
            throw new LocalizedException("database.error.schemaBehind", e.found(), e.needed(), config.user(),
                    config.describe()).withCause(e);
        } catch (RuntimeException e) {
            if (config.isPostgres() && unreachable(e)) {
                throw new LocalizedException("database.error.unreachable", config.describe()).withCause(e);
            }
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    public MasterDataService masterData() {
        return masterData;
    }

    public EventWriter eventWriter() {
        return eventWriter;
    }

    /** Manual entry, file import, history and voids (issue 3). */
    public DefaultIngestService ingest() {
        return ingest;
    }

    /** The one ingest use case every door (form, file, gateway, broker, folder) hands its rows to. */
    public dev.smtconsole.app.ingest.IngestUseCase ingestUseCase() {
        return ingestUseCase;
    }

    /** The device gateway's posts and token (DESIGN §8). */
    public GatewayService gateway() {
        GatewayService g = new GatewayService(ingest, ingestStore, new dev.smtconsole.store.SettingsRepository(database), calendars,
                clock);
        if (startedOffline) g.assumeOperator(lastGatewayOperator);
        return g;
    }

    /** The gateway's operator of record as this console last knew it, when it started while the server was away. */
    private final String lastGatewayOperator;
    private final boolean startedOffline;

    /** The device gateway's stored values that are not counters (issue 14). */
    public DeviceDataService deviceData() {
        return new DeviceDataService(database, masterData, calendars);
    }

    private volatile GatewayHost gatewayHost;

    /** The in-process gateway listener the launcher provides (the window's Settings → Gateway); closed with these services. */
    public void setGatewayHost(GatewayHost host) {
        this.gatewayHost = host;
    }

    /** The in-process gateway listener, where the launcher provided one. */
    public java.util.Optional<GatewayHost> gatewayHost() {
        return java.util.Optional.ofNullable(gatewayHost);
    }

    /** This console's gateway settings and listener. */
    public GatewayControl gatewayControl(UserSettings settings) {
        return new GatewayControl(settings, java.util.Optional.ofNullable(gatewayHost));
    }

    private volatile SourceHost sourceHost;

    /**
     * The sources this process runs (the window's, issue 15), provided by the launcher; closed with
     * these services, before the database, so what a source has in hand is committed first.
     */
    public void setSourceHost(SourceHost host) {
        this.sourceHost = host;
    }

    /** The sources this process runs; empty where nothing runs them (CLI commands, tests, --self-test). */
    public java.util.Optional<SourceHost> sourceHost() {
        return java.util.Optional.ofNullable(sourceHost);
    }

    /** Every kept integration message: browse, retry a failed gateway post (issue 14). */
    public MessageService messages() {
        return new MessageService(new dev.smtconsole.store.IntegrationMessages(database), gateway(), calendars);
    }

    /** The live-feed sources: CFX broker subscriptions and hot folders (issue 15). */
    public SourceService sources() {
        return new SourceService(new dev.smtconsole.store.SourceRepository(database), ingest, ingestUseCase, ingestStore,
                masterData, clock);
    }

    /** Import profiles: presets, saved ones, export/import as files (issue 4). */
    public ProfileService profiles() {
        return profiles;
    }

    /** The factory calendar as stored now (one small read). */
    public ProductionCalendar calendar() {
        return calendars.current();
    }

    /** The factory calendar: zone and day start, shared by every console on the database. */
    public FactoryCalendarService calendars() {
        return calendars;
    }

    public DemoDataService demo() {
        return new DemoDataService(database, masterData, eventWriter, calendars, clock);
    }

    // ---- dashboard (issue 5): the counter wall's numbers and its live refresh ----
    private DashboardService dashboard;
    private LiveUpdates liveUpdates;

    public synchronized DashboardService dashboard() {
        if (dashboard == null) dashboard = new DashboardService(database, clock, calendars);
        return dashboard;
    }

    /** The shared live wall model, started on first use (its threads live until {@link #close()}). */
    public synchronized LiveUpdates liveUpdates() {
        if (liveUpdates == null) {
            liveUpdates = new LiveUpdates(database, dashboard(), liveSettings);
            if (outbox != null) liveUpdates.notYetSent(this::outboxWaitingByLine);
            liveUpdates.start();
        }
        return liveUpdates;
    }

    private synchronized void closeDashboard() {
        if (liveUpdates != null) liveUpdates.close();
        liveUpdates = null;
    }
    // ---- end dashboard ----

    public DatabaseInfo info() {
        return info(database);
    }

    /**
     * `db info`: opens the database (migrating when this user may, as every command does), reads where it is, its
     * schema version and row counts, hands them to {@code show}, and closes it — without wiring the services,
     * settling the factory calendar or opening a shared database's local outbox, none of which the answer needs
     * (issue 19). The answer is shown before the close: closing an H2 file compacts it (tens of milliseconds), which
     * the person waiting for the answer need not wait for.
     */
    public static void info(DatabaseConfig config, java.util.function.Consumer<DatabaseInfo> show) {
        try (Database db = openDatabase(config, false)) {
            show.accept(info(db));
        }
    }

    private static DatabaseInfo info(Database database) {
        Map<String, Long> counts = database.rowCounts(COUNTED_TABLES);
        return new DatabaseInfo(database.config().describe(), database.schemaVersion(), counts);
    }

    /** True when no production data and no lines exist yet: the first-run panel shows. */
    public boolean isEmpty() {
        return masterData.current().isEmpty();
    }

    @Override
    public void close() {
        SourceHost sourcesHere = sourceHost;
        if (sourcesHere != null) sourcesHere.close();
        GatewayHost host = gatewayHost;
        if (host != null) host.close();
        closeDashboard();
        if (outbox != null) outbox.close();
        database.close();
    }

    /** Where this console's data lives (for the status bar and the self-test). */
    public DatabaseConfig databaseConfig() {
        return database.config();
    }

    public String schemaVersion() {
        if (startedOffline()) return "not checked yet (the shared database has not answered since start)";
        return database.schemaVersion();
    }

    /**
     * Whether this console started while its shared database was away and has not reached it (and checked its
     * schema) since (ADR 0032): only writes work, and they wait in the local outbox.
     */
    public boolean startedOffline() {
        return outbox != null && outbox.unchecked();
    }

    // ---- Settings → Database (issue 16): the desktop's switch, attached by the window that owns these services ----

    private volatile DatabaseControl databaseControl;

    /** The desktop attaches its switch; Settings → Database then shows. */
    public void attach(DatabaseSettingsService settings, java.util.function.Consumer<DatabaseControl.SwitchRequest> switcher) {
        this.databaseControl = new DatabaseControl(settings, database.config(), clock, () -> settings.backup(this, clock), switcher);
    }

    /** Present in the desktop application; empty in the CLI and tests that do not attach one. */
    public java.util.Optional<DatabaseControl> databaseControl() {
        return java.util.Optional.ofNullable(databaseControl);
    }

    /** Factory-wide settings of the settings page. */
    public SettingsService settings() {
        return new SettingsService(new dev.smtconsole.store.SettingsRepository(database), masterData, calendars);
    }
}
