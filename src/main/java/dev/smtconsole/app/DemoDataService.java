package dev.smtconsole.app;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.EventWriter;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Demo data: the sample master data plus N days of plausible production for 3 lines × 3
 * placement machines, ending now. Deterministic per day, so running it twice adds nothing.
 */
public final class DemoDataService {
    /** Product model and placements per board. */
    private static final String[][] PRODUCTS = {
            {"1016928", "420"},
            {"2THT303662R3001 TOP", "230"},
            {"2THT303662R3001 BOT", "150"},
            {"3PCB100442R2 TOP", "310"},
            {"7A0220-15 TOP", "180"},
    };
    private static final String[] CHECKERS = {"礼、珍", "荷、珍", "礼、荷", "珍、敏"};

    private final Database db;
    private final MasterDataService masterData;
    private final EventWriter writer;
    private final Clock clock;

    public DemoDataService(Database db, MasterDataService masterData, EventWriter writer, Clock clock) {
        this.db = db;
        this.masterData = masterData;
        this.writer = writer;
        this.clock = clock;
    }

    public record DemoResult(int events, int duplicates) {
    }

    public DemoResult load(int days, ZoneId zone, LongConsumer progress) {
        if (days < 1 || days > 366) throw new AppException("--days must be between 1 and 366, was " + days);
        importSampleMasterData();
        MasterData master = masterData.current();
        List<LineInfo> lines = master.lines().stream().filter(l -> l.placementMachines().size() >= 3).limit(3).toList();
        if (lines.isEmpty()) throw new AppException("No line with three placement machines in the master data");
        for (LineInfo l : lines) {
            if (l.targetPerHour() == null) masterData.setLineTarget(l.code(), 40);
        }
        master = masterData.current();
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        int written = 0, dups = 0;
        List<IngestRecord> chunk = new ArrayList<>();
        List<JobDay> jobDays = new ArrayList<>();
        for (int d = days - 1; d >= 0; d--) {
            LocalDate day = today.minusDays(d);
            for (int li = 0; li < lines.size(); li++) {
                chunk.addAll(dayOfLine(lines.get(li), li, day, zone, now, jobDays));
                if (chunk.size() > 2000) {
                    var r = writer.write(chunk, master, null, null);
                    written += r.accepted();
                    dups += r.duplicates().size();
                    chunk.clear();
                    progress.accept(written + dups);
                }
            }
        }
        var r = writer.write(chunk, master, null, null);
        written += r.accepted();
        dups += r.duplicates().size();
        progress.accept(written + dups);
        writeJobDays(jobDays);
        db.changeFeed().publish();
        return new DemoResult(written, dups);
    }

    /** One day of one line: two or three jobs between 08:00 and 20:00, a record every 10 minutes per machine. */
    private record JobDay(String lineCode, String jobNo, LocalDate day) {
    }

    private static List<IngestRecord> dayOfLine(LineInfo line, int lineIndex, LocalDate day, ZoneId zone, Instant now,
                                                List<JobDay> jobDays) {
        Random rnd = new Random(day.toEpochDay() * 31 + lineIndex);
        List<MachineInfo> machines = line.placementMachines().subList(0, 3);
        List<IngestRecord> out = new ArrayList<>();
        ZonedDateTime t = ZonedDateTime.of(day, LocalTime.of(8, 0), zone);
        ZonedDateTime end = ZonedDateTime.of(day, LocalTime.of(20, 0), zone);
        int jobIndex = (int) ((day.toEpochDay() + lineIndex * 2) % PRODUCTS.length);
        int run = 0;
        while (t.isBefore(end) && !t.toInstant().isAfter(now)) {
            String[] p = PRODUCTS[jobIndex % PRODUCTS.length];
            int perBoard = Integer.parseInt(p[1]);
            ZonedDateTime jobEnd = t.plusMinutes(180 + rnd.nextInt(240));
            if (jobEnd.isAfter(end)) jobEnd = end;
            String jobNo = String.format("M%07d", (day.toEpochDay() % 3000) * 100 + lineIndex * 10 + run++);
            jobDays.add(new JobDay(line.code(), jobNo, day));
            for (ZonedDateTime slot = t.plusMinutes(10); !slot.isAfter(jobEnd); slot = slot.plusMinutes(10)) {
                if (slot.toInstant().isAfter(now)) return out;
                int boards = 4 + rnd.nextInt(5);
                if (rnd.nextInt(20) == 0) boards = 0; // a short stop
                for (int m = 0; m < 3; m++) {
                    MachineInfo machine = machines.get(m);
                    long placements = (long) boards * perBoard * (m == 0 ? 6 : m == 1 ? 3 : 2) / 6;
                    double loss = (m == 2 ? 0.004 : 0.002) + rnd.nextDouble() * (lineIndex == 1 && m == 0 ? 0.012 : 0.004);
                    long picks = placements + Math.round(placements * loss);
                    String id = "demo:" + machine.code() + ":" + slot.toInstant();
                    out.add(new IngestRecord(0, id, slot.toInstant(), slot.minusMinutes(10).toInstant(), Source.AUTO,
                            line.code(), machine.code(), jobNo, p[0], boards, picks, placements, picks - placements,
                            null, null, null));
                }
            }
            t = jobEnd.plusMinutes(20);
            jobIndex++;
        }
        return out;
    }

    /** Planned quantities and the checkers a supervisor would have written, where none are set yet. */
    private void writeJobDays(List<JobDay> jobDays) {
        MasterData master = masterData.current();
        db.jdbc(c -> {
            try (PreparedStatement plan = c.prepareStatement("UPDATE job SET planned_qty = ? WHERE job_no = ? AND planned_qty IS NULL");
                 PreparedStatement ins = c.prepareStatement("""
                         INSERT INTO job_record (line_id, job_id, production_day, checkers, updated_by, updated_at, version)
                         SELECT ?, j.id, ?, ?, 'demo', CURRENT_TIMESTAMP, 0 FROM job j
                         WHERE j.job_no = ? AND NOT EXISTS (SELECT 1 FROM job_record r
                             WHERE r.line_id = ? AND r.job_id = j.id AND r.production_day = ?)""")) {
                int i = 0;
                for (JobDay jd : jobDays) {
                    long lineId = master.line(jd.lineCode()).orElseThrow().id();
                    plan.setInt(1, 600 + 100 * (i % 5));
                    plan.setString(2, jd.jobNo());
                    plan.addBatch();
                    ins.setLong(1, lineId);
                    ins.setObject(2, jd.day());
                    ins.setString(3, CHECKERS[i++ % CHECKERS.length]);
                    ins.setString(4, jd.jobNo());
                    ins.setLong(5, lineId);
                    ins.setObject(6, jd.day());
                    ins.addBatch();
                }
                plan.executeBatch();
                ins.executeBatch();
            }
            return null;
        });
    }

    /** Loads lines.csv and operators.csv shipped with the application. */
    public void importSampleMasterData() {
        for (String name : List.of("lines.csv", "operators.csv")) {
            try (InputStream in = DemoDataService.class.getResourceAsStream("/sample-data/" + name)) {
                if (in == null) throw new AppException("sample-data/" + name + " is missing from this build");
                masterData.importCsv(in, name);
            } catch (IOException e) {
                throw new AppException("Cannot read sample-data/" + name + ": " + e.getMessage(), e);
            }
        }
    }
}
