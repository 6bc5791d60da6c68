package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Path;

class IngestServiceH2Test extends IngestServiceContract {
    @Override
    DatabaseConfig config(Path dir) {
        return TestDatabases.h2(dir);
    }
}
