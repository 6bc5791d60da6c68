package dev.smtconsole.store;

import dev.smtconsole.port.EventSink;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Import batches: a batch opened RUNNING with its header row, kept alive by a heartbeat while this
 * process imports it, finished with its integration message, swept to INTERRUPTED when its process
 * died; the history, a batch's rejected rows and an event's source text. Plain JDBC, each public
 * method one transaction. Split from {@link IngestStore}.
 */
public final class BatchStore {
    private final Database db;

    BatchStore(Database db) {
        this.db = db;
    }


    /** A new RUNNING batch; the header (for exports of rejected rows) is kept as rejected_row 0. */
    public long createBatch(String fileName, String format, String operatorId, Instant startedAt, String header) {
        long batchId = db.jdbc(c -> insertBatch(c, fileName, format, operatorId, startedAt, header));
        beat(batchId);
        return batchId;
    }

    /**
     * A batch opened by a forward from a local outbox (ADR 0030): opened once; a repeat (its commit answer was lost)
     * returns the batch the first one opened.
     */
    public long createBatch(String fileName, String format, String operatorId, Instant startedAt, String header,
                            EventSink.Receipt receipt) {
        long batchId = db.jdbc(c -> {
            if (!Receipts.claim(c, db.isPostgres(), receipt)) {
                return Receipts.resultOf(c, receipt).orElseThrow(() -> new SQLException(
                        "outbox record " + receipt.seq() + " was received but its batch is not known"));
            }
            long id = insertBatch(c, fileName, format, operatorId, startedAt, header);
            Receipts.result(c, receipt, id);
            return id;
        });
        beat(batchId);
        return batchId;
    }

