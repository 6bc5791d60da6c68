package dev.smtconsole.domain;

import java.util.List;

/** A machine as the rules and views need it. */
public record MachineInfo(long id, String code, String lineCode, int position, MachineKind kind, String name,
                          List<String> aliases) {
    public MachineInfo {
        aliases = List.copyOf(aliases);
    }

    public boolean isPlacement() {
        return kind == MachineKind.PLACEMENT;
    }
}
