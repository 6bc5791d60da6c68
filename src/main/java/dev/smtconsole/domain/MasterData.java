package dev.smtconsole.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A read-only snapshot of lines, machines (with aliases) and operators, for validation and views. */
public final class MasterData {
    private final List<LineInfo> lines;
    private final Set<String> operatorIds;
    private final Map<String, LineInfo> linesByCode = new HashMap<>();
    private final Map<String, MachineInfo> machinesByCode = new HashMap<>();
    private final Map<String, MachineInfo> machinesByAlias = new HashMap<>();

    public MasterData(List<LineInfo> lines, Set<String> operatorIds) {
        this.lines = List.copyOf(lines);
        this.operatorIds = Set.copyOf(operatorIds);
        for (LineInfo line : lines) {
            linesByCode.put(key(line.code()), line);
            for (MachineInfo m : line.machines()) {
                machinesByCode.put(key(m.code()), m);
                for (String alias : m.aliases()) machinesByAlias.put(key(alias), m);
            }
        }
    }

    public static MasterData empty() {
        return new MasterData(List.of(), Set.of());
    }

    private static String key(String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }

    public List<LineInfo> lines() {
        return lines;
    }

    public Optional<LineInfo> line(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(linesByCode.get(key(code)));
    }

    /** A machine by its code, or else by one of its aliases (CFX handle, vendor serial). */
    public Optional<MachineInfo> machine(String codeOrAlias) {
        if (codeOrAlias == null || codeOrAlias.isBlank()) return Optional.empty();
        MachineInfo m = machinesByCode.get(key(codeOrAlias));
        return Optional.ofNullable(m != null ? m : machinesByAlias.get(key(codeOrAlias)));
    }

    public boolean hasOperatorList() {
        return !operatorIds.isEmpty();
    }

    public boolean isKnownOperator(String operatorId) {
        return operatorId != null && operatorIds.contains(operatorId.trim());
    }

    public Set<String> operatorIds() {
        return operatorIds;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }
}
