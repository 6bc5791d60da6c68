package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `in_out_entry` (see db/migration). */
@Entity
@Table(name = "in_out_entry")
public class InOutEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false) @JoinColumn(name = "line_id") public ProductionLine line;
    @ManyToOne@JoinColumn(name = "job_id") public Job job;
    @Column(name = "entry_date", nullable = false) public LocalDate entryDate;
    @Column(name = "entry_time", nullable = false) public LocalTime entryTime;
    @Column(name = "in_qty", nullable = false) public long inQty;
    @Column(name = "signed_by") public String signedBy;
    public String remark;
    @Column(name = "operator_id", nullable = false) public String operatorId;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(nullable = false) public boolean voided;

    public Long getId() { return id; }
}
