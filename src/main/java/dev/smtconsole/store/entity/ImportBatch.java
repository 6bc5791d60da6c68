package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `import_batch` (see db/migration). */
@Entity
@Table(name = "import_batch")
public class ImportBatch {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "file_name") public String fileName;
    public String sha256;
    @Column(nullable = false) public String format;
    @Column(name = "operator_id") public String operatorId;
    @Column(name = "started_at", nullable = false) public Instant startedAt;
    @Column(name = "finished_at") public Instant finishedAt;
    @Column(name = "rows_read", nullable = false) public long rowsRead;
    @Column(name = "rows_accepted", nullable = false) public long rowsAccepted;
    @Column(name = "rows_rejected", nullable = false) public long rowsRejected;
    @Column(name = "rows_duplicate", nullable = false) public long rowsDuplicate;
    @Column(name = "rows_skipped", nullable = false) public long rowsSkipped;
    @Column(name = "rows_warned", nullable = false) public long rowsWarned;
    @Column(nullable = false) public String status;
    public String message;
    @Column(nullable = false) public boolean voided;
    @Column(name = "void_reason") public String voidReason;
    @Column(name = "voided_by") public String voidedBy;
    @Column(name = "voided_at") public Instant voidedAt;

    public Long getId() { return id; }
}
