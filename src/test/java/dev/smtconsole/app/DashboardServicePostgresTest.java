package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

class DashboardServicePostgresTest extends DashboardServiceContract {
    private DatabaseConfig config;

    @Override
    DatabaseConfig config() {
        config = TestDatabases.postgres();
        return config;
    }

    @Override
    void cleanup() {
        TestDatabases.dropSchema(config);
    }
}
