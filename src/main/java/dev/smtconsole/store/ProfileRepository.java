package dev.smtconsole.store;

import dev.smtconsole.store.entity.ImportProfileEntity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Saved import profiles (table import_profile): name + JSON definition. Each method is one unit of work. */
public final class ProfileRepository {
    private final Database db;

    public ProfileRepository(Database db) {
        this.db = db;
    }

    public record Stored(String name, String definition, Instant updatedAt) {
    }

    /** Reads go over JDBC: an import with a profile then needs no Hibernate start (ADR 0016). */
    public List<Stored> list() {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, definition, updated_at FROM import_profile ORDER BY name")) {
                return read(ps);
            }
        });
    }

    public Optional<Stored> find(String name) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, definition, updated_at FROM import_profile WHERE LOWER(name) = LOWER(?)")) {
                ps.setString(1, name.strip());
                return read(ps).stream().findFirst();
            }
        });
    }

    private static List<Stored> read(PreparedStatement ps) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime t = rs.getObject(3, OffsetDateTime.class);
                out.add(new Stored(rs.getString(1), rs.getString(2), t == null ? null : t.toInstant()));
            }
        }
        return out;
    }

    /** Creates or replaces the profile of that name (names compare ignoring case). */
    public void save(String name, String definition, Instant now) {
        db.runInTransaction(em -> {
            ImportProfileEntity e = em.createQuery("from ImportProfileEntity where lower(name) = lower(:n)", ImportProfileEntity.class)
                    .setParameter("n", name.strip()).getResultStream().findFirst().orElse(null);
            if (e == null) {
                e = new ImportProfileEntity();
                e.name = name.strip();
                e.definition = definition;
                e.updatedAt = now;
                em.persist(e);
            } else {
                e.name = name.strip();
                e.definition = definition;
                e.updatedAt = now;
            }
        });
    }

    /** @return whether a profile of that name existed */
    public boolean delete(String name) {
        boolean deleted = db.inTransaction(em -> em.createQuery("delete from ImportProfileEntity where lower(name) = lower(:n)")
                .setParameter("n", name.strip()).executeUpdate() > 0);
        return deleted;
    }
}
