package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `operator_account` (see db/migration). */
@Entity
@Table(name = "operator_account")
public class OperatorAccount {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "operator_id", nullable = false, length = 64) public String operatorId;
    public String name;
    @Column(nullable = false) public boolean active = true;

    public Long getId() { return id; }
}
