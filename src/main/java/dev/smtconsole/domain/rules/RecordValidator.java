package dev.smtconsole.domain.rules;

import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * DESIGN §5's MANUAL rules 1–6 (and AUTO rule 6) for one row, pure: no database, no clock of its
 * own. Rule 7 (duplicate event ids) needs the stored events and lives in the writer; this class
 * derives the deterministic event id for rows without one.
 * <p>
 * Field names in problems are the native CSV's column names ({@code picks}, {@code event_time} …).
 */
public final class RecordValidator {
    public static final String F_EVENT_ID = "event_id", F_EVENT_TIME = "event_time", F_START_TIME = "start_time",
            F_LINE = "line", F_MACHINE = "machine", F_JOB = "job", F_BOARDS = "boards", F_PICKS = "picks",
            F_PLACEMENTS = "placements", F_REJECTS = "rejects", F_OPERATOR = "operator_id", F_LOSS = "lossRate",
            F_PCBS = "pcbs";
    private static final Pattern WHOLE = Pattern.compile("[+]?\\d+(\\.0*)?");
    private static final Pattern NEGATIVE = Pattern.compile("-\\d+(\\.\\d*)?");
    private static final BigInteger MAX_COUNT = BigInteger.valueOf(Long.MAX_VALUE / 4);
    private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final MasterData master;
    private final RuleConfig config;
    private final Map<String, List<MetricSpec>> specsByMetric = new HashMap<>();

    public RecordValidator(MasterData master, RuleConfig config) {
        this.master = master;
        this.config = config;
        for (MetricSpec s : config.specs()) specsByMetric.computeIfAbsent(s.metric(), k -> new ArrayList<>()).add(s);
        specsByMetric.values().forEach(l -> l.sort(Comparator.comparingInt(MetricSpec::specificity).reversed()));
    }

    public RuleConfig config() {
        return config;
    }

    /** The record when every rule holds (warnings allowed), else null; and every problem found. */
    public record Outcome(IngestRecord record, List<RuleProblem> problems) {
        public boolean accepted() {
            return record != null;
        }
    }

    /**
     * @param importingOperator the person running the import: the operator of rows that name none
     * @param format            the format's name, part of derived event ids
     * @param occurrences       identical-row counter of this file, for derived ids
     * @param times             the file's time parser (remembers the last value)
     */
    public Outcome validate(RawRecord raw, String importingOperator, String format, Occurrences occurrences,
                            TimeParser times, Instant now) {
        return validate(raw, raw.contentFields(), importingOperator, format, occurrences, times, now);
    }

    /**
     * As {@link #validate(RawRecord, String, String, Occurrences, TimeParser, Instant)}, with the
     * content a derived event id is made of given apart: the row as written, when the door filled
     * values it lacked (a job or line given at import) — defaults are never part of an id (rule 7).
     */
    public Outcome validate(RawRecord raw, List<String> idContent, String importingOperator, String format,
                            Occurrences occurrences, TimeParser times, Instant now) {
        return validate(raw, idContent, importingOperator, format, occurrences, times, now, false);
    }

    /**
     * Every rule but the job's, for a count whose job the source cannot tell (issue 13, ADR 0027):
     * the record carries {@link IngestRecord#NO_JOB} and is held as unassigned until a job is given.
     */
    public Outcome validateWithoutJob(RawRecord raw, List<String> idContent, String importingOperator, String format,
                                      Occurrences occurrences, TimeParser times, Instant now) {
        return validate(raw, idContent, importingOperator, format, occurrences, times, now, true);
    }

