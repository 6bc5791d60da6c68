package dev.smtconsole.report;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.TestVoids;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Known production on line L2 (Asia/Shanghai, day starts 00:00) with hand-checkable figures:
 * <ul>
 *   <li>M008358 on 2026-01-08 11:10–14:45: the paper form's first row (162 boards; 24207/9086/6994 picks);</li>
 *   <li>M008502 from 01-08 23:30 to 01-09 00:30: crosses midnight, so one row on each day;</li>
 *   <li>M008600 on 01-10: a typed line-level quantity of 400 beside 398 boards counted at M1;</li>
 *   <li>batch "late.csv": 10 more boards of M008358 on M2 at 13:00 and a lone M3 event at 16:20 — voided by tests.</li>
 * </ul>
 */
public final class ReportFixture {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final LocalDate DAY1 = LocalDate.of(2026, 1, 8);
    public static final LocalDate DAY3 = LocalDate.of(2026, 1, 10);

    public final AppServices services;
    public long lateBatch;

    public ReportFixture(DatabaseConfig config) {
        Database db = Database.open(config);
        this.services = new AppServices(db, Clock.fixed(Instant.parse("2026-01-20T02:00:00Z"), ZONE));
    }

    public static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    private static int seq;

    static IngestRecord rec(String time, String machine, String job, String model, long boards, long picks, long placements,
                            Source source) {
        return new IngestRecord(0, "t" + (++seq) + ":" + time + ":" + machine + ":" + job, at(time), null, source, "L2",
                machine, job, model, boards, picks, placements, picks - placements,
                source == Source.MANUAL ? "OP1" : null, null, null);
    }

    public ReportFixture load() {
        services.demo().importSampleMasterData();
        MasterData master = services.masterData().current();
        List<IngestRecord> auto = new ArrayList<>();
        auto.add(rec("2026-01-08T11:10", "L2-M1", "M008358", "1016928", 80, 12100, 12069, Source.AUTO));
        auto.add(rec("2026-01-08T14:45", "L2-M1", "M008358", "1016928", 82, 12107, 12069, Source.AUTO));
        auto.add(rec("2026-01-08T12:00", "L2-M2", "M008358", "1016928", 162, 9086, 9072, Source.AUTO));
        auto.add(rec("2026-01-08T14:40", "L2-M3", "M008358", "1016928", 161, 6994, 6966, Source.AUTO));
        auto.add(rec("2026-01-08T23:30", "L2-M1", "M008502", "2THT303662R3001 TOP", 50, 5500, 5490, Source.AUTO));
        auto.add(rec("2026-01-09T00:30", "L2-M1", "M008502", "2THT303662R3001 TOP", 60, 6600, 6580, Source.AUTO));
        auto.add(rec("2026-01-10T09:00", "L2-M1", "M008600", "7A0220-15 TOP", 398, 50000, 49000, Source.AUTO));
        auto.add(rec("2026-01-10T09:30", null, "M008600", "7A0220-15 TOP", 400, 0, 0, Source.MANUAL));
        services.eventWriter().write(auto, master, null, null);
        // Placements per board as the product master says: 162 boards x 248 = the 40176 placements of M1..M3.
        services.database().jdbc(c -> c.createStatement().executeUpdate(
                "UPDATE product SET placements_per_board = CASE model WHEN '1016928' THEN 248 WHEN '7A0220-15 TOP' THEN 100 END"
                        + " WHERE model IN ('1016928', '7A0220-15 TOP')"));
        lateBatch = TestVoids.createBatch(services.database(), "late.csv");
        services.eventWriter().write(List.of(
                rec("2026-01-08T13:00", "L2-M2", "M008358", "1016928", 10, 1000, 990, Source.MANUAL),
                rec("2026-01-08T16:20", "L2-M3", "M008358", "1016928", 5, 700, 600, Source.MANUAL)), master, lateBatch, null);
        return this;
    }

    public void voidLateBatch() {
        TestVoids.voidBatch(services.database(), lateBatch);
    }

    public void close() {
        services.close();
    }
}
