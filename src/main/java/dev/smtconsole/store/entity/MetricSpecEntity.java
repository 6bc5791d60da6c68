package dev.smtconsole.store.entity;

import jakarta.persistence.*;
import java.time.*;

/** Mapping of table `metric_spec` (see db/migration). */
@Entity
@Table(name = "metric_spec")
public class MetricSpecEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false) public String metric;
    @ManyToOne@JoinColumn(name = "line_id") public ProductionLine line;
    @ManyToOne@JoinColumn(name = "machine_id") public Machine machine;
    @Column(name = "allow_auto", nullable = false) public boolean allowAuto = true;
    @Column(name = "allow_manual", nullable = false) public boolean allowManual = true;
    @Column(name = "min_value") public Double minValue;
    @Column(name = "max_value") public Double maxValue;
    @Column(name = "warn_above") public Double warnAbove;
    @Column(name = "alarm_above") public Double alarmAbove;

    public Long getId() { return id; }
}
