package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `rejected_row` (see db/migration). */
@Entity
@Table(name = "rejected_row")
public class RejectedRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false) @JoinColumn(name = "batch_id") public ImportBatch batch;
    @Column(name = "row_no", nullable = false) public long rowNo;
    @Column(name = "raw_text") public String rawText;
    @Column(nullable = false) public String reasons;

    public Long getId() { return id; }
}
