package dev.smtconsole.domain;

import java.util.List;

/** A production line with its machines in line order. */
public record LineInfo(long id, String code, String name, Integer targetPerHour, boolean active,
                       List<MachineInfo> machines) {
    public LineInfo {
        machines = List.copyOf(machines);
    }

    /** Placement machines M1..Mn in line order: the machine columns of the paper form. */
    public List<MachineInfo> placementMachines() {
        return machines.stream().filter(MachineInfo::isPlacement).toList();
    }
}
