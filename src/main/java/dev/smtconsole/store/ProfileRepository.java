package dev.smtconsole.store;

import dev.smtconsole.store.entity.ImportProfileEntity;

import java.time.Instant;
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

    public List<Stored> list() {
        return db.inTransaction(em -> em.createQuery("from ImportProfileEntity order by name", ImportProfileEntity.class)
                .getResultStream().map(ProfileRepository::stored).toList());
    }

    public Optional<Stored> find(String name) {
        return db.inTransaction(em -> em.createQuery("from ImportProfileEntity where lower(name) = lower(:n)", ImportProfileEntity.class)
                .setParameter("n", name.strip()).getResultStream().findFirst().map(ProfileRepository::stored));
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

    private static Stored stored(ImportProfileEntity e) {
        return new Stored(e.name, e.definition, e.updatedAt);
    }
}
