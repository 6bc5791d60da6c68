package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.Source;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `db copy` reads a database's live events and operators as records, in event-id order, so they
 * can be written into another database through its ingest sink (idempotent by event id).
 */
public final class CopySource {
    private CopySource() {
    }

    public static long eventCount(Database db) {
        return db.jdbc(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM production_event")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Up to {@code limit} events whose id sorts after {@code after} (null: from the first). */
    public static List<IngestRecord> events(Database db, String after, int limit) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.event_id, e.event_time, e.start_time, e.source, l.code, m.code, j.job_no, p.model,
                           e.boards, e.picks, e.placements, e.rejects, e.operator_id, e.remark, e.raw_text
                    FROM production_event e
                    JOIN production_line l ON l.id = e.line_id
                    LEFT JOIN machine m ON m.id = e.machine_id
                    JOIN job j ON j.id = e.job_id
                    LEFT JOIN product p ON p.id = j.product_id
                    WHERE e.event_id > ?
                    ORDER BY e.event_id
                    FETCH FIRST ? ROWS ONLY""")) {
                ps.setString(1, after == null ? "" : after);
                ps.setInt(2, limit);
                List<IngestRecord> out = new ArrayList<>(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp start = rs.getTimestamp(3);
                        out.add(new IngestRecord(0, rs.getString(1), rs.getTimestamp(2).toInstant(),
                                start == null ? null : start.toInstant(), Source.valueOf(rs.getString(4)), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                                rs.getLong(12), rs.getString(13), rs.getString(14), rs.getString(15)));
                    }
                }
                return out;
            }
        });
    }

    /** Operator id → name (name may be null). */
    public static Map<String, String> operators(Database db) {
        return db.jdbc(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT operator_id, name FROM operator_account ORDER BY operator_id")) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
    }
}
