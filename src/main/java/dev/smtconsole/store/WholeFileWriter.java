package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.port.EventSink.ChunkWork;
import dev.smtconsole.port.EventSink.FileReceipts;
import dev.smtconsole.port.EventSink.FileTotals;
import dev.smtconsole.port.EventSink.FileWork;
import dev.smtconsole.port.EventSink.FileWritten;
import dev.smtconsole.port.EventSink.Receipt;
import dev.smtconsole.port.EventSink.Rejected;
import dev.smtconsole.port.EventSink.WriteResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole small files in one transaction (ADR 0035): every file its own batch — opened, its rows written, completed
 * with its FILE message — and the statements of all of them set-wise, so that a transaction's round trips and its
 * commit are paid once for many files instead of three times for each. The batches are never seen RUNNING: they
 * appear COMPLETED at the commit, or not at all.
 */
final class WholeFileWriter {
    private final Database db;
    private final EventWriter writer;
    private final CommitStep commit;

    /** How a group's transaction is committed: {@link Database#end} — or, in a test, a commit whose answer is lost. */
    @FunctionalInterface
    interface CommitStep {
        void commit(Connection c);
    }

    WholeFileWriter(Database db, EventWriter writer) {
        this(db, writer, c -> db.end(c, true));
    }

    WholeFileWriter(Database db, EventWriter writer, CommitStep commit) {
        this.db = db;
        this.writer = writer;
        this.commit = commit;
    }

