package dev.smtconsole.ui.kit;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DashboardService;
import dev.smtconsole.app.DatabaseInfo;
import dev.smtconsole.app.DemoDataService;
import dev.smtconsole.app.DeviceDataService;
import dev.smtconsole.app.GatewayControl;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.MessageService;
import dev.smtconsole.app.FactoryCalendarService;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.LiveUpdates;
import dev.smtconsole.app.MasterDataService;
import dev.smtconsole.app.ProfileService;
import dev.smtconsole.app.ReportService;
import dev.smtconsole.app.SettingsService;
import dev.smtconsole.app.SourceService;

import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The narrow slice of the application each feature's views may reach (issue 12): a page gets its
 * feature's record, never {@link AppServices} and never the database. Built once, from the
 * services the composition root wired, by {@link UiContext}.
 */
public final class Features {
    private Features() {
    }

    /** The factory's clock and zone, shared by every feature (the calendar's zone, cached). */
    public record Time(Clock clock, FactoryCalendarService calendars) {
        public ZoneId zone() {
            return calendars.cached().zone();
        }

        public java.time.Instant now() {
            return clock.instant();
        }
    }

    /** 录入: manual entry, file import, history and voids, import profiles; every kept message (issue 14). */
    public record Ingest(IngestService ingest, MasterDataService masterData, ProfileService profiles, Time time,
                         Supplier<MessageService> messages) {
    }

    /** 报表: the production report and the in/out sheet. */
    public record Reports(ReportService reports, Time time) {
    }

    /** 看板: the counter wall and its live refresh (started on first use). */
    public record Dashboard(DashboardService dashboard, Supplier<LiveUpdates> live, Time time,
                            Supplier<DeviceDataService> deviceData) {
    }

    /** 设置: factory settings, the calendar, what the database holds; this console's device gateway; the live-feed sources (issue 15). */
    public record Settings(SettingsService settings, Supplier<DatabaseInfo> info, Time time, Gateway gateway,
                           SourceService sources, Supplier<java.util.Optional<dev.smtconsole.app.DatabaseControl>> database,
                           Supplier<java.util.Optional<dev.smtconsole.app.SourceHost>> sourcesHere) {
    }

    /** Settings → Device gateway: this console's listener (from the user's settings) and the shared token. */
    public record Gateway(java.util.function.Function<dev.smtconsole.app.UserSettings, GatewayControl> control,
                          Supplier<GatewayService> service, MasterDataService masterData) {
    }

    /**
     * The window's shell: the status bar's database, the first-run panel's demo data and lines; the local outbox's
     * state and its refused forwards (read from the local file, off the FX thread).
     */
    public record Shell(MasterDataService masterData, Supplier<DemoDataService> demo, String databaseDescription,
                        Supplier<java.util.Optional<AppServices.OutboxStatus>> outbox,
                        Supplier<java.util.List<AppServices.RefusedForward>> refused, Time time) {
    }

    /** Every feature's slice of {@code services}. */
    public record All(Ingest ingest, Reports reports, Dashboard dashboard, Settings settings, Shell shell) {
        public static All of(AppServices services) {
            Time time = new Time(services.clock(), services.calendars());
            return new All(new Ingest(services.ingest(), services.masterData(), services.profiles(), time, services::messages),
                    new Reports(services.reports(), time),
                    new Dashboard(services.dashboard(), services::liveUpdates, time, services::deviceData),
                    new Settings(services.settings(), services::info, time,
                            new Gateway(services::gatewayControl, services::gateway, services.masterData()), services.sources(),
                            services::databaseControl, services::sourceHost),
                    new Shell(services.masterData(), services::demo, services.databaseConfig().describe(),
                            services::outboxStatus, services::outboxRefused, time));
        }
    }
}
