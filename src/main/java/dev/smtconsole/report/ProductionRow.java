package dev.smtconsole.report;

import dev.smtconsole.domain.JobRecordData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of the 生产数据记录表: a job on a production day, its machine-derived figures and the
 * hand-written corrections over them.
 *
 * @param machineQuantity    DESIGN §4 quantity from data: line-level boards when line-level rows exist, else the
 *                           largest board count among the line's machines
 * @param lineLevel          true when the quantity came from line-level rows (typed or imported totals)
 * @param maxMachineBoards   largest board count any machine saw (null when no machine counted boards)
 * @param dataStart          when the job's work that day began: the earliest start of the day's events (a typed or
 *                           written start, a CFX WorkStarted or window start, else the event time); {@code start()}
 *                           is the override when there is one
 * @param dataEnd            the day's last event time
 * @param quantityDisagrees  a typed quantity (line level or override) differs from the boards counted at machines
 * @param expectedPlacements quantity × product placements per board, when the product says; null otherwise
 * @param record             the hand-written part, null when nobody wrote anything yet
 */
public record ProductionRow(LocalDate day, long jobId, String jobNo, String productModel, long machineQuantity,
                            boolean lineLevel, Long maxMachineBoards, Instant dataStart, Instant dataEnd,
                            List<MachineCell> machines, boolean quantityDisagrees, Long expectedPlacements,
                            boolean placementsDisagree, JobRecordData record) {
    public ProductionRow {
        machines = List.copyOf(machines);
    }

    public long quantity() {
        return record != null && record.quantityOverride() != null ? record.quantityOverride() : machineQuantity;
    }

    public boolean quantityEdited() {
        return record != null && record.quantityOverride() != null;
    }

    public Instant start() {
        return record != null && record.startOverride() != null ? record.startOverride() : dataStart;
    }

    public Instant end() {
        return record != null && record.endOverride() != null ? record.endOverride() : dataEnd;
    }

    public boolean startEdited() {
        return record != null && record.startOverride() != null;
    }

    public boolean endEdited() {
        return record != null && record.endOverride() != null;
    }

    /** Typed in the report (audited), as opposed to loaded with the data. */
    public boolean checkersEdited() {
        return record != null && record.editedFields().contains("checkers");
    }

    public boolean remarkEdited() {
        return record != null && record.editedFields().contains("remark");
    }

    public String checkers() {
        return record == null || record.checkers() == null ? "" : record.checkers();
    }

    public String remark() {
        return record == null || record.remark() == null ? "" : record.remark();
    }

    public int version() {
        return record == null ? -1 : record.version();
    }

    public long totalPicks() {
        return machines.stream().mapToLong(MachineCell::picks).sum();
    }

    public long totalPlacements() {
        return machines.stream().mapToLong(MachineCell::placements).sum();
    }

    /** Any flag a supervisor should look at before signing. */
    public boolean flagged() {
        return quantityDisagrees || placementsDisagree;
    }
}
