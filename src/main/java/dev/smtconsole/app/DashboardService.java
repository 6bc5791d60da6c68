package dev.smtconsole.app;

import dev.smtconsole.domain.BoardCount;
import dev.smtconsole.domain.LossRate;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.domain.Thresholds;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DashboardQueries;
import dev.smtconsole.store.DashboardQueries.BucketRow;
import dev.smtconsole.store.DashboardQueries.JobRow;
import dev.smtconsole.store.DashboardQueries.LineRow;
import dev.smtconsole.store.DashboardQueries.MachineRow;
import dev.smtconsole.store.DashboardQueries.SpecRow;
import dev.smtconsole.store.DashboardQueries.WallData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The counter wall's numbers, computed from counter buckets only (never from single events), so a
 * refresh costs the same with a thousand or ten million events stored.
 */
public final class DashboardService {
    private static final Logger log = LoggerFactory.getLogger(DashboardService.class);
    public static final int DEFAULT_STALE_MINUTES = 15;
    public static final String LOSS_RATE = "lossRate";
    /** How far back the wall looks for a line's newest data when it has none today. */
    private static final Duration RECENT = Duration.ofDays(7);

    private final Database database;
    private final DashboardQueries queries;
    private final Clock clock;
    private final Supplier<ProductionCalendar> calendar;
    private final Supplier<ProductionCalendar> cachedCalendar;

    public DashboardService(Database database, Clock clock, FactoryCalendarService calendars) {
        this(database, clock, calendars::current, calendars::cached);
    }

    DashboardService(Database database, Clock clock, Supplier<ProductionCalendar> calendar,
                     Supplier<ProductionCalendar> cachedCalendar) {
        this.database = database;
        this.queries = new DashboardQueries(database);
        this.clock = clock;
        this.calendar = calendar;
        this.cachedCalendar = cachedCalendar;
    }

    public Clock clock() {
        return clock;
    }

    /** The factory calendar as last read (never touches the database: safe on the GUI thread). */
    public ProductionCalendar calendar() {
        return cachedCalendar.get();
    }

    /** The wall as of now. */
    public WallSnapshot wall() {
        return wall(clock.instant());
    }

    public WallSnapshot wall(Instant now) {
        ProductionCalendar cal = calendar.get();
        LocalDate day = cal.productionDay(now);
        Instant dayStart = cal.startOf(day);
        Instant dayEnd = cal.endOf(day);
        Instant hourAgo = now.minus(Duration.ofMinutes(60));
        Instant from = ProductionCalendar.bucketStart(hourAgo.isBefore(dayStart) ? hourAgo : dayStart);
        WallData data = queries.wallData(from, dayEnd, now.minus(RECENT));
        int staleMinutes = parseStaleMinutes(data.staleMinutesSetting());
        Map<Long, List<BucketRow>> byLine = new HashMap<>();
        for (BucketRow b : data.buckets()) byLine.computeIfAbsent(b.lineId(), k -> new ArrayList<>()).add(b);
        List<LineSnapshot> lines = new ArrayList<>();
        for (LineRow line : data.lines()) {
            if (!line.active()) continue;
            List<BucketRow> buckets = byLine.getOrDefault(line.id(), List.of());
            List<BucketRow> today = buckets.stream()
                    .filter(b -> inDay(b, dayStart, dayEnd))
                    .toList();
            lines.add(lineSnapshot(line, data, today, buckets, now, hourAgo, staleMinutes));
        }
        return new WallSnapshot(day, now, staleMinutes, data.changeVersion(), lines);
    }

    /** Buckets are quarter hours and days start on one (ProductionCalendar): a bucket lies wholly in one day. */
    private static boolean inDay(BucketRow b, Instant dayStart, Instant dayEnd) {
        return !b.start().isBefore(dayStart) && b.start().isBefore(dayEnd);
    }

