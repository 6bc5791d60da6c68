package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's fast path for a chunk of events: COPY into a session temp table, then one
 * INSERT … SELECT … ON CONFLICT (event_id) DO NOTHING RETURNING event_id. Row-by-row inserts reach
 * a fraction of COPY's speed; this reaches most of it and still dedupes by the unique key.
 */
final class PgCopyInsert {
    private static final String COLUMNS = "event_id, event_time, start_time, source, line_id, machine_id, job_id, boards, picks,"
            + " placements, rejects, operator_id, batch_id, message_id, remark, raw_text, received_at";

    private PgCopyInsert() {
    }

    static boolean[] insert(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs, Long batchId,
                            Long messageId) throws SQLException {
        try (Statement st = c.createStatement()) {
            // ON COMMIT DELETE ROWS: the stage is empty again at the start of every chunk transaction.
            st.execute("CREATE TEMP TABLE IF NOT EXISTS smt_ingest_stage (event_id VARCHAR(200), event_time TIMESTAMPTZ,"
                    + " start_time TIMESTAMPTZ, source VARCHAR(8), line_id BIGINT, machine_id BIGINT, job_id BIGINT, boards BIGINT,"
                    + " picks BIGINT, placements BIGINT, rejects BIGINT, operator_id VARCHAR(64), batch_id BIGINT, message_id BIGINT,"
                    + " remark VARCHAR(2000), raw_text VARCHAR, received_at TIMESTAMPTZ) ON COMMIT DELETE ROWS");
        }
        String now = Instant.now().toString();
        StringBuilder csv = new StringBuilder(records.size() * 200);
        for (IngestRecord r : records) {
            Long machineId = EventWriter.machineId(master, r);
            text(csv, r.eventId()).append(',').append(r.eventTime()).append(',');
            if (r.startTime() != null) csv.append(r.startTime());
            csv.append(',').append(r.source().name()).append(',').append(EventWriter.lineId(master, r)).append(',');
            if (machineId != null) csv.append(machineId);
            csv.append(',').append(jobs.get(r.jobNo())).append(',').append(r.boards()).append(',').append(r.picks()).append(',')
                    .append(r.placements()).append(',').append(r.rejects()).append(',');
            text(csv, r.operatorId()).append(',');
            if (batchId != null) csv.append(batchId);
            csv.append(',');
            if (messageId != null) csv.append(messageId);
            csv.append(',');
            text(csv, r.remark()).append(',');
            text(csv, r.rawText()).append(',').append(now).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY smt_ingest_stage (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into the ingest stage failed: " + e.getMessage(), e);
        }
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

    /** A CSV field for COPY: null stays unquoted-empty (NULL), text is always quoted so "" is an empty string. */
    private static StringBuilder text(StringBuilder sb, String v) {
        if (v == null) return sb;
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"') sb.append('"');
            if (ch != 0) sb.append(ch); // PostgreSQL text cannot hold NUL
        }
        return sb.append('"');
    }
}
