package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Flyway migrations run unchanged on H2 and PostgreSQL and the Hibernate mapping validates on both. */
class SchemaMigrationTest {
    /** The newest migration (V8_2: quarter-hour buckets with their first start). */
    static final String LATEST = "8.24";

    @Test
    void migratesEmptyH2AndValidatesMapping(@TempDir Path dir) {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST);
            db.sessionFactory(); // Hibernate starts lazily; this validates the mapping
            assertThat(tableCount(db)).isGreaterThanOrEqualTo(18);
            assertFactTablesWithoutForeignKeys(db);
        }
        assertThat(dir.resolve("test-db.mv.db")).exists();
        // Re-opening an up-to-date database migrates nothing and still validates.
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST);
            db.sessionFactory();
        }
    }

    @Test
    void latestVersionConstantIsTheNewestMigration(@TempDir Path dir) {
        // Database.open skips Flyway when the history says LATEST_VERSION: a new migration must move it.
        for (String vendor : new String[]{"h2", "postgresql"}) {
            DatabaseConfig config = TestDatabases.h2(dir.resolve(vendor));
            var flyway = org.flywaydb.core.Flyway.configure().dataSource(config.url(), config.user(), config.password())
                    .schemas(config.schema()).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                    .javaMigrations(Database.javaMigrations().toArray(new org.flywaydb.core.api.migration.JavaMigration[0])).load();
            var all = flyway.info().all();
            assertThat(all[all.length - 1].getVersion().getVersion()).as(vendor).isEqualTo(Database.LATEST_VERSION).isEqualTo(LATEST);
        }
    }

    @Test
    void migratesWhenTheHistorySaysAnOlderVersion(@TempDir Path dir) throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        // A database an older build left at 8.2: the quick check must notice and let Flyway finish the job.
        org.flywaydb.core.Flyway.configure().dataSource(config.url(), config.user(), config.password())
                .schemas(config.schema()).locations("classpath:db/migration", "classpath:db/vendor/h2")
                .javaMigrations(Database.javaMigrations().toArray(new org.flywaydb.core.api.migration.JavaMigration[0]))
                .target("8.2").load().migrate();
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(LATEST);
        }
    }

    @Test
    void aDatabaseOfANewerBuildIsLeftAsItIs(@TempDir Path dir) {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (Database db = Database.open(config)) {
            db.jdbc(c -> c.createStatement().executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description,"
                    + " type, script, checksum, installed_by, installed_on, execution_time, success) SELECT MAX(installed_rank) + 1,"
                    + " '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', CURRENT_TIMESTAMP, 0, TRUE FROM flyway_schema_history"));
        }
        // Not the expected version, so Flyway runs; it ignores future migrations (its default), as before the quick check.
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo("99");
        }
    }

    @Test
    void migratesEmptyPostgresAndValidatesMapping() {
        DatabaseConfig config = TestDatabases.postgres();
        try {
            try (Database db = Database.open(config)) {
                assertThat(db.schemaVersion()).isEqualTo(LATEST);
                db.sessionFactory();
                assertThat(tableCount(db)).isGreaterThanOrEqualTo(18);
                assertFactTablesWithoutForeignKeys(db);
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

    /**
     * ADR 0009: the fact tables carry no foreign keys (they cost half the insert time), but keep
     * the indexes the void paths and the report source look-up need.
     */
    private static void assertFactTablesWithoutForeignKeys(Database db) {
        String schema = db.config().schema().toLowerCase();
        db.jdbc(c -> {
            java.sql.DatabaseMetaData md = c.getMetaData();
            for (String table : List.of("production_event", "counter_bucket")) {
                try (ResultSet rs = md.getImportedKeys(null, schema, table)) {
                    assertThat(rs.next()).as("foreign key on " + table).isFalse();
                }
            }
            Set<String> indexes = new HashSet<>();
            try (ResultSet rs = md.getIndexInfo(null, schema, "production_event", false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) indexes.add(rs.getString("INDEX_NAME").toLowerCase());
                }
            }
            // V7: the event id is the primary key; the report's source look-up reads bucket_source, manual
            // entries find their events through message_event; only PostgreSQL keeps a (BRIN) batch index.
            assertThat(indexes).doesNotContain("ix_event_job_time", "ix_event_message");
            if (db.isPostgres()) assertThat(indexes).contains("ix_event_batch");
            else assertThat(indexes).doesNotContain("ix_event_batch");
            return null;
        });
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
