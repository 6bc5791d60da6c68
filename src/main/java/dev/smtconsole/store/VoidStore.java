package dev.smtconsole.store;



import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Voids: a batch's or a manual entry's events leave the event table for {@code voided_event}, their
 * counts are subtracted from the buckets and the void is audited — one atomic step, checked and
 * done in the same transaction (ADR 0015). Split from {@link IngestStore}.
 */
public final class VoidStore {
    private final Database db;
    private final BucketWriter buckets;

    VoidStore(Database db, BucketWriter buckets) {
        this.db = db;
        this.buckets = buckets;
    }


    /**
     * Voids every live event of a batch or a manual entry in one transaction: their sums leave the
     * counter buckets, the events move to voided_event (so their ids may be imported again, ADR
     * 0015), and an audit row says who, when and why.
     * <p>
     * The check "not void yet" and the subtraction are one atomic step: the transaction first
     * claims the batch (or message) row with a conditional UPDATE ... WHERE voided = FALSE. A
     * second void of the same batch at the same time waits on that row and then updates nothing,
     * so only one void subtracts. A batch still importing (RUNNING) is not claimed either.
     *
     * @return the number of events voided, or -1 when nothing was claimed (unknown, already void,
     *         or a batch still running)
     */
    public long voidEvents(String column, long id, String entity, String reason, String operatorId, Instant now) {
        // A write conflict with a concurrent import or entry rolled the whole void back (claim included): run it again.
        for (int attempt = 1; ; attempt++) {
            try {
                return voidEventsOnce(column, id, entity, reason, operatorId, now);
            } catch (DatabaseException e) {
                if (attempt >= 3 || !IngestStore.isWriteConflict(e)) throw e;
            }
        }
    }

    private long voidEventsOnce(String column, long id, String entity, String reason, String operatorId, Instant now) {
        if (!column.equals("batch_id") && !column.equals("message_id")) throw new IllegalArgumentException(column);
        boolean batch = column.equals("batch_id");
        return db.jdbc(c -> {
            String claim = batch
                    ? "UPDATE import_batch SET voided = TRUE, void_reason = ?, voided_by = ?, voided_at = ? WHERE id = ?"
                    + " AND voided = FALSE AND status <> 'RUNNING'"
                    : "UPDATE integration_message SET voided = TRUE WHERE id = ? AND channel = 'MANUAL' AND voided = FALSE";
            try (PreparedStatement ps = c.prepareStatement(claim)) {
                int i = 1;
                if (batch) {
                    ps.setString(i++, IngestStore.cut(reason, 1000));
                    ps.setString(i++, IngestStore.cut(operatorId, 64));
                    ps.setTimestamp(i++, Timestamp.from(now));
                }
                ps.setLong(i, id);
                if (ps.executeUpdate() == 0) return -1L;
            }
            Map<BucketWriter.BucketKey, BucketWriter.BucketSum> sums = new LinkedHashMap<>();
            Map<BucketWriter.SourceKey, BucketWriter.SourceSum> sources = new LinkedHashMap<>();
            long n = 0;
            // A message's events are listed in message_event; a batch's are found by batch_id (PostgreSQL:
            // BRIN index; H2: a scan of the table — voids are rare, imports are not). The same id may have
            // come back in a later entry: only this message's own event is voided.
            String which = batch ? "batch_id = ?"
                    : "event_id IN (SELECT event_id FROM message_event WHERE message_id = ?) AND message_id = ?";
            try (PreparedStatement ps = c.prepareStatement("SELECT line_id, machine_id, job_id, event_time, boards, picks,"
                    + " placements, rejects, source, batch_id FROM production_event WHERE " + which)) {
                ps.setFetchSize(5000);
                bindWhich(ps, 1, batch, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant t = rs.getTimestamp(4).toInstant();
                        Instant hour = dev.smtconsole.domain.ProductionCalendar.bucketStart(t);
                        long machineValue = rs.getLong(2);
                        long machine = rs.wasNull() ? 0 : machineValue;
                        long line = rs.getLong(1), job = rs.getLong(3);
                        sums.computeIfAbsent(new BucketWriter.BucketKey(line, machine, job, hour), k -> new BucketWriter.BucketSum())
                                .add(-1, rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), t, t);
                        String source = rs.getString(9);
                        long batchValue = rs.getLong(10);
                        sources.computeIfAbsent(new BucketWriter.SourceKey(job, line, hour, machine, source, batchValue),
                                k -> new BucketWriter.SourceSum()).add(-1, null);
                        n++;
                    }
                }
            }
            if (!sums.isEmpty()) buckets.applyBucketDeltas(c, sums);
            if (!sources.isEmpty()) buckets.applySourceDeltas(c, sources);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO voided_event (event_id, event_time, start_time, source, line_id, machine_id, job_id, boards, picks,
                        placements, rejects, operator_id, batch_id, message_id, remark, raw_text, received_at, source_row, voided_at)
                    SELECT event_id, event_time, start_time, source, line_id, machine_id, job_id, boards, picks, placements,
                        rejects, operator_id, batch_id, message_id, remark, raw_text, received_at, source_row, ?
                    FROM production_event WHERE """ + " " + which)) {
                ps.setTimestamp(1, Timestamp.from(now));
                bindWhich(ps, 2, batch, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM production_event WHERE " + which)) {
                bindWhich(ps, 1, batch, id);
                long deleted = ps.executeUpdate();
                // The claim makes this transaction the only one voiding these events; anything else is a bug.
                if (deleted != n) throw new SQLException("void of " + entity + " " + id + ": " + n + " events summed, " + deleted
                        + " deleted");
            }
            if (batch) {
                // Its counts still held without a job go with it: assigning one later must not bring the batch back.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM unassigned_count WHERE batch_id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            AuditLog.write(c, now, operatorId, entity, String.valueOf(id), "VOID", "events", String.valueOf(n), "0", reason);
            db.changeFeed().bump(c);
            return n;
        });
    }

    private static void bindWhich(PreparedStatement ps, int from, boolean batch, long id) throws SQLException {
        ps.setLong(from, id);
        if (!batch) ps.setLong(from + 1, id);
    }

    public boolean batchExists(long id) {
        return exists("SELECT 1 FROM import_batch WHERE id = ?", id);
    }

    public boolean isBatchVoided(long id) {
        return exists("SELECT 1 FROM import_batch WHERE id = ? AND voided = TRUE", id);
    }

    public boolean manualMessageExists(long id) {
        return exists("SELECT 1 FROM integration_message WHERE id = ? AND channel = 'MANUAL'", id);
    }

    private boolean exists(String sql, long id) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