    private static long insertBatch(Connection c, String fileName, String format, String operatorId, Instant startedAt,
                                    String header) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO import_batch (file_name, format, operator_id, started_at, status, heartbeat_at)
                VALUES (?, ?, ?, ?, 'RUNNING', CURRENT_TIMESTAMP)""", new String[]{"id"})) {
            ps.setString(1, IngestStore.cut(fileName, 500));
            ps.setString(2, IngestStore.cut(format, 32));
            ps.setString(3, IngestStore.cut(operatorId, 64));
            ps.setTimestamp(4, Timestamp.from(startedAt));
            ps.executeUpdate();
            id = IngestStore.generatedId(ps);
        }
        if (header != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rejected_row (batch_id, row_no, raw_text, reasons) VALUES (?, 0, ?, '')")) {
                ps.setLong(1, id);
                ps.setString(2, RawText.bound(header));
                ps.executeUpdate();
            }
        }
        return id;
    }

    /** How often a running import says it is alive, and after how long without a word it counts as interrupted. */
    public static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(5);
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofSeconds(60);
    private static final java.util.concurrent.ScheduledExecutorService HEARTBEATS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "smt-import-heartbeat");
                t.setDaemon(true);
                return t;
            });
    private final Map<Long, java.util.concurrent.ScheduledFuture<?>> beating = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Keeps a running batch's heartbeat fresh (database time) while this process imports it, so
     * that a batch whose process died (kill -9, power cut, lost connection) can be told from one
     * that is merely slow: see {@link #sweepInterrupted}.
     */
    private void beat(long batchId) {
        beating.put(batchId, HEARTBEATS.scheduleWithFixedDelay(() -> {
            try {
                db.jdbc(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE import_batch SET heartbeat_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'RUNNING'")) {
                        ps.setLong(1, batchId);
                        return ps.executeUpdate();
                    }
                });
            } catch (RuntimeException e) {
                // The database is away: the chunk writer reports that; a missed beat only ages the batch.
                org.slf4j.LoggerFactory.getLogger(IngestStore.class).debug("heartbeat of batch {} failed", batchId, e);
            }
        }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private void stopBeat(long batchId) {
        var f = beating.remove(batchId);
        if (f != null) f.cancel(false);
    }

    /**
     * Marks batches left RUNNING by a process that died (no heartbeat for {@code staleAfter},
     * measured in database time) as INTERRUPTED, with the counts their committed chunks wrote, and
     * records a FAILED integration message for each. Conditional per row: a batch whose import
     * wakes up meanwhile is left alone. Re-importing the file completes such a batch's data
     * (committed chunks are duplicates, the rest is new).
     *
     * @return the ids of the batches marked
     */
    public List<Long> sweepInterrupted(java.time.Duration staleAfter) {
        return db.jdbc(c -> {
            Timestamp dbNow;
            try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                dbNow = rs.getTimestamp(1);
            }
            Timestamp before = Timestamp.from(dbNow.toInstant().minus(staleAfter));
            record Stale(long id, String operator, long read, long accepted, long rejected, long duplicates, long skipped) {
            }
            List<Stale> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, operator_id, rows_read, rows_accepted, rows_rejected, rows_duplicate, rows_skipped FROM import_batch
                    WHERE status = 'RUNNING' AND COALESCE(heartbeat_at, started_at) < ?""")) {
                ps.setTimestamp(1, before);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(new Stale(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7)));
                    }
                }
            }
            List<Long> marked = new ArrayList<>();
            for (Stale b : stale) {
                if (beating.containsKey(b.id())) continue; // this very process is importing it
                String message = String.format(java.util.Locale.ROOT,
                        "interrupted: rows 1-%d committed (read=%d accepted=%d rejected=%d duplicates=%d skipped=%d);"
                                + " import the file again to complete it", b.read(), b.read(), b.accepted(), b.rejected(),
                        b.duplicates(), b.skipped());
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE import_batch SET status = 'INTERRUPTED', finished_at = ?, message = ?
                        WHERE id = ? AND status = 'RUNNING' AND COALESCE(heartbeat_at, started_at) < ?""")) {
                    ps.setTimestamp(1, dbNow);
                    ps.setString(2, message);
                    ps.setLong(3, b.id());
                    ps.setTimestamp(4, before);
                    if (ps.executeUpdate() == 0) continue;
                }
                IngestStore.insertMessage(c, "FILE", null, b.id(), "FAILED", message, b.operator(), dbNow.toInstant(), message);
                marked.add(b.id());
            }
            if (!marked.isEmpty()) db.changeFeed().bump(c);
            return marked;
        });
    }

    /** Closes a batch and records its integration message (the ingest audit trail), in one transaction. */
    public long finishBatch(long batchId, String status, String sha256, String message, String messageStatus,
                            String operatorId, Instant finishedAt) {
        stopBeat(batchId);
        for (int attempt = 1; ; attempt++) {
            try {
                return finishBatchOnce(batchId, status, sha256, message, messageStatus, operatorId, finishedAt);
            } catch (RuntimeException e) {
                // The serving process of a shared H2 file went away, perhaps during this commit (ADR 0028): when the
                // batch shows this ending, it committed; otherwise it is written again.
                if (!db.mayRetryBroken(e, attempt)) throw e;
                Optional<Long> done = finishedMessage(batchId, status);
                if (done.isPresent()) return done.get();
            }
        }
    }

    /** The file message of a batch closed with this status, if it is (only its own import closes a batch so). */
    private Optional<Long> finishedMessage(long batchId, String status) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.id FROM import_batch b JOIN integration_message m ON m.batch_id = b.id AND m.channel = 'FILE'
                    WHERE b.id = ? AND b.status = ? AND b.finished_at IS NOT NULL ORDER BY m.id DESC""")) {
                ps.setLong(1, batchId);
                ps.setString(2, status);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    /** A batch's end forwarded from a local outbox (ADR 0030): written once; a repeat returns the file message of the first. */
    public long finishBatch(long batchId, String status, String sha256, String message, String messageStatus,
                            String operatorId, Instant finishedAt, EventSink.Receipt receipt) {
        stopBeat(batchId);
        return db.jdbc(c -> {
            if (!Receipts.claim(c, db.isPostgres(), receipt)) return Receipts.resultOf(c, receipt).orElse(0L);
            long id = finishBatchIn(c, batchId, status, sha256, message, messageStatus, operatorId, finishedAt);
            Receipts.result(c, receipt, id);
            return id;
        });
    }

    private long finishBatchOnce(long batchId, String status, String sha256, String message, String messageStatus,
                                 String operatorId, Instant finishedAt) {
        return db.jdbc(c -> finishBatchIn(c, batchId, status, sha256, message, messageStatus, operatorId, finishedAt));
    }

    private long finishBatchIn(Connection c, long batchId, String status, String sha256, String message, String messageStatus,
                               String operatorId, Instant finishedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE import_batch SET status = ?, sha256 = ?, message = ?, finished_at = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, sha256);
            ps.setString(3, IngestStore.cut(message, 2000));
            ps.setTimestamp(4, Timestamp.from(finishedAt));
            ps.setLong(5, batchId);
            ps.executeUpdate();
        }
        long msgId = IngestStore.insertMessage(c, "FILE", sha256, batchId, messageStatus,
                IngestStore.fileMessageError(messageStatus, message), operatorId, finishedAt,
                message);
        db.changeFeed().bump(c);
        return msgId;
    }

    public record BatchRow(long id, String fileName, String sha256, String format, String operatorId, Instant startedAt,
                           Instant finishedAt, String status, long read, long accepted, long rejected, long duplicates,
                           long skipped, long warned, String message, boolean voided, String voidReason, long unassigned) {
    }

    public List<BatchRow> batches(int limit) {
        return db.jdbc(c -> {
            List<BatchRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, file_name, sha256, format, operator_id, started_at, finished_at, status, rows_read, rows_accepted,
                        rows_rejected, rows_duplicate, rows_skipped, rows_warned, message, voided, void_reason, rows_unassigned
                    FROM import_batch ORDER BY id DESC""")) {
                ps.setMaxRows(Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BatchRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                IngestStore.instant(rs, 6), IngestStore.instant(rs, 7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                                rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getString(15), rs.getBoolean(16),
                                rs.getString(17), rs.getLong(18)));
                    }
                }
            }
            return out;
        });
    }

    /** Ids of the batches that wrote data on a line (voided ones too: bucket_source keeps their rows). */
    public java.util.Set<Long> batchIdsOnLine(long lineId) {
        return db.jdbc(c -> {
            java.util.Set<Long> out = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT batch_id FROM bucket_source WHERE line_id = ? AND batch_id <> 0")) {
                ps.setLong(1, lineId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    public Optional<BatchRow> batch(long id) {
        return batches(Integer.MAX_VALUE).stream().filter(b -> b.id() == id).findFirst();
    }

    /** Streams a batch's rejected rows in row order, the header first (row 0) when there is one. */
    public void rejectedRows(long batchId, Consumer<EventSink.Rejected> sink) {
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT row_no, raw_text, reasons FROM rejected_row WHERE batch_id = ? ORDER BY row_no, id")) {
                ps.setFetchSize(1000);
                ps.setLong(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(new EventSink.Rejected(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return null;
        });
    }

    /**
     * The source text an event came from (traceability, DESIGN §4): a manual or message row's own
     * text, or a file row's line from its batch's stored pieces. Empty for an unknown event.
     */
    public Optional<String> sourceText(String eventId) {
        return db.jdbc(c -> {
            long batchId, row;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT raw_text, batch_id, source_row FROM production_event WHERE event_id = ?"
                            + " UNION ALL SELECT raw_text, batch_id, source_row FROM voided_event WHERE event_id = ?")) {
                ps.setString(2, eventId);
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<String>empty();
                    String own = rs.getString(1);
                    batchId = rs.getLong(2);
                    boolean noBatch = rs.wasNull();
                    row = rs.getLong(3);
                    if (own != null || noBatch || rs.wasNull()) return Optional.ofNullable(own);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT body FROM batch_text WHERE batch_id = ? AND first_row <= ? AND last_row >= ?")) {
                ps.setLong(1, batchId);
                ps.setLong(2, row);
                ps.setLong(3, row);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Optional<String> text = BatchText.find(rs.getBytes(1), row);
                        if (text.isPresent()) return text;
                    }
                }
            }
            return Optional.<String>empty();
        });
    }
}
