package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `counter_bucket` (see db/migration). */
@Entity
@Table(name = "counter_bucket")
public class CounterBucket {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false) @JoinColumn(name = "line_id") public ProductionLine line;
    /** 0 = line-level counts. */
    @Column(name = "machine_id", nullable = false) public long machineId;
    @ManyToOne(optional = false) @JoinColumn(name = "job_id") public Job job;
    /** Start of the bucket's quarter hour (UTC-aligned). */
    @Column(name = "bucket_start", nullable = false) public Instant bucketStart;
    @Column(nullable = false) public long boards;
    @Column(nullable = false) public long picks;
    @Column(nullable = false) public long placements;
    @Column(nullable = false) public long rejects;
    @Column(name = "event_count", nullable = false) public long eventCount;
    @Column(name = "first_event_at", nullable = false) public Instant firstEventAt;
    @Column(name = "last_event_at", nullable = false) public Instant lastEventAt;
    /** The earliest start of its events (typed start, CFX WorkStarted …, else the event time). */
    @Column(name = "first_start_at", nullable = false) public Instant firstStartAt;

    public Long getId() { return id; }
}
