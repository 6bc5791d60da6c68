package dev.smtconsole.store;

import dev.smtconsole.domain.BucketRow;
import dev.smtconsole.domain.JobInfo;
import dev.smtconsole.domain.JobRecordData;
import dev.smtconsole.domain.Thresholds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read side of the reports. The form is built from counter buckets (never from events), so its
 * cost follows jobs × hours, not the number of events in the database.
 */
public final class ReportQueries {
    private final Database db;

    public ReportQueries(Database db) {
        this.db = db;
    }

    /** Everything the form of one line needs, read in one transaction so the parts agree. */
    public record LineData(List<BucketRow> buckets, Map<Long, JobInfo> jobs, List<JobRecordData> records,
                           Thresholds thresholds) {
    }

    /**
     * @param fromHour first bucket start (inclusive), {@code toHour} last (exclusive): the production days'
     *                 bounds, which are bucket edges (ProductionCalendar)
     */
    public LineData lineData(long lineId, Instant fromHour, Instant toHour, LocalDate fromDay, LocalDate toDay) {
        return db.jdbc(c -> {
            List<BucketRow> buckets = buckets(c, lineId, fromHour, toHour);
            List<JobRecordData> records = withEditedFields(c, jobRecords(c, lineId, fromDay, toDay));
            List<Long> jobIds = new ArrayList<>();
            for (BucketRow b : buckets) jobIds.add(b.jobId());
            for (JobRecordData r : records) jobIds.add(r.jobId());
            return new LineData(buckets, jobs(c, jobIds), records, thresholds(c, lineId));
        });
    }

    private static List<BucketRow> buckets(Connection c, long lineId, Instant from, Instant to) throws SQLException {
        List<BucketRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT machine_id, job_id, bucket_start, boards, picks, placements, rejects, event_count,
                       first_event_at, last_event_at, first_start_at
                FROM counter_bucket WHERE bucket_start >= ? AND bucket_start < ? AND line_id = ?""")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setLong(3, lineId);
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BucketRow(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant()));
                }
            }
        }
        return out;
    }

    private static Map<Long, JobInfo> jobs(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, JobInfo> out = new HashMap<>();
        List<Long> distinct = ids.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += 500) {
            List<Long> part = distinct.subList(from, Math.min(distinct.size(), from + 500));
            String sql = "SELECT j.id, j.job_no, p.model, p.placements_per_board FROM job j LEFT JOIN product p ON p.id = j.product_id"
                    + " WHERE j.id IN (" + String.join(",", Collections.nCopies(part.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) ps.setLong(i + 1, part.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int ppbValue = rs.getInt(4);
                        Integer ppb = rs.wasNull() ? null : ppbValue;
                        out.put(rs.getLong(1), new JobInfo(rs.getLong(1), rs.getString(2), rs.getString(3), ppb));
                    }
                }
            }
        }
        return out;
    }

    static List<JobRecordData> jobRecords(Connection c, long lineId, LocalDate from, LocalDate to) throws SQLException {
        List<JobRecordData> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(JobRecordRepository.SELECT
                + " WHERE line_id = ? AND production_day >= ? AND production_day <= ?")) {
            ps.setLong(1, lineId);
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(JobRecordRepository.map(rs));
            }
        }
        return out;
    }

    /** Marks which typed fields of each record were changed through the report (they have audit entries). */
    private static List<JobRecordData> withEditedFields(Connection c, List<JobRecordData> records) throws SQLException {
        Map<String, java.util.Set<String>> fields = new HashMap<>();
        for (int from = 0; from < records.size(); from += 500) {
            List<JobRecordData> part = records.subList(from, Math.min(records.size(), from + 500));
            String sql = "SELECT DISTINCT entity_id, field FROM audit_event WHERE entity = 'job_record' AND entity_id IN ("
                    + String.join(",", Collections.nCopies(part.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) ps.setString(i + 1, Long.toString(part.get(i).id()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) fields.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getString(2));
                }
            }
        }
        if (fields.isEmpty()) return records;
        List<JobRecordData> out = new ArrayList<>(records.size());
        for (JobRecordData r : records) {
            var f = fields.get(Long.toString(r.id()));
            out.add(f == null ? r : r.withEditedFields(f));
        }
        return out;
    }

    /** The loss-rate thresholds for a line: its own spec, else the factory-wide one. */
    private static Thresholds thresholds(Connection c, long lineId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT warn_above, alarm_above, line_id FROM metric_spec
                WHERE metric = 'lossRate' AND machine_id IS NULL AND (line_id IS NULL OR line_id = ?)""")) {
            ps.setLong(1, lineId);
            Thresholds general = Thresholds.NONE, own = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double w = rs.getDouble(1);
                    Double warn = rs.wasNull() ? null : w;
                    double a = rs.getDouble(2);
                    Double alarm = rs.wasNull() ? null : a;
                    rs.getLong(3);
                    if (rs.wasNull()) general = new Thresholds(warn, alarm);
                    else own = new Thresholds(warn, alarm);
                }
            }
            return own != null ? own : general;
        }
    }

    /** Where one job-day's figures came from, per machine (0 = line level): source, batch and file, event count. */
    public record SourceRow(long machineId, String source, Long batchId, String fileName, String operatorId, long events) {
    }

    /**
     * Sources of one job on one production day, read on demand (a tooltip): from bucket_source,
     * which the write path keeps beside the counter buckets (a few rows per job-hour), so the
     * look-up never touches the events.
     */
    public List<SourceRow> sources(long lineId, long jobId, Instant from, Instant to) {
        return db.jdbc(c -> {
            List<SourceRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.machine_id, s.source, NULLIF(s.batch_id, 0), b.file_name, MIN(s.operator_id), SUM(s.event_count)
                    FROM bucket_source s LEFT JOIN import_batch b ON b.id = s.batch_id
                    WHERE s.job_id = ? AND s.line_id = ? AND s.bucket_start >= ? AND s.bucket_start < ?
                    GROUP BY s.machine_id, s.source, NULLIF(s.batch_id, 0), b.file_name
                    HAVING SUM(s.event_count) > 0
                    ORDER BY 1, 2, 3""")) {
                ps.setLong(1, jobId);
                ps.setLong(2, lineId);
                ps.setTimestamp(3, Timestamp.from(from));
                ps.setTimestamp(4, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long batchValue = rs.getLong(3);
                        Long batch = rs.wasNull() ? null : batchValue;
                        out.add(new SourceRow(rs.getLong(1), rs.getString(2), batch, rs.getString(4),
                                rs.getString(5), rs.getLong(6)));
                    }
                }
            }
            return out;
        });
    }
}