    private Outcome validate(RawRecord raw, List<String> idContent, String importingOperator, String format,
                             Occurrences occurrences, TimeParser times, Instant now, boolean noJob) {
        List<RuleProblem> problems = new ArrayList<>(2);
        long row = raw.rowNo();

        String operator = blank(raw.operatorId()) ? strip(importingOperator) : raw.operatorId().strip();
        checkOperator(row, F_OPERATOR, blank(raw.operatorId()) ? operator : raw.operatorId(), problems);

        LineInfo line = checkLine(row, raw.line(), problems);
        MachineInfo machine = checkMachine(row, line, raw.machine(), problems);
        String job = noJob ? IngestRecord.NO_JOB : checkJob(row, F_JOB, raw.job(), problems);

        Instant end = parseTime(row, F_EVENT_TIME, raw.eventTime(), true, times, problems);
        Instant start = parseTime(row, F_START_TIME, raw.startTime(), false, times, problems);
        checkTimes(row, F_EVENT_TIME, raw.eventTime(), raw.startTime(), start, end, now, problems);

        Long boards = count(row, F_BOARDS, raw.boards(), problems);
        Long picks = count(row, F_PICKS, raw.picks(), problems);
        Long placements = count(row, F_PLACEMENTS, raw.placements(), problems);
        Long rejects = count(row, F_REJECTS, raw.rejects(), problems);
        Long pcbs = count(row, F_PCBS, raw.pcbs(), problems);
        boolean countsOk = true;
        for (RuleProblem p : problems) countsOk &= p.warning() || !isCountField(p.field());
        long b = orZero(boards), pk = orZero(picks), pl = orZero(placements);
        long rj = pk - pl;
        if (countsOk) {
            rj = checkRejects(row, pk, pl, rejects, problems);
            Long lineId = line == null ? null : line.id();
            Long machineId = machine == null ? null : machine.id();
            checkMetrics(row, raw.source(), lineId, machineId, b, pk, pl, rj, rejects != null || pk > 0, problems);
        }

        if (anyError(problems)) return new Outcome(null, problems);

        String eventId;
        if (blank(raw.eventId())) {
            Occurrences.Seen seen = occurrences.next(idContent, row);
            if (seen.occurrence() > 1) {
                problems.add(RuleProblem.warning(row, F_EVENT_ID, "", "rules.identical", String.valueOf(seen.firstRow()),
                        seen.occurrence()));
            }
            eventId = EventIds.derive(format, idContent, seen.occurrence());
        } else {
            eventId = raw.eventId().strip();
            if (eventId.length() > 200) {
                problems.add(RuleProblem.error(row, F_EVENT_ID, abbreviate(eventId), "rules.eventId.tooLong", 200));
                return new Outcome(null, problems);
            }
        }
        IngestRecord rec = new IngestRecord(row, eventId, end, start, raw.source(), line.code(),
                machine == null ? null : machine.code(), job, blank(raw.productModel()) ? null : raw.productModel().strip(),
                b, pk, pl, rj, operator, blank(raw.remark()) ? null : raw.remark(), raw.rawText(), pcbs == null ? b : pcbs);
        return new Outcome(rec, problems);
    }

    // ---------- the rules, one method each, shared with the manual form ----------

    /** Rule 1: operator present, and known where an operator list exists. */
    public void checkOperator(long row, String field, String operator, List<RuleProblem> problems) {
        if (blank(operator)) {
            problems.add(RuleProblem.error(row, field, "", "rules.operator.missing"));
        } else if (master.hasOperatorList() && !master.isKnownOperator(operator.strip())) {
            problems.add(RuleProblem.error(row, field, operator, "rules.operator.unknown"));
        }
    }

    /** Rule 2: the line is known. */
    public LineInfo checkLine(long row, String code, List<RuleProblem> problems) {
        if (blank(code)) {
            problems.add(RuleProblem.error(row, F_LINE, "", "rules.required"));
            return null;
        }
        Optional<LineInfo> line = master.line(code);
        if (line.isEmpty()) problems.add(RuleProblem.error(row, F_LINE, code, "rules.line.unknown"));
        return line.orElse(null);
    }

    /** Rule 2: a machine, if given, exists and belongs to the row's line. */
    public MachineInfo checkMachine(long row, LineInfo line, String code, List<RuleProblem> problems) {
        return checkMachine(row, F_MACHINE, line, code, problems);
    }

    public MachineInfo checkMachine(long row, String field, LineInfo line, String code, List<RuleProblem> problems) {
        if (blank(code)) return null;
        Optional<MachineInfo> m = master.machine(code);
        if (m.isEmpty()) {
            problems.add(RuleProblem.error(row, field, code, "rules.machine.unknown"));
            return null;
        }
        if (line != null && !m.get().lineCode().equalsIgnoreCase(line.code())) {
            problems.add(RuleProblem.error(row, field, code, "rules.machine.otherLine", m.get().lineCode(), line.code()));
            return null;
        }
        return m.get();
    }

    /** Rule 2: the job number matches the configured pattern. */
    public String checkJob(long row, String field, String job, List<RuleProblem> problems) {
        if (blank(job)) {
            problems.add(RuleProblem.error(row, field, "", "rules.required"));
            return null;
        }
        String j = job.strip();
        if (!goodJobs.contains(j) && !config.jobPattern().matcher(j).matches()) {
            problems.add(RuleProblem.error(row, field, job, "rules.job.pattern", config.jobPattern().pattern()));
            return null;
        }
        if (goodJobs.size() >= 4096) goodJobs.clear();
        goodJobs.add(j);
        return j;
    }

