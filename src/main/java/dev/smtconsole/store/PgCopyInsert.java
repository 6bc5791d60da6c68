package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * PostgreSQL's write path for a chunk of events. New events (the usual case: a file not seen
 * before) are COPYed straight into production_event; the primary key still guards the event ids,
 * so if any of them is stored already the COPY fails, is rolled back to a savepoint, and the chunk
 * goes the careful way: COPY into a session temp table, then INSERT … SELECT … ON CONFLICT
 * (event_id) DO NOTHING RETURNING event_id, which says which rows were new.
 * <p>
 * A row's COPY form can be made ahead, on the import's reader thread ({@link #encode}): all of it
 * but the job id, which only the writing transaction knows (it may create the job) and which is
 * therefore the last column.
 */
final class PgCopyInsert {
    private static final String COLUMNS = "event_id, event_time, start_time, source, line_id, machine_id, boards, picks,"
            + " placements, rejects, operator_id, batch_id, message_id, remark, raw_text, source_row, job_id";

    private PgCopyInsert() {
    }

    /** Rows in COPY's binary form up to (not including) the job id: row i is {@code bytes[start[i] .. start[i+1])}. */
    record Encoded(byte[] bytes, int[] start) {
    }

    /** The COPY rows of file-import rows (text in batch_text) of one batch, all but the job ids. */
    static Encoded encode(List<IngestRecord> records, MasterData master, long batchId) {
        Rows out = new Rows(null, records.size() * 160 + 64);
        int[] start = new int[records.size() + 1];
        try {
            for (int i = 0; i < records.size(); i++) {
                start[i] = out.len;
                prefix(out, records.get(i), master, batchId, null, true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e); // no COPY stream behind it: cannot happen
        }
        start[records.size()] = out.len;
        return new Encoded(Arrays.copyOf(out.buf, out.len), start);
    }

    /**
     * Inserts the records (distinct event ids) and says which went in.
     *
     * @param encoded          the records' text made ahead, or null
     * @param index            for each record, its row in {@code encoded}
     * @param expectDuplicates true when recent chunks met stored ids: skip the direct attempt
     */
    static boolean[] insert(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                            Function<IngestRecord, Long> batchOf, Function<IngestRecord, Long> messageOf, boolean textInBatch,
                            Encoded encoded, int[] index, boolean expectDuplicates) throws SQLException {
        Source src = new Source(records, master, jobs, batchOf, messageOf, textInBatch, encoded, index);
        if (encoded == null && records.size() <= SMALL) return insertFew(c, src);
        if (!expectDuplicates) {
            Savepoint sp = c.setSavepoint();
            try {
                copy(c, "production_event", src);
                c.releaseSavepoint(sp);
                boolean[] all = new boolean[records.size()];
                Arrays.fill(all, true);
                return all;
            } catch (SQLException e) {
                if (!EventWriter.isUniqueViolation(e)) throw e;
                c.rollback(sp);
            }
        }
        try (Statement st = c.createStatement()) {
            // ON COMMIT DELETE ROWS: the stage is empty again at the start of every chunk transaction.
            st.execute("CREATE TEMP TABLE IF NOT EXISTS smt_ingest_stage (event_id VARCHAR(200), event_time TIMESTAMPTZ,"
                    + " start_time TIMESTAMPTZ, source VARCHAR(8), line_id BIGINT, machine_id BIGINT, boards BIGINT,"
                    + " picks BIGINT, placements BIGINT, rejects BIGINT, operator_id VARCHAR(64), batch_id BIGINT, message_id BIGINT,"
                    + " remark VARCHAR(2000), raw_text VARCHAR, source_row BIGINT, job_id BIGINT) ON COMMIT DELETE ROWS");
        }
        copy(c, "smt_ingest_stage", src);
        Set<String> inserted = new HashSet<>(records.size() * 2);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("INSERT INTO production_event (" + COLUMNS + ", voided) SELECT " + COLUMNS
                     + ", FALSE FROM smt_ingest_stage ON CONFLICT (event_id) DO NOTHING RETURNING event_id")) {
            while (rs.next()) inserted.add(rs.getString(1));
        }
        boolean[] out = new boolean[records.size()];
        for (int i = 0; i < out.length; i++) out[i] = inserted.contains(records.get(i).eventId());
        return out;
    }

    /**
     * At most this many rows of a door's messages (not a file's chunk) go in as one INSERT instead
     * of a COPY: a gateway batch holds up to 1,000 posts; 17 parameters a row stay far below
     * PostgreSQL's 65,535.
     */
    static final int SMALL = 1_000;

    /**
     * A few rows (a gateway group, a broker burst) as one multi-row INSERT … ON CONFLICT DO NOTHING
     * RETURNING: one round trip, where the COPY takes three (savepoint, copy, release) and a
     * fourth and fifth when an id is stored already.
     */
    private static boolean[] insertFew(Connection c, Source s) throws SQLException {
        List<IngestRecord> records = s.records();
        StringBuilder sql = new StringBuilder(200 + records.size() * 60).append("INSERT INTO production_event (")
                .append(COLUMNS).append(", voided) VALUES ");
        String row = "(" + "?, ".repeat(FIELDS) + "FALSE)";
        for (int i = 0; i < records.size(); i++) sql.append(i == 0 ? "" : ", ").append(row);
        sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id");
        Set<String> inserted = new HashSet<>(records.size() * 2);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (IngestRecord r : records) p = bindRow(ps, p, r, s);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) inserted.add(rs.getString(1));
            }
        }
        return wentIn(records, inserted);
    }

    /** The column types of {@link #COLUMNS}, for parameters in a VALUES list that is not the INSERT's own. */
    private static final String TYPED_ROW = "(CAST(? AS VARCHAR), CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), CAST(? AS VARCHAR),"
            + " CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
            + " CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT),"
            + " CAST(? AS BIGINT), CAST(? AS BOOLEAN))";

    /**
     * {@link #insertFew} with {@code before}'s claim of device records in the same statement (ADR 0029): a
     * guarded row goes in only if its message's device record went in with it — a repeated post's counters are
     * not written. One round trip where the claim and the events took two.
     */
    static boolean[] insertFewAfter(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                                    Function<IngestRecord, Long> messageOf, EventWriter.Before before) throws SQLException {
        DeviceDataStore.Claim claim = before.claim();
        Source s = new Source(records, master, jobs, r -> null, messageOf, false, null, null);
        if (claim.isEmpty()) {
            claim.ranInside();
            return insertFew(c, s);
        }
        StringBuilder sql = new StringBuilder(600 + records.size() * 250).append("WITH claimed AS (").append(claim.sql())
                .append("), e AS (INSERT INTO production_event (").append(COLUMNS).append(", voided) SELECT ").append(COLUMNS)
                .append(", FALSE FROM (VALUES ");
        for (int i = 0; i < records.size(); i++) sql.append(i == 0 ? "" : ", ").append(TYPED_ROW);
        // The claim's few rows, hashed: no look into device_record whose plan could depend on its size.
        sql.append(") AS v (").append(COLUMNS).append(", guarded) WHERE NOT v.guarded OR v.message_id IN (SELECT message_id FROM claimed)")
                .append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id)")
                .append(" SELECT message_id, CAST(NULL AS VARCHAR) FROM claimed UNION ALL SELECT CAST(NULL AS BIGINT), event_id FROM e");
        Set<String> inserted = new HashSet<>(records.size() * 2);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = claim.bind(ps, 1);
            for (IngestRecord r : records) {
                p = bindRow(ps, p, r, s);
                ps.setBoolean(p++, before.guarded().test(r));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long message = rs.getLong(1);
                    if (!rs.wasNull()) claim.claimed(message); else inserted.add(rs.getString(2));
                }
            }
        }
        claim.ranInside();
        return wentIn(records, inserted);
    }

    private static boolean[] wentIn(List<IngestRecord> records, Set<String> inserted) {
        boolean[] out = new boolean[records.size()];
        for (int i = 0; i < out.length; i++) out[i] = inserted.contains(records.get(i).eventId());
        return out;
    }

    /** A row's {@link #FIELDS} columns from parameter {@code p} on; returns the next parameter. */
    private static int bindRow(PreparedStatement ps, int p, IngestRecord r, Source s) throws SQLException {
        Long machineId = BucketWriter.machineId(s.master(), r);
        ps.setString(p++, r.eventId());
        ps.setTimestamp(p++, Timestamp.from(r.eventTime()));
        if (r.startTime() == null) ps.setNull(p++, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setTimestamp(p++, Timestamp.from(r.startTime()));
        ps.setString(p++, r.source().name());
        ps.setLong(p++, BucketWriter.lineId(s.master(), r));
        if (machineId == null) ps.setNull(p++, Types.BIGINT); else ps.setLong(p++, machineId);
        ps.setLong(p++, r.boards());
        ps.setLong(p++, r.picks());
        ps.setLong(p++, r.placements());
        ps.setLong(p++, r.rejects());
        ps.setString(p++, r.operatorId());
        Long batch = s.batchOf().apply(r);
        if (batch == null) ps.setNull(p++, Types.BIGINT); else ps.setLong(p++, batch);
        Long message = s.messageOf().apply(r);
        if (message == null) ps.setNull(p++, Types.BIGINT); else ps.setLong(p++, message);
        ps.setString(p++, r.remark());
        ps.setString(p++, s.textInBatch() ? null : r.rawText());
        if (s.textInBatch()) ps.setLong(p++, r.rowNo()); else ps.setNull(p++, Types.BIGINT);
        ps.setLong(p++, s.jobs().get(r.jobNo()));
        return p;
    }

    private record Source(List<IngestRecord> records, MasterData master, Map<String, Long> jobs, Function<IngestRecord, Long> batchOf,
                          Function<IngestRecord, Long> messageOf, boolean textInBatch, Encoded encoded, int[] index) {
    }

    /**
     * COPY … FROM STDIN (FORMAT binary): no number or time is printed by us or parsed by the
     * server (measured: 18 % less server time than CSV for the same rows). received_at takes its
     * default (the transaction's time). With {@code textInBatch} the row's text is in batch_text
     * and the event names its row instead.
     */
    private static void copy(Connection c, String table, Source s) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)");
        try {
            Rows out = new Rows(in, 64 * 1024);
            out.bytes(SIGNATURE, 0, SIGNATURE.length);
            out.int32(0).int32(0); // flags, header extension length
            List<IngestRecord> records = s.records();
            for (int i = 0; i < records.size(); i++) {
                IngestRecord r = records.get(i);
                if (s.encoded() != null) {
                    int row = s.index()[i];
                    int from = s.encoded().start()[row];
                    out.bytes(s.encoded().bytes(), from, s.encoded().start()[row + 1] - from);
                } else {
                    prefix(out, r, s.master(), s.batchOf().apply(r), s.messageOf().apply(r), s.textInBatch());
                }
                out.bigint(s.jobs().get(r.jobNo()));
            }
            out.int16(-1); // end of data
            out.flush();
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final int FIELDS = 17;
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    /** The field count and every field but the last (job_id). */
    private static void prefix(Rows out, IngestRecord r, MasterData master, Long batch, Long message, boolean textInBatch)
            throws SQLException {
        Long machineId = BucketWriter.machineId(master, r);
        out.int16(FIELDS);
        out.text(r.eventId()).timestamp(r.eventTime()).timestamp(r.startTime()).text(r.source().name())
                .bigint(BucketWriter.lineId(master, r)).bigint(machineId).bigint(r.boards()).bigint(r.picks())
                .bigint(r.placements()).bigint(r.rejects()).text(r.operatorId()).bigint(batch).bigint(message)
                .text(r.remark());
        if (textInBatch) out.text(null).bigint(r.rowNo());
        else out.text(r.rawText()).bigint(null);
    }

    /** A writer of PostgreSQL's binary COPY fields onto a COPY stream, or into a growing array when there is none. */
    private static final class Rows {
        private final CopyIn in;
        private byte[] buf;
        private int len;

        Rows(CopyIn in, int capacity) {
            this.in = in;
            this.buf = new byte[Math.max(1024, capacity)];
        }

        Rows int16(int v) throws SQLException {
            room(2);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
            return this;
        }

        Rows int32(int v) throws SQLException {
            room(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
            return this;
        }

        private void int64(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) buf[len++] = (byte) (v >>> shift);
        }

        /** A BIGINT field; null is NULL. */
        Rows bigint(Long v) throws SQLException {
            if (v == null) return int32(-1);
            return bigint(v.longValue());
        }

        Rows bigint(long v) throws SQLException {
            room(12);
            int32(8);
            int64(v);
            return this;
        }

        /** A TIMESTAMPTZ field: microseconds since 2000-01-01 UTC; null is NULL. */
        Rows timestamp(java.time.Instant t) throws SQLException {
            if (t == null) return int32(-1);
            long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L), t.getNano() / 1000);
            return bigint(micros);
        }

        /** A text field in UTF-8; null is NULL. NUL characters are dropped (PostgreSQL text cannot hold them). */
        Rows text(String v) throws SQLException {
            if (v == null) return int32(-1);
            boolean ascii = true;
            for (int i = 0; i < v.length() && ascii; i++) {
                char ch = v.charAt(i);
                ascii = ch != 0 && ch < 0x80;
            }
            if (ascii) {
                room(4 + v.length());
                int32(v.length());
                for (int i = 0; i < v.length(); i++) buf[len++] = (byte) v.charAt(i);
                return this;
            }
            byte[] b = v.replace("\u0000", "").getBytes(StandardCharsets.UTF_8);
            int32(b.length);
            bytes(b, 0, b.length);
            return this;
        }

        void bytes(byte[] b, int from, int n) throws SQLException {
            if (in != null && n > buf.length) {
                flush();
                in.writeToCopy(b, from, n);
                return;
            }
            room(n);
            System.arraycopy(b, from, buf, len, n);
            len += n;
        }

        /** Makes room for n bytes: flushes to the COPY stream, or grows the array. */
        private void room(int n) throws SQLException {
            if (len + n <= buf.length) return;
            if (in != null) {
                flush();
                if (n <= buf.length) return;
            }
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }

        void flush() throws SQLException {
            if (in == null) return;
            if (len > 0) in.writeToCopy(buf, 0, len);
            len = 0;
        }
    }
}
