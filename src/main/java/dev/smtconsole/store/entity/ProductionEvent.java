package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `production_event` (see db/migration). */
@Entity
@Table(name = "production_event")
public class ProductionEvent {
    /** The idempotency key is the primary key (V7): no surrogate id to write per row. */
    @Id
    @Column(name = "event_id", nullable = false) public String eventId;
    @Column(name = "event_time", nullable = false) public Instant eventTime;
    @Column(name = "start_time") public Instant startTime;
    @Column(nullable = false, length = 8) public String source;
    @ManyToOne(optional = false) @JoinColumn(name = "line_id") public ProductionLine line;
    @ManyToOne@JoinColumn(name = "machine_id") public Machine machine;
    @ManyToOne(optional = false) @JoinColumn(name = "job_id") public Job job;
    @Column(nullable = false) public long boards;
    @Column(nullable = false) public long picks;
    @Column(nullable = false) public long placements;
    @Column(nullable = false) public long rejects;
    @Column(name = "operator_id") public String operatorId;
    @ManyToOne@JoinColumn(name = "batch_id") public ImportBatch batch;
    @ManyToOne@JoinColumn(name = "message_id") public IntegrationMessage message;
    public String remark;
    /** Source text of a manual or message row; a file row's text is in batch_text (see sourceRow). */
    @Column(name = "raw_text") public String rawText;
    /** The row in its batch's file, whose text batch_text keeps. */
    @Column(name = "source_row") public Long sourceRow;
    @Column(name = "received_at", nullable = false) public Instant receivedAt;
    @Column(nullable = false) public boolean voided;

    public String getEventId() { return eventId; }
}
