package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `product` (see db/migration). */
@Entity
@Table(name = "product")
public class Product {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100) public String model;
    @Column(name = "placements_per_board") public Integer placementsPerBoard;

    public Long getId() { return id; }
}
