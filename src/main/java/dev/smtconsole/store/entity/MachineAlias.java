package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `machine_alias` (see db/migration). */
@Entity
@Table(name = "machine_alias")
public class MachineAlias {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false) @JoinColumn(name = "machine_id") public Machine machine;
    @Column(nullable = false) public String alias;

    public Long getId() { return id; }
}
