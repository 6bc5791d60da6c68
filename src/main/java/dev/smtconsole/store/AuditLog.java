package dev.smtconsole.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The one writer of {@code audit_event}: every audited change (settings, job record edits and
 * imported fills, in/out rows, voids) is written here, in the caller's transaction, so the change
 * and its trail commit or roll back together.
 */
public final class AuditLog {
    private static final String INSERT = """
            INSERT INTO audit_event (occurred_at, operator_id, entity, entity_id, action, field, old_value, new_value, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private AuditLog() {
    }

    /** One audited change of one field (or of a whole row: {@code field} names what changed). */
    public record Entry(Instant at, String operatorId, String entity, String entityId, String action, String field,
                        String oldValue, String newValue, String reason) {
    }

    /** Writes one entry in {@code c}'s transaction. */
    public static void write(Connection c, Instant at, String operatorId, String entity, String entityId, String action,
                             String field, String oldValue, String newValue, String reason) throws SQLException {
        write(c, List.of(new Entry(at, operatorId, entity, entityId, action, field, oldValue, newValue, reason)));
    }

    /** Writes entries in {@code c}'s transaction, as one JDBC batch. */
    public static void write(Connection c, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Entry e : entries) {
                ps.setTimestamp(1, Timestamp.from(e.at()));
                ps.setString(2, cut(e.operatorId(), 64));
                ps.setString(3, e.entity());
                ps.setString(4, e.entityId());
                ps.setString(5, e.action());
                ps.setString(6, e.field());
                ps.setString(7, e.oldValue());
                ps.setString(8, e.newValue());
                ps.setString(9, cut(e.reason(), 1000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
