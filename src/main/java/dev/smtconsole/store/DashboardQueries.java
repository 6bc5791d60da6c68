package dev.smtconsole.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counter wall's reads: plain JDBC over counter_bucket and master data. Every bucket query is a
 * range on {@code bucket_start} (indexed), so its cost follows lines × jobs × hours in the window,
 * never the number of events stored.
 */
public final class DashboardQueries {
    /** app_setting key: minutes without data after which a line counts as stale. */
    public static final String STALE_MINUTES_KEY = "dashboard.staleMinutes";

    private final Database db;

    public DashboardQueries(Database db) {
        this.db = db;
    }

    public record LineRow(long id, String code, String name, Integer targetPerHour, boolean active) {
    }

    public record MachineRow(long id, long lineId, String code, String name, int position, String kind) {
    }

    /** One counter bucket; machineId 0 = line-level counts. */
    public record BucketRow(long lineId, long machineId, long jobId, Instant start, long boards, long picks,
                            long placements, long rejects, Instant firstEventAt, Instant lastEventAt) {
    }

    public record JobRow(long id, String jobNo, Integer plannedQty, String model) {
    }

    /** A metric_spec row: line/machine null = wider scope. */
    public record SpecRow(long id, Long lineId, Long machineId, Double warnAbove, Double alarmAbove) {
    }

    /** Everything one refresh needs, read in one transaction so the numbers agree with each other. */
    public record WallData(List<LineRow> lines, List<MachineRow> machines, List<BucketRow> buckets,
                           Map<Long, JobRow> jobs, Map<Long, Instant> lastEventByLine, List<SpecRow> lossRateSpecs,
                           String staleMinutesSetting, long changeVersion) {
    }

    /**
     * @param from        first bucket hour to read (inclusive)
     * @param to          bucket hours before this
     * @param recentSince how far back to look for a line's newest data when it has none in the window
     */
    public WallData wallData(Instant from, Instant to, Instant recentSince) {
        return db.jdbc(c -> {
            long version = changeVersion(c);
            List<LineRow> lines = lines(c);
            List<MachineRow> machines = machines(c);
            List<BucketRow> buckets = buckets(c, null, from, to);
            Map<Long, JobRow> jobs = jobs(c, buckets.stream().map(BucketRow::jobId).distinct().toList());
            // a line with buckets in the window has its newest data there; only the others look back further
            Map<Long, Instant> last = new HashMap<>();
            for (BucketRow b : buckets) last.merge(b.lineId(), b.lastEventAt(), (x, y) -> x.isAfter(y) ? x : y);
            List<Long> quiet = lines.stream().map(LineRow::id).filter(id -> !last.containsKey(id)).toList();
            if (!quiet.isEmpty()) last.putAll(lastEventByLine(c, quiet, recentSince, from));
            return new WallData(lines, machines, buckets, jobs, last, specs(c, "lossRate"),
                    setting(c, STALE_MINUTES_KEY), version);
        });
    }

    /** The buckets of one line in [from, to), with the jobs they name and the loss-rate specs. */
    public WallData lineData(long lineId, Instant from, Instant to) {
        return db.jdbc(c -> {
            List<BucketRow> buckets = buckets(c, lineId, from, to);
            return new WallData(lines(c), machines(c), buckets,
                    jobs(c, buckets.stream().map(BucketRow::jobId).distinct().toList()), Map.of(),
                    specs(c, "lossRate"), setting(c, STALE_MINUTES_KEY), changeVersion(c));
        });
    }

    /** Lines and machines: for resolving codes. */
    public record Master(List<LineRow> lines, List<MachineRow> machines) {
    }

    public Master master() {
        return db.jdbc(c -> new Master(lines(c), machines(c)));
    }

