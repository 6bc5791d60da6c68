package dev.smtconsole.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The live-feed sources (issue 15): their shared settings, the status the process running each
 * one reports, and the hot folders' claims on files. Every check-then-act here is one statement
 * the database decides (a primary key, an UPDATE with its condition), so two consoles on one
 * shared database never both take the same thing.
 */
public final class SourceRepository {
    private final Database db;

    public SourceRepository(Database db) {
        this.db = db;
    }

    // ---------- settings ----------

    /** A source as stored: its kind ({@code cfx} | {@code folder}) and its settings document. */
    public record Row(String name, String kind, boolean enabled, String config, Instant updatedAt, String updatedBy) {
    }

    public List<Row> all() {
        return db.jdbc(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, kind, enabled, config, updated_at, updated_by FROM source_setting ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    public Optional<Row> find(String name) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, kind, enabled, config, updated_at, updated_by FROM source_setting WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<Row>empty();
                }
            }
        });
    }

    /**
     * Adds a source; false when the name is taken (the primary key decides, also when two consoles
     * add the same name at once). Audited.
     */
    public boolean insert(Row r) {
        try {
            return db.jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO source_setting (name, kind, enabled, config, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, r.name());
                    ps.setString(2, r.kind());
                    ps.setBoolean(3, r.enabled());
                    ps.setString(4, r.config());
                    ps.setTimestamp(5, Timestamp.from(r.updatedAt()));
                    ps.setString(6, r.updatedBy());
                    ps.executeUpdate();
                }
                AuditLog.write(c, r.updatedAt(), r.updatedBy(), "source_setting", r.name(), "INSERT", "config", null, r.config(),
                        "source added");
                return true;
            });
        } catch (DatabaseException e) {
            if (isUniqueViolation(e)) return false;
            throw e;
        }
    }

    /** Replaces a source's settings (kind stays); false when there is no such source. Audited. */
    public boolean update(Row r) {
        return db.jdbc(c -> {
            String before = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT config FROM source_setting WHERE name = ? FOR UPDATE")) {
                ps.setString(1, r.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return false;
                    before = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE source_setting SET enabled = ?, config = ?, updated_at = ?, updated_by = ? WHERE name = ?")) {
                ps.setBoolean(1, r.enabled());
                ps.setString(2, r.config());
                ps.setTimestamp(3, Timestamp.from(r.updatedAt()));
                ps.setString(4, r.updatedBy());
                ps.setString(5, r.name());
                ps.executeUpdate();
            }
            AuditLog.write(c, r.updatedAt(), r.updatedBy(), "source_setting", r.name(), "UPDATE", "config", before,
                    (r.enabled() ? "" : "[disabled] ") + r.config(), "source changed");
            return true;
        });
    }

    /** Removes a source and its status; false when there was none. Audited. */
    public boolean delete(String name, String operatorId, Instant at) {
        return db.jdbc(c -> {
            String before;
            try (PreparedStatement ps = c.prepareStatement("SELECT config FROM source_setting WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return false;
                    before = rs.getString(1);
                }
            }
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM source_setting WHERE name = ?")) {
                ps.setString(1, name);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM source_status WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            if (n > 0) AuditLog.write(c, at, operatorId, "source_setting", name, "DELETE", "config", before, null, "source removed");
            return n > 0;
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), instant(rs, 5), rs.getString(6));
    }

    // ---------- status ----------

    /** What the process running a source says about it. */
    public record Status(String name, String state, Instant since, String host, long messages, double perSecond, long errors,
                         Instant lastMessageAt, String lastError, Instant lastErrorAt, Instant heartbeatAt) {
    }

    /**
     * Takes the right to run a source (issue 15: one console runs a source at a time, so a CFX stream is not split
     * between consoles): won when no status row exists, when {@code owner} holds it already, when its holder
     * stopped it, or when its holder's heartbeat is older than {@code staleBefore} (that console died or lost the
     * database). One statement decides, so two consoles never both win.
     */
    public boolean lease(String name, String owner, Instant now, Instant staleBefore) {
        int taken = db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE source_status SET host = ?, heartbeat_at = ?, state = 'RECONNECTING', state_since = ?
                    WHERE name = ? AND (host = ? OR state = 'STOPPED' OR heartbeat_at < ?)""")) {
                ps.setString(1, cut(owner, 200));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setString(4, name);
                ps.setString(5, cut(owner, 200));
                ps.setTimestamp(6, Timestamp.from(staleBefore));
                return ps.executeUpdate();
            }
        });
        if (taken > 0) return true;
        try {
            return db.jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO source_status (name, state, state_since, host, heartbeat_at) VALUES (?, 'RECONNECTING', ?, ?, ?)""")) {
                    ps.setString(1, name);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, cut(owner, 200));
                    ps.setTimestamp(4, Timestamp.from(now));
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (DatabaseException e) {
            if (!isUniqueViolation(e)) throw e;
            return false; // the row exists and another console holds it
        }
    }

    /** Writes the status of a source this console holds; false when another console has taken it over. */
    public boolean renew(Status s) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE source_status SET state = ?, state_since = ?, host = ?, messages = ?, per_second = ?, errors = ?,
                    last_message_at = ?, last_error = ?, last_error_at = ?, heartbeat_at = ? WHERE name = ? AND host = ?""")) {
                bindStatus(ps, s, 1);
                ps.setString(11, s.name());
                ps.setString(12, cut(s.host(), 200));
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Writes a source's status (one row per source, replaced). */
    public void putStatus(Status s) {
        int updated = db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE source_status SET state = ?, state_since = ?, host = ?, messages = ?, per_second = ?, errors = ?,
                    last_message_at = ?, last_error = ?, last_error_at = ?, heartbeat_at = ? WHERE name = ?""")) {
                bindStatus(ps, s, 1);
                ps.setString(11, s.name());
                return ps.executeUpdate();
            }
        });
        if (updated > 0) return;
        try {
            db.jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO source_status (state, state_since, host, messages, per_second, errors, last_message_at,
                        last_error, last_error_at, heartbeat_at, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    bindStatus(ps, s, 1);
                    ps.setString(11, s.name());
                    return ps.executeUpdate();
                }
            });
        } catch (DatabaseException e) {
            if (!isUniqueViolation(e)) throw e; // a second writer inserted it first: the next heartbeat updates it
        }
    }

    private static void bindStatus(PreparedStatement ps, Status s, int i) throws SQLException {
        ps.setString(i, s.state());
        ps.setTimestamp(i + 1, Timestamp.from(s.since()));
        ps.setString(i + 2, cut(s.host(), 200));
        ps.setLong(i + 3, s.messages());
        ps.setDouble(i + 4, s.perSecond());
        ps.setLong(i + 5, s.errors());
        setInstant(ps, i + 6, s.lastMessageAt());
        ps.setString(i + 7, cut(s.lastError(), 2000));
        setInstant(ps, i + 8, s.lastErrorAt());
        ps.setTimestamp(i + 9, Timestamp.from(s.heartbeatAt()));
    }

    public List<Status> statuses() {
        return db.jdbc(c -> {
            List<Status> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT name, state, state_since, host, messages, per_second, errors, last_message_at, last_error,
                    last_error_at, heartbeat_at FROM source_status ORDER BY name""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Status(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getString(4), rs.getLong(5),
                            rs.getDouble(6), rs.getLong(7), instant(rs, 8), rs.getString(9), instant(rs, 10), instant(rs, 11)));
                }
            }
            return out;
        });
    }

    // ---------- broker state ----------

    /**
     * Payloads of messages of {@code channel} received since {@code since} whose payload contains
     * {@code marker}, oldest first, at most {@code limit} (the newest ones): what a CFX reader
     * replays to know the jobs its stream had started before this process (re)started.
     */
    public List<String> recentPayloads(String channel, String marker, Instant since, int limit) {
        return db.jdbc(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT payload FROM integration_message WHERE channel = ? AND received_at >= ? AND payload LIKE ?
                    AND status <> 'FAILED' ORDER BY id DESC""")) {
                ps.setString(1, channel);
                ps.setTimestamp(2, Timestamp.from(since));
                ps.setString(3, "%" + marker + "%");
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            java.util.Collections.reverse(out);
            return out;
        });
    }

    /** The lookup of {@link #writtenExternalIds} for {@code n} ids. */
    static String writtenExternalIdsSql(int n) {
        return "SELECT external_id, channel FROM integration_message WHERE external_id IN ("
                + String.join(", ", java.util.Collections.nCopies(n, "?")) + ") AND status NOT IN ('FAILED', 'DUPLICATE')";
    }

    /** Which of these external ids a stored message of {@code channel} already has (neither FAILED nor a DUPLICATE). */
    public java.util.Set<String> writtenExternalIds(String channel, List<String> ids) {
        return db.jdbc(c -> {
            java.util.Set<String> out = new java.util.HashSet<>();
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
                // By the external id alone (the channel compared here): see Database.prepareIndexedLookup.
                try (PreparedStatement ps = Database.prepareIndexedLookup(c, writtenExternalIdsSql(part.size()))) {
                    for (int i = 0; i < part.size(); i++) ps.setString(i + 1, cut(part.get(i), 200));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) if (channel.equals(rs.getString(2))) out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    // ---------- hot-folder files ----------

    /** A file's claim: its status, batch and note. */
    public record FileClaim(String sourceName, String sha256, String fileName, String status, Long batchId, Instant claimedAt,
                            Instant finishedAt, String message) {
    }

    /** How long a failed import's content is left to the console that imported it before another may take it over. */
    public static final Duration ERROR_SETTLES = Duration.ofSeconds(30);

    /** How a claim went. */
    public enum Claim {
        /** This caller imports the file. */
        TAKEN,
        /** The content was imported already: nothing to do. */
        DONE_BEFORE,
        /** Another console is importing it right now: leave the file alone. */
        BUSY
    }

    /**
     * Claims a file's content for import, atomically: a new content is inserted; one whose last
     * import failed, or whose claim is older than {@code staleAfter} (its console died), is taken
     * over by an UPDATE that only one caller can win.
     */
    public Claim claim(String sourceName, String sha256, String fileName, Instant now, Duration staleAfter) {
        // A content whose import failed just now is still in the hands of the console that imported it, which
        // moves it to error/ a moment later; taken over at once, a second console watching the same share would
        // import it again in that moment (a second batch of the same rejected rows, two moves of one file).
        try {
            db.jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO source_file (source_name, sha256, file_name, status, claimed_at) VALUES (?, ?, ?, 'IMPORTING', ?)""")) {
                    ps.setString(1, sourceName);
                    ps.setString(2, sha256);
                    ps.setString(3, cut(fileName, 500));
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.executeUpdate();
                }
                return null;
            });
            return Claim.TAKEN;
        } catch (DatabaseException e) {
            if (!isUniqueViolation(e)) throw e;
        }
        int taken = db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE source_file SET status = 'IMPORTING', claimed_at = ?, file_name = ?, finished_at = NULL, message = NULL
                    WHERE source_name = ? AND sha256 = ?
                        AND ((status = 'ERROR' AND finished_at < ?) OR (status = 'IMPORTING' AND claimed_at < ?))""")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, cut(fileName, 500));
                ps.setString(3, sourceName);
                ps.setString(4, sha256);
                ps.setTimestamp(5, Timestamp.from(now.minus(ERROR_SETTLES)));
                ps.setTimestamp(6, Timestamp.from(now.minus(staleAfter)));
                return ps.executeUpdate();
            }
        });
        if (taken == 1) return Claim.TAKEN;
        return file(sourceName, sha256).map(f -> "DONE".equals(f.status()) ? Claim.DONE_BEFORE : Claim.BUSY).orElse(Claim.BUSY);
    }

    /** Takes up a claim this console made and still holds (status IMPORTING), e.g. after the database dropped its import. */
    public boolean retake(String sourceName, String sha256, String fileName, Instant now) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE source_file SET claimed_at = ?, file_name = ? WHERE source_name = ? AND sha256 = ? AND status = 'IMPORTING'""")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, cut(fileName, 500));
                ps.setString(3, sourceName);
                ps.setString(4, sha256);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Keeps a claimed import's heartbeat fresh (a long file), so no other console takes it over. */
    public void touch(String sourceName, String sha256, Instant now) {
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE source_file SET claimed_at = ? WHERE source_name = ? AND sha256 = ? AND status = 'IMPORTING'")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, sourceName);
                ps.setString(3, sha256);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends a claim: DONE or ERROR, the batch it became (if any) and a note. */
    public void finish(String sourceName, String sha256, String status, Long batchId, String message, Instant now) {
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE source_file SET status = ?, batch_id = ?, message = ?, finished_at = ? WHERE source_name = ? AND sha256 = ?""")) {
                ps.setString(1, status);
                if (batchId == null) ps.setNull(2, Types.BIGINT); else ps.setLong(2, batchId);
                ps.setString(3, cut(message, 2000));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, sourceName);
                ps.setString(6, sha256);
                return ps.executeUpdate();
            }
        });
    }

    public Optional<FileClaim> file(String sourceName, String sha256) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT source_name, sha256, file_name, status, batch_id, claimed_at, finished_at, message
                    FROM source_file WHERE source_name = ? AND sha256 = ?""")) {
                ps.setString(1, sourceName);
                ps.setString(2, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<FileClaim>empty();
                    long batch = rs.getLong(5);
                    Long batchId = rs.wasNull() ? null : batch;
                    return Optional.of(new FileClaim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), batchId,
                            instant(rs, 6), instant(rs, 7), rs.getString(8)));
                }
            }
        });
    }

    /**
     * H2 keeps a commit in memory and writes it to its file a moment later: a process killed in
     * between loses it. A broker message is acknowledged only after this, so what the broker
     * forgets is on disk. PostgreSQL's commit is durable already (nothing to do).
     */
    public void checkpoint() {
        if (db.isPostgres()) return;
        db.jdbc(c -> {
            try (var st = c.createStatement()) {
                st.execute("CHECKPOINT");
            }
            return null;
        });
    }

    // ---------- helpers ----------

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) return true;
        }
        return false;
    }

    private static void setInstant(PreparedStatement ps, int i, Instant at) throws SQLException {
        if (at == null) ps.setNull(i, Types.TIMESTAMP); else ps.setTimestamp(i, Timestamp.from(at));
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
