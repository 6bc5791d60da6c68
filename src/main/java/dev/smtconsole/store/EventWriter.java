package dev.smtconsole.store;

import dev.smtconsole.port.EventSink;
import dev.smtconsole.port.IngestPhases;
import dev.smtconsole.port.EventSink.BatchDelta;
import dev.smtconsole.port.EventSink.ChunkWork;
import dev.smtconsole.port.EventSink.Rejected;
import dev.smtconsole.port.EventSink.WriteResult;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The hot write path: a chunk of validated records becomes events plus counter-bucket upserts in
 * one JDBC transaction, deduplicated by event id. Plain JDBC batches, because this is where
 * imports spend their time.
 */
public final class EventWriter {
    private static final int IN_LIST = 500;

    private final Database db;
    private final BucketWriter buckets;
    private final Map<String, Long> jobIds = new ConcurrentHashMap<>();
    /**
     * Whether the last chunk met event ids that were stored already (a re-import, an overlapping
     * export): then the next chunk goes straight to the insert-if-absent path instead of first
     * trying the plain insert that a stored id makes fail.
     */
    private volatile boolean expectDuplicates;

    public EventWriter(Database db) {
        this.db = db;
        this.buckets = new BucketWriter(db);
    }

    /**
     * Writes one chunk in one transaction. Records whose event id exists (or repeats within the
     * chunk) are not written and come back as duplicates.
     */
    public WriteResult write(List<IngestRecord> records, MasterData master, Long batchId, Long messageId) {
        if (records.isEmpty()) return new WriteResult(0, List.of());
        try {
            return db.jdbc(c -> writeChunk(c, records, master, batchId, r -> messageId, false, null));
        } catch (DatabaseException e) {
            // Another writer may have committed the same event ids between our check and insert:
            // the unique key stopped it. Once more, and the check sees them.
            if (!isUniqueViolation(e)) throw e;
            jobIds.clear();
            return db.jdbc(c -> writeChunk(c, records, master, batchId, r -> messageId, false, null));
        }
    }

    /** A chunk's work done ahead of its transaction (see {@link #prepare}). */
    static final class Prepared implements EventSink.Prepared {
        /** PostgreSQL's COPY rows but for the job ids, or null. */
        private final PgCopyInsert.Encoded encoded;
        /** The rows' source text, or null: made when the chunk is finished. */
        private final BatchText.Piece text;

        private Prepared(PgCopyInsert.Encoded encoded, BatchText.Piece text) {
            this.encoded = encoded;
            this.text = text;
        }
    }

    /**
     * Work that can be done for a file-import chunk before its transaction, on another thread
     * (the import's reader). PostgreSQL: the rows' COPY form but for the job ids; its source text
     * is made on the commit thread, which has time to spare. H2, whose chunks are finished on the
     * importing thread: the source text. Null for no records.
     */
    public EventSink.Prepared prepare(List<IngestRecord> records, MasterData master, long batchId) {
        if (records.isEmpty()) return null;
        return pipelinesCommits() ? new Prepared(PgCopyInsert.encode(records, master, batchId), null)
                : new Prepared(null, BatchText.of(records));
    }

    /**
     * One chunk of a file import is one transaction: events and buckets, the chunk's rejected rows
     * and source text, and the batch's counters. A crash therefore leaves whole chunks whose counts
     * match what they wrote, and their re-import is a no-op.
     * <p>
     * An OpenChunk is a chunk whose events are inserted, its transaction still open; {@link #finish} writes the
     * rest (buckets, bucket sources, rejected rows, source text, batch counters, change marker)
     * and commits, {@link #abandon} rolls back. Splitting the two lets an import insert the next
     * chunk's events while this one's rest and commit run on another thread; the rest takes the
     * shared rows (buckets, batch counters, change marker) only in commit order, so two open
     * chunks never wait for each other.
     */
    final class OpenChunk implements EventSink.OpenChunk {
        private final ChunkWork work;
        private final Connection connection;
        private final Inserted inserted;

        private OpenChunk(ChunkWork work, Connection connection, Inserted inserted) {
            this.work = work;
            this.connection = connection;
            this.inserted = inserted;
        }
    }

