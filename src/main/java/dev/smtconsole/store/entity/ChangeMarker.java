package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.Instant;

/** The single row bumped by each committing write; polled by other processes. */
@Entity
@Table(name = "change_marker")
public class ChangeMarker {
    @Id public Integer id;
    @Column(nullable = false) public long version;
    @Column(name = "changed_at", nullable = false) public Instant changedAt;
}
