package dev.smtconsole.store;

import dev.smtconsole.domain.DeviceRecordQuery;
import dev.smtconsole.domain.DeviceRecordRow;
import dev.smtconsole.domain.DeviceValueRow;
import dev.smtconsole.port.EventSink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The device gateway's own tables (V8_21): {@code device_record} (a stored post's fields, the
 * seed's read side) and {@code device_value} (values that are not counters). Written inside the
 * message's transaction by {@link IngestStore#writeMessage}; read here, each method one transaction.
 */
public final class DeviceDataStore {
    private final Database db;

    public DeviceDataStore(Database db) {
        this.db = db;
    }

    // ---------- written in the message's transaction ----------

    /**
     * Stores each post's record unless its eventId is stored already (or came earlier in the same
     * list: only the first of those reaches the database); returns, per message, true when it is
     * such a repeat. Messages without a device record
     * are never repeats here. On PostgreSQL the key decides at once ({@code ON CONFLICT DO NOTHING},
     * the second of two racing inserts waits for the first and writes nothing); on H2 the second
     * fails on the key and the messages run again (IngestStore's write-conflict retry), when they
     * find the first.
     */
    static boolean[] claimRecords(Connection c, boolean postgres, long[] messageIds, List<EventSink.Message> messages)
            throws SQLException {
        if (postgres) {
            Claim claim = claim(messageIds, messages);
            claim.runIfPending(c);
            return claim.repeats();
        }
        boolean[] repeat = new boolean[messages.size()];
        List<Integer> posts = postsInKeyOrder(messages, repeat);
        if (posts.isEmpty()) return repeat;
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + """
                SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR(190)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(8)),
                    CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)),
                    CAST(? AS VARCHAR(200)), CAST(? AS INTEGER), CAST(? AS TIMESTAMP WITH TIME ZONE)
                WHERE NOT EXISTS (SELECT 1 FROM device_record WHERE event_id = ?)""")) {
            for (int i : posts) {
                bindRecord(ps, 1, messageIds[i], messages.get(i));
                ps.setString(12, messages.get(i).device().eventId());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int k = 0; k < counts.length; k++) repeat[posts.get(k)] = counts[k] == 0;
        }
        return repeat;
    }

    private static final String COLUMNS = "INSERT INTO device_record (message_id, event_id, event_time, source, run_no, unit_sn,"
            + " station_code, step_no, equipment_id, values_created, received_at) ";

    /**
     * The messages with a device record, in the order of their eventIds (two transactions claiming the same
     * eventIds wait for each other in one order, never in a cycle); a later post of an eventId in the same list
     * is marked a repeat in {@code repeat}.
     */
    private static List<Integer> postsInKeyOrder(List<EventSink.Message> messages, boolean[] repeat) {
        List<Integer> posts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            EventSink.DeviceRecord r = messages.get(i).device();
            if (r == null) continue;
            if (seen.add(r.eventId())) posts.add(i); else repeat[i] = true;
        }
        posts.sort(java.util.Comparator.comparing(i -> messages.get(i).device().eventId()));
        return posts;
    }

    /**
     * PostgreSQL: the messages' device records as one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING
     * message_id — the rows that went in say which messages claimed their eventId. Run alone
     * ({@link #runIfPending}) or inside the events' insert as a common table expression ({@link #sql}, ADR 0029).
     */
    static final class Claim {
        private final boolean[] repeat;
        private final List<Integer> posts;
        private final long[] messageIds;
        private final List<EventSink.Message> messages;
        private final Set<Long> claimed = new HashSet<>();
        private boolean ran;

        private Claim(boolean[] repeat, List<Integer> posts, long[] messageIds, List<EventSink.Message> messages) {
            this.repeat = repeat;
            this.posts = posts;
            this.messageIds = messageIds;
            this.messages = messages;
        }

        /** No message has a device record to claim (other than repeats within the list). */
        boolean isEmpty() {
            return posts.isEmpty();
        }

        /** The INSERT … RETURNING message_id; {@link #parameters()} parameters, bound by {@link #bind}. */
        String sql() {
            return COLUMNS + "VALUES " + Pipeline.rows(posts.size(), 11) + " ON CONFLICT (event_id) DO NOTHING RETURNING message_id";
        }

        int parameters() {
            return posts.size() * 11;
        }

        int bind(PreparedStatement ps, int p) throws SQLException {
            for (int m : posts) p = bindRecord(ps, p, messageIds[m], messages.get(m));
            return p;
        }

        /** A message id the claim returned: that message's record went in. */
        void claimed(long messageId) {
            claimed.add(messageId);
        }

        /** Says the claim ran inside another statement, which handed its rows to {@link #claimed}. */
        void ranInside() {
            ran = true;
        }

        /** Runs the claim as a statement of its own unless it ran inside another one. */
        void runIfPending(Connection c) throws SQLException {
            if (ran) return;
            ran = true;
            if (posts.isEmpty()) return;
            try (PreparedStatement ps = c.prepareStatement(sql())) {
                bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) claimed.add(rs.getLong(1));
                }
            }
        }

        /** Message i is a repeat (its eventId stored already, or earlier in the list); valid once the claim ran. */
        boolean[] repeats() {
            if (!ran) throw new IllegalStateException("the claim has not run");
            boolean[] out = repeat.clone();
            for (int i : posts) out[i] = !claimed.contains(messageIds[i]);
            return out;
        }

        /** Message i repeats an eventId earlier in the same list (known before anything ran). */
        boolean repeatsInList(int i) {
            return repeat[i];
        }
    }

    /** The claim of the messages' device records (message {@code i} has id {@code messageIds[i]}), not yet run. */
    static Claim claim(long[] messageIds, List<EventSink.Message> messages) {
        boolean[] repeat = new boolean[messages.size()];
        List<Integer> posts = postsInKeyOrder(messages, repeat);
        return new Claim(repeat, posts, messageIds, messages);
    }

    /** A device record's 11 columns from parameter {@code p} on; returns the next parameter. */
    private static int bindRecord(PreparedStatement ps, int p, long messageId, EventSink.Message m) throws SQLException {
        EventSink.DeviceRecord r = m.device();
        ps.setLong(p++, messageId);
        ps.setString(p++, r.eventId());
        ps.setTimestamp(p++, Timestamp.from(r.eventTime()));
        ps.setString(p++, r.source());
        ps.setString(p++, IngestStore.cut(r.runNo(), 64));
        ps.setString(p++, IngestStore.cut(r.unitSn(), 200));
        ps.setString(p++, IngestStore.cut(r.stationCode(), 64));
        ps.setString(p++, IngestStore.cut(r.stepNo(), 64));
        ps.setString(p++, IngestStore.cut(r.equipmentId(), 200));
        ps.setInt(p++, r.valuesCreated());
        ps.setTimestamp(p++, Timestamp.from(m.at()));
        return p;
    }

    /** The values of the given messages' device records (message {@code ids[i]} is {@code messages[i]}), one batch. */
    static void insertValues(Connection c, List<Long> ids, List<EventSink.Message> messages) throws SQLException {
        if (ids.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_value (message_id, spec, value_number, value_text, value_boolean, value_json, unit,
                    collected_at, line_id, machine_id, job_no)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < ids.size(); i++) {
                for (EventSink.DeviceValue v : messages.get(i).device().values()) {
                    ps.setLong(1, ids.get(i));
                    ps.setString(2, IngestStore.cut(v.spec(), 100));
                    if (v.number() == null) ps.setNull(3, Types.DOUBLE); else ps.setDouble(3, v.number());
                    ps.setString(4, IngestStore.cut(v.text(), 2000));
                    if (v.bool() == null) ps.setNull(5, Types.BOOLEAN); else ps.setBoolean(5, v.bool());
                    ps.setString(6, v.json());
                    ps.setString(7, IngestStore.cut(v.unit(), 32));
                    ps.setTimestamp(8, Timestamp.from(v.collectedAt()));
                    if (v.lineId() == null) ps.setNull(9, Types.BIGINT); else ps.setLong(9, v.lineId());
                    if (v.machineId() == null) ps.setNull(10, Types.BIGINT); else ps.setLong(10, v.machineId());
                    ps.setString(11, IngestStore.cut(v.jobNo(), 64));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    // ---------- reads ----------

    /** A line's device values collected in [from, to), oldest first (newest first when asked), at most {@code limit}. */
    public List<DeviceValueRow> values(long lineId, Instant from, Instant to, int limit, boolean newestFirst) {
        return db.jdbc(c -> {
            List<DeviceValueRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT v.message_id, v.collected_at, v.spec, v.value_number, v.value_text, v.value_boolean, v.value_json,
                        v.unit, m.code, v.job_no
                    FROM device_value v LEFT JOIN machine m ON m.id = v.machine_id
                    WHERE v.line_id = ? AND v.collected_at >= ? AND v.collected_at < ?
                    ORDER BY v.collected_at""" + (newestFirst ? " DESC, v.id DESC" : ", v.id"))) {
                ps.setLong(1, lineId);
                ps.setTimestamp(2, Timestamp.from(from));
                ps.setTimestamp(3, Timestamp.from(to));
                if (limit < Integer.MAX_VALUE) ps.setMaxRows(Math.max(1, limit));
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeviceValueRow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getObject(4, Double.class), rs.getString(5), rs.getObject(6, Boolean.class), rs.getString(7),
                                rs.getString(8), rs.getString(9), rs.getString(10)));
                    }
                }
            }
            return out;
        });
    }

    /** Stored device posts matching {@code q}, newest event first, one page; and the number matching in all. */
    public DeviceRecordRow.Page records(DeviceRecordQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        equal(where, args, "d.event_id", q.eventId());
        equal(where, args, "d.run_no", q.runNo());
        equal(where, args, "d.unit_sn", q.unitSn());
        equal(where, args, "d.station_code", q.stationCode());
        equal(where, args, "d.step_no", q.stepNo());
        equal(where, args, "d.source", q.source());
        if (q.eventFrom() != null) {
            where.append(" AND d.event_time >= ?");
            args.add(Timestamp.from(q.eventFrom()));
        }
        if (q.eventTo() != null) {
            where.append(" AND d.event_time <= ?");
            args.add(Timestamp.from(q.eventTo()));
        }
        return db.jdbc(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM device_record d" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DeviceRecordRow> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.message_id, m.payload, d.values_created, d.received_at
                    FROM device_record d JOIN integration_message m ON m.id = d.message_id""" + where
                    + " ORDER BY d.event_time DESC, d.message_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                List<Object> all = new ArrayList<>(args);
                all.add((long) (q.page() - 1) * q.pageSize());
                all.add(q.pageSize());
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new DeviceRecordRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant()));
                    }
                }
            }
            return new DeviceRecordRow.Page(items, total, q.page(), q.pageSize());
        });
    }

    private static void equal(StringBuilder where, List<Object> args, String column, String value) {
        if (value == null) return;
        where.append(" AND ").append(column).append(" = ?");
        args.add(value);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Timestamp t) ps.setTimestamp(i + 1, t);
            else if (a instanceof Long l) ps.setLong(i + 1, l);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setString(i + 1, (String) a);
        }
    }
}