    /**
     * Writes the files in one transaction. Run again whole on a write conflict (two imports creating one job), and on
     * a shared H2 file whose serving process went away (ADR 0014): before the commit, from the start; at the commit,
     * only when the group's batches are not there (ADR 0036).
     */
    List<FileWritten> write(List<FileWork> files, List<FileReceipts> receipts) {
        if (receipts != null && receipts.size() != files.size()) throw new IllegalArgumentException("one receipt set per file");
        if (files.isEmpty()) return List.of();
        int conflicts = 0, broken = 0;
        while (true) {
            Connection c;
            try {
                c = db.begin();
            } catch (RuntimeException e) {
                if (db.mayRetryBroken(e, ++broken)) continue;
                throw e;
            }
            Written written;
            try {
                written = writeIn(c, files, receipts);
            } catch (SQLException | RuntimeException e) {
                writer.forgetCachedJobs(); // job ids created in the rolled-back transaction no longer exist
                try {
                    db.end(c, false);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                if (++conflicts < 3 && IngestStore.isWriteConflict(e)) continue;
                if (db.mayRetryBroken(e, ++broken)) continue;
                throw db.failure(e);
            }
            try {
                commit.commit(c);
                return written.files();
            } catch (RuntimeException e) {
                writer.forgetCachedJobs();
                if (!db.mayRetryBroken(e, ++broken)) throw e;
                Boolean committed;
                try {
                    committed = committed(written);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                    throw e;
                }
                if (committed == null) {
                    throw new DatabaseException("the connection to the shared H2 file was lost while " + written.opened().size()
                            + " files committed, and their import batches do not tell whether they did", e);
                }
                org.slf4j.LoggerFactory.getLogger(WholeFileWriter.class).info(
                        "the commit answer of {} whole files (import batches {}) was lost with the shared H2 file's server; they {}",
                        written.opened().size(), written.opened().isEmpty() ? "none"
                                : written.opened().get(0).id() + "–" + written.opened().get(written.opened().size() - 1).id(),
                        committed ? "had committed" : "had not committed and are written again");
                if (committed) return written.files();
            }
        }
    }

    /** A group's outcome before its commit, and the batch rows it inserted (the ones a lost commit answer looks for). */
    private record Written(List<FileWritten> files, List<Opened> opened) {
    }

    /** One batch row of the group: its id, and what no other importer's row under the same id would also carry. */
    private record Opened(long id, String fileName, String sha256) {
    }

    /**
     * Whether a group whose commit answer was lost did commit (ADR 0036): the group's batches are all there and
     * COMPLETED (it did; one transaction, so all or none), or none of them is (it did not). The look matches each
     * batch by its id, file name and digest, so that an id handed out again by the next server to another import
     * is not taken for ours. Null when some are and some are not: it cannot be told.
     */
    private Boolean committed(Written w) {
        if (w.opened().isEmpty()) return Boolean.TRUE; // every file was written before (receipts): nothing of this one
        int found = db.jdbc(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM import_batch WHERE id = ? AND file_name = ? AND sha256 IS NOT DISTINCT FROM ? AND status = 'COMPLETED'")) {
                for (Opened o : w.opened()) {
                    ps.setLong(1, o.id());
                    ps.setString(2, o.fileName());
                    ps.setString(3, o.sha256());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getInt(1);
                    }
                }
            }
            return n;
        });
        if (found == w.opened().size()) return Boolean.TRUE;
        if (found == 0) return Boolean.FALSE;
        return null;
    }

    private Written writeIn(Connection c, List<FileWork> files, List<FileReceipts> receipts) throws SQLException {
        int n = files.size();
        FileWritten[] out = new FileWritten[n];
        List<Integer> todo = new ArrayList<>(n);
        if (receipts == null) {
            for (int i = 0; i < n; i++) todo.add(i);
        } else {
            List<Receipt> all = new ArrayList<>(3 * n);
            for (FileReceipts r : receipts) {
                all.add(r.open());
                all.add(r.chunk());
                all.add(r.finish());
            }
            boolean[] taken = Receipts.claimAll(c, db.isPostgres(), all);
            for (int i = 0; i < n; i++) {
                if (taken[3 * i]) {
                    todo.add(i);
                    continue;
                }
                // Written by a transaction whose commit answer was lost: its batch, nothing again.
                Receipt open = receipts.get(i).open();
                long batch = Receipts.resultOf(c, open).orElseThrow(() -> new SQLException(
                        "outbox record " + open.seq() + " was received but its batch is not known"));
                out[i] = new FileWritten(batch, new WriteResult(0, List.of(), 0));
            }
        }
        if (todo.isEmpty()) return new Written(List.of(out), List.of());
        MasterData master = files.get(todo.get(0)).chunk().master();
        long[] ids = openBatches(c, files, todo);

        // The events of all the files, in file order: an id met in an earlier file is a duplicate in a later one.
        Map<IngestRecord, Long> batchOf = new IdentityHashMap<>();
        List<IngestRecord> records = new ArrayList<>();
        for (int k = 0; k < todo.size(); k++) {
            ChunkWork w = files.get(todo.get(k)).chunk();
            if (w.master() != master) throw new IllegalArgumentException("whole files of one transaction share their master data");
            for (IngestRecord r : w.records()) {
                records.add(r);
                batchOf.put(r, ids[k]);
            }
        }
        EventWriter.Inserted ins = records.isEmpty() ? EventWriter.Inserted.NONE
                : writer.insertEvents(c, records, master, batchOf::get, EventWriter.NO_MESSAGE, true, null, null);
        Map<Long, Integer> accepted = new HashMap<>();
        Map<Long, List<IngestRecord>> duplicates = new HashMap<>();
        for (IngestRecord r : ins.written()) accepted.merge(batchOf.get(r), 1, Integer::sum);
        for (IngestRecord r : ins.duplicates()) duplicates.computeIfAbsent(batchOf.get(r), b -> new ArrayList<>()).add(r);
        if (!ins.written().isEmpty()) {
            writer.buckets().upsertBuckets(c, ins.written(), master, ins.jobs(), batchOf::get, +1);
            writer.resolveHeld(c, ins.written());
        }

        int[] held = new int[todo.size()];
        for (int k = 0; k < todo.size(); k++) {
            ChunkWork w = files.get(todo.get(k)).chunk();
            List<IngestRecord> dups = duplicates.computeIfAbsent(ids[k], b -> new ArrayList<>());
            if (w.unassigned() != null && !w.unassigned().isEmpty()) held[k] = writer.holdUnassigned(c, w.unassigned(), master, ids[k], dups);
            if (w.handwriting() != null && !w.handwriting().isEmpty()) {
                IngestStore.fillImportedHandwriting(c, w.handwriting(), master, "import batch " + ids[k], w.operatorId(), w.at());
            }
        }
        writeTextAndRejected(c, files, todo, ids);

        FileTotals[] totals = new FileTotals[todo.size()];
        for (int k = 0; k < todo.size(); k++) {
            ChunkWork w = files.get(todo.get(k)).chunk();
            totals[k] = new FileTotals(w.delta().read(), accepted.getOrDefault(ids[k], 0), w.delta().rejected(),
                    duplicates.get(ids[k]).size(), w.delta().skipped(), held[k], w.delta().warned());
        }
        completeBatches(c, files, todo, ids, totals);
        db.changeFeed().bump(c);
        if (receipts != null) {
            List<Receipt> opens = todo.stream().map(i -> receipts.get(i).open()).toList();
            Receipts.resultAll(c, db.isPostgres(), opens, ids);
        }
        for (int k = 0; k < todo.size(); k++) {
            out[todo.get(k)] = new FileWritten(ids[k], new WriteResult(accepted.getOrDefault(ids[k], 0),
                    List.copyOf(duplicates.get(ids[k])), held[k]));
        }
        List<Opened> opened = new ArrayList<>(todo.size());
        for (int k = 0; k < todo.size(); k++) {
            FileWork f = files.get(todo.get(k));
            opened.add(new Opened(ids[k], IngestStore.cut(f.fileName(), 500), f.sha256()));
        }
        return new Written(List.of(out), opened);
    }

    /** The files' batches, RUNNING inside this transaction only; their ids in the order given. */
    private long[] openBatches(Connection c, List<FileWork> files, List<Integer> todo) throws SQLException {
        long[] ids = new long[todo.size()];
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO import_batch (file_name, format, operator_id, started_at, status, heartbeat_at)
                VALUES (?, ?, ?, ?, 'RUNNING', CURRENT_TIMESTAMP)""", new String[]{"id"})) {
            for (int k = 0; k < todo.size(); k++) {
                FileWork f = files.get(todo.get(k));
                ps.setString(1, IngestStore.cut(f.fileName(), 500));
                ps.setString(2, IngestStore.cut(f.format(), 32));
                ps.setString(3, IngestStore.cut(f.chunk().operatorId(), 64));
                ps.setTimestamp(4, Timestamp.from(f.startedAt()));
                if (!db.isPostgres()) {
                    ps.executeUpdate(); // H2: one by one, each with its key
                    ids[k] = IngestStore.generatedId(ps);
                } else {
                    ps.addBatch();
                }
            }
            if (db.isPostgres()) {
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (int k = 0; k < ids.length; k++) {
                        if (!keys.next()) throw new SQLException("no generated id for import batch " + (k + 1) + " of " + ids.length);
                        ids[k] = keys.getLong(1);
                    }
                }
            }
        }
        return ids;
    }

    /** Each file's source text (one piece), its header (row 0) and its rejected rows. */
    private static void writeTextAndRejected(Connection c, List<FileWork> files, List<Integer> todo, long[] ids)
            throws SQLException {
        boolean anyText = false, anyRejected = false;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO batch_text (batch_id, first_row, last_row, row_count, body) VALUES (?, ?, ?, ?, ?)")) {
            for (int k = 0; k < todo.size(); k++) {
                List<IngestRecord> records = files.get(todo.get(k)).chunk().records();
                if (records.isEmpty()) continue;
                BatchText.Piece text = BatchText.of(records);
                if (text.rows() == 0) continue;
                ps.setLong(1, ids[k]);
                ps.setLong(2, text.firstRow());
                ps.setLong(3, text.lastRow());
                ps.setInt(4, text.rows());
                ps.setBytes(5, text.body());
                ps.addBatch();
                anyText = true;
            }
            if (anyText) ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rejected_row (batch_id, row_no, raw_text, reasons) VALUES (?, ?, ?, ?)")) {
            for (int k = 0; k < todo.size(); k++) {
                FileWork f = files.get(todo.get(k));
                if (f.header() != null) {
                    ps.setLong(1, ids[k]);
                    ps.setLong(2, 0);
                    ps.setString(3, RawText.bound(f.header()));
                    ps.setString(4, "");
                    ps.addBatch();
                    anyRejected = true;
                }
                for (Rejected x : f.chunk().rejected()) {
                    ps.setLong(1, ids[k]);
                    ps.setLong(2, x.rowNo());
                    ps.setString(3, RawText.bound(x.rawText()));
                    ps.setString(4, RawText.bound(x.reasons()));
                    ps.addBatch();
                    anyRejected = true;
                }
            }
            if (anyRejected) ps.executeBatch();
        }
    }

    /** The batches COMPLETED with their counters, digests and messages, and each one's FILE integration message. */
    private static void completeBatches(Connection c, List<FileWork> files, List<Integer> todo, long[] ids, FileTotals[] totals)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE import_batch SET rows_read = rows_read + ?, rows_accepted = rows_accepted + ?,
                    rows_rejected = rows_rejected + ?, rows_duplicate = rows_duplicate + ?, rows_skipped = rows_skipped + ?,
                    rows_warned = rows_warned + ?, rows_unassigned = rows_unassigned + ?, status = 'COMPLETED', sha256 = ?,
                    message = ?, finished_at = ?
                WHERE id = ?""")) {
            for (int k = 0; k < todo.size(); k++) {
                FileWork f = files.get(todo.get(k));
                FileTotals t = totals[k];
                ps.setLong(1, t.read());
                ps.setLong(2, t.accepted());
                ps.setLong(3, t.rejected());
                ps.setLong(4, t.duplicates());
                ps.setLong(5, t.skipped());
                ps.setLong(6, t.warnings());
                ps.setLong(7, t.unassigned());
                ps.setString(8, f.sha256());
                ps.setString(9, IngestStore.cut(t.message(), 2000));
                ps.setTimestamp(10, Timestamp.from(f.chunk().at()));
                ps.setLong(11, ids[k]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO integration_message (channel, external_id, batch_id, status, error, operator_id, received_at, payload)
                VALUES ('FILE', ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int k = 0; k < todo.size(); k++) {
                FileWork f = files.get(todo.get(k));
                FileTotals t = totals[k];
                String status = t.messageStatus();
                ps.setString(1, IngestStore.cut(f.sha256(), 200));
                ps.setLong(2, ids[k]);
                ps.setString(3, status);
                ps.setString(4, IngestStore.fileMessageError(status, t.message()));
                ps.setString(5, IngestStore.cut(f.chunk().operatorId(), 64));
                ps.setTimestamp(6, Timestamp.from(f.chunk().at()));
                ps.setString(7, t.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
