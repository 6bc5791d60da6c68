package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `audit_event` (see db/migration). */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false) public Instant occurredAt;
    @Column(name = "operator_id") public String operatorId;
    @Column(nullable = false) public String entity;
    @Column(name = "entity_id") public String entityId;
    @Column(nullable = false) public String action;
    public String field;
    @Column(name = "old_value") public String oldValue;
    @Column(name = "new_value") public String newValue;
    public String reason;

    public Long getId() { return id; }
}
