package dev.smtconsole.store;

import dev.smtconsole.domain.IntegrationMessageRow;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading kept integration messages (录入 → Messages) and recording a retry; each method one transaction. */
public final class IntegrationMessages {
    private static final String COLUMNS =
            "SELECT id, channel, external_id, status, error, operator_id, received_at, payload, retried_as FROM integration_message";

    private final Database db;

    public IntegrationMessages(Database db) {
        this.db = db;
    }

    /**
     * Messages received in [from, to), newest first, at most {@code limit}. {@code status} null =
     * any; {@code machine} null = any, else messages whose payload names it (a gateway post's
     * {@code equipmentId}, the machine code in a manual entry).
     */
    public List<IntegrationMessageRow> list(String status, String machine, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE received_at >= ? AND received_at < ?");
        if (status != null) sql.append(" AND status = ?");
        if (machine != null) sql.append(" AND payload LIKE ? ESCAPE '!'");
        sql.append(" ORDER BY id DESC");
        return db.jdbc(c -> {
            List<IntegrationMessageRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setTimestamp(i++, Timestamp.from(from));
                ps.setTimestamp(i++, Timestamp.from(to));
                if (status != null) ps.setString(i++, status);
                if (machine != null) {
                    ps.setString(i, "%" + machine.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                }
                ps.setMaxRows(Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
            }
            return out;
        });
    }

    public Optional<IntegrationMessageRow> get(long id) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<IntegrationMessageRow>empty();
                }
            }
        });
    }

    /** Links a failed message to the one that stored its post; false when another retry recorded it first. */
    public boolean markRetried(long failedId, long storedAs) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE integration_message SET retried_as = ? WHERE id = ? AND status = 'FAILED' AND retried_as IS NULL")) {
                ps.setLong(1, storedAs);
                ps.setLong(2, failedId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** A failed message's reasons as the latest retry found them. */
    public void updateError(long failedId, String reasons) {
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE integration_message SET error = ? WHERE id = ? AND status = 'FAILED' AND retried_as IS NULL")) {
                ps.setString(1, IngestStore.cut(reasons, 2000));
                ps.setLong(2, failedId);
                return ps.executeUpdate();
            }
        });
    }

    private static IntegrationMessageRow row(ResultSet rs) throws SQLException {
        return new IntegrationMessageRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getObject(9, Long.class));
    }
}
