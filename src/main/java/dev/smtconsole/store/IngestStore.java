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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ingest's store beside the hot chunk path ({@link EventWriter}): integration messages of every
 * door (manual entries, gateway and broker posts, refused messages), the hand-written columns,
 * metric specs and settings. Import batches live in {@link BatchStore}, voids in {@link VoidStore};
 * reach them through {@link #batches()} and {@link #voids()}. Plain JDBC, each public method one
 * transaction.
 */
public final class IngestStore {
    private final Database db;
    private final EventWriter writer;
    private final BucketWriter buckets;
    private final BatchStore batches;
    private final VoidStore voids;

    public IngestStore(Database db, EventWriter writer) {
        this.db = db;
        this.writer = writer;
        this.buckets = new BucketWriter(db);
        this.batches = new BatchStore(db);
        this.voids = new VoidStore(db, buckets);
    }

    /** Import batches: open, heartbeat, finish, sweep, history, rejected rows. */
    public BatchStore batches() {
        return batches;
    }

    /** Voids of batches and manual entries, atomic with their bucket subtraction and audit. */
    public VoidStore voids() {
        return voids;
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

    /** The metric specs' names by id (the gateway's {@code specId}). */
    public Map<Long, String> metricNamesById() {
        return db.jdbc(c -> {
            Map<Long, String> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, metric FROM metric_spec");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
            }
            return out;
        });
    }

    /** Which of these event ids are stored already (for the preview's duplicate status). */
    public java.util.Set<String> existingEventIds(java.util.Collection<String> ids) {
        if (ids.isEmpty()) return java.util.Set.of();
        return db.jdbc(c -> EventWriter.existingEventIds(c, ids));
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
                return db.jdbc(c -> writeMessagesIn(c, messages));
            } catch (DatabaseException e) {
                writer.forgetCachedJobs();
                if (attempt >= 3 || !isWriteConflict(e)) throw e;
            } catch (RuntimeException e) {
                writer.forgetCachedJobs();
                throw e;
            }
        }
    }

    /**
     * Messages forwarded from a local outbox (ADR 0030), in one transaction: each message's receipt is claimed
     * first; a message whose receipt is stored already was written by an earlier forward whose commit answer was
     * lost, and is skipped ({@code MessageWritten(0, 0, 0)}) — no second integration message.
     */
    public List<EventSink.MessageWritten> writeMessages(List<EventSink.Message> messages, List<EventSink.Receipt> receipts) {
        if (receipts.size() != messages.size()) throw new IllegalArgumentException("one receipt per message");
        for (int attempt = 1; ; attempt++) {
            try {
                return db.jdbc(c -> {
                    // The receipts claimed, and later given their message ids, in one statement each (not one per message).
                    boolean[] taken = Receipts.claimAll(c, db.isPostgres(), receipts);
                    List<EventSink.Message> fresh = new ArrayList<>(messages.size());
                    for (int i = 0; i < messages.size(); i++) if (taken[i]) fresh.add(messages.get(i));
                    List<EventSink.MessageWritten> written = fresh.isEmpty() ? List.of() : writeMessagesIn(c, fresh);
                    List<EventSink.MessageWritten> out = new ArrayList<>(messages.size());
                    List<EventSink.Receipt> kept = new ArrayList<>(fresh.size());
                    long[] keptIds = new long[fresh.size()];
                    for (int i = 0, k = 0; i < messages.size(); i++) {
                        if (!taken[i]) {
                            out.add(new EventSink.MessageWritten(0, 0, 0));
                            continue;
                        }
                        EventSink.MessageWritten w = written.get(k);
                        kept.add(receipts.get(i));
                        keptIds[k++] = w.messageId();
                        out.add(w);
                    }
                    Receipts.resultAll(c, db.isPostgres(), kept, keptIds);
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
            return db.jdbc(c -> writeMessagesIn(c, List.of(m)).get(0));
        } catch (RuntimeException e) {
            writer.forgetCachedJobs();
            throw e;
        }
    }

    /**
     * Messages in the caller's transaction, set-wise: each statement runs once for all of them
     * (a JDBC batch), not once per message — a gateway batch or a broker burst of a hundred
     * messages costs about what one costs. In order: a repeated device eventId or event id is
     * written by the first message that carries it.
     */
    private List<EventSink.MessageWritten> writeMessagesIn(Connection c, List<EventSink.Message> messages) throws SQLException {
        int n = messages.size();
        long[] ids = insertMessages(c, messages);
        int recordCount = 0;
        for (EventSink.Message m : messages) recordCount += m.records().size();
        boolean[] repeat;
        Map<IngestRecord, Long> messageOf = new IdentityHashMap<>();
        List<IngestRecord> records = new ArrayList<>();
        MasterData master = null;
        EventSink.WriteResult r;
        if (db.isPostgres() && recordCount <= EventWriter.PIPELINED) {
            // The posts' eventIds claimed and their counters inserted in one statement: a counter of a post
            // whose eventId is stored already (a repeat) does not go in (ADR 0029).
            DeviceDataStore.Claim claim = DeviceDataStore.claim(ids, messages);
            Set<IngestRecord> guarded = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < n; i++) {
                EventSink.Message m = messages.get(i);
                if (claim.repeatsInList(i)) continue;
                if (master == null) master = m.master();
                for (IngestRecord x : m.records()) {
                    messageOf.put(x, ids[i]);
                    records.add(x);
                    if (m.device() != null) guarded.add(x);
                }
            }
            r = writer.writeIn(c, records, master, messageOf::get, new EventWriter.Before(claim, guarded::contains));
            claim.runIfPending(c);
            repeat = claim.repeats();
        } else {
            // A post's eventId stored already: a repeat, whether or not it carries counters.
            repeat = DeviceDataStore.claimRecords(c, db.isPostgres(), ids, messages);
            for (int i = 0; i < n; i++) {
                EventSink.Message m = messages.get(i);
                if (repeat[i]) continue;
                if (master == null) master = m.master();
                for (IngestRecord x : m.records()) {
                    messageOf.put(x, ids[i]);
                    records.add(x);
                }
            }
            r = records.isEmpty() ? new EventSink.WriteResult(0, List.of())
                    : writer.writeIn(c, records, master, null, messageOf::get);
        }
        Set<IngestRecord> notWritten = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        notWritten.addAll(r.duplicates());
        // Counts whose job cannot be known yet (ADR 0027): held in the same transaction, each linked to its message.
        Map<EventSink.Unassigned, Long> heldBy = new IdentityHashMap<>();
        List<EventSink.Unassigned> toHold = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (repeat[i]) continue;
            for (EventSink.Unassigned u : messages.get(i).unassigned()) {
                heldBy.put(u, ids[i]);
                toHold.add(u);
            }
        }
        if (!toHold.isEmpty()) {
            List<IngestRecord> heldBefore = new ArrayList<>();
            writer.holdForMessages(c, toHold, master, heldBy::get, heldBefore);
            notWritten.addAll(heldBefore);
        }
        List<Long> partial = new ArrayList<>();
        List<String> partialNotes = new ArrayList<>();
        List<EventSink.MessageWritten> out = new ArrayList<>(n);
        List<Long> duplicates = new ArrayList<>();
        List<Long> droppedRecords = new ArrayList<>();
        List<Long> withValues = new ArrayList<>();
        List<EventSink.Message> valuesOf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EventSink.Message m = messages.get(i);
            if (repeat[i]) {
                duplicates.add(ids[i]);
                out.add(new EventSink.MessageWritten(ids[i], 0, Math.max(1, m.records().size())));
                continue;
            }
            int dup = 0;
            for (IngestRecord x : m.records()) if (notWritten.contains(x)) dup++;
            int accepted = m.records().size() - dup;
            int held = 0;
            for (EventSink.Unassigned u : m.unassigned()) {
                if (notWritten.contains(u.record())) dup++; else held++;
            }
            if (held > 0) {
                partial.add(ids[i]);
                // Packed where the door gave it (read in the reader's language, as refused messages' reasons are).
                EventSink.Unassigned first = m.unassigned().get(0);
                partialNotes.add(first.storedNote() != null ? first.storedNote()
                        : cut("held without a job: " + first.reason(), 2000));
            }
            if (accepted == 0 && held == 0 && dup > 0) {
                duplicates.add(ids[i]);
                // Its events came before the device record existed (an older build): still a repeat.
                if (m.device() != null) droppedRecords.add(ids[i]);
                out.add(new EventSink.MessageWritten(ids[i], 0, dup));
                continue;
            }
            if (m.device() != null && !m.device().values().isEmpty()) {
                withValues.add(ids[i]);
                valuesOf.add(m);
            }
            if (accepted > 0 && m.handwriting() != null) writeHandwriting(c, m, ids[i]);
            out.add(new EventSink.MessageWritten(ids[i], accepted, dup, held));
        }
        if (!partial.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE integration_message SET status = 'PARTIAL', error = ? WHERE id = ?")) {
                for (int k = 0; k < partial.size(); k++) {
                    ps.setString(1, partialNotes.get(k));
                    ps.setLong(2, partial.get(k));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        byIds(c, "UPDATE integration_message SET status = 'DUPLICATE' WHERE id = ?", duplicates);
        byIds(c, "DELETE FROM device_record WHERE message_id = ?", droppedRecords);
        DeviceDataStore.insertValues(c, withValues, valuesOf);
        return out;
    }

    /** The messages' rows in integration_message (status SUCCESS), their ids in order. */
    private static long[] insertMessages(Connection c, List<EventSink.Message> messages) throws SQLException {
        if (messages.size() == 1) {
            EventSink.Message m = messages.get(0);
            return new long[]{insertMessage(c, m.channel(), externalId(m), null, "SUCCESS", null, m.operatorId(), m.at(),
                    m.payload())};
        }
        long[] ids = new long[messages.size()];
        // One multi-row INSERT: one round trip (a JDBC batch that asks for its keys runs row by row).
        StringBuilder sql = new StringBuilder("INSERT INTO integration_message (channel, external_id, batch_id, status, error,"
                + " operator_id, received_at, payload) VALUES ");
        for (int i = 0; i < messages.size(); i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, NULL, 'SUCCESS', NULL, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString(), new String[]{"id"})) {
            int p = 1;
            for (EventSink.Message m : messages) {
                ps.setString(p++, m.channel());
                ps.setString(p++, cut(externalId(m), 200));
                ps.setString(p++, cut(m.operatorId(), 64));
                ps.setTimestamp(p++, Timestamp.from(m.at()));
                ps.setString(p++, m.payload());
            }
            ps.executeUpdate();
            // Both databases give a multi-row INSERT's keys in the order of its rows.
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) throw new SQLException("no generated id for message " + (i + 1) + " of " + ids.length);
                    ids[i] = keys.getLong(1);
                }
            }
        }
        // The ids are drawn in the order of the rows; sorted, they pair with them whatever order the keys came back in.
        java.util.Arrays.sort(ids);
        return ids;
    }

    private static String externalId(EventSink.Message m) {
        return m.externalId() != null ? m.externalId() : m.records().isEmpty() ? null : m.records().get(0).eventId();
    }

    /** One statement with one id parameter, run for each id (one JDBC batch). */
    private static void byIds(Connection c, String sql, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The form's hand-written columns, on the job record of that production day. */
    private static void writeHandwriting(Connection c, EventSink.Message m, long msgId) throws SQLException {
        EventSink.Handwriting h = m.handwriting();
        if (m.mode() == EventSink.HandwritingMode.SET) {
            upsertJobRecord(c, m.master().line(h.lineCode()).orElseThrow().id(), h.jobNo(), h.day(), h.checkers(),
                    h.remark(), m.operatorId(), m.at());
        } else {
            fillImportedHandwriting(c, List.of(h), m.master(), "message " + msgId, m.operatorId(), m.at());
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

    /** {@link #keepRefused} forwarded from a local outbox (ADR 0030): kept once; a repeat returns the first's message id. */
    public long keepRefused(String channel, String externalId, String operatorId, String payload, String reasons, Instant at,
                            EventSink.Receipt receipt) {
        return db.jdbc(c -> {
            if (!Receipts.claim(c, db.isPostgres(), receipt)) return Receipts.resultOf(c, receipt).orElse(0L);
            long id = insertMessage(c, channel, externalId, null, "FAILED", cut(reasons, 2000), operatorId, at, payload);
            Receipts.result(c, receipt, id);
            return id;
        });
    }

    /** Forgets an outbox's receipts below a sequence number (ADR 0030): those records are never forwarded again. */
    public void forgetReceipts(String outbox, long belowSeq) {
        db.jdbc(c -> Receipts.forget(c, outbox, belowSeq));
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
            // By the external id alone (the channel compared here): see Database.prepareIndexedLookup.
            try (PreparedStatement ps = Database.prepareIndexedLookup(c, """
                    SELECT id, status, received_at, channel FROM integration_message
                    WHERE external_id = ? AND status NOT IN ('FAILED', 'DUPLICATE') ORDER BY id""")) {
                ps.setString(1, cut(externalId, 200));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (channel.equals(rs.getString(4))) {
                            return Optional.of(new MessageRef(rs.getLong(1), rs.getString(2), instant(rs, 3)));
                        }
                    }
                    return Optional.<MessageRef>empty();
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

    /** A file's integration message carries its batch message as the error when the file failed or partly failed. */
    static String fileMessageError(String messageStatus, String message) {
        return "FAILED".equals(messageStatus) || "PARTIAL".equals(messageStatus) ? message : null;
    }

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

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) throw new SQLException("no generated id");
            return keys.getLong(1);
        }
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
