package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `integration_message` (see db/migration). */
@Entity
@Table(name = "integration_message")
public class IntegrationMessage {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false) public String channel;
    @Column(name = "external_id") public String externalId;
    @ManyToOne@JoinColumn(name = "batch_id") public ImportBatch batch;
    @Column(nullable = false) public String status;
    public String error;
    @Column(name = "operator_id") public String operatorId;
    @Column(name = "received_at", nullable = false) public Instant receivedAt;
    public String payload;

    public Long getId() { return id; }
}
