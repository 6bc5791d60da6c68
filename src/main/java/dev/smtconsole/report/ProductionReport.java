package dev.smtconsole.report;

import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.domain.Thresholds;
import dev.smtconsole.domain.LossRate;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;

/** The 生产数据记录表 of one line for a period: rows in date and start order, machine columns M1..Mn. */
public record ProductionReport(String lineCode, LocalDate from, LocalDate to, ZoneId zone, List<String> machineCodes,
                               List<ProductionRow> rows, Thresholds thresholds) {
    public ProductionReport {
        machineCodes = List.copyOf(machineCodes);
        rows = List.copyOf(rows);
    }

    public long totalQuantity() {
        return rows.stream().mapToLong(ProductionRow::quantity).sum();
    }

    public long totalPicks(int machineIndex) {
        return rows.stream().mapToLong(r -> r.machines().get(machineIndex).picks()).sum();
    }

    public long totalPlacements(int machineIndex) {
        return rows.stream().mapToLong(r -> r.machines().get(machineIndex).placements()).sum();
    }

    public long totalRejects(int machineIndex) {
        return rows.stream().mapToLong(r -> r.machines().get(machineIndex).rejects()).sum();
    }

    public OptionalDouble totalLossRate(int machineIndex) {
        return LossRate.of(totalPicks(machineIndex), totalPlacements(machineIndex));
    }

    public AlarmLevel totalLevel(int machineIndex) {
        return thresholds.level(totalLossRate(machineIndex));
    }
}
