package dev.smtconsole.store;

import dev.smtconsole.domain.JobRecordData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hand-written columns of the form (job_record) and their audit trail. A save is one
 * transaction: the row (optimistically locked by {@code version}) and one audit_event per field.
 */
public final class JobRecordRepository {
    static final String SELECT = """
            SELECT id, job_id, production_day, checkers, remark, quantity_override, start_override, end_override,
                   correction_reason, updated_by, updated_at, version FROM job_record""";

    private final Database db;

    public JobRecordRepository(Database db) {
        this.db = db;
    }

    /** Someone else saved the row since it was read. */
    public static final class StaleRecordException extends RuntimeException {
        private final JobRecordData current;

        public StaleRecordException(JobRecordData current) {
            super("job record changed by " + (current == null ? "?" : current.updatedBy()));
            this.current = current;
        }

        public JobRecordData current() {
            return current;
        }
    }

    /** The full hand-written state to store. */
    public record Values(String checkers, String remark, Long quantityOverride, Instant startOverride,
                        Instant endOverride, String correctionReason) {
    }

    /** One changed field for the audit trail. */
    public record Change(String field, String oldValue, String newValue, String reason) {
    }

    public Optional<JobRecordData> find(long lineId, long jobId, LocalDate day) {
        return db.jdbc(c -> find(c, lineId, jobId, day));
    }

    private static Optional<JobRecordData> find(Connection c, long lineId, long jobId, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE line_id = ? AND job_id = ? AND production_day = ?")) {
            ps.setLong(1, lineId);
            ps.setLong(2, jobId);
            ps.setObject(3, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Stores the values if the row is still at {@code expectedVersion} (-1: the row must not exist yet),
     * with the changes in audit_event. Throws {@link StaleRecordException} when someone was faster.
     */
    public JobRecordData save(long lineId, long jobId, LocalDate day, int expectedVersion, Values v, List<Change> changes,
                              String operator, Instant now) {
        try {
            return db.jdbc(c -> {
                Optional<JobRecordData> existing = find(c, lineId, jobId, day);
                long id;
                if (existing.isEmpty()) {
                    if (expectedVersion >= 0) throw new StaleRecordException(null);
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO job_record (line_id, job_id, production_day, checkers, remark, quantity_override,
                                start_override, end_override, correction_reason, updated_by, updated_at, version)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""", new String[]{"id"})) {
                        ps.setLong(1, lineId);
                        ps.setLong(2, jobId);
                        ps.setObject(3, day);
                        bindValues(ps, 4, v, operator, now);
                        ps.executeUpdate();
                        try (ResultSet keys = ps.getGeneratedKeys()) {
                            keys.next();
                            id = keys.getLong(1);
                        }
                    }
                } else {
                    if (existing.get().version() != expectedVersion) throw new StaleRecordException(existing.get());
                    id = existing.get().id();
                    try (PreparedStatement ps = c.prepareStatement("""
                            UPDATE job_record SET checkers = ?, remark = ?, quantity_override = ?, start_override = ?,
                                end_override = ?, correction_reason = ?, updated_by = ?, updated_at = ?, version = version + 1
                            WHERE id = ? AND version = ?""")) {
                        bindValues(ps, 1, v, operator, now);
                        ps.setLong(9, id);
                        ps.setInt(10, expectedVersion);
                        if (ps.executeUpdate() != 1) throw new StaleRecordException(find(c, lineId, jobId, day).orElse(null));
                    }
                }
                List<AuditLog.Entry> trail = new ArrayList<>(changes.size());
                for (Change ch : changes) {
                    trail.add(new AuditLog.Entry(now, operator, "job_record", Long.toString(id), "EDIT", ch.field(),
                            ch.oldValue(), ch.newValue(), ch.reason()));
                }
                AuditLog.write(c, trail);
                db.changeFeed().bump(c);
                return find(c, lineId, jobId, day).orElseThrow();
            });
        } catch (DatabaseException e) {
            // Two consoles creating the same row at once: the unique key decides, the loser reloads.
            if (EventWriter.isUniqueViolation(e)) throw new StaleRecordException(find(lineId, jobId, day).orElse(null));
            throw e;
        }
    }

    private static void bindValues(PreparedStatement ps, int i, Values v, String operator, Instant now) throws SQLException {
        ps.setString(i, v.checkers());
        ps.setString(i + 1, v.remark());
        if (v.quantityOverride() == null) ps.setNull(i + 2, Types.BIGINT); else ps.setLong(i + 2, v.quantityOverride());
        setInstant(ps, i + 3, v.startOverride());
        setInstant(ps, i + 4, v.endOverride());
        ps.setString(i + 5, v.correctionReason());
        ps.setString(i + 6, operator);
        ps.setTimestamp(i + 7, Timestamp.from(now));
    }

    private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE); else ps.setTimestamp(i, Timestamp.from(t));
    }

    static JobRecordData map(ResultSet rs) throws SQLException {
        long q = rs.getLong(6);
        Long quantity = rs.wasNull() ? null : q;
        return new JobRecordData(rs.getLong(1), rs.getLong(2), rs.getObject(3, LocalDate.class), rs.getString(4),
                rs.getString(5), quantity, instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getString(9),
                rs.getString(10), instant(rs.getTimestamp(11)), rs.getInt(12), java.util.Set.of());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** One entry of the audit trail, newest first. */
    public record AuditRow(Instant at, String operator, String field, String oldValue, String newValue, String reason) {
    }

    public List<AuditRow> history(long recordId) {
        return db.jdbc(c -> {
            List<AuditRow> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT occurred_at, operator_id, field, old_value, new_value, reason FROM audit_event
                    WHERE entity = 'job_record' AND entity_id = ? ORDER BY occurred_at DESC, id DESC""")) {
                ps.setString(1, Long.toString(recordId));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditRow(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }
}
