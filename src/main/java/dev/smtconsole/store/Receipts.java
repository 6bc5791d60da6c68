package dev.smtconsole.store;

import dev.smtconsole.port.EventSink.Receipt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Receipts of records forwarded from a local outbox (ADR 0030), in the caller's transaction. A receipt is claimed
 * first, before the record's work: a claim that finds it stored already means the record was written before, and
 * the caller writes nothing. The claim is one insert under the primary key — a second forward of the same record
 * at the same moment waits for the first's commit and then finds it.
 */
final class Receipts {
    private Receipts() {
    }

    /** Whether this transaction took the receipt (the record is written now); false: written before. */
    static boolean claim(Connection c, boolean postgres, Receipt r) throws SQLException {
        String sql = postgres
                ? "INSERT INTO outbox_receipt (outbox_id, seq, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                // H2: a concurrent claim of the same key fails on the primary key instead (a write conflict, run again)
                : """
                INSERT INTO outbox_receipt (outbox_id, seq, received_at)
                SELECT CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE)
                WHERE NOT EXISTS (SELECT 1 FROM outbox_receipt WHERE outbox_id = ? AND seq = ?)""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.outbox());
            ps.setLong(2, r.seq());
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            if (!postgres) {
                ps.setString(4, r.outbox());
                ps.setLong(5, r.seq());
            }
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * {@link #claim} for several receipts in one round trip on PostgreSQL (a forward of many messages, ADR 0030):
     * which of them this transaction took, in order. The receipts are claimed in the order given (the outbox's
     * order), so two forwards of overlapping lists wait for each other in one order.
     */
    static boolean[] claimAll(Connection c, boolean postgres, java.util.List<Receipt> receipts) throws SQLException {
        boolean[] taken = new boolean[receipts.size()];
        if (!postgres || receipts.size() > MULTI_ROW) {
            for (int i = 0; i < receipts.size(); i++) taken[i] = claim(c, postgres, receipts.get(i));
            return taken;
        }
        if (receipts.isEmpty()) return taken;
        String sql = "INSERT INTO outbox_receipt (outbox_id, seq, received_at) VALUES " + Pipeline.rows(receipts.size(), 3)
                + " ON CONFLICT DO NOTHING RETURNING outbox_id, seq";
        java.util.Set<Receipt> took = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp now = Timestamp.from(Instant.now());
            int p = 1;
            for (Receipt r : receipts) {
                ps.setString(p++, r.outbox());
                ps.setLong(p++, r.seq());
                ps.setTimestamp(p++, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) took.add(new Receipt(rs.getString(1), rs.getLong(2)));
            }
        }
        for (int i = 0; i < receipts.size(); i++) taken[i] = took.contains(receipts.get(i));
        return taken;
    }

    /** At most this many receipts in one multi-row statement (3 parameters each, far below the protocol's limit). */
    private static final int MULTI_ROW = 5_000;

    /** {@link #result} for several receipts in one statement on PostgreSQL; {@code ids[i]} belongs to {@code receipts[i]}. */
    static void resultAll(Connection c, boolean postgres, java.util.List<Receipt> receipts, long[] ids) throws SQLException {
        if (!postgres || receipts.size() > MULTI_ROW) {
            for (int i = 0; i < receipts.size(); i++) result(c, receipts.get(i), ids[i]);
            return;
        }
        if (receipts.isEmpty()) return;
        // The first row's casts type the VALUES list's columns.
        String sql = "UPDATE outbox_receipt AS t SET result_id = v.id FROM (VALUES (CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT))"
                + (receipts.size() > 1 ? ", " + Pipeline.rows(receipts.size() - 1, 3) : "")
                + ") AS v (outbox_id, seq, id) WHERE t.outbox_id = v.outbox_id AND t.seq = v.seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (int i = 0; i < receipts.size(); i++) {
                ps.setString(p++, receipts.get(i).outbox());
                ps.setLong(p++, receipts.get(i).seq());
                ps.setLong(p++, ids[i]);
            }
            ps.executeUpdate();
        }
    }

    /** What the record's first write produced (a batch id, a message id), kept with its receipt. */
    static void result(Connection c, Receipt r, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_receipt SET result_id = ? WHERE outbox_id = ? AND seq = ?")) {
            ps.setLong(1, id);
            ps.setString(2, r.outbox());
            ps.setLong(3, r.seq());
            ps.executeUpdate();
        }
    }

    static OptionalLong resultOf(Connection c, Receipt r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT result_id FROM outbox_receipt WHERE outbox_id = ? AND seq = ?")) {
            ps.setString(1, r.outbox());
            ps.setLong(2, r.seq());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return OptionalLong.empty();
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        }
    }

    static int forget(Connection c, String outbox, long belowSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox_receipt WHERE outbox_id = ? AND seq < ?")) {
            ps.setString(1, outbox);
            ps.setLong(2, belowSeq);
            return ps.executeUpdate();
        }
    }
}
