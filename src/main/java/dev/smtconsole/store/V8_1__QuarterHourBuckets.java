package dev.smtconsole.store;

import dev.smtconsole.domain.ProductionCalendar;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Re-sums counter_bucket and bucket_source from the live events by quarter hour (V8,
 * docs/decisions/0011), with each bucket's earliest start. In Java, like V7_2, so the bucket
 * edges are exactly those of {@link ProductionCalendar#bucketStart} on both databases; the maps
 * hold one entry per bucket, not per event.
 */
public final class V8_1__QuarterHourBuckets extends BaseJavaMigration {
    private record BucketKey(long lineId, long machineId, long jobId, Instant start) {
    }

    private static final class BucketSum {
        long boards, picks, placements, rejects, events;
        Instant first, last, firstStart;
    }

    private record SourceKey(long jobId, long lineId, Instant start, long machineId, String source, long batchId) {
    }

    private static final class SourceSum {
        String operator;
        long events;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Map<BucketKey, BucketSum> buckets = new HashMap<>();
        Map<SourceKey, SourceSum> sources = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT line_id, COALESCE(machine_id, 0), job_id, event_time, start_time, boards, picks, placements, rejects,
                       source, COALESCE(batch_id, 0), operator_id
                FROM production_event WHERE voided = FALSE""")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long line = rs.getLong(1), machine = rs.getLong(2), job = rs.getLong(3);
                    Instant t = rs.getTimestamp(4).toInstant();
                    Timestamp startValue = rs.getTimestamp(5);
                    Instant started = startValue == null || startValue.toInstant().isAfter(t) ? t : startValue.toInstant();
                    Instant bucket = ProductionCalendar.bucketStart(t);
                    BucketSum b = buckets.computeIfAbsent(new BucketKey(line, machine, job, bucket), k -> new BucketSum());
                    b.boards += rs.getLong(6);
                    b.picks += rs.getLong(7);
                    b.placements += rs.getLong(8);
                    b.rejects += rs.getLong(9);
                    b.events++;
                    if (b.first == null || t.isBefore(b.first)) b.first = t;
                    if (b.last == null || t.isAfter(b.last)) b.last = t;
                    if (b.firstStart == null || started.isBefore(b.firstStart)) b.firstStart = started;
                    SourceSum s = sources.computeIfAbsent(new SourceKey(job, line, bucket, machine, rs.getString(10),
                            rs.getLong(11)), k -> new SourceSum());
                    String op = rs.getString(12);
                    if (op != null && (s.operator == null || op.compareTo(s.operator) < 0)) s.operator = op;
                    s.events++;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM counter_bucket");
            st.executeUpdate("DELETE FROM bucket_source");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO counter_bucket (line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects,
                    event_count, first_event_at, last_event_at, first_start_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int n = 0;
            for (var e : buckets.entrySet()) {
                BucketKey k = e.getKey();
                BucketSum s = e.getValue();
                ps.setLong(1, k.lineId());
                ps.setLong(2, k.machineId());
                ps.setLong(3, k.jobId());
                ps.setTimestamp(4, Timestamp.from(k.start()));
                ps.setLong(5, s.boards);
                ps.setLong(6, s.picks);
                ps.setLong(7, s.placements);
                ps.setLong(8, s.rejects);
                ps.setLong(9, s.events);
                ps.setTimestamp(10, Timestamp.from(s.first));
                ps.setTimestamp(11, Timestamp.from(s.last));
                ps.setTimestamp(12, Timestamp.from(s.firstStart));
                ps.addBatch();
                if (++n % 1000 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO bucket_source (job_id, line_id, bucket_start, machine_id, source, batch_id, operator_id, event_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int n = 0;
            for (var e : sources.entrySet()) {
                SourceKey k = e.getKey();
                ps.setLong(1, k.jobId());
                ps.setLong(2, k.lineId());
                ps.setTimestamp(3, Timestamp.from(k.start()));
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
