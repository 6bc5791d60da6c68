package dev.smtconsole.app;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.domain.Source;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.EventWriter;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Demo data: the sample master data plus N days of plausible production for 3 lines × 3
 * placement machines, ending now with every line running. Deterministic in absolute time, so
 * running it twice adds nothing.
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
    private final FactoryCalendarService calendars;
    private final Clock clock;

    public DemoDataService(Database db, MasterDataService masterData, EventWriter writer, FactoryCalendarService calendars,
                           Clock clock) {
        this.db = db;
        this.masterData = masterData;
        this.writer = writer;
        this.calendars = calendars;
        this.clock = clock;
    }

    public record DemoResult(int events, int duplicates) {
    }

    /**
     * Loads {@code days} days of production ending now, with every line running a job at this
     * moment. The schedule is a pure function of absolute time (8-hour shifts from the UTC epoch,
     * one or two jobs each, 5-minute counts per machine), so loading again later adds only what
     * happened since and changes nothing that is there.
     */
    public DemoResult load(int days, LongConsumer progress) {
        if (days < 1 || days > 366) throw new LocalizedException("messages.demo.days", days);
        importSampleMasterData();
        MasterData master = masterData.current();
        List<LineInfo> lines = master.lines().stream().filter(l -> l.placementMachines().size() >= 3).limit(3).toList();
        if (lines.isEmpty()) throw new LocalizedException("messages.demo.noLine");
        for (LineInfo l : lines) {
            if (l.targetPerHour() == null) masterData.setLineTarget(l.code(), 40);
        }
        master = masterData.current();
        ProductionCalendar calendar = calendars.current();
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(days));
        int written = 0, dups = 0;
        List<IngestRecord> chunk = new ArrayList<>();
        Map<JobDay, Integer> jobDays = new LinkedHashMap<>();
        for (long shift = Math.floorDiv(from.getEpochSecond(), SHIFT_SECONDS); shift * SHIFT_SECONDS <= now.getEpochSecond(); shift++) {
            for (int li = 0; li < lines.size(); li++) {
                chunk.addAll(shiftOfLine(lines.get(li), li, shift, from, now, calendar, jobDays));
            }
            if (chunk.size() > 2000) {
                var r = writer.write(chunk, master, null, null);
                written += r.accepted();
                dups += r.duplicates().size();
                chunk.clear();
                progress.accept(written + dups);
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

    private static final long SHIFT_SECONDS = Duration.ofHours(8).toSeconds();
    private static final Duration SLOT = Duration.ofMinutes(5);
    private static final Duration CHANGEOVER = Duration.ofMinutes(15);

    /** A job seen on a production day, with its planned quantity. */
    private record JobDay(String lineCode, String jobNo, LocalDate day) {
    }

    /**
     * One 8-hour shift of one line: one or two jobs back to back with a short changeover, a count
     * per machine every 5 minutes; only counts in (from, now] are returned.
     */
    private static List<IngestRecord> shiftOfLine(LineInfo line, int lineIndex, long shift, Instant from, Instant now,
                                                  ProductionCalendar calendar, Map<JobDay, Integer> jobDays) {
        Random rnd = new Random(shift * 31 + lineIndex);
        List<MachineInfo> machines = line.placementMachines().subList(0, 3);
        List<IngestRecord> out = new ArrayList<>();
        Instant shiftStart = Instant.ofEpochSecond(shift * SHIFT_SECONDS);
        Instant shiftEnd = shiftStart.plusSeconds(SHIFT_SECONDS);
        boolean twoJobs = rnd.nextInt(3) > 0;
        Instant split = twoJobs ? shiftStart.plus(Duration.ofMinutes(180 + 5 * rnd.nextInt(25))) : shiftEnd;
        Instant[][] jobs = twoJobs ? new Instant[][]{{shiftStart, split}, {split.plus(CHANGEOVER), shiftEnd}}
                : new Instant[][]{{shiftStart, shiftEnd}};
        for (int j = 0; j < jobs.length; j++) {
            int productIndex = (int) Math.floorMod(shift * 2 + j + lineIndex * 2L, PRODUCTS.length);
            String[] p = PRODUCTS[productIndex];
            int perBoard = Integer.parseInt(p[1]);
            String jobNo = String.format("M%07d", Math.floorMod(shift, 30_000L) * 100 + lineIndex * 10 + j);
            Instant jobStart = jobs[j][0], jobEnd = jobs[j][1];
            int planned = (int) Math.max(50, Math.round(Duration.between(jobStart, jobEnd).toMinutes() * 0.6 / 50) * 50);
            for (Instant slot = jobStart.plus(SLOT); !slot.isAfter(jobEnd); slot = slot.plus(SLOT)) {
                if (slot.isAfter(now) || !slot.isAfter(from)) continue;
                // Each slot's figures depend on the slot alone: a later load writes the very same events.
                Random slotRnd = new Random(slot.getEpochSecond() * 7 + lineIndex);
                int boards = 2 + slotRnd.nextInt(3);
                if (slotRnd.nextInt(20) == 0) boards = 0; // a short stop
                // Machines report a little before the slot's end, never on a shift's (and a day's) edge itself.
                Instant at = slot.minusSeconds(1 + slotRnd.nextInt(50));
                jobDays.putIfAbsent(new JobDay(line.code(), jobNo, calendar.productionDay(at)), planned);
                for (int m = 0; m < 3; m++) {
                    MachineInfo machine = machines.get(m);
                    long placements = (long) boards * perBoard * (m == 0 ? 6 : m == 1 ? 3 : 2) / 6;
                    double loss = (m == 2 ? 0.004 : 0.002) + slotRnd.nextDouble() * (lineIndex == 1 && m == 0 ? 0.012 : 0.004);
                    long picks = placements + Math.round(placements * loss);
                    String id = "demo:" + machine.code() + ":" + slot;
                    out.add(new IngestRecord(0, id, at, slot.minus(SLOT), Source.AUTO,
                            line.code(), machine.code(), jobNo, p[0], boards, picks, placements, picks - placements,
                            null, null, null));
                }
            }
        }
        return out;
    }

    /** Planned quantities and the checkers a supervisor would have written, where none are set yet. */
    private void writeJobDays(Map<JobDay, Integer> jobDays) {
        MasterData master = masterData.current();
        List<dev.smtconsole.store.DemoStore.JobDayPlan> plans = new java.util.ArrayList<>(jobDays.size());
        int i = 0;
        for (var e : jobDays.entrySet()) {
            JobDay jd = e.getKey();
            plans.add(new dev.smtconsole.store.DemoStore.JobDayPlan(master.line(jd.lineCode()).orElseThrow().id(), jd.jobNo(),
                    jd.day(), e.getValue(), CHECKERS[i++ % CHECKERS.length]));
        }
        new dev.smtconsole.store.DemoStore(db).writeJobDays(plans);
    }

    /** Loads lines.csv and operators.csv shipped with the application. */
    public void importSampleMasterData() {
        for (String name : List.of("lines.csv", "operators.csv")) {
            try (InputStream in = DemoDataService.class.getResourceAsStream("/sample-data/" + name)) {
                if (in == null) throw new LocalizedException("messages.demo.missing", name);
                masterData.importCsv(in, name);
            } catch (IOException e) {
                throw new LocalizedException("messages.demo.read", name, e.getMessage());
            }
        }
    }
}
