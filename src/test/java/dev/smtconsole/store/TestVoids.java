package dev.smtconsole.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/** Test batches: a batch row for events a fixture inserts, and the real void of a batch. */
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

    /** Voids the batch through the product's own void path (buckets, bucket sources, flags, audit). */
    public static void voidBatch(Database db, long batchId) {
        new IngestStore(db, new EventWriter(db)).voids().voidEvents("batch_id", batchId, "import_batch", "test", "OP1", Instant.now());
    }
}
