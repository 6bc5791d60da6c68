package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The Flyway migrations run unchanged on H2 and PostgreSQL and the Hibernate mapping validates on both. */
class SchemaMigrationTest {
    /** The newest migration in db/migration (V6_1: the reports' source-lookup index). */
    private static final String LATEST = "6.1";

    @Test
    void migratesEmptyH2AndValidatesMapping(@TempDir Path dir) {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST);
            assertThat(tableCount(db)).isGreaterThanOrEqualTo(18);
        }
        assertThat(dir.resolve("test-db.mv.db")).exists();
        // Re-opening an up-to-date database migrates nothing and still validates.
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST);
        }
    }

    @Test
    void migratesEmptyPostgresAndValidatesMapping() {
        DatabaseConfig config = TestDatabases.postgres();
        try {
            try (Database db = Database.open(config)) {
                assertThat(db.schemaVersion()).isEqualTo(LATEST);
                assertThat(tableCount(db)).isGreaterThanOrEqualTo(18);
            }
            try (Database db = Database.open(config)) {
                assertThat(db.schemaVersion()).isEqualTo(LATEST);
            }
        } finally {
            TestDatabases.dropSchema(config);
        }
    }

    @Test
    void customSchemaNameIsUsed(@TempDir Path dir) {
        DatabaseConfig config = TestDatabases.h2(dir).withSchema("mes_smt");
        try (Database db = Database.open(config)) {
            long n = db.jdbc(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_schema) = 'mes_smt' AND LOWER(table_name) = 'production_event'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(n).isEqualTo(1);
        }
    }

    private static long tableCount(Database db) {
        String schema = db.config().schema().toLowerCase();
        return db.jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_schema) = '" + schema + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
