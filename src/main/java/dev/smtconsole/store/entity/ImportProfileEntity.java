package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `import_profile` (see db/migration). */
@Entity
@Table(name = "import_profile")
public class ImportProfileEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false) public String name;
    @Column(nullable = false) public String definition;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;

    public Long getId() { return id; }
}
