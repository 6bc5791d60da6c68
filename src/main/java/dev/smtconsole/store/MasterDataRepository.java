package dev.smtconsole.store;

import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MachineKind;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.store.entity.Machine;
import dev.smtconsole.store.entity.MachineAlias;
import dev.smtconsole.store.entity.OperatorAccount;
import dev.smtconsole.store.entity.ProductionLine;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Lines, machines, aliases and operators. Each method is one unit of work. */
public final class MasterDataRepository {
    private final Database db;

    public MasterDataRepository(Database db) {
        this.db = db;
    }

    /** What a master-data row says about one machine (and its line). */
    public record MachineRow(String line, String machine, int position, MachineKind kind, String name,
                             List<String> aliases) {
    }

    /** What changed in an upsert: re-running the same file gives zeros. */
    public record UpsertResult(int created, int updated, int unchanged) {
    }

    /**
     * Lines, machines, aliases and active operators in four plain queries: every command and the
     * first window read this, and over JDBC it needs no Hibernate start (ADR 0016).
     */
    public MasterData load() {
        return db.jdbc(c -> {
            try (Statement st = c.createStatement()) {
                Map<Long, List<String>> aliasesByMachine = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT machine_id, alias FROM machine_alias ORDER BY alias")) {
                    while (rs.next()) aliasesByMachine.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
                Map<Long, List<MachineInfo>> machinesByLine = new HashMap<>();
                Map<Long, String> lineCodes = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT id, code FROM production_line")) {
                    while (rs.next()) lineCodes.put(rs.getLong(1), rs.getString(2));
                }
                try (ResultSet rs = st.executeQuery(
                        "SELECT id, line_id, code, line_position, kind, name FROM machine ORDER BY line_position, code")) {
                    while (rs.next()) {
                        long id = rs.getLong(1), lineId = rs.getLong(2);
                        machinesByLine.computeIfAbsent(lineId, k -> new ArrayList<>()).add(new MachineInfo(id, rs.getString(3),
                                lineCodes.get(lineId), rs.getInt(4), MachineKind.valueOf(rs.getString(5)), rs.getString(6),
                                aliasesByMachine.getOrDefault(id, List.of())));
                    }
                }
                List<LineInfo> infos = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT id, code, name, target_per_hour, active FROM production_line ORDER BY code")) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        int target = rs.getInt(4);
                        Integer targetPerHour = rs.wasNull() ? null : target;
                        infos.add(new LineInfo(id, rs.getString(2), rs.getString(3), targetPerHour, rs.getBoolean(5),
                                machinesByLine.getOrDefault(id, List.of())));
                    }
                }
                Set<String> ops = new HashSet<>();
                try (ResultSet rs = st.executeQuery("SELECT operator_id FROM operator_account WHERE active = TRUE")) {
                    while (rs.next()) ops.add(rs.getString(1));
                }
                return new MasterData(infos, ops);
            }
        });
    }

    /** Creates or updates lines, machines and aliases; identical rows change nothing. */
    public UpsertResult upsertMachines(List<MachineRow> rows) {
        return db.inTransaction(em -> {
            int created = 0, updated = 0, unchanged = 0;
            for (MachineRow row : rows) {
                ProductionLine line = findLine(em, row.line());
                if (line == null) {
                    line = new ProductionLine();
                    line.code = row.line();
                    line.name = row.line();
                    em.persist(line);
                }
                Machine m = em.createQuery("from Machine where code = :c", Machine.class)
                        .setParameter("c", row.machine()).getResultStream().findFirst().orElse(null);
                boolean isNew = m == null;
                boolean changed = false;
                if (isNew) {
                    m = new Machine();
                    m.code = row.machine();
                }
                if (m.line == null || !Objects.equals(m.line.getId(), line.getId())) { m.line = line; changed = true; }
                if (m.linePosition != row.position()) { m.linePosition = row.position(); changed = true; }
                if (!Objects.equals(m.kind, row.kind().name())) { m.kind = row.kind().name(); changed = true; }
                if (!Objects.equals(m.name, row.name())) { m.name = row.name(); changed = true; }
                if (m.getId() == null) em.persist(m);
                boolean aliasChanged = syncAliases(em, m, row.aliases());
                if (isNew) created++;
                else if (changed || aliasChanged) updated++;
                else unchanged++;
            }
            return new UpsertResult(created, updated, unchanged);
        });
    }

    private static boolean syncAliases(EntityManager em, Machine m, List<String> wanted) {
        em.flush();
        List<MachineAlias> existing = em.createQuery("from MachineAlias where machine = :m", MachineAlias.class)
                .setParameter("m", m).getResultList();
        Set<String> have = new HashSet<>();
        boolean changed = false;
        for (MachineAlias a : existing) {
            if (!wanted.contains(a.alias)) {
                em.remove(a);
                changed = true;
            } else {
                have.add(a.alias);
            }
        }
        for (String alias : wanted) {
            if (have.add(alias)) {
                MachineAlias a = new MachineAlias();
                a.machine = m;
                a.alias = alias;
                em.persist(a);
                changed = true;
            }
        }
        return changed;
    }

    private static ProductionLine findLine(EntityManager em, String code) {
        return em.createQuery("from ProductionLine where code = :c", ProductionLine.class)
                .setParameter("c", code).getResultStream().findFirst().orElse(null);
    }

    public UpsertResult upsertOperators(Map<String, String> namesById) {
        return db.inTransaction(em -> {
            int created = 0, updated = 0, unchanged = 0;
            for (var e : namesById.entrySet()) {
                OperatorAccount op = em.createQuery("from OperatorAccount where operatorId = :id", OperatorAccount.class)
                        .setParameter("id", e.getKey()).getResultStream().findFirst().orElse(null);
                if (op == null) {
                    op = new OperatorAccount();
                    op.operatorId = e.getKey();
                    op.name = e.getValue();
                    em.persist(op);
                    created++;
                } else if (!Objects.equals(op.name, e.getValue()) || !op.active) {
                    op.name = e.getValue();
                    op.active = true;
                    updated++;
                } else {
                    unchanged++;
                }
            }
            return new UpsertResult(created, updated, unchanged);
        });
    }

    /** Target boards per hour of a line, for the wall; null clears it. */
    public void setLineTarget(String lineCode, Integer targetPerHour) {
        db.runInTransaction(em -> {
            ProductionLine l = findLine(em, lineCode);
            if (l != null) l.targetPerHour = targetPerHour;
        });
    }
}
