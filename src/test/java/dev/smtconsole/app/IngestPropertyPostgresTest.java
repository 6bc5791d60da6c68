package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.DatabaseConfig;

import java.nio.file.Path;

/**
 * The accounting property on PostgreSQL, where chunks (7 rows here) are committed on their own
 * thread while the next one is inserted, and the direct COPY falls back to insert-if-absent.
 */
class IngestPropertyPostgresTest extends IngestPropertyTest {
    @Override
    DatabaseConfig config(Path dir) {
        return TestDatabases.postgres();
    }
}
