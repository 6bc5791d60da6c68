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
                AuditLog.write(c, now, operatorId, "app_setting", STALE_MINUTES_KEY, "UPDATE", "setting_value",
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
                AuditLog.write(c, now, operatorId, "metric_spec", "lossRate", "UPDATE", "warn_above/alarm_above",
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
                AuditLog.write(c, now, operatorId, "production_line", e.getKey(), "UPDATE", "target_per_hour",
                        str(old), str(e.getValue()), reason);
                n++;
            }
            if (n > 0) db.changeFeed().bump(c);
            return n;
        });
        if (changes > 0) db.changeFeed().publish();
        return changes;
    }

    /** A value of app_setting, or null. */
    public String get(String key) {
        return db.jdbc(c -> get(c, key));
    }

    /** Every value of app_setting whose key starts with {@code prefix} ("" = all), by key. */
    public Map<String, String> all(String prefix) {
        return db.jdbc(c -> {
            Map<String, String> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_key, setting_value FROM app_setting ORDER BY setting_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).startsWith(prefix)) out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    private static String get(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM app_setting WHERE setting_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Sets several app_setting values in one audited transaction that bumps the change marker, so
     * every console follows. Values equal to the stored ones are left alone. Returns how many changed.
     */
    public int put(Map<String, String> values, String operatorId, String reason) {
        int changes = db.jdbc(c -> {
            Instant now = Instant.now();
            int n = 0;
            for (var e : values.entrySet()) {
                // The row is locked (or created) first, so two consoles saving at once each see the other's value.
                String old = lockedValue(c, e.getKey());
                if (Objects.equals(old, e.getValue())) continue;
                try (PreparedStatement ps = c.prepareStatement("UPDATE app_setting SET setting_value = ? WHERE setting_key = ?")) {
                    ps.setString(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.executeUpdate();
                }
                AuditLog.write(c, now, operatorId, "app_setting", e.getKey(), "UPDATE", "setting_value", old, e.getValue(), reason);
                n++;
            }
            if (n > 0) db.changeFeed().bump(c);
            return n;
        });
        if (changes > 0) db.changeFeed().publish();
        return changes;
    }

    /**
     * Stores values only where no value exists yet (the first console to open a new database
     * settles the factory calendar). Audited as INIT. Returns how many were stored.
     */
    public int putIfAbsent(Map<String, String> values, String operatorId, String reason) {
        return db.jdbc(c -> {
            Instant now = Instant.now();
            int n = 0;
            for (var e : values.entrySet()) {
                if (lockedValue(c, e.getKey()) != null) continue;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE app_setting SET setting_value = ? WHERE setting_key = ? AND setting_value IS NULL")) {
                    ps.setString(1, e.getValue());
                    ps.setString(2, e.getKey());
                    if (ps.executeUpdate() == 0) continue;
                }
                AuditLog.write(c, now, operatorId, "app_setting", e.getKey(), "INIT", "setting_value", null, e.getValue(), reason);
                n++;
            }
            return n;
        });
    }

    /** The stored value under a row lock, creating an empty row first when there is none. */
    private static String lockedValue(Connection c, String key) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT setting_value FROM app_setting WHERE setting_key = ? FOR UPDATE")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getString(1);
                }
            }
            java.sql.Savepoint sp = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_setting (setting_key, setting_value) VALUES (?, NULL)")) {
                ps.setString(1, key);
                ps.executeUpdate();
                c.releaseSavepoint(sp);
                return null;
            } catch (SQLException e) {
                // Another console created the row meanwhile: read it (locked) instead.
                c.rollback(sp);
                if (attempt > 0 || !EventWriter.isUniqueViolation(e)) throw e;
            }
        }
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
