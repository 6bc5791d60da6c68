package dev.smtconsole.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Voids an import batch the way the ingest branch's void code does (that code is not on this branch):
 * marks its events and the batch voided and writes the negative bucket deltas, so reports that read
 * buckets no longer contain it. Test-only.
 */
public final class TestVoids {
    private TestVoids() {
    }

    public static long createBatch(Database db, String fileName) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO import_batch (file_name, sha256, format, operator_id, started_at, status)
                    VALUES (?, 'x', 'csv', 'OP1', ?, 'COMPLETED')""", new String[]{"id"})) {
                ps.setString(1, fileName);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                try (ResultSet k = ps.getGeneratedKeys()) {
                    k.next();
                    return k.getLong(1);
                }
            }
        });
    }

    public static void voidBatch(Database db, long batchId) {
        EventWriter writer = new EventWriter(db);
        db.jdbc(c -> {
            Map<EventWriter.BucketKey, EventWriter.BucketSum> sums = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT line_id, COALESCE(machine_id, 0), job_id, event_time, boards, picks, placements, rejects
                    FROM production_event WHERE batch_id = ? AND voided = FALSE""")) {
                ps.setLong(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant t = rs.getTimestamp(4).toInstant();
                        var key = new EventWriter.BucketKey(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                                dev.smtconsole.domain.ProductionCalendar.bucketHour(t));
                        sums.computeIfAbsent(key, k -> new EventWriter.BucketSum())
                                .add(-1, rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), t);
                    }
                }
            }
            writer.applyBucketDeltas(c, sums);
            try (PreparedStatement ps = c.prepareStatement("UPDATE production_event SET voided = TRUE WHERE batch_id = ?")) {
                ps.setLong(1, batchId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_batch SET voided = TRUE, void_reason = 'test' WHERE id = ?")) {
                ps.setLong(1, batchId);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
