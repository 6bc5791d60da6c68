package dev.smtconsole.report;

import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.domain.LossRate;

import java.util.OptionalDouble;

/** One placement machine's counts within a form row (one job on one production day). */
public record MachineCell(long machineId, String machineCode, int index, long picks, long placements, long rejects,
                          AlarmLevel level) {
    public OptionalDouble lossRate() {
        return LossRate.of(picks, placements);
    }

    public String lossRateText() {
        return LossRate.format(lossRate());
    }
}
