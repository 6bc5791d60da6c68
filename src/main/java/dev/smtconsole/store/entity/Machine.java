package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `machine` (see db/migration). */
@Entity
@Table(name = "machine")
public class Machine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false) @JoinColumn(name = "line_id") public ProductionLine line;
    @Column(nullable = false, length = 64) public String code;
    @Column(name = "line_position", nullable = false) public int linePosition;
    @Column(nullable = false, length = 16) public String kind;
    public String name;

    public Long getId() { return id; }
}
