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
    @Column(name = "bucket_hour", nullable = false) public Instant bucketHour;
    @Column(nullable = false) public long boards;
    @Column(nullable = false) public long picks;
    @Column(nullable = false) public long placements;
    @Column(nullable = false) public long rejects;
    @Column(name = "event_count", nullable = false) public long eventCount;
    @Column(name = "first_event_at", nullable = false) public Instant firstEventAt;
    @Column(name = "last_event_at", nullable = false) public Instant lastEventAt;

    public Long getId() { return id; }
}
