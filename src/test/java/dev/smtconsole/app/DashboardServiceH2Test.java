package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class DashboardServiceH2Test extends DashboardServiceContract {
    private Path dir;

    @Override
    DatabaseConfig config() {
        try {
            dir = Files.createTempDirectory("wall-h2");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TestDatabases.h2(dir);
    }
}
