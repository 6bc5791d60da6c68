package dev.smtconsole.report;

import dev.smtconsole.domain.Thresholds;
import dev.smtconsole.domain.BucketRow;
import dev.smtconsole.domain.JobInfo;
import dev.smtconsole.domain.JobRecordData;
import dev.smtconsole.domain.LossRate;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.ProductionCalendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a line's counter buckets and hand-written records into the rows of the paper form. Pure:
 * no database, so the DESIGN §4 rules (production day, quantity, loss rate) are tested directly.
 */
public final class ProductionReportBuilder {
    private ProductionReportBuilder() {
    }

    private record Key(LocalDate day, long jobId) {
    }

    private static final class Sum {
        long boards, picks, placements, rejects, events;
        Instant first, last, firstStart;

        void add(BucketRow b) {
            boards += b.boards();
            picks += b.picks();
            placements += b.placements();
            rejects += b.rejects();
            events += b.events();
            if (first == null || b.first().isBefore(first)) first = b.first();
            if (last == null || b.last().isAfter(last)) last = b.last();
            if (firstStart == null || b.firstStart().isBefore(firstStart)) firstStart = b.firstStart();
        }
    }

    /**
     * @param placementMachines the line's placement machines in line order (the M1..Mn columns)
     * @param buckets           the line's buckets over the period; voided data is already subtracted from them
     * @param jobFilter         case-insensitive part of a job number or product model; null or blank = all jobs
     */
    public static ProductionReport build(String lineCode, LocalDate from, LocalDate to, ProductionCalendar calendar,
                                         List<MachineInfo> placementMachines, Collection<BucketRow> buckets,
                                         Map<Long, JobInfo> jobs, Collection<JobRecordData> records,
                                         Thresholds thresholds, String jobFilter) {
        Map<Key, Map<Long, Sum>> byJobDay = new TreeMap<>(Comparator.comparing(Key::day).thenComparingLong(Key::jobId));
        for (BucketRow b : buckets) {
            // A bucket whose events were all voided keeps its row with zero events: it is no longer data.
            if (b.events() <= 0) continue;
            // Buckets are quarter hours and production days start on a quarter hour: the bucket's start decides.
            LocalDate day = calendar.productionDay(b.start());
            if (day.isBefore(from) || day.isAfter(to)) continue;
            byJobDay.computeIfAbsent(new Key(day, b.jobId()), k -> new HashMap<>())
                    .computeIfAbsent(b.machineId(), k -> new Sum()).add(b);
        }
        Map<Key, JobRecordData> recordByKey = new HashMap<>();
        for (JobRecordData r : records) {
            Key k = new Key(r.day(), r.jobId());
            recordByKey.put(k, r);
            // A quantity typed on paper without any machine data is still production: it gets its row.
            if (r.quantityOverride() != null && !r.day().isBefore(from) && !r.day().isAfter(to)) {
                byJobDay.computeIfAbsent(k, x -> new HashMap<>());
            }
        }
        String filter = jobFilter == null || jobFilter.isBlank() ? null : jobFilter.strip().toUpperCase(Locale.ROOT);
        List<ProductionRow> rows = new ArrayList<>();
        for (var e : byJobDay.entrySet()) {
            Key key = e.getKey();
            JobInfo job = jobs.getOrDefault(key.jobId(), new JobInfo(key.jobId(), "#" + key.jobId(), null, null));
            if (filter != null && !matches(job, filter)) continue;
            rows.add(row(key, job, e.getValue(), placementMachines, recordByKey.get(key), thresholds));
        }
        rows.sort(Comparator.comparing(ProductionRow::day)
                .thenComparing(r -> r.start() == null ? Instant.MAX : r.start())
                .thenComparing(ProductionRow::jobNo));
        return new ProductionReport(lineCode, from, to, calendar.zone(),
                placementMachines.stream().map(MachineInfo::code).toList(), rows, thresholds);
    }

    private static boolean matches(JobInfo job, String filter) {
        return job.jobNo().toUpperCase(Locale.ROOT).contains(filter)
                || job.productModel() != null && job.productModel().toUpperCase(Locale.ROOT).contains(filter);
    }

    private static ProductionRow row(Key key, JobInfo job, Map<Long, Sum> sums, List<MachineInfo> placementMachines,
                                     JobRecordData record, Thresholds thresholds) {
        Sum lineLevel = sums.get(0L);
        Long maxMachineBoards = null;
        Instant first = null, last = null;
        for (var s : sums.entrySet()) {
            Sum sum = s.getValue();
            // The form's start is when the job's work that day began (a typed start, a WorkStarted), not its first count.
            if (first == null || sum.firstStart != null && sum.firstStart.isBefore(first)) first = sum.firstStart;
            if (last == null || sum.last != null && sum.last.isAfter(last)) last = sum.last;
            if (s.getKey() != 0L && sum.boards > 0) {
                maxMachineBoards = maxMachineBoards == null ? sum.boards : Math.max(maxMachineBoards, sum.boards);
            }
        }
        boolean isLineLevel = lineLevel != null && lineLevel.events > 0;
        long quantity = isLineLevel ? lineLevel.boards : maxMachineBoards == null ? 0 : maxMachineBoards;

        List<MachineCell> cells = new ArrayList<>(placementMachines.size());
        for (int i = 0; i < placementMachines.size(); i++) {
            MachineInfo m = placementMachines.get(i);
            Sum s = sums.get(m.id());
            long picks = s == null ? 0 : s.picks, placements = s == null ? 0 : s.placements;
            cells.add(new MachineCell(m.id(), m.code(), i, picks, placements, LossRate.rejects(picks, placements),
                    thresholds.level(LossRate.of(picks, placements))));
        }
        long shown = record != null && record.quantityOverride() != null ? record.quantityOverride() : quantity;
        // Typed figures (line-level totals or a correction) are checked against what the machines counted.
        boolean typedQuantity = isLineLevel || record != null && record.quantityOverride() != null;
        boolean quantityDisagrees = typedQuantity && maxMachineBoards != null && shown != maxMachineBoards;
        Long expected = job.placementsPerBoard() == null ? null : shown * job.placementsPerBoard();
        long placed = cells.stream().mapToLong(MachineCell::placements).sum();
        // One board's worth of slack: a board half through the line at the day boundary is not a mistake.
        boolean placementsDisagree = expected != null && placed > 0
                && Math.abs(placed - expected) > job.placementsPerBoard();
        return new ProductionRow(key.day(), key.jobId(), job.jobNo(), job.productModel(), quantity, isLineLevel,
                maxMachineBoards, first, last, cells, quantityDisagrees, expected, placementsDisagree, record);
    }
}
