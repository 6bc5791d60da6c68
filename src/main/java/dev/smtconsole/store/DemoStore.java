package dev.smtconsole.store;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;

/** What the demo writes besides events: planned quantities and the checkers a supervisor would have written. */
public final class DemoStore {
    private final Database db;

    public DemoStore(Database db) {
        this.db = db;
    }

    /** A job's plan on a line and day, with the checkers to write where none are set. */
    public record JobDayPlan(long lineId, String jobNo, LocalDate day, int plannedQty, String checkers) {
    }

    /** Sets planned quantities not set yet and job records' checkers where no record exists, in one transaction. */
    public void writeJobDays(List<JobDayPlan> plans) {
        db.jdbc(c -> {
            try (PreparedStatement plan = c.prepareStatement("UPDATE job SET planned_qty = ? WHERE job_no = ? AND planned_qty IS NULL");
                 PreparedStatement ins = c.prepareStatement("""
                         INSERT INTO job_record (line_id, job_id, production_day, checkers, updated_by, updated_at, version)
                         SELECT ?, j.id, ?, ?, 'demo', CURRENT_TIMESTAMP, 0 FROM job j
                         WHERE j.job_no = ? AND NOT EXISTS (SELECT 1 FROM job_record r
                             WHERE r.line_id = ? AND r.job_id = j.id AND r.production_day = ?)""")) {
                for (JobDayPlan p : plans) {
                    plan.setInt(1, p.plannedQty());
                    plan.setString(2, p.jobNo());
                    plan.addBatch();
                    ins.setLong(1, p.lineId());
                    ins.setObject(2, p.day());
                    ins.setString(3, p.checkers());
                    ins.setString(4, p.jobNo());
                    ins.setLong(5, p.lineId());
                    ins.setObject(6, p.day());
                    ins.addBatch();
                }
                plan.executeBatch();
                ins.executeBatch();
            }
            return null;
        });
    }
}
