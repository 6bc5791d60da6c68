package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Services over one database per test class (per-class lifecycle), with the sample lines and
 * operators loaded; the subclass names the database and the clock.
 */
abstract class SampleDataServices {
    AppServices services;
    DatabaseConfig config;

    abstract DatabaseConfig config();

    abstract Clock clock();

    @BeforeAll
    void open() {
        config = config();
        services = new AppServices(Database.open(config), clock());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
    }

    @AfterAll
    void close() {
        if (services != null) services.close();
        TestDatabases.dropSchema(config);
    }
}
