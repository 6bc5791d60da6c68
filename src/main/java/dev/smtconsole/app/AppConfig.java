package dev.smtconsole.app;

import dev.smtconsole.store.DatabaseConfig;

import java.time.Clock;

/**
 * Everything the composition root ({@link AppServices}) needs to wire the application, in one
 * record: where the data lives, the clock, and how the live wall refreshes. Front ends (window,
 * CLI, gateway, benchmarks) build one and hand it over; nothing else is read from the environment
 * while wiring.
 */
public record AppConfig(DatabaseConfig database, Clock clock, LiveUpdates.Settings live) {
    public AppConfig {
        java.util.Objects.requireNonNull(database, "database");
        java.util.Objects.requireNonNull(clock, "clock");
        java.util.Objects.requireNonNull(live, "live");
    }

    /** The usual configuration: the system clock in the machine's zone, the default live refresh. */
    public static AppConfig of(DatabaseConfig database) {
        return new AppConfig(database, Clock.systemDefaultZone(), LiveUpdates.Settings.DEFAULT);
    }

    public AppConfig withClock(Clock clock) {
        return new AppConfig(database, clock, live);
    }
}