    /** Rows name the same few jobs over and over: a job's pattern check is not repeated. */
    private final java.util.Set<String> goodJobs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Rule 3: the time parses in one of the accepted notations. */
    public Instant parseTime(long row, String field, String text, boolean required, TimeParser times,
                             List<RuleProblem> problems) {
        if (blank(text)) {
            if (required) problems.add(RuleProblem.error(row, field, "", "rules.required"));
            return null;
        }
        Instant t = times.parse(text);
        if (t == null) problems.add(RuleProblem.error(row, field, text, "rules.time.unparsable"));
        return t;
    }

    /** Rule 3: end ≥ start; not in the future beyond the clock skew. */
    public void checkTimes(long row, String field, String endText, String startText, Instant start, Instant end,
                           Instant now, List<RuleProblem> problems) {
        if (end == null) return;
        if (start != null) {
            endBeforeStart(row, field, endText, startText == null ? show(start) : startText.strip(), start, end)
                    .ifPresent(problems::add);
        }
        if (end.isAfter(now.plus(config.futureSkew()))) {
            problems.add(RuleProblem.error(row, field, endText, "rules.time.future", show(now)));
        }
        // Years such as 0001 or -0001 parse, but no SMT line counted boards then: a slip, not data.
        if (end.isBefore(EARLIEST)) {
            problems.add(RuleProblem.error(row, field, endText, "rules.time.tooEarly", show(EARLIEST)));
        }
        if (start != null && start.isBefore(EARLIEST)) {
            problems.add(RuleProblem.error(row, field.equals(F_EVENT_TIME) ? F_START_TIME : "start",
                    startText == null ? show(start) : startText.strip(), "rules.time.tooEarly", show(EARLIEST)));
        }
    }

    /** The earliest time a count may carry (issue 18: year 0001 was accepted without a word). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * Rule 4: a whole number ≥ 0 (null when absent or wrong). A format without the column gives
     * null (counts 0); a column that is there but empty is an error for boards, picks and
     * placements — a truncated row must not pass as zeros. Empty rejects are computed.
     */
    public Long count(long row, String field, String text, List<RuleProblem> problems) {
        if (text == null) return null;
        if (text.isBlank()) {
            if (!F_REJECTS.equals(field)) problems.add(RuleProblem.error(row, field, "", "rules.required"));
            return null;
        }
        long plain = plainDigits(text);
        if (plain >= 0) return plain;
        String t = text.strip();
        if (NEGATIVE.matcher(t).matches()) {
            problems.add(RuleProblem.error(row, field, text, "rules.count.negative"));
            return null;
        }
        if (!WHOLE.matcher(t).matches()) {
            problems.add(RuleProblem.error(row, field, abbreviate(text), "rules.count.notWhole"));
            return null;
        }
        int dot = t.indexOf('.');
        String digits = (dot >= 0 ? t.substring(0, dot) : t).replace("+", "");
        BigInteger v = new BigInteger(digits);
        if (v.compareTo(MAX_COUNT) > 0) {
            problems.add(RuleProblem.error(row, field, abbreviate(text), "rules.count.tooLarge"));
            return null;
        }
        return v.longValue();
    }