    /**
     * Whether chunks may be finished on another thread while the next one begins. PostgreSQL
     * only: its upserts lock rows, and a chunk's rest touches the shared rows only after the
     * previous chunk committed. H2's MERGE timed out on a table lock under load when tried.
     */
    public boolean pipelinesCommits() {
        return db.isPostgres();
    }

    /** A chunk forwarded from a local outbox whose receipt was stored already (ADR 0030): written before, nothing to do. */
    private enum DoneBefore implements EventSink.OpenChunk { CHUNK }

    /**
     * Phase one of a chunk: its events, in a new transaction left open. A chunk with a receipt claims it first; when
     * it is stored already (a forward whose commit answer was lost), nothing is written and the chunk is done.
     */
    public EventSink.OpenChunk begin(ChunkWork w) {
        Prepared prepared = (Prepared) w.prepared();
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = db.begin();
            } catch (RuntimeException e) {
                // The serving process of a shared H2 file is going away (ADR 0014): the next connection reaches the new one.
                if (db.mayRetryBroken(e, attempt)) continue;
                throw e;
            }
            try {
                if (w.receipt() != null && !Receipts.claim(c, db.isPostgres(), w.receipt())) {
                    db.end(c, false);
                    org.slf4j.LoggerFactory.getLogger(EventWriter.class).info(
                            "outbox record {} (a chunk of batch {}) was received before: not written again", w.receipt().seq(),
                            w.batchId());
                    return DoneBefore.CHUNK;
                }
                Inserted ins = w.records().isEmpty() ? Inserted.NONE
                        : insertEvents(c, w.records(), w.master(), w.batchId(), NO_MESSAGE, true, null,
                        prepared == null ? null : prepared.encoded);
                return new OpenChunk(w, c, ins);
            } catch (SQLException | RuntimeException e) {
                // Job ids created in the rolled-back transaction no longer exist.
                jobIds.clear();
                try {
                    db.end(c, false);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                // Another writer may have created the same job meanwhile: once more, and we see it.
                if (attempt < 3 && IngestStore.isWriteConflict(e)) continue;
                // The process serving a shared H2 file went away (ADR 0014): the chunk is written again, by event id.
                if (db.mayRetryBroken(e, attempt)) continue;
                throw db.failure(e);
            }
        }
    }

    /** Phase two and commit. On a unique-key race the whole chunk is written once more, from the start. */
    public WriteResult finish(EventSink.OpenChunk chunk) {
        return finish(chunk, true, 1);
    }

    private WriteResult finish(EventSink.OpenChunk open, boolean mayRetry, int brokenAttempt) {
        if (open instanceof DoneBefore) return new WriteResult(0, List.of(), 0);
        OpenChunk chunk = (OpenChunk) open;
        Rest done;
        try {
            done = rest(chunk.connection, chunk.work, chunk.inserted);
        } catch (SQLException | RuntimeException e) {
            try {
                abandon(chunk);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            // A lost session (ADR 0014) rolled the whole chunk back: written again from the start, by event id.
            if (db.mayRetryBroken(e, brokenAttempt)) return finish(begin(chunk.work), mayRetry, brokenAttempt + 1);
            if (!mayRetry || !IngestStore.isWriteConflict(e)) throw db.failure(e);
            return finish(begin(chunk.work), false, brokenAttempt);
        }
        long t0 = System.nanoTime();
        try {
            db.end(chunk.connection, true);
            IngestPhases.COMMIT.add(System.nanoTime() - t0);
        } catch (RuntimeException e) {
            jobIds.clear();
            // The serving process of a shared H2 file went away during the commit (ADR 0028): whether the chunk
            // committed is read back from its batch's counter on the next server, and only a chunk that did not
            // commit is written again. Writing it again blindly would count its rows twice in the batch.
            if (!db.mayRetryBroken(e, brokenAttempt)) throw e;
            Boolean committed;
            try {
                committed = committed(chunk.work, done.rowsReadAfter());
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                throw e;
            }
            if (committed == null) {
                throw new DatabaseException("the connection to the shared H2 file was lost while import batch "
                        + chunk.work.batchId() + " committed a chunk, and its counters do not tell whether it did", e);
            }
            org.slf4j.LoggerFactory.getLogger(EventWriter.class).info(
                    "the commit answer of a chunk of batch {} was lost with the shared H2 file's server; it {}", chunk.work.batchId(),
                    committed ? "had committed" : "had not committed and is written again");
            if (committed) return done.result();
            return finish(begin(chunk.work), mayRetry, brokenAttempt + 1);
        }
        return done.result();
    }

    /**
     * Whether a chunk whose commit answer was lost did commit: the batch's rows_read is what that chunk's
     * transaction left it ({@code after}), or still what it found. One import writes one batch, one chunk
     * after the other (H2 does not pipeline commits), so nothing else moves that counter meanwhile. Null when
     * it is neither (cannot be told). A chunk of no rows cannot be told by it, and has nothing to count twice:
     * written again.
     */
    private Boolean committed(ChunkWork w, long after) {
        long now = db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rows_read FROM import_batch WHERE id = ?")) {
                ps.setLong(1, w.batchId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("import batch " + w.batchId() + " is gone");
                    return rs.getLong(1);
                }
            }
        });
        long read = w.delta().read();
        if (read == 0) return Boolean.FALSE; // nothing counted: writing it again adds only what is absent
        if (now == after) return Boolean.TRUE;
        if (now == after - read) return Boolean.FALSE;
        return null;
    }

    /** Rolls an open chunk back (an import that failed or stopped). */
    public void abandon(EventSink.OpenChunk chunk) {
        if (chunk instanceof DoneBefore) return;
        jobIds.clear();
        db.end(((OpenChunk) chunk).connection, false);
    }

    /** A chunk's result before its commit, and its batch's rows_read as its transaction left it. */
    private record Rest(WriteResult result, long rowsReadAfter) {
    }

    private Rest rest(Connection c, ChunkWork w, Inserted ins) throws SQLException {
        if (!ins.written().isEmpty()) {
            buckets.upsertBuckets(c, ins.written(), w.master(), ins.jobs(), w.batchId(), +1);
            resolveHeld(c, ins.written());
        }
        List<IngestRecord> duplicates = ins.duplicates();
        int held = 0;
        if (w.unassigned() != null && !w.unassigned().isEmpty()) {
            duplicates = new ArrayList<>(duplicates);
            held = holdUnassigned(c, w.unassigned(), w.master(), w.batchId(), duplicates);
        }
        WriteResult r = new WriteResult(ins.written().size(), duplicates, held);
        long t2 = System.nanoTime();
        Prepared prepared = (Prepared) w.prepared();
        BatchText.Piece text = prepared != null && prepared.text != null ? prepared.text
                : w.records().isEmpty() ? null : BatchText.of(w.records());
        if (text != null && text.rows() > 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO batch_text (batch_id, first_row, last_row, row_count, body) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, w.batchId());
                ps.setLong(2, text.firstRow());
                ps.setLong(3, text.lastRow());
                ps.setInt(4, text.rows());
                ps.setBytes(5, text.body());
                ps.executeUpdate();
            }
        }
        if (!w.rejected().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rejected_row (batch_id, row_no, raw_text, reasons) VALUES (?, ?, ?, ?)")) {
                for (Rejected x : w.rejected()) {
                    ps.setLong(1, w.batchId());
                    ps.setLong(2, x.rowNo());
                    ps.setString(3, RawText.bound(x.rawText()));
                    ps.setString(4, RawText.bound(x.reasons()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (w.handwriting() != null && !w.handwriting().isEmpty()) {
            IngestStore.fillImportedHandwriting(c, w.handwriting(), w.master(), "import batch " + w.batchId(), w.operatorId(),
                    w.at());
        }
        BatchDelta delta = w.delta();
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE import_batch SET rows_read = rows_read + ?, rows_accepted = rows_accepted + ?,
                    rows_rejected = rows_rejected + ?, rows_duplicate = rows_duplicate + ?, rows_skipped = rows_skipped + ?,
                    rows_warned = rows_warned + ?, rows_unassigned = rows_unassigned + ?, heartbeat_at = CURRENT_TIMESTAMP,
                    status = CASE WHEN status = 'INTERRUPTED' THEN 'RUNNING' ELSE status END
                WHERE id = ? AND voided = FALSE""")) {
            ps.setLong(1, delta.read());
            ps.setLong(2, r.accepted());
            ps.setLong(3, delta.rejected());
            ps.setLong(4, r.duplicates().size());
            ps.setLong(5, delta.skipped());
            ps.setLong(6, delta.warned());
            ps.setLong(7, r.unassigned());
            ps.setLong(8, w.batchId());
            // A void takes the batch row first: a chunk of a batch voided meanwhile must not add events to it.
            if (ps.executeUpdate() == 0) throw new SQLException("import batch " + w.batchId() + " was voided during the import");
        }
        long rowsReadAfter;
        try (PreparedStatement ps = c.prepareStatement("SELECT rows_read FROM import_batch WHERE id = ?")) {
            ps.setLong(1, w.batchId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rowsReadAfter = rs.getLong(1);
            }
        }
        if (!ins.written().isEmpty()) db.changeFeed().bump(c);
        IngestPhases.REST.add(System.nanoTime() - t2);
        return new Rest(r, rowsReadAfter);
    }

    /**
     * Holds counts without a job in unassigned_count (ADR 0027), in the chunk's transaction. An event id stored
     * already — as an event or as a held count — is a duplicate (added to {@code duplicates}) and not held twice.
     *
     * @return how many were held
     */
    int holdUnassigned(Connection c, List<EventSink.Unassigned> list, MasterData master, long batchId,
                               List<IngestRecord> duplicates) throws SQLException {
        return holdUnassigned(c, list, master, u -> batchId, u -> u.record().rowNo(), duplicates);
    }

    /** A held count of a door's message (no import batch): batch 0, its row the integration message's id. */
    public static final long MESSAGE_BATCH = 0;

    /**
     * Holds counts of door messages without a job (a broker's count whose job cannot be known yet, ADR 0027), in
     * the messages' transaction: batch {@link #MESSAGE_BATCH}, row = the id of the message that brought each, so
     * an assignment links the events to their message.
     *
     * @return how many were held; those whose event id was stored already are added to {@code duplicates}
     */
    public int holdForMessages(Connection c, List<EventSink.Unassigned> list, MasterData master,
                               java.util.function.ToLongFunction<EventSink.Unassigned> messageOf, List<IngestRecord> duplicates)
            throws SQLException {
        return holdUnassigned(c, list, master, u -> MESSAGE_BATCH, messageOf, duplicates);
    }

    private int holdUnassigned(Connection c, List<EventSink.Unassigned> list, MasterData master,
                               java.util.function.ToLongFunction<EventSink.Unassigned> batchOf,
                               java.util.function.ToLongFunction<EventSink.Unassigned> rowOf,
                               List<IngestRecord> duplicates) throws SQLException {
        Set<String> seen = new HashSet<>();
        List<EventSink.Unassigned> candidates = new ArrayList<>(list.size());
        for (EventSink.Unassigned u : list) {
            if (seen.add(u.record().eventId())) candidates.add(u); else duplicates.add(u.record());
        }
        Timestamp now = Timestamp.from(Instant.now());
        int held = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO unassigned_count (event_id, batch_id, row_no, event_time, start_time, source, line_id, machine_id,
                    product_model, boards, picks, placements, rejects, pcbs, operator_id, remark, raw_text, reason, received_at)
                SELECT CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE),
                    CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(8)), CAST(? AS BIGINT), CAST(? AS BIGINT),
                    CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
                    CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(2000)), CAST(? AS VARCHAR),
                    CAST(? AS VARCHAR(2000)), CAST(? AS TIMESTAMP WITH TIME ZONE)
                WHERE NOT EXISTS (SELECT 1 FROM production_event WHERE event_id = ?)
                    AND NOT EXISTS (SELECT 1 FROM unassigned_count WHERE event_id = ?)""")) {
            for (EventSink.Unassigned u : candidates) {
                IngestRecord r = u.record();
                ps.setString(1, r.eventId());
                ps.setLong(2, batchOf.applyAsLong(u));
                ps.setLong(3, rowOf.applyAsLong(u));
                ps.setTimestamp(4, Timestamp.from(r.eventTime()));
                if (r.startTime() == null) ps.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE); else ps.setTimestamp(5, Timestamp.from(r.startTime()));
                ps.setString(6, r.source().name());
                ps.setLong(7, BucketWriter.lineId(master, r));
                Long machineId = BucketWriter.machineId(master, r);
                if (machineId == null) ps.setNull(8, Types.BIGINT); else ps.setLong(8, machineId);
                ps.setString(9, r.productModel() == null ? null : IngestStore.cut(r.productModel(), 200));
                ps.setLong(10, r.boards());
                ps.setLong(11, r.picks());
                ps.setLong(12, r.placements());
                ps.setLong(13, r.rejects());
                ps.setLong(14, r.pcbs());
                ps.setString(15, IngestStore.cut(r.operatorId(), 64));
                ps.setString(16, IngestStore.cut(r.remark(), 2000));
                ps.setString(17, RawText.bound(r.rawText()));
                ps.setString(18, IngestStore.cut(u.reason(), 2000));
                ps.setTimestamp(19, now);
                ps.setString(20, r.eventId());
                ps.setString(21, r.eventId());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) held++; else duplicates.add(candidates.get(i).record());
            }
        }
        return held;
    }

    /**
     * Counts held without a job whose events have just been written with one (the file imported again with
     * {@code --job}): they are no longer held, and their batches count them as duplicates of the stored event
     * instead of unassigned, so read = accepted + rejected + duplicates + skipped + unassigned stays true for each
     * batch and no count is shown twice. One cheap look first: most databases hold none.
     */
    void resolveHeld(Connection c, List<IngestRecord> written) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ANY_HELD); ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) return;
        }
        resolveHeldFound(c, written);
    }

    private static final String ANY_HELD = "SELECT EXISTS (SELECT 1 FROM unassigned_count)";

    /** {@link #resolveHeld} once the cheap look found held counts. */
    private void resolveHeldFound(Connection c, List<IngestRecord> written) throws SQLException {
        Map<Long, Long> perBatch = new java.util.TreeMap<>();
        for (int from = 0; from < written.size(); from += IN_LIST) {
            List<IngestRecord> part = written.subList(from, Math.min(written.size(), from + IN_LIST));
            String in = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            List<Long> batches = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT batch_id FROM unassigned_count WHERE event_id IN (" + in + ")")) {
                for (int i = 0; i < part.size(); i++) ps.setString(i + 1, part.get(i).eventId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) batches.add(rs.getLong(1));
                }
            }
            if (batches.isEmpty()) continue;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM unassigned_count WHERE event_id IN (" + in + ")")) {
                for (int i = 0; i < part.size(); i++) ps.setString(i + 1, part.get(i).eventId());
                if (ps.executeUpdate() != batches.size()) throw new SQLException("held counts changed while being resolved", "40001"); // run again
            }
            for (long b : batches) perBatch.merge(b, 1L, Long::sum);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE import_batch SET rows_unassigned = rows_unassigned - ?, rows_duplicate = rows_duplicate + ? WHERE id = ?")) {
            for (var e : perBatch.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setLong(2, e.getValue());
                ps.setLong(3, e.getKey());
                ps.addBatch();
            }
            if (!perBatch.isEmpty()) ps.executeBatch();
        }
    }

    /** Writes records inside the caller's transaction (manual entry: events, message and job record together). */
    public WriteResult writeIn(Connection c, List<IngestRecord> records, MasterData master, Long batchId, Long messageId)
            throws SQLException {
        return writeIn(c, records, master, batchId, r -> messageId);
    }

    /**
     * {@link #writeIn(Connection, List, MasterData, Long, Long)} for the records of several messages at
     * once (a gateway batch, a broker burst): {@code messageOf} names each record's message.
     */
    public WriteResult writeIn(Connection c, List<IngestRecord> records, MasterData master, Long batchId,
                               Function<IngestRecord, Long> messageOf) throws SQLException {
        if (records.isEmpty()) return new WriteResult(0, List.of());
        return writeChunk(c, records, master, batchId, messageOf, false, null);
    }

    /**
     * A PostgreSQL claim of device records to run in one statement with the events' insert (ADR 0029), and which
     * events go in only if their message's claim went in (a repeated post's counters are not written).
     */
    record Before(DeviceDataStore.Claim claim, java.util.function.Predicate<IngestRecord> guarded) {
    }

    /**
     * {@link #writeIn(Connection, List, MasterData, Long, Function)} with {@code before}'s claim in the events'
     * insert, on PostgreSQL and for at most {@link #PIPELINED} records; the caller runs the claim itself when no
     * event insert ran ({@link DeviceDataStore.Claim#runIfPending}).
     */
    WriteResult writeIn(Connection c, List<IngestRecord> records, MasterData master, Function<IngestRecord, Long> messageOf,
                        Before before) throws SQLException {
        if (!db.isPostgres() || records.size() > PIPELINED) throw new IllegalArgumentException("not a combined write");
        if (records.isEmpty()) return new WriteResult(0, List.of());
        return writeChunk(c, records, master, null, messageOf, false, before);
    }

    /** At most this many events go in with a claim (PgCopyInsert's multi-row insert). */
    static final int PIPELINED = PgCopyInsert.SMALL;

    /** Records of no message (a file's chunk, demo data). */
    static final Function<IngestRecord, Long> NO_MESSAGE = r -> null;

    /** The bucket upserts of this writer (whole files' writes, ADR 0035). */
    BucketWriter buckets() {
        return buckets;
    }

    /** Clears cached job ids after a rolled-back transaction may have created (and lost) some. */
    public void forgetCachedJobs() {
        jobIds.clear();
    }

    /** Events a chunk inserted (the rest were stored already or repeated), with the job ids it used. */
    record Inserted(List<IngestRecord> written, List<IngestRecord> duplicates, Map<String, Long> jobs) {
        static final Inserted NONE = new Inserted(List.of(), List.of(), Map.of());
    }

    /** Events, buckets and the change marker in the caller's transaction. */
    private WriteResult writeChunk(Connection c, List<IngestRecord> records, MasterData master, Long batchId,
                                   Function<IngestRecord, Long> messageOf, boolean textInBatch, Before before)
            throws SQLException {
        Inserted ins = insertEvents(c, records, master, batchId, messageOf, textInBatch, before, null);
        if (ins.written().isEmpty()) return new WriteResult(0, ins.duplicates());
        List<IngestRecord> linked = new ArrayList<>(ins.written().size());
        if (messageOf != NO_MESSAGE) {
            for (IngestRecord r : ins.written()) if (messageOf.apply(r) != null) linked.add(r);
        }
        if (db.isPostgres()) {
            // The links, the buckets, the change marker and the look for held counts in one round trip.
            Pipeline p = new Pipeline();
            if (!linked.isEmpty()) {
                p.add("INSERT INTO message_event (message_id, event_id) VALUES " + Pipeline.rows(linked.size(), 2),
                        linked.size() * 2, (ps, i) -> {
                            for (IngestRecord r : linked) {
                                ps.setLong(i++, messageOf.apply(r));
                                ps.setString(i++, r.eventId());
                            }
                            return i;
                        });
            }
            buckets.pipeline(p, ins.written(), master, ins.jobs(), batchId, +1);
            db.changeFeed().bump(p);
            boolean[] held = new boolean[1];
            p.add(ANY_HELD, 0, (ps, i) -> i, rs -> held[0] = rs.next() && rs.getBoolean(1));
            if (p.fits()) {
                p.run(c);
                if (held[0]) resolveHeldFound(c, ins.written());
                return new WriteResult(ins.written().size(), ins.duplicates());
            }
        }
        if (!linked.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_event (message_id, event_id) VALUES (?, ?)")) {
                for (IngestRecord r : linked) {
                    ps.setLong(1, messageOf.apply(r));
                    ps.setString(2, r.eventId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        buckets.upsertBuckets(c, ins.written(), master, ins.jobs(), batchId, +1);
        resolveHeld(c, ins.written());
        db.changeFeed().bump(c);
        return new WriteResult(ins.written().size(), ins.duplicates());
    }

    /** @param textInBatch the rows' text goes to batch_text (by the caller); events name their row instead */
    private Inserted insertEvents(Connection c, List<IngestRecord> records, MasterData master, Long batchId,
                                  Function<IngestRecord, Long> messageOf, boolean textInBatch, Before before,
                                  PgCopyInsert.Encoded encoded)
            throws SQLException {
        return insertEvents(c, records, master, r -> batchId, messageOf, textInBatch, before, encoded);
    }

    /** {@link #insertEvents} for records of several batches: {@code batchOf} names each record's. */
    Inserted insertEvents(Connection c, List<IngestRecord> records, MasterData master, Function<IngestRecord, Long> batchOf,
                          Function<IngestRecord, Long> messageOf, boolean textInBatch, Before before,
                          PgCopyInsert.Encoded encoded)
            throws SQLException {
        List<IngestRecord> duplicates = new ArrayList<>();
        List<IngestRecord> candidates = new ArrayList<>(records.size());
        int[] index = new int[records.size()]; // candidate k is records[index[k]]
        Set<String> seen = new HashSet<>(records.size() * 2);
        for (int i = 0; i < records.size(); i++) {
            IngestRecord r = records.get(i);
            if (!seen.add(r.eventId())) {
                duplicates.add(r);
            } else {
                index[candidates.size()] = i;
                candidates.add(r);
            }
        }
        if (candidates.isEmpty()) return new Inserted(List.of(), duplicates, Map.of());
        // In key order, the rows of a chunk reach the primary key's pages one after the other
        // instead of at random: with random ids (IPC-CFX message ids, derived content hashes)
        // fewer pages are read and rewritten per row.
        record Candidate(IngestRecord record, int index) {
        }
        Candidate[] order = new Candidate[candidates.size()];
        for (int k = 0; k < order.length; k++) order[k] = new Candidate(candidates.get(k), index[k]);
        java.util.Arrays.sort(order, (a, b) -> a.record().eventId().compareTo(b.record().eventId()));
        for (int k = 0; k < order.length; k++) {
            candidates.set(k, order[k].record());
            index[k] = order[k].index();
        }
        // Insert-if-absent rather than look-then-insert: one pass, and no query whose plan
        // degrades while the table grows faster than statistics follow during a bulk import.
        Map<String, Long> jobs = ensureJobs(c, candidates);
        long t0 = System.nanoTime();
        boolean[] inserted = before != null
                ? PgCopyInsert.insertFewAfter(c, candidates, master, jobs, messageOf, before)
                : db.isPostgres()
                ? PgCopyInsert.insert(c, candidates, master, jobs, batchOf, messageOf, textInBatch, encoded, index,
                expectDuplicates)
                : insertH2(c, candidates, master, jobs, batchOf, messageOf, textInBatch);
        IngestPhases.INSERT.add(System.nanoTime() - t0);
        List<IngestRecord> toWrite = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (inserted[i]) toWrite.add(candidates.get(i));
            else duplicates.add(candidates.get(i));
        }
        expectDuplicates = toWrite.size() < candidates.size();
        return new Inserted(toWrite, duplicates, jobs);
    }

    /**
     * H2: new events (the usual case) go in as one plain batch, which the primary key still
     * guards; if an id is stored already, that batch is rolled back to a savepoint and the chunk
     * takes the insert-if-absent path, which says row by row what went in.
     */
    private boolean[] insertH2(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                               Function<IngestRecord, Long> batchOf, Function<IngestRecord, Long> messageOf, boolean textInBatch)
            throws SQLException {
        if (!expectDuplicates) {
            Timestamp now = Timestamp.from(Instant.now());
            Savepoint sp = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO production_event (event_id, event_time, start_time, source, line_id, machine_id, job_id,
                        boards, picks, placements, rejects, operator_id, batch_id, message_id, remark, raw_text, received_at,
                        source_row, voided)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)""")) {
                for (IngestRecord r : records) {
                    bindEvent(ps, r, master, jobs, batchOf.apply(r), messageOf.apply(r), now, textInBatch);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.releaseSavepoint(sp);
                boolean[] all = new boolean[records.size()];
                java.util.Arrays.fill(all, true);
                return all;
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) throw e;
                c.rollback(sp);
            }
        }
        return insertIfAbsent(c, records, master, jobs, batchOf, messageOf, textInBatch);
    }

    /** H2: a batch of INSERT … SELECT … WHERE NOT EXISTS; each update count says whether the row went in. */
    private static boolean[] insertIfAbsent(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                                            Function<IngestRecord, Long> batchOf, Function<IngestRecord, Long> messageOf,
                                            boolean textInBatch)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        boolean[] inserted = new boolean[records.size()];
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO production_event (event_id, event_time, start_time, source, line_id, machine_id, job_id,
                    boards, picks, placements, rejects, operator_id, batch_id, message_id, remark, raw_text, received_at,
                    source_row, voided)
                SELECT CAST(? AS VARCHAR(200)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),
                    CAST(? AS VARCHAR(8)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
                    CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT),
                    CAST(? AS BIGINT), CAST(? AS VARCHAR(2000)), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE),
                    CAST(? AS BIGINT), FALSE
                WHERE NOT EXISTS (SELECT 1 FROM production_event WHERE event_id = ?)""")) {
            for (IngestRecord r : records) {
                bindEvent(ps, r, master, jobs, batchOf.apply(r), messageOf.apply(r), now, textInBatch);
                ps.setString(19, r.eventId());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) inserted[i] = counts[i] != 0;
        }
        return inserted;
    }

    static void bindEvent(PreparedStatement ps, IngestRecord r, MasterData master, Map<String, Long> jobs, Long batchId,
                          Long messageId, Timestamp now, boolean textInBatch) throws SQLException {
        ps.setString(1, r.eventId());
        ps.setTimestamp(2, Timestamp.from(r.eventTime()));
        if (r.startTime() == null) ps.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE); else ps.setTimestamp(3, Timestamp.from(r.startTime()));
        ps.setString(4, r.source().name());
        ps.setLong(5, BucketWriter.lineId(master, r));
        Long machineId = BucketWriter.machineId(master, r);
        if (machineId == null) ps.setNull(6, Types.BIGINT); else ps.setLong(6, machineId);
        ps.setLong(7, jobs.get(r.jobNo()));
        ps.setLong(8, r.boards());
        ps.setLong(9, r.picks());
        ps.setLong(10, r.placements());
        ps.setLong(11, r.rejects());
        ps.setString(12, r.operatorId());
        if (batchId == null) ps.setNull(13, Types.BIGINT); else ps.setLong(13, batchId);
        if (messageId == null) ps.setNull(14, Types.BIGINT); else ps.setLong(14, messageId);
        ps.setString(15, r.remark());
        ps.setString(16, textInBatch ? null : r.rawText());
        ps.setTimestamp(17, now);
        if (textInBatch) ps.setLong(18, r.rowNo()); else ps.setNull(18, Types.BIGINT);
    }

    static Set<String> existingEventIds(Connection c, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<String> part = all.subList(from, Math.min(all.size(), from + IN_LIST));
            String sql = "SELECT event_id FROM production_event WHERE event_id IN ("
                    + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) ps.setString(i + 1, part.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Job ids for the records' job numbers; an unknown job seen in valid data is created, with
     * its product model when the data carries one.
     */
    private Map<String, Long> ensureJobs(Connection c, List<IngestRecord> records) throws SQLException {
        Map<String, String> modelByJob = new HashMap<>();
        for (IngestRecord r : records) {
            String model = r.productModel() == null || r.productModel().isBlank() ? null : r.productModel().strip();
            modelByJob.merge(r.jobNo(), model == null ? "" : model, (a, b) -> a.isEmpty() ? b : a);
        }
        Map<String, Long> result = new HashMap<>();
        for (var e : modelByJob.entrySet()) {
            Long id = jobIds.get(e.getKey());
            if (id == null) {
                id = findOrCreateJob(c, e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
                jobIds.put(e.getKey(), id);
            }
            result.put(e.getKey(), id);
        }
        return result;
    }

    static long findOrCreateJob(Connection c, String jobNo, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, product_id FROM job WHERE job_no = ?")) {
            ps.setString(1, jobNo);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    rs.getLong(2);
                    if (rs.wasNull() && model != null) {
                        try (PreparedStatement up = c.prepareStatement("UPDATE job SET product_id = ? WHERE id = ?")) {
                            up.setLong(1, findOrCreateProduct(c, model));
                            up.setLong(2, id);
                            up.executeUpdate();
                        }
                    }
                    return id;
                }
            }
        }
        Long productId = model == null ? null : findOrCreateProduct(c, model);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO job (job_no, product_id, status, created_at) VALUES (?, ?, 'OPEN', ?)", new String[]{"id"})) {
            ps.setString(1, jobNo);
            if (productId == null) ps.setNull(2, Types.BIGINT); else ps.setLong(2, productId);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            return generatedId(ps);
        }
    }

    static long findOrCreateProduct(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM product WHERE model = ?")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO product (model) VALUES (?)", new String[]{"id"})) {
            ps.setString(1, model);
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

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("23505".equals(state)) return true;
            }
        }
        return false;
    }
}
