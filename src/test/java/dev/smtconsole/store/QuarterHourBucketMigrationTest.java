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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a schema-7.2 database (hour buckets) to quarter-hour buckets (V8, ADR 0011): the
 * buckets are re-summed from the live events, each with the earliest start of its events, so the
 * form shows the typed start and a +05:30 factory's production day is exact.
 */
class QuarterHourBucketMigrationTest {
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
                .defaultSchema(config.schema()).createSchemas(true)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (config.isPostgres() ? "postgresql" : "h2"))
                .javaMigrations(new V7_2__BucketSourceBackfill())
                .target("7.2").load().migrate();
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement st = c.createStatement()) {
            st.execute("SET SCHEMA " + (config.isPostgres() ? "'" + config.schema() + "'" : config.schema()));
            String insert = "INSERT INTO production_event (event_id, event_time, start_time, source, line_id, machine_id, job_id,"
                    + " boards, picks, placements, rejects, operator_id, batch_id, received_at, voided) VALUES ";
            // A typed entry 04:00–05:30 (+05:30 factory), two counts of one quarter hour, one in the next, one voided.
            st.execute(insert + "('typed', TIMESTAMP WITH TIME ZONE '2026-12-05 05:30:00+05:30',"
                    + " TIMESTAMP WITH TIME ZONE '2026-12-05 04:00:00+05:30', 'MANUAL', 1, NULL, 5, 162, 0, 0, 0, 'OP1', NULL,"
                    + " CURRENT_TIMESTAMP, FALSE)");
            st.execute(insert + "('m1', TIMESTAMP WITH TIME ZONE '2026-12-05 00:01:00+00', NULL, 'AUTO', 1, 11, 5,"
                    + " 1, 10, 9, 1, NULL, 7, CURRENT_TIMESTAMP, FALSE)");
            st.execute(insert + "('m2', TIMESTAMP WITH TIME ZONE '2026-12-05 00:14:00+00', NULL, 'AUTO', 1, 11, 5,"
                    + " 2, 20, 19, 1, NULL, 7, CURRENT_TIMESTAMP, FALSE)");
            st.execute(insert + "('m3', TIMESTAMP WITH TIME ZONE '2026-12-05 00:16:00+00', NULL, 'AUTO', 1, 11, 5,"
                    + " 4, 40, 40, 0, NULL, 7, CURRENT_TIMESTAMP, FALSE)");
            st.execute(insert + "('gone', TIMESTAMP WITH TIME ZONE '2026-12-05 00:20:00+00', NULL, 'AUTO', 1, 11, 5,"
                    + " 100, 1000, 900, 100, NULL, 8, CURRENT_TIMESTAMP, TRUE)");
            // What schema 7 kept: one hour bucket for the machine (voided event subtracted already).
            st.execute("INSERT INTO counter_bucket (line_id, machine_id, job_id, bucket_hour, boards, picks, placements, rejects,"
                    + " event_count, first_event_at, last_event_at) VALUES (1, 11, 5, TIMESTAMP WITH TIME ZONE '2026-12-05 00:00:00+00',"
                    + " 7, 70, 68, 2, 3, TIMESTAMP WITH TIME ZONE '2026-12-05 00:01:00+00', TIMESTAMP WITH TIME ZONE '2026-12-05 00:20:00+00')");
        }
        try (Database db = Database.open(config)) {
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrationTest.LATEST);
            List<String> buckets = db.jdbc(c -> {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("""
                        SELECT machine_id, bucket_start, boards, picks, event_count, first_start_at, first_event_at
                        FROM counter_bucket ORDER BY machine_id, bucket_start""")) {
                    while (rs.next()) {
                        out.add(rs.getLong(1) + " " + rs.getTimestamp(2).toInstant() + " b=" + rs.getLong(3) + " p=" + rs.getLong(4)
                                + " n=" + rs.getLong(5) + " start=" + rs.getTimestamp(6).toInstant()
                                + " first=" + rs.getTimestamp(7).toInstant());
                    }
                }
                return out;
            });
            assertThat(buckets).containsExactly(
                    // 05:30 +05:30 = 00:00Z; the typed start 04:00 +05:30 = 22:30Z the day before
                    "0 2026-12-05T00:00:00Z b=162 p=0 n=1 start=2026-12-04T22:30:00Z first=2026-12-05T00:00:00Z",
                    "11 2026-12-05T00:00:00Z b=3 p=30 n=2 start=2026-12-05T00:01:00Z first=2026-12-05T00:01:00Z",
                    "11 2026-12-05T00:15:00Z b=4 p=40 n=1 start=2026-12-05T00:16:00Z first=2026-12-05T00:16:00Z");
            long sources = db.jdbc(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT SUM(event_count) FROM bucket_source")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(sources).isEqualTo(4);
        }
    }
}
