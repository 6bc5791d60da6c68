package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `job` (see db/migration). */
@Entity
@Table(name = "job")
public class Job {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_no", nullable = false, length = 64) public String jobNo;
    @ManyToOne@JoinColumn(name = "product_id") public Product product;
    @Column(name = "planned_qty") public Integer plannedQty;
    @Column(nullable = false, length = 16) public String status = "OPEN";
    @Column(name = "created_at", nullable = false) public Instant createdAt;

    public Long getId() { return id; }
}