    /** The value of 1–18 plain digits (most counts in most files), else -1: the general path decides. */
    private static long plainDigits(String t) {
        int n = t.length();
        if (n == 0 || n > 18) return -1;
        long v = 0;
        for (int i = 0; i < n; i++) {
            char ch = t.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /**
     * Rule 3's order check alone, pure: the end is not before the start. Shared with the manual
     * form, which checks as the user types ({@code startShown} is the start as the user wrote it).
     */
    public static <T extends Comparable<? super T>> Optional<RuleProblem> endBeforeStart(long row, String field, String endText,
                                                                                      String startShown, T start, T end) {
        if (start == null || end == null || end.compareTo(start) >= 0) return Optional.empty();
        return Optional.of(RuleProblem.error(row, field, endText == null ? "" : endText, "rules.time.endBeforeStart",
                startShown == null ? String.valueOf(start) : startShown));
    }

    /** Rule 4's first half alone, pure: placements ≤ picks. Shared with the manual form's per-machine rows. */
    public static Optional<RuleProblem> placementsAbovePicks(long row, String field, long picks, long placements) {
        if (placements <= picks) return Optional.empty();
        return Optional.of(RuleProblem.error(row, field, String.valueOf(placements), "rules.count.placementsAbovePicks",
                String.valueOf(picks)));
    }

    /** Rule 4: placements ≤ picks; rejects, if given, = picks − placements. Returns the rejects to store. */
    public long checkRejects(long row, long picks, long placements, Long rejects, List<RuleProblem> problems) {
        Optional<RuleProblem> above = placementsAbovePicks(row, F_PLACEMENTS, picks, placements);
        if (above.isPresent()) {
            problems.add(above.get());
            return 0;
        }
        long computed = picks - placements;
        if (rejects != null && rejects != computed) {
            problems.add(RuleProblem.error(row, F_REJECTS, String.valueOf(rejects), "rules.count.rejectsMismatch",
                    String.valueOf(picks), String.valueOf(placements), String.valueOf(computed)));
        }
        return computed;
    }

    /**
     * Rules 5 and 6: min/max (error), warn/alarm thresholds (warning), and whether this source may
     * write the metric at all. The loss rate is checked only when the row has picks.
     */
    public void checkMetrics(long row, Source source, Long lineId, Long machineId, long boards, long picks,
                             long placements, long rejects, boolean hasLoss, List<RuleProblem> problems) {
        checkMetric(row, source, MetricSpec.BOARDS, F_BOARDS, lineId, machineId, boards, boards != 0, problems);
        checkMetric(row, source, MetricSpec.PICKS, F_PICKS, lineId, machineId, picks, picks != 0, problems);
        checkMetric(row, source, MetricSpec.PLACEMENTS, F_PLACEMENTS, lineId, machineId, placements, placements != 0, problems);
        checkMetric(row, source, MetricSpec.REJECTS, F_REJECTS, lineId, machineId, rejects, rejects != 0, problems);
        if (picks > 0 && hasLoss) {
            checkMetric(row, source, MetricSpec.LOSS_RATE, F_LOSS, lineId, machineId, (double) rejects / picks, true, problems);
        }
    }

    private void checkMetric(long row, Source source, String metric, String field, Long lineId, Long machineId,
                             double value, boolean written, List<RuleProblem> problems) {
        MetricSpec spec = spec(metric, lineId, machineId);
        if (spec == null) return;
        if (written && ((source == Source.AUTO && !spec.allowAuto()) || (source == Source.MANUAL && !spec.allowManual()))) {
            problems.add(RuleProblem.error(row, field, shown(metric, value), "rules.metric.sourceNotAllowed", source.name()));
            return;
        }
        // The value and the limit become text only for a row that breaks a limit.
        if (spec.min() != null && value < spec.min()) {
            problems.add(RuleProblem.error(row, field, shown(metric, value), "rules.metric.belowMin", number(metric, spec.min())));
        } else if (spec.max() != null && value > spec.max()) {
            problems.add(RuleProblem.error(row, field, shown(metric, value), "rules.metric.aboveMax", number(metric, spec.max())));
        } else if (spec.alarmAbove() != null && value > spec.alarmAbove()) {
            problems.add(RuleProblem.warning(row, field, shown(metric, value), "rules.metric.alarm",
                    number(metric, spec.alarmAbove())));
        } else if (spec.warnAbove() != null && value > spec.warnAbove()) {
            problems.add(RuleProblem.warning(row, field, shown(metric, value), "rules.metric.warn",
                    number(metric, spec.warnAbove())));
        }
    }

    /** The most specific spec for the metric: machine, else line, else factory-wide. */
    MetricSpec spec(String metric, Long lineId, Long machineId) {
        List<MetricSpec> list = specsByMetric.get(metric);
        if (list == null) return null;
        for (MetricSpec s : list) {
            if (s.machineId() != null && !s.machineId().equals(machineId)) continue;
            if (s.lineId() != null && !s.lineId().equals(lineId)) continue;
            return s;
        }
        return null;
    }

    private static String shown(String metric, double value) {
        return metric.equals(MetricSpec.LOSS_RATE) ? percent(value) : String.valueOf((long) value);
    }

    private String number(String metric, double v) {
        if (metric.equals(MetricSpec.LOSS_RATE)) return limits.computeIfAbsent(v, RecordValidator::percent);
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** A limit's text, made once per limit rather than once per row that passes it. */
    private final Map<Double, String> limits = new java.util.concurrent.ConcurrentHashMap<>();

    /** As {@code String.format("%.2f %%", v * 100)} (which rounds the shortest decimal form half up), without a Formatter. */
    static String percent(double v) {
        return new java.math.BigDecimal(Double.toString(v * 100)).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " %";
    }

    private String show(Instant t) {
        return SHOW.format(t.atZone(zone()));
    }

    private ZoneId zone() {
        return config.zone();
    }

    /** A loop, not a stream: this runs for every row of every import. */
    private static boolean anyError(List<RuleProblem> problems) {
        for (RuleProblem p : problems) {
            if (!p.warning()) return true;
        }
        return false;
    }

    private static boolean isCountField(String f) {
        return F_BOARDS.equals(f) || F_PCBS.equals(f) || F_PICKS.equals(f) || F_PLACEMENTS.equals(f) || F_REJECTS.equals(f)
                || (f != null && f.endsWith("picks")) || (f != null && f.endsWith("placements"));
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** Long values are cut so a message stays a sentence. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "…";
    }
}
