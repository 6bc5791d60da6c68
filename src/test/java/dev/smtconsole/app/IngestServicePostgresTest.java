package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Path;

class IngestServicePostgresTest extends IngestServiceContract {
    @Override
    DatabaseConfig config(Path dir) {
        return TestDatabases.postgres();
    }
}