    private static long changeVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM change_marker WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private static List<LineRow> lines(Connection c) throws SQLException {
        List<LineRow> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, code, name, target_per_hour, active FROM production_line ORDER BY code")) {
            while (rs.next()) {
                int target = rs.getInt(4);
                Integer t = rs.wasNull() ? null : target;
                out.add(new LineRow(rs.getLong(1), rs.getString(2), rs.getString(3), t, rs.getBoolean(5)));
            }
        }
        return out;
    }

    private static List<MachineRow> machines(Connection c) throws SQLException {
        List<MachineRow> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, line_id, code, name, line_position, kind FROM machine ORDER BY line_id, line_position, code")) {
            while (rs.next()) {
                out.add(new MachineRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
            }
        }
        return out;
    }

    private static List<BucketRow> buckets(Connection c, Long lineId, Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects, first_event_at, last_event_at
                FROM counter_bucket WHERE bucket_start >= ? AND bucket_start < ?""" + (lineId == null ? "" : " AND line_id = ?");
        List<BucketRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            if (lineId != null) ps.setLong(3, lineId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BucketRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant()));
                }
            }
        }
        return out;
    }

    private static Map<Long, JobRow> jobs(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, JobRow> out = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> part = all.subList(from, Math.min(all.size(), from + 500));
            String sql = "SELECT j.id, j.job_no, j.planned_qty, p.model FROM job j LEFT JOIN product p ON p.id = j.product_id WHERE j.id IN ("
                    + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) ps.setLong(i + 1, part.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int planned = rs.getInt(3);
                        Integer p = rs.wasNull() ? null : planned;
                        out.put(rs.getLong(1), new JobRow(rs.getLong(1), rs.getString(2), p, rs.getString(4)));
                    }
                }
            }
        }
        return out;
    }

    private static Map<Long, Instant> lastEventByLine(Connection c, List<Long> lineIds, Instant since, Instant to) throws SQLException {
        Map<Long, Instant> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT line_id, MAX(last_event_at) FROM counter_bucket WHERE bucket_start >= ? AND bucket_start < ? AND line_id IN ("
                        + String.join(",", java.util.Collections.nCopies(lineIds.size(), "?")) + ") GROUP BY line_id")) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(2, Timestamp.from(to));
            for (int i = 0; i < lineIds.size(); i++) ps.setLong(3 + i, lineIds.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    private static List<SpecRow> specs(Connection c, String metric) throws SQLException {
        List<SpecRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, line_id, machine_id, warn_above, alarm_above FROM metric_spec WHERE metric = ? ORDER BY id")) {
            ps.setString(1, metric);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SpecRow(rs.getLong(1), (Long) rs.getObject(2, Long.class), (Long) rs.getObject(3, Long.class),
                            (Double) rs.getObject(4, Double.class), (Double) rs.getObject(5, Double.class)));
                }
            }
        }
        return out;
    }

    private static String setting(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM app_setting WHERE setting_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Stores a factory-wide setting (shared by every console on this database). */
    public void putSetting(String key, String value) {
        db.jdbc(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM app_setting WHERE setting_key = ?")) {
                del.setString(1, key);
                del.executeUpdate();
            }
            if (value != null) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO app_setting (setting_key, setting_value) VALUES (?, ?)")) {
                    ins.setString(1, key);
                    ins.setString(2, value);
                    ins.executeUpdate();
                }
            }
            db.changeFeed().bump(c);
            return null;
        });
    }

    /** Sets warn/alarm thresholds of a metric for a scope (both ids null = the default row), creating the row if needed. */
    public void putThresholds(String metric, Long lineId, Long machineId, Double warnAbove, Double alarmAbove) {
        db.jdbc(c -> {
            String where = "metric = ? AND " + (lineId == null ? "line_id IS NULL" : "line_id = ?") + " AND "
                    + (machineId == null ? "machine_id IS NULL" : "machine_id = ?");
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE metric_spec SET warn_above = ?, alarm_above = ? WHERE " + where)) {
                int i = 1;
                ps.setObject(i++, warnAbove, java.sql.Types.DOUBLE);
                ps.setObject(i++, alarmAbove, java.sql.Types.DOUBLE);
                ps.setString(i++, metric);
                if (lineId != null) ps.setLong(i++, lineId);
                if (machineId != null) ps.setLong(i, machineId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO metric_spec (metric, line_id, machine_id, warn_above, alarm_above) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, metric);
                    ps.setObject(2, lineId, java.sql.Types.BIGINT);
                    ps.setObject(3, machineId, java.sql.Types.BIGINT);
                    ps.setObject(4, warnAbove, java.sql.Types.DOUBLE);
                    ps.setObject(5, alarmAbove, java.sql.Types.DOUBLE);
                    ps.executeUpdate();
                }
            }
            db.changeFeed().bump(c);
            return null;
        });
    }
}
