package dev.smtconsole.store;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fills bucket_source (V7) from the events a database already holds. In Java rather than SQL
 * because the hour must be the UTC hour the buckets of schema 7 used, which neither database's
 * DATE_TRUNC gives the same way on both; the map holds one entry per job-hour-source, not per
 * event. (Schema 8 re-sums buckets by quarter hour: V8_1.)
 */
public final class V7_2__BucketSourceBackfill extends BaseJavaMigration {
    private record Key(long jobId, long lineId, Instant hour, long machineId, String source, long batchId) {
    }

    private static final class Sum {
        String operator;
        long events;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Map<Key, Sum> sums = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT job_id, line_id, event_time, COALESCE(machine_id, 0), source, COALESCE(batch_id, 0), operator_id
                FROM production_event WHERE voided = FALSE""")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key k = new Key(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant().truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                            rs.getLong(4), rs.getString(5), rs.getLong(6));
                    Sum s = sums.computeIfAbsent(k, x -> new Sum());
                    String op = rs.getString(7);
                    if (op != null && (s.operator == null || op.compareTo(s.operator) < 0)) s.operator = op;
                    s.events++;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO bucket_source (job_id, line_id, bucket_hour, machine_id, source, batch_id, operator_id, event_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int n = 0;
            for (var e : sums.entrySet()) {
                Key k = e.getKey();
                ps.setLong(1, k.jobId());
                ps.setLong(2, k.lineId());
                ps.setTimestamp(3, Timestamp.from(k.hour()));
                ps.setLong(4, k.machineId());
                ps.setString(5, k.source());
                ps.setLong(6, k.batchId());
                ps.setString(7, e.getValue().operator);
                ps.setLong(8, e.getValue().events);
                ps.addBatch();
                if (++n % 1000 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
    }
}
