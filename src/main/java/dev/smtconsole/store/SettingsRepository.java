package dev.smtconsole.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Factory-wide settings an engineer changes from the settings page: wall stale minutes, the
 * default loss-rate limits and each line's target boards per hour. Every change is one audited
 * transaction that also bumps the change marker, so every console's wall follows.
 */
public final class SettingsRepository {
    public static final String STALE_MINUTES_KEY = DashboardQueries.STALE_MINUTES_KEY;

    private final Database db;

    public SettingsRepository(Database db) {
        this.db = db;
    }

    /** The values as stored; null where nothing is set. */
    public record Values(Integer staleMinutes, Double lossWarnAbove, Double lossAlarmAbove, Map<String, Integer> lineTargets) {
    }

    public Values read() {
        return db.jdbc(c -> {
            Integer stale = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM app_setting WHERE setting_key = ?")) {
                ps.setString(1, STALE_MINUTES_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) stale = parseInt(rs.getString(1));
                }
            }
            Double warn = null, alarm = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT warn_above, alarm_above FROM metric_spec WHERE metric = 'lossRate' AND line_id IS NULL AND machine_id IS NULL ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    warn = (Double) rs.getObject(1, Double.class);
                    alarm = (Double) rs.getObject(2, Double.class);
                }
            }
            Map<String, Integer> targets = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, target_per_hour FROM production_line ORDER BY code");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) targets.put(rs.getString(1), (Integer) rs.getObject(2, Integer.class));
            }
            return new Values(stale, warn, alarm, targets);
        });
    }

    /** Writes what differs from the stored values, with one audit row per changed value. Returns the number of changes. */
    public int save(Values wanted, String operatorId, String reason) {
        Values before = read();
        int changes = db.jdbc(c -> {
            Instant now = Instant.now();
            int n = 0;
            if (wanted.staleMinutes() != null && !Objects.equals(wanted.staleMinutes(), before.staleMinutes())) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM app_setting WHERE setting_key = ?")) {
                    del.setString(1, STALE_MINUTES_KEY);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO app_setting (setting_key, setting_value) VALUES (?, ?)")) {
                    ins.setString(1, STALE_MINUTES_KEY);
                    ins.setString(2, wanted.staleMinutes().toString());
                    ins.executeUpdate();
                }
                IngestStore.audit(c, now, operatorId, "app_setting", STALE_MINUTES_KEY, "UPDATE", "setting_value",
                        str(before.staleMinutes()), str(wanted.staleMinutes()), reason);
                n++;
            }
            if (!Objects.equals(wanted.lossWarnAbove(), before.lossWarnAbove())
                    || !Objects.equals(wanted.lossAlarmAbove(), before.lossAlarmAbove())) {
                int updated;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE metric_spec SET warn_above = ?, alarm_above = ? WHERE metric = 'lossRate' AND line_id IS NULL AND machine_id IS NULL")) {
                    ps.setObject(1, wanted.lossWarnAbove(), Types.DOUBLE);
                    ps.setObject(2, wanted.lossAlarmAbove(), Types.DOUBLE);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO metric_spec (metric, warn_above, alarm_above) VALUES ('lossRate', ?, ?)")) {
                        ps.setObject(1, wanted.lossWarnAbove(), Types.DOUBLE);
                        ps.setObject(2, wanted.lossAlarmAbove(), Types.DOUBLE);
                        ps.executeUpdate();
                    }
                }
                IngestStore.audit(c, now, operatorId, "metric_spec", "lossRate", "UPDATE", "warn_above/alarm_above",
                        str(before.lossWarnAbove()) + "/" + str(before.lossAlarmAbove()),
                        str(wanted.lossWarnAbove()) + "/" + str(wanted.lossAlarmAbove()), reason);
                n++;
            }
            for (var e : wanted.lineTargets().entrySet()) {
                Integer old = before.lineTargets().get(e.getKey());
                if (!before.lineTargets().containsKey(e.getKey()) || Objects.equals(old, e.getValue())) continue;
                try (PreparedStatement ps = c.prepareStatement("UPDATE production_line SET target_per_hour = ? WHERE code = ?")) {
                    ps.setObject(1, e.getValue(), Types.INTEGER);
                    ps.setString(2, e.getKey());
                    ps.executeUpdate();
                }
                IngestStore.audit(c, now, operatorId, "production_line", e.getKey(), "UPDATE", "target_per_hour",
                        str(old), str(e.getValue()), reason);
                n++;
            }
            if (n > 0) db.changeFeed().bump(c);
            return n;
        });
        if (changes > 0) db.changeFeed().publish();
        return changes;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