    private LineSnapshot lineSnapshot(LineRow line, WallData data, List<BucketRow> today, List<BucketRow> recent,
                                      Instant now, Instant hourAgo, int staleMinutes) {
        Map<Long, JobRow> jobs = data.jobs();
        // current job: the one whose bucket saw the newest event today
        BucketRow newest = today.stream().max(Comparator.comparing(BucketRow::lastEventAt)).orElse(null);
        JobRow job = newest == null ? null : jobs.get(newest.jobId());

        Map<Long, List<BucketRow>> byJob = new LinkedHashMap<>();
        for (BucketRow b : today) byJob.computeIfAbsent(b.jobId(), k -> new ArrayList<>()).add(b);
        long boardsToday = 0;
        long jobBoards = 0;
        Integer plan = null;
        for (var e : byJob.entrySet()) {
            long q = Math.round(quantity(e.getValue(), b -> true, b -> b.boards()));
            boardsToday += q;
            if (job != null && e.getKey() == job.id()) jobBoards = q;
            JobRow j = jobs.get(e.getKey());
            if (j != null && j.plannedQty() != null) plan = (plan == null ? 0 : plan) + j.plannedQty();
        }

        // last 60 minutes: the quantity rule over the share of each bucket inside the window
        Map<Long, List<BucketRow>> recentByJob = new LinkedHashMap<>();
        for (BucketRow b : recent) recentByJob.computeIfAbsent(b.jobId(), k -> new ArrayList<>()).add(b);
        double lastHour = 0;
        for (List<BucketRow> jb : recentByJob.values()) {
            lastHour += quantity(jb, b -> !b.lastEventAt().isAfter(now),
                    b -> b.boards() * BoardCount.shareSince(b.firstEventAt(), b.lastEventAt(), hourAgo));
        }

        List<MachineRow> placementMachines = data.machines().stream()
                .filter(m -> m.lineId() == line.id() && "PLACEMENT".equals(m.kind())).toList();
        long picks = 0, placements = 0;
        Map<Long, long[]> perMachine = new HashMap<>();
        for (BucketRow b : today) {
            picks += b.picks();
            placements += b.placements();
            if (b.machineId() != 0) {
                long[] s = perMachine.computeIfAbsent(b.machineId(), k -> new long[2]);
                s[0] += b.picks();
                s[1] += b.placements();
            }
        }
        Thresholds lineSpec = thresholds(data.lossRateSpecs(), line.id(), null);
        Double rate = rate(picks, placements);
        List<LineSnapshot.MachineLoss> machines = new ArrayList<>();
        for (MachineRow m : placementMachines) {
            long[] s = perMachine.getOrDefault(m.id(), new long[2]);
            Thresholds spec = thresholds(data.lossRateSpecs(), line.id(), m.id());
            Double mr = rate(s[0], s[1]);
            machines.add(new LineSnapshot.MachineLoss(m.id(), m.code(), m.name(), s[0], s[1], mr, spec.level(mr),
                    spec.warnAbove(), spec.alarmAbove()));
        }
        Instant last = data.lastEventByLine().get(line.id());
        if (newest != null && (last == null || newest.lastEventAt().isAfter(last))) last = newest.lastEventAt();
        boolean stale = last == null || Duration.between(last, now).compareTo(Duration.ofMinutes(staleMinutes)) > 0;
        return new LineSnapshot(line.id(), line.code(), line.name(),
                job == null ? null : job.jobNo(), job == null ? null : job.model(), jobBoards,
                job == null ? null : job.plannedQty(), boardsToday, plan,
                picks, placements, rate, lineSpec.level(rate), lineSpec.warnAbove(), lineSpec.alarmAbove(),
                Math.round(lastHour), line.targetPerHour(), last, stale, machines);
    }

    /** The quantity rule over one job's buckets: line level when any line-level bucket exists, else the busiest machine. */
    private static double quantity(List<BucketRow> jobBuckets, Predicate<BucketRow> include, ToDoubleFunction<BucketRow> boards) {
        boolean hasLineLevel = jobBuckets.stream().anyMatch(b -> b.machineId() == 0);
        double lineLevel = 0;
        Map<Long, Double> perMachine = new HashMap<>();
        for (BucketRow b : jobBuckets) {
            if (!include.test(b)) continue;
            double v = boards.applyAsDouble(b);
            if (b.machineId() == 0) lineLevel += v;
            else perMachine.merge(b.machineId(), v, Double::sum);
        }
        return BoardCount.quantity(hasLineLevel, lineLevel, perMachine);
    }

    private static Double rate(long picks, long placements) {
        OptionalDouble r = LossRate.of(picks, placements);
        return r.isPresent() ? r.getAsDouble() : null;
    }

    /** The most specific spec row: the machine's own, else the line's, else the factory default. */
    static Thresholds thresholds(List<SpecRow> specs, long lineId, Long machineId) {
        SpecRow best = null;
        int bestRank = -1;
        for (SpecRow s : specs) {
            int rank;
            if (s.machineId() != null) {
                if (machineId == null || !s.machineId().equals(machineId)) continue;
                rank = 2;
            } else if (s.lineId() != null) {
                if (s.lineId() != lineId) continue;
                rank = 1;
            } else {
                rank = 0;
            }
            if (rank > bestRank) {
                best = s;
                bestRank = rank;
            }
        }
        return best == null ? Thresholds.NONE : new Thresholds(best.warnAbove(), best.alarmAbove());
    }

