package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `production_line` (see db/migration). */
@Entity
@Table(name = "production_line")
public class ProductionLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 32) public String code;
    public String name;
    @Column(name = "target_per_hour") public Integer targetPerHour;
    @Column(nullable = false) public boolean active = true;

    public Long getId() { return id; }
}
