package dev.smtconsole.report;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Path;

class ReportServiceH2Test extends ReportServiceContract {
    @Override
    DatabaseConfig newConfig(Path dir) {
        return TestDatabases.h2(dir);
    }
}
