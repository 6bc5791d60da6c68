package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's write path for a chunk of events. New events (the usual case: a file not seen
 * before) are COPYed straight into production_event; the primary key still guards the event ids,
 * so if any of them is stored already the COPY fails, is rolled back to a savepoint, and the chunk
 * goes the careful way: COPY into a session temp table, then INSERT … SELECT … ON CONFLICT
 * (event_id) DO NOTHING RETURNING event_id, which says which rows were new.
 */
final class PgCopyInsert {
    private static final String COLUMNS = "event_id, event_time, start_time, source, line_id, machine_id, job_id, boards, picks,"
            + " placements, rejects, operator_id, batch_id, message_id, remark, raw_text, source_row";

    private PgCopyInsert() {
    }

    /**
     * Inserts the records (distinct event ids) and says which went in.
     *
     * @param expectDuplicates true when recent chunks met stored ids: skip the direct attempt
     */
    static boolean[] insert(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs, Long batchId,
                            Long messageId, boolean textInBatch, boolean expectDuplicates) throws SQLException {
        if (!expectDuplicates) {
            Savepoint sp = c.setSavepoint();
            try {
                copy(c, "production_event", records, master, jobs, batchId, messageId, textInBatch);
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
                    + " start_time TIMESTAMPTZ, source VARCHAR(8), line_id BIGINT, machine_id BIGINT, job_id BIGINT, boards BIGINT,"
                    + " picks BIGINT, placements BIGINT, rejects BIGINT, operator_id VARCHAR(64), batch_id BIGINT, message_id BIGINT,"
                    + " remark VARCHAR(2000), raw_text VARCHAR, source_row BIGINT) ON COMMIT DELETE ROWS");
        }
        copy(c, "smt_ingest_stage", records, master, jobs, batchId, messageId, textInBatch);
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
     * COPY … FROM STDIN (FORMAT csv), the rows encoded straight to UTF-8 in 64 KB pieces;
     * received_at takes its default (the transaction's time). With {@code textInBatch} the row's
     * text is in batch_text and the event names its row instead.
     */
    private static void copy(Connection c, String table, List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                             Long batchId, Long messageId, boolean textInBatch) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT csv)");
        try {
            Rows out = new Rows(in);
            String batch = batchId == null ? "" : batchId.toString();
            String message = messageId == null ? "" : messageId.toString();
            for (IngestRecord r : records) {
                Long machineId = EventWriter.machineId(master, r);
                out.text(r.eventId()).comma().ascii(r.eventTime().toString()).comma();
                if (r.startTime() != null) out.ascii(r.startTime().toString());
                out.comma().ascii(r.source().name()).comma().number(EventWriter.lineId(master, r)).comma();
                if (machineId != null) out.number(machineId);
                out.comma().number(jobs.get(r.jobNo())).comma().number(r.boards()).comma().number(r.picks()).comma()
                        .number(r.placements()).comma().number(r.rejects()).comma().text(r.operatorId()).comma()
                        .ascii(batch).comma().ascii(message).comma().text(r.remark()).comma();
                if (textInBatch) out.comma().number(r.rowNo()).newline();
                else out.text(r.rawText()).comma().newline();
            }
            out.flush();
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    /** A small UTF-8 CSV writer onto a COPY stream. */
    private static final class Rows {
        private final CopyIn in;
        private final byte[] buf = new byte[64 * 1024];
        private int len;

        Rows(CopyIn in) {
            this.in = in;
        }

        Rows comma() throws SQLException {
            return put((byte) ',');
        }

        void newline() throws SQLException {
            put((byte) '\n');
        }

        Rows number(long v) throws SQLException {
            return ascii(Long.toString(v));
        }

        Rows ascii(String s) throws SQLException {
            if (len + s.length() > buf.length) flush();
            for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
            return this;
        }

        /** Null stays unquoted-empty (NULL); text is always quoted so "" is an empty string. NUL is dropped. */
        Rows text(String v) throws SQLException {
            if (v == null) return this;
            put((byte) '"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch < 0x80) {
                    if (ch == 0) continue; // PostgreSQL text cannot hold NUL
                    if (ch == '"') put((byte) '"');
                    put((byte) ch);
                } else {
                    int end = i + 1;
                    while (end < v.length() && v.charAt(end) >= 0x80) end++;
                    byte[] b = v.substring(i, end).getBytes(StandardCharsets.UTF_8);
                    if (len + b.length > buf.length) flush();
                    if (b.length > buf.length) {
                        in.writeToCopy(b, 0, b.length);
                    } else {
                        System.arraycopy(b, 0, buf, len, b.length);
                        len += b.length;
                    }
                    i = end - 1;
                }
            }
            return put((byte) '"');
        }

        private Rows put(byte b) throws SQLException {
            if (len == buf.length) flush();
            buf[len++] = b;
            return this;
        }

        void flush() throws SQLException {
            if (len > 0) in.writeToCopy(buf, 0, len);
            len = 0;
        }
    }
}
