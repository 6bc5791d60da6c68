package dev.smtconsole.reliability;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Path;

class ReliabilityH2Test extends ReliabilityContract {
    @Override
    DatabaseConfig config(Path dir) {
        return TestDatabases.h2(dir);
    }
}
