package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `job_record` (see db/migration). */
@Entity
@Table(name = "job_record")
public class JobRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false) @JoinColumn(name = "line_id") public ProductionLine line;
    @ManyToOne(optional = false) @JoinColumn(name = "job_id") public Job job;
    @Column(name = "production_day", nullable = false) public LocalDate productionDay;
    public String checkers;
    public String remark;
    @Column(name = "quantity_override") public Long quantityOverride;
    @Column(name = "start_override") public Instant startOverride;
    @Column(name = "end_override") public Instant endOverride;
    @Column(name = "correction_reason") public String correctionReason;
    @Column(name = "signed_off_by") public String signedOffBy;
    @Column(name = "signed_off_at") public Instant signedOffAt;
    @Column(name = "updated_by") public String updatedBy;
    @Column(name = "updated_at") public Instant updatedAt;
    @Version @Column(nullable = false) public int version;

    public Long getId() { return id; }
}
