package dev.smtconsole.store;

import dev.smtconsole.domain.InOutEntryData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows of the 产品出/入数记录表 (in_out_entry); adding and voiding one is audited in the same transaction. */
public final class InOutRepository {
    private final Database db;

    public InOutRepository(Database db) {
        this.db = db;
    }

    public record NewEntry(long lineId, Long jobId, LocalDate date, LocalTime time, long inQty, String signedBy,
                           String remark, String operatorId) {
    }

    public long add(NewEntry e, Instant now) {
        return db.jdbc(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO in_out_entry (line_id, job_id, entry_date, entry_time, in_qty, signed_by, remark, operator_id,
                        created_at, voided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)""", new String[]{"id"})) {
                ps.setLong(1, e.lineId());
                if (e.jobId() == null) ps.setNull(2, Types.BIGINT); else ps.setLong(2, e.jobId());
                ps.setObject(3, e.date());
                ps.setObject(4, e.time());
                ps.setLong(5, e.inQty());
                ps.setString(6, e.signedBy());
                ps.setString(7, e.remark());
                ps.setString(8, e.operatorId());
                ps.setTimestamp(9, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            audit(c, now, e.operatorId(), id, "CREATE", "in_qty", null, Long.toString(e.inQty()), null);
            db.changeFeed().bump(c);
            return id;
        });
    }

    /** Voids a row (kept, never deleted); false when it was already void or does not exist. */
    public boolean voidEntry(long id, String operator, String reason, Instant now) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE in_out_entry SET voided = TRUE WHERE id = ? AND voided = FALSE")) {
                ps.setLong(1, id);
                if (ps.executeUpdate() != 1) return false;
            }
            audit(c, now, operator, id, "VOID", "voided", "false", "true", reason);
            db.changeFeed().bump(c);
            return true;
        });
    }

    private static void audit(Connection c, Instant now, String operator, long id, String action, String field,
                              String oldValue, String newValue, String reason) throws SQLException {
        AuditLog.write(c, now, operator, "in_out_entry", Long.toString(id), action, field, oldValue, newValue, reason);
    }

    public List<InOutEntryData> list(long lineId, LocalDate from, LocalDate to) {
        return db.jdbc(c -> {
            List<InOutEntryData> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.id, e.job_id, j.job_no, e.entry_date, e.entry_time, e.in_qty, e.signed_by, e.remark,
                           e.operator_id, e.created_at
                    FROM in_out_entry e LEFT JOIN job j ON j.id = e.job_id
                    WHERE e.line_id = ? AND e.entry_date >= ? AND e.entry_date <= ? AND e.voided = FALSE
                    ORDER BY e.entry_date, e.entry_time, e.id""")) {
                ps.setLong(1, lineId);
                ps.setObject(2, from);
                ps.setObject(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long job = rs.getLong(2);
                        Long jobId = rs.wasNull() ? null : job;
                        out.add(new InOutEntryData(rs.getLong(1), jobId, rs.getString(3), rs.getObject(4, LocalDate.class),
                                rs.getObject(5, LocalTime.class), rs.getLong(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getTimestamp(10).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /** IN per job on the line before a day (key null = rows without a job). */
    public Map<Long, Long> totalsBefore(long lineId, LocalDate day) {
        return db.jdbc(c -> {
            Map<Long, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT job_id, SUM(in_qty) FROM in_out_entry WHERE line_id = ? AND entry_date < ? AND voided = FALSE
                    GROUP BY job_id""")) {
                ps.setLong(1, lineId);
                ps.setObject(2, day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long job = rs.getLong(1);
                        Long jobId = rs.wasNull() ? null : job;
                        out.put(jobId, rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    /** The id of a job by number, created when unknown (an in/out sheet may name a job before any count arrives). */
    public long jobId(String jobNo) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM job WHERE job_no = ?")) {
                ps.setString(1, jobNo);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO job (job_no, status, created_at) VALUES (?, 'OPEN', ?)", new String[]{"id"})) {
                ps.setString(1, jobNo);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }
}
