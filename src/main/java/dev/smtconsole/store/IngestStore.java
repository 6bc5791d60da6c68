package dev.smtconsole.store;

import dev.smtconsole.port.EventSink;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.MetricSpec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything of ingest except the hot chunk path: import batches, integration messages, rejected
 * rows, voids (with bucket subtraction and audit), manual entries, metric specs and settings.
 * Plain JDBC, each public method one transaction.
 */
public final class IngestStore {
    private final Database db;
    private final EventWriter writer;
    private final BucketWriter buckets;

    public IngestStore(Database db, EventWriter writer) {
        this.db = db;
        this.writer = writer;
        this.buckets = new BucketWriter(db);
    }

    public Database database() {
        return db;
    }

    // ---------- settings and specs ----------

    public Optional<String> setting(String key) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM app_setting WHERE setting_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The product model of a known job, if the job has a product. */
    public Optional<String> productModelOf(String jobNo) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT p.model FROM job j JOIN product p ON p.id = j.product_id WHERE j.job_no = ?")) {
                ps.setString(1, jobNo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public List<MetricSpec> metricSpecs() {
        return db.jdbc(c -> {
            List<MetricSpec> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT metric, line_id, machine_id, allow_auto, allow_manual, min_value, max_value, warn_above, alarm_above
                    FROM metric_spec ORDER BY id""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricSpec(rs.getString(1), (Long) rs.getObject(2, Long.class), rs.getObject(3, Long.class),
                            rs.getBoolean(4), rs.getBoolean(5), rs.getObject(6, Double.class), rs.getObject(7, Double.class),
                            rs.getObject(8, Double.class), rs.getObject(9, Double.class)));
                }
            }
            return out;
        });
    }

    /** Which of these event ids are stored already (for the preview's duplicate status). */
    public java.util.Set<String> existingEventIds(java.util.Collection<String> ids) {
        if (ids.isEmpty()) return java.util.Set.of();
        return db.jdbc(c -> EventWriter.existingEventIds(c, ids));
    }

    // ---------- batches ----------

    /** A new RUNNING batch; the header (for exports of rejected rows) is kept as rejected_row 0. */
    public long createBatch(String fileName, String format, String operatorId, Instant startedAt, String header) {
        long batchId = db.jdbc(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO import_batch (file_name, format, operator_id, started_at, status, heartbeat_at)
                    VALUES (?, ?, ?, ?, 'RUNNING', CURRENT_TIMESTAMP)""", new String[]{"id"})) {
                ps.setString(1, cut(fileName, 500));
                ps.setString(2, cut(format, 32));
                ps.setString(3, cut(operatorId, 64));
                ps.setTimestamp(4, Timestamp.from(startedAt));
                ps.executeUpdate();
                id = generatedId(ps);
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
        });
        beat(batchId);
        return batchId;
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
                insertMessage(c, "FILE", null, b.id(), "FAILED", message, b.operator(), dbNow.toInstant(), message);
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

    private long finishBatchOnce(long batchId, String status, String sha256, String message, String messageStatus,
                                 String operatorId, Instant finishedAt) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE import_batch SET status = ?, sha256 = ?, message = ?, finished_at = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setString(2, sha256);
                ps.setString(3, cut(message, 2000));
                ps.setTimestamp(4, Timestamp.from(finishedAt));
                ps.setLong(5, batchId);
                ps.executeUpdate();
            }
            long msgId = insertMessage(c, "FILE", sha256, batchId, messageStatus,
                    "FAILED".equals(messageStatus) || "PARTIAL".equals(messageStatus) ? message : null, operatorId, finishedAt,
                    message);
            db.changeFeed().bump(c);
            return msgId;
        });
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
                                instant(rs, 6), instant(rs, 7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
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

    // ---------- voids ----------

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
                if (attempt >= 3 || !isWriteConflict(e)) throw e;
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
                    ps.setString(i++, cut(reason, 1000));
                    ps.setString(i++, cut(operatorId, 64));
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

    // ---------- manual entry ----------

    /**
     * A door's message in one transaction (the manual form today; a gateway post or a broker
     * message through the same call): its integration message, the events, and the hand-written
     * columns on the job record of that production day.
     */
    public EventSink.MessageWritten writeMessage(EventSink.Message m) {
        // Two messages for one new job at once: one creates the job (or its record), the other meets that
        // row; once more, and it sees it. The message's ids make the retry write nothing twice.
        for (int attempt = 1; ; attempt++) {
            try {
                return writeMessageOnce(m);
            } catch (DatabaseException e) {
                if (attempt >= 3 || !isWriteConflict(e)) throw e;
            }
        }
    }

    /** A unique-key race, H2's "concurrent update" of one row or a lock timeout: the losing transaction may simply run again. */
    static boolean isWriteConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 90131
                    || sql.getErrorCode() == 50200 // H2: lock timeout under concurrent writers; the transaction rolled back
                    || "40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Several messages in one transaction, in order (the gateway's batch); retried whole on a write conflict. */
    public List<EventSink.MessageWritten> writeMessages(List<EventSink.Message> messages) {
        for (int attempt = 1; ; attempt++) {
            try {
                return db.jdbc(c -> {
                    List<EventSink.MessageWritten> out = new ArrayList<>(messages.size());
                    for (EventSink.Message m : messages) out.add(writeMessageIn(c, m));
                    return out;
                });
            } catch (DatabaseException e) {
                writer.forgetCachedJobs();
                if (attempt >= 3 || !isWriteConflict(e)) throw e;
            } catch (RuntimeException e) {
                writer.forgetCachedJobs();
                throw e;
            }
        }
    }

    private EventSink.MessageWritten writeMessageOnce(EventSink.Message m) {
        try {
            return db.jdbc(c -> writeMessageIn(c, m));
        } catch (RuntimeException e) {
            writer.forgetCachedJobs();
            throw e;
        }
    }

    /** One message's rows in the caller's transaction. */
    private EventSink.MessageWritten writeMessageIn(Connection c, EventSink.Message m) throws SQLException {
        List<IngestRecord> records = m.records();
        String externalId = m.externalId() != null ? m.externalId() : records.isEmpty() ? null : records.get(0).eventId();
        long msgId = insertMessage(c, m.channel(), externalId, null, "SUCCESS", null, m.operatorId(), m.at(), m.payload());
        EventSink.DeviceRecord device = m.device();
        if (device != null && !DeviceDataStore.claimRecord(c, db.isPostgres(), msgId, device, m.at())) {
            // The post's eventId is stored already: a repeat, whether or not it carries counters.
            markDuplicate(c, msgId);
            return new EventSink.MessageWritten(msgId, 0, Math.max(1, records.size()));
        }
        EventSink.WriteResult r = writer.writeIn(c, records, m.master(), null, msgId);
        if (r.accepted() == 0 && !r.duplicates().isEmpty()) {
            markDuplicate(c, msgId);
            if (device != null) {
                // Its events came before the device record existed (an older build): still a repeat.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_record WHERE message_id = ?")) {
                    ps.setLong(1, msgId);
                    ps.executeUpdate();
                }
            }
            return new EventSink.MessageWritten(msgId, 0, r.duplicates().size());
        }
        if (device != null) DeviceDataStore.insertValues(c, msgId, device.values());
        if (r.accepted() > 0 && m.handwriting() != null) {
            EventSink.Handwriting h = m.handwriting();
            if (m.mode() == EventSink.HandwritingMode.SET) {
                upsertJobRecord(c, m.master().line(h.lineCode()).orElseThrow().id(), h.jobNo(), h.day(), h.checkers(),
                        h.remark(), m.operatorId(), m.at());
            } else {
                fillImportedHandwriting(c, List.of(h), m.master(), "message " + msgId, m.operatorId(), m.at());
            }
        }
        return new EventSink.MessageWritten(msgId, r.accepted(), r.duplicates().size());
    }

    private static void markDuplicate(Connection c, long msgId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE integration_message SET status = 'DUPLICATE' WHERE id = ?")) {
            ps.setLong(1, msgId);
            ps.executeUpdate();
        }
    }

    /**
     * Puts imported checkers and remarks into job_record, in the caller's (chunk) transaction.
     * Only an empty cell is filled: what a person typed in the report view or on the form is never
     * overwritten by a file, and importing the same file again changes nothing. Each fill is
     * audited like an edit (action IMPORT). Returns how many fields changed.
     */
    public static int fillImportedHandwriting(Connection c, List<EventSink.Handwriting> list, MasterData master, String source,
                                              String operatorId, Instant now) throws SQLException {
        int changed = 0;
        for (EventSink.Handwriting x : list) {
            var line = master.line(x.lineCode());
            if (line.isEmpty()) continue;
            long lineId = line.get().id();
            long jobId = EventWriter.findOrCreateJob(c, x.jobNo(), null);
            changed += fillField(c, lineId, jobId, x.day(), "checkers", cut(blankToNull(x.checkers()), 500), source, operatorId, now);
            changed += fillField(c, lineId, jobId, x.day(), "remark", cut(blankToNull(x.remark()), 2000), source, operatorId, now);
        }
        return changed;
    }

    /** Fills one hand-written column of a job record when it is empty; 1 when it did. */
    private static int fillField(Connection c, long lineId, long jobId, LocalDate day, String column, String value,
                                 String source, String operatorId, Instant now) throws SQLException {
        if (value == null) return 0;
        Long id = null;
        String current = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, " + column + " FROM job_record WHERE line_id = ? AND job_id = ? AND production_day = ?")) {
            ps.setLong(1, lineId);
            ps.setLong(2, jobId);
            ps.setObject(3, day);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                    current = rs.getString(2);
                }
            }
        }
        if (id == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_record (line_id, job_id, production_day, " + column
                    + ", updated_by, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 0)", new String[]{"id"})) {
                ps.setLong(1, lineId);
                ps.setLong(2, jobId);
                ps.setObject(3, day);
                ps.setString(4, value);
                ps.setString(5, operatorId);
                ps.setTimestamp(6, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
        } else if (current == null || current.isBlank()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_record SET " + column
                    + " = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE id = ? AND (" + column
                    + " IS NULL OR TRIM(" + column + ") = '')")) {
                ps.setString(1, value);
                ps.setString(2, operatorId);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setLong(4, id);
                if (ps.executeUpdate() == 0) return 0;
            }
        } else {
            return 0;
        }
        AuditLog.write(c, now, operatorId, "job_record", Long.toString(id), "IMPORT", column, current, value, source);
        return 1;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void upsertJobRecord(Connection c, long lineId, String jobNo, LocalDate day, String checkers,
                                        String remark, String operatorId, Instant now) throws SQLException {
        long jobId = EventWriter.findOrCreateJob(c, jobNo, null);
        Long existing = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM job_record WHERE line_id = ? AND job_id = ? AND production_day = ?")) {
            ps.setLong(1, lineId);
            ps.setLong(2, jobId);
            ps.setObject(3, day);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) existing = rs.getLong(1);
            }
        }
        if (existing != null) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE job_record SET checkers = COALESCE(?, checkers), remark = COALESCE(?, remark), updated_by = ?,
                        updated_at = ?, version = version + 1 WHERE id = ?""")) {
                ps.setString(1, checkers);
                ps.setString(2, remark);
                ps.setString(3, operatorId);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setLong(5, existing);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO job_record (line_id, job_id, production_day, checkers, remark, updated_by, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0)""")) {
                ps.setLong(1, lineId);
                ps.setLong(2, jobId);
                ps.setObject(3, day);
                ps.setString(4, cut(checkers, 500));
                ps.setString(5, cut(remark, 2000));
                ps.setString(6, operatorId);
                ps.setTimestamp(7, Timestamp.from(now));
                ps.executeUpdate();
            }
        }
    }

    public record ManualRow(long messageId, Instant receivedAt, String operatorId, String lineCode, String jobNo,
                            long boards, int machines, long picks, long placements, boolean voided) {
    }

    public List<ManualRow> recentManual(int limit) {
        return db.jdbc(c -> {
            List<ManualRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.id, m.received_at, m.operator_id, MIN(l.code), MIN(j.job_no),
                        SUM(CASE WHEN COALESCE(e.line_id, v.line_id) IS NULL THEN 0
                            WHEN COALESCE(e.machine_id, v.machine_id) IS NULL THEN COALESCE(e.boards, v.boards) ELSE 0 END),
                        SUM(CASE WHEN COALESCE(e.machine_id, v.machine_id) IS NULL THEN 0 ELSE 1 END),
                        SUM(COALESCE(e.picks, v.picks)), SUM(COALESCE(e.placements, v.placements)),
                        MIN(CASE WHEN m.voided THEN 1 ELSE 0 END)
                    FROM integration_message m
                    JOIN message_event me ON me.message_id = m.id
                    LEFT JOIN production_event e ON e.event_id = me.event_id AND e.message_id = m.id
                    LEFT JOIN voided_event v ON v.event_id = me.event_id AND v.message_id = m.id
                    JOIN production_line l ON l.id = COALESCE(e.line_id, v.line_id)
                    JOIN job j ON j.id = COALESCE(e.job_id, v.job_id)
                    WHERE m.channel = 'MANUAL' AND m.status <> 'DUPLICATE'
                    GROUP BY m.id, m.received_at, m.operator_id
                    ORDER BY m.id DESC""")) {
                ps.setMaxRows(Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ManualRow(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getLong(9), rs.getInt(10) == 1));
                    }
                }
            }
            return out;
        });
    }

    /** A door's message the rules refused, kept with its reasons (status FAILED); one transaction. */
    public long keepRefused(String channel, String externalId, String operatorId, String payload, String reasons, Instant at) {
        return db.jdbc(c -> insertMessage(c, channel, externalId, null, "FAILED", cut(reasons, 2000), operatorId, at, payload));
    }

    /** A kept FAILED message that turned out to repeat a stored one (the gateway's eventId): DUPLICATE. */
    public void markDuplicate(long messageId) {
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE integration_message SET status = 'DUPLICATE' WHERE id = ? AND status = 'FAILED'")) {
                ps.setLong(1, messageId);
                return ps.executeUpdate();
            }
        });
    }

    /** A stored message of a channel by the sender's own id: id, status, received. */
    public record MessageRef(long id, String status, Instant receivedAt) {
    }

    /**
     * The message of {@code channel} that first wrote this external id (neither FAILED nor a
     * DUPLICATE of an earlier one), if any: what every repeat of it answers with.
     */
    public Optional<MessageRef> writtenMessage(String channel, String externalId) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, status, received_at FROM integration_message
                    WHERE channel = ? AND external_id = ? AND status NOT IN ('FAILED', 'DUPLICATE') ORDER BY id""")) {
                ps.setString(1, channel);
                ps.setString(2, cut(externalId, 200));
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new MessageRef(rs.getLong(1), rs.getString(2), instant(rs, 3)))
                            : Optional.<MessageRef>empty();
                }
            }
        });
    }

    /** When the newest message of a channel arrived (the gateway's health), if any; reaches the database. */
    public Optional<Instant> lastMessageAt(String channel) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(received_at) FROM integration_message WHERE channel = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(instant(rs, 1)) : Optional.<Instant>empty();
                }
            }
        });
    }

    // ---------- helpers ----------

    static long insertMessage(Connection c, String channel, String externalId, Long batchId, String status, String error,
                              String operatorId, Instant at, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO integration_message (channel, external_id, batch_id, status, error, operator_id, received_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"})) {
            ps.setString(1, channel);
            ps.setString(2, cut(externalId, 200));
            if (batchId == null) ps.setNull(3, Types.BIGINT); else ps.setLong(3, batchId);
            ps.setString(4, status);
            ps.setString(5, error);
            ps.setString(6, cut(operatorId, 64));
            ps.setTimestamp(7, Timestamp.from(at));
            ps.setString(8, payload);
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("no generated id");
            return keys.getLong(1);
        }
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
