package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.port.EventSink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts held without a job (issue 13, ADR 0027): listed, summed for the report, and assigned a job. The
 * import's chunks hold them ({@link EventWriter}, through the sink); assigning turns them into events.
 */
public final class UnassignedStore {
    private final Database db;
    private final EventWriter writer;

    public UnassignedStore(Database db, EventWriter writer) {
        this.db = db;
        this.writer = writer;
    }

    /** For reading only (the report's note): {@link #assign} needs the writer. */
    public UnassignedStore(Database db) {
        this(db, null);
    }

    /** Which of these event ids are held. */
    public java.util.Set<String> heldEventIds(java.util.Collection<String> ids) {
        return db.jdbc(c -> {
            java.util.Set<String> found = new java.util.HashSet<>();
            List<String> all = new ArrayList<>(ids);
            for (int from = 0; from < all.size(); from += 500) {
                List<String> part = all.subList(from, Math.min(all.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM unassigned_count WHERE event_id IN ("
                        + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")")) {
                    for (int i = 0; i < part.size(); i++) ps.setString(i + 1, part.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
    }

    public List<EventSink.Held> list(EventSink.HeldQuery f, int limit) {
        return db.jdbc(c -> select(c, f, limit));
    }

    /** Boards held without a job per line and machine (0 = line level) in [from, to): the report's note. */
    public record Sum(String lineCode, String machineCode, long counts, long boards, long picks, long placements) {
    }

    public List<Sum> sums(String lineCode, Instant from, Instant to) {
        return db.jdbc(c -> {
            List<Sum> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT l.code, m.code, COUNT(*), SUM(u.boards), SUM(u.picks), SUM(u.placements)
                    FROM unassigned_count u JOIN production_line l ON l.id = u.line_id
                    LEFT JOIN machine m ON m.id = u.machine_id
                    WHERE (CAST(? AS VARCHAR(32)) IS NULL OR l.code = ?) AND u.event_time >= ? AND u.event_time < ?
                    GROUP BY l.code, m.code ORDER BY l.code, m.code""")) {
                ps.setString(1, lineCode);
                ps.setString(2, lineCode);
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Sum(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Gives the held counts the filter names a job, in one transaction: each count is claimed by deleting its row
     * (a count another assignment took meanwhile deletes nothing here and is left out), the claimed counts become
     * events through the writer (deduplicated by event id, buckets in the same transaction), their batches'
     * counters move from unassigned to accepted (or duplicate), and each assignment is audited. So a count is
     * assigned exactly once, however many consoles assign it at once.
     */
    public EventSink.Assigned assign(EventSink.HeldQuery f, String jobNo, MasterData master, String operatorId, String reason, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return assignOnce(f, jobNo, master, operatorId, reason, now);
            } catch (DatabaseException e) {
                // A concurrent assignment or import held the rows: rolled back whole; once more, it sees what is left.
                writer.forgetCachedJobs();
                if (attempt >= 5 || !IngestStore.isWriteConflict(e)) throw e;
            } catch (RuntimeException e) {
                writer.forgetCachedJobs();
                throw e;
            }
        }
    }

    private EventSink.Assigned assignOnce(EventSink.HeldQuery f, String jobNo, MasterData master, String operatorId, String reason, Instant now) {
        return db.jdbc(c -> {
            List<EventSink.Held> rows = select(c, f, Integer.MAX_VALUE);
            if (rows.isEmpty()) return new EventSink.Assigned(0, 0, 0);
            List<EventSink.Held> claimed = new ArrayList<>(rows.size());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM unassigned_count WHERE id = ?")) {
                for (EventSink.Held r : rows) {
                    ps.setLong(1, r.id());
                    if (ps.executeUpdate() == 1) claimed.add(r);
                }
            }
            Map<Long, List<IngestRecord>> byBatch = new LinkedHashMap<>();
            for (EventSink.Held r : claimed) byBatch.computeIfAbsent(r.batchId(), k -> new ArrayList<>()).add(record(r, jobNo));
            int written = 0, duplicates = 0;
            for (var e : byBatch.entrySet()) {
                if (e.getKey() == EventWriter.MESSAGE_BATCH) {
                    // Held counts of door messages (a broker's): events of no batch, linked to the message each came in.
                    EventSink.WriteResult w = writer.writeIn(c, e.getValue(), master, null, IngestRecord::rowNo);
                    written += w.accepted();
                    duplicates += w.duplicates().size();
                    continue;
                }
                EventSink.WriteResult w = writer.writeIn(c, e.getValue(), master, e.getKey(), (Long) null);
                written += w.accepted();
                duplicates += w.duplicates().size();
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE import_batch SET rows_unassigned = rows_unassigned - ?, rows_accepted = rows_accepted + ?,
                            rows_duplicate = rows_duplicate + ? WHERE id = ?""")) {
                    ps.setLong(1, e.getValue().size());
                    ps.setLong(2, w.accepted());
                    ps.setLong(3, w.duplicates().size());
                    ps.setLong(4, e.getKey());
                    ps.executeUpdate();
                }
            }
            List<AuditLog.Entry> audit = new ArrayList<>(claimed.size());
            for (EventSink.Held r : claimed) {
                audit.add(new AuditLog.Entry(now, operatorId, "unassigned_count", r.eventId(), "ASSIGN", "job", null, jobNo,
                        reason == null || reason.isBlank() ? "batch " + r.batchId() + " row " + r.rowNo()
                                : reason + " (batch " + r.batchId() + " row " + r.rowNo() + ")"));
            }
            AuditLog.write(c, audit);
            if (!claimed.isEmpty()) db.changeFeed().bump(c);
            return new EventSink.Assigned(claimed.size(), written, duplicates);
        });
    }

    private static IngestRecord record(EventSink.Held r, String jobNo) {
        return new IngestRecord(r.rowNo(), r.eventId(), r.eventTime(), r.startTime(), Source.valueOf(r.source()), r.lineCode(),
                r.machineCode(), jobNo, r.productModel(), r.boards(), r.picks(), r.placements(), r.rejects(), r.operatorId(),
                r.remark(), r.rawText(), r.pcbs());
    }

    private static List<EventSink.Held> select(Connection c, EventSink.HeldQuery f, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT u.id, u.batch_id, u.row_no, u.event_id, u.event_time, u.start_time, u.source, l.code, m.code,
                    u.product_model, u.boards, u.picks, u.placements, u.rejects, u.pcbs, u.operator_id, u.remark, u.raw_text,
                    u.reason
                FROM unassigned_count u JOIN production_line l ON l.id = u.line_id LEFT JOIN machine m ON m.id = u.machine_id
                WHERE 1 = 1""");
        List<Object> args = new ArrayList<>();
        if (f.lineCode() != null) {
            sql.append(" AND l.code = ?");
            args.add(f.lineCode());
        }
        if (f.machineCode() != null) {
            sql.append(" AND m.code = ?");
            args.add(f.machineCode());
        }
        if (f.from() != null) {
            sql.append(" AND u.event_time >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND u.event_time < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.batchId() != null) {
            sql.append(" AND u.batch_id = ?");
            args.add(f.batchId());
        }
        if (!f.ids().isEmpty()) {
            sql.append(" AND u.id IN (").append(String.join(",", java.util.Collections.nCopies(f.ids().size(), "?"))).append(')');
            args.addAll(f.ids());
        }
        sql.append(" ORDER BY u.event_time, u.id");
        List<EventSink.Held> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            ps.setMaxRows(Math.max(1, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventSink.Held(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), instant(rs, 5), instant(rs, 6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), rs.getLong(12),
                            rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getString(16), rs.getString(17), rs.getString(18),
                            rs.getString(19)));
                }
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