    private static int parseStaleMinutes(String setting) {
        if (setting == null || setting.isBlank()) return DEFAULT_STALE_MINUTES;
        try {
            int v = Integer.parseInt(setting.strip());
            if (v > 0) return v;
        } catch (NumberFormatException ignored) {
            // fall through to the default, with a trace below
        }
        log.warn("Setting {} = '{}' is not a positive whole number of minutes; using {}",
                DashboardQueries.STALE_MINUTES_KEY, setting, DEFAULT_STALE_MINUTES);
        return DEFAULT_STALE_MINUTES;
    }

    /** Boards per hour and loss rate per hour of one line over one production day. */
    public HourlySeries hourly(String lineCode, LocalDate day) {
        ProductionCalendar cal = calendar.get();
        Instant start = cal.startOf(day);
        Instant end = cal.endOf(day);
        LineRow line = queries.master().lines().stream().filter(l -> l.code().equalsIgnoreCase(lineCode)).findFirst()
                .orElseThrow(() -> new LocalizedException("dashboard.error.unknownLine", lineCode));
        WallData data = queries.lineData(line.id(), start, end);
        List<BucketRow> buckets = data.buckets().stream().filter(b -> inDay(b, start, end)).toList();
        Map<Long, Boolean> lineLevelJobs = new HashMap<>();
        for (BucketRow b : buckets) lineLevelJobs.merge(b.jobId(), b.machineId() == 0, Boolean::logicalOr);
        TreeMap<Instant, List<BucketRow>> byHour = new TreeMap<>();
        // Hours of the factory's clock from the day start, so a +05:30 factory's 10:00–11:00 is one bar.
        for (BucketRow b : buckets) {
            long hoursIn = Duration.between(start, b.start()).toHours();
            byHour.computeIfAbsent(start.plus(hoursIn, ChronoUnit.HOURS), k -> new ArrayList<>()).add(b);
        }
        Thresholds spec = thresholds(data.lossRateSpecs(), line.id(), null);
        List<HourlySeries.Hour> hours = new ArrayList<>();
        for (Instant h = start; h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
            List<BucketRow> inHour = byHour.getOrDefault(h, List.of());
            Map<Long, List<BucketRow>> byJob = new HashMap<>();
            for (BucketRow b : inHour) byJob.computeIfAbsent(b.jobId(), k -> new ArrayList<>()).add(b);
            double boards = 0;
            for (var e : byJob.entrySet()) {
                boolean lineLevel = lineLevelJobs.getOrDefault(e.getKey(), false);
                Map<Long, Double> perMachine = new HashMap<>();
                double ll = 0;
                for (BucketRow b : e.getValue()) {
                    if (b.machineId() == 0) ll += b.boards();
                    else perMachine.merge(b.machineId(), (double) b.boards(), Double::sum);
                }
                boards += BoardCount.quantity(lineLevel, ll, perMachine);
            }
            long picks = inHour.stream().mapToLong(BucketRow::picks).sum();
            long placements = inHour.stream().mapToLong(BucketRow::placements).sum();
            Double r = rate(picks, placements);
            hours.add(new HourlySeries.Hour(h, h.atZone(cal.zone()).toLocalTime(), Math.round(boards), picks, placements, r,
                    spec.level(r)));
        }
        return new HourlySeries(line.id(), line.code(), day, line.targetPerHour(), spec.warnAbove(), spec.alarmAbove(), hours);
    }

    /** Minutes without data after which a line's tiles turn grey; shared by every console on the database. */
    public void setStaleMinutes(int minutes) {
        if (minutes < 1) throw new LocalizedException("dashboard.error.staleMinutes", minutes);
        queries.putSetting(DashboardQueries.STALE_MINUTES_KEY, Integer.toString(minutes));
        database.changeFeed().publish();
    }

    /**
     * Sets the loss-rate warn/alarm limits for the factory (both codes null), a line, or one
     * machine of it. The wall re-reads specs on every refresh.
     */
    public void setLossRateThresholds(String lineCode, String machineCode, Double warnAbove, Double alarmAbove) {
        DashboardQueries.Master master = queries.master();
        Long lineId = null, machineId = null;
        if (lineCode != null) {
            lineId = master.lines().stream().filter(l -> l.code().equalsIgnoreCase(lineCode)).map(LineRow::id).findFirst()
                    .orElseThrow(() -> new LocalizedException("dashboard.error.unknownLine", lineCode));
        }
        if (machineCode != null) {
            MachineRow m = master.machines().stream().filter(x -> x.code().equalsIgnoreCase(machineCode)).findFirst()
                    .orElseThrow(() -> new LocalizedException("dashboard.error.unknownMachine", machineCode));
            machineId = m.id();
            lineId = m.lineId();
        }
        queries.putThresholds(LOSS_RATE, lineId, machineId, warnAbove, alarmAbove);
        database.changeFeed().publish();
    }
}
