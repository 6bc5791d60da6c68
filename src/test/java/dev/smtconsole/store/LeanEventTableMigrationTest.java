package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V7: a database that already holds events (schema 6.1, surrogate ids, the old job-time index)
 * is brought to the lean event table, and bucket_source is filled from its live events so the
 * report's "where from" look-up answers for old data too.
 */
class LeanEventTableMigrationTest {
    @Test
    void upgradesH2WithEvents(@TempDir Path dir) throws Exception {
        upgrade(TestDatabases.h2(dir));
    }

    @Test
    void upgradesPostgresWithEvents() throws Exception {
        DatabaseConfig config = TestDatabases.postgres();
        try {
            upgrade(config);
        } finally {
            TestDatabases.dropSchema(config);
        }
    }

    private static void upgrade(DatabaseConfig config) throws Exception {
        Flyway.configure().dataSource(config.url(), config.user(), config.password()).schemas(config.schema())
                .defaultSchema(config.schema()).createSchemas(true).locations("classpath:db/migration")
                .target("6.1").load().migrate();
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement st = c.createStatement()) {
            st.execute("SET SCHEMA " + (config.isPostgres() ? "'" + config.schema() + "'" : config.schema()));
            st.execute("INSERT INTO import_batch (id, file_name, format, operator_id, started_at, status)"
                    + " VALUES (7, 'old.csv', 'csv', 'OP2', TIMESTAMP WITH TIME ZONE '2026-03-01 08:00:00+00', 'COMPLETED')");
            String insert = "INSERT INTO production_event (event_id, event_time, source, line_id, machine_id, job_id, boards, picks,"
                    + " placements, rejects, operator_id, batch_id, message_id, received_at, voided) VALUES ";
            // 08:10 and 08:50 (+00) fall in one UTC hour; 08:10 in +08:00 is 00:10 UTC, another hour.
            st.execute(insert + "('a', TIMESTAMP WITH TIME ZONE '2026-03-01 08:10:00+00', 'MANUAL', 1, 11, 5, 1, 10, 9, 1,"
                    + " 'OP2', 7, NULL, TIMESTAMP WITH TIME ZONE '2026-03-01 09:00:00+00', FALSE)");
            st.execute(insert + "('b', TIMESTAMP WITH TIME ZONE '2026-03-01 08:50:00+00', 'MANUAL', 1, 11, 5, 1, 10, 9, 1,"
                    + " 'OP1', 7, NULL, TIMESTAMP WITH TIME ZONE '2026-03-01 09:00:00+00', FALSE)");
            st.execute(insert + "('c', TIMESTAMP WITH TIME ZONE '2026-03-01 08:10:00+08', 'MANUAL', 1, NULL, 5, 2, 0, 0, 0,"
                    + " 'OP3', NULL, 3, TIMESTAMP WITH TIME ZONE '2026-03-01 09:00:00+00', FALSE)");
            st.execute(insert + "('d', TIMESTAMP WITH TIME ZONE '2026-03-01 08:20:00+00', 'MANUAL', 1, 11, 5, 1, 10, 9, 1,"
                    + " 'OP2', 7, NULL, TIMESTAMP WITH TIME ZONE '2026-03-01 09:00:00+00', TRUE)");
        }
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrationTest.LATEST);
            List<ReportQueries.SourceRow> rows = new ReportQueries(db).sources(1, 5,
                    Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));
            assertThat(rows).containsExactly(
                    new ReportQueries.SourceRow(0, "MANUAL", null, null, "OP3", 1),
                    new ReportQueries.SourceRow(11, "MANUAL", 7L, "old.csv", "OP1", 2));
            assertThat(new ReportQueries(db).sources(1, 5, Instant.parse("2026-03-01T08:00:00Z"),
                    Instant.parse("2026-03-01T09:00:00Z"))).extracting(ReportQueries.SourceRow::events).containsExactly(2L);
            // manual rows are listed per message (V7 dropped the message index of the event table)
            String listed = db.jdbc(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT message_id, event_id FROM message_event")) {
                    return rs.next() ? rs.getLong(1) + ":" + rs.getString(2) + (rs.next() ? "+more" : "") : "none";
                }
            });
            assertThat(listed).isEqualTo("3:c");
            // the event id is the key now: a second 'a' cannot exist
            long keys = db.jdbc(c -> {
                try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, config.schema().toLowerCase(), "production_event")) {
                    long n = 0;
                    while (rs.next()) {
                        assertThat(rs.getString("COLUMN_NAME")).isEqualToIgnoringCase("event_id");
                        n++;
                    }
                    return n;
                }
            });
            assertThat(keys).isEqualTo(1);
        }
    }
}
