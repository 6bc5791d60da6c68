package dev.smtconsole.domain.rules;

import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MachineKind;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per MANUAL rule (DESIGN §5); each fails when its rule is taken out. */
class RecordValidatorTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final List<MetricSpec> DEFAULT_SPECS = List.of(
            new MetricSpec("boards", null, null, true, true, 0d, 100000d, null, null),
            new MetricSpec("picks", null, null, true, true, 0d, 10000000d, null, null),
            new MetricSpec("placements", null, null, true, true, 0d, 10000000d, null, null),
            new MetricSpec("rejects", null, null, true, true, 0d, 10000000d, null, null),
            new MetricSpec("lossRate", null, null, true, true, 0d, 1d, 0.005, 0.01));

    static MasterData master(Set<String> operators) {
        return new MasterData(List.of(
                new LineInfo(1, "L1", "Line 1", 40, true, List.of(
                        new MachineInfo(11, "L1-M1", "L1", 3, MachineKind.PLACEMENT, null, List.of("CFX.L1.M1")),
                        new MachineInfo(12, "L1-M2", "L1", 4, MachineKind.PLACEMENT, null, List.of()))),
                new LineInfo(2, "L2", "Line 2", 40, true, List.of(
                        new MachineInfo(21, "L2-M1", "L2", 3, MachineKind.PLACEMENT, null, List.of())))), operators);
    }

    RecordValidator validator = new RecordValidator(master(Set.of("OP1001", "OP1002")), RuleConfig.defaults(SHANGHAI, DEFAULT_SPECS));

    /** A valid row: L1-M1, 100 boards, 1000 picks, 995 placements, 5 rejects (0.5 %). */
    static RawRecord row(String... overrides) {
        String[] v = {"", "2026-11-24T09:30:00+08:00", "2026-11-24T08:30:00+08:00", "L1", "L1-M1", "M008502", "MODEL",
                "100", "1000", "995", "5", "OP1001", "", "raw"};
        for (int i = 0; i + 1 < overrides.length; i += 2) v[index(overrides[i])] = overrides[i + 1];
        return new RawRecord(12, Source.MANUAL, nul(v[0]), nul(v[1]), nul(v[2]), nul(v[3]), nul(v[4]), nul(v[5]), nul(v[6]),
                nul(v[7]), nul(v[8]), nul(v[9]), nul(v[10]), nul(v[11]), nul(v[12]), v[13]);
    }

    private static String nul(String s) {
        return s == null ? null : s;
    }

    private static int index(String field) {
        return List.of("event_id", "event_time", "start_time", "line", "machine", "job", "product_model", "boards", "picks",
                "placements", "rejects", "operator_id", "remark", "raw").indexOf(field);
    }

    RecordValidator.Outcome check(RawRecord r) {
        return check(r, "IMPORTER");
    }

    RecordValidator.Outcome check(RawRecord r, String importer) {
        return validator.validate(r, importer, "csv", new Occurrences(), new TimeParser(SHANGHAI), NOW);
    }

    static List<String> errorKeys(RecordValidator.Outcome o) {
        return o.problems().stream().filter(p -> !p.warning()).map(RuleProblem::key).toList();
    }

    @Test
    void acceptsAValidRow() {
        var o = check(row());
        assertThat(o.problems()).isEmpty();
        assertThat(o.record()).isNotNull();
        assertThat(o.record().eventTime()).isEqualTo(Instant.parse("2026-11-24T01:30:00Z"));
        assertThat(o.record().rejects()).isEqualTo(5);
    }

    // ---- rule 1: operator ----

    @Test
    void rejectsMissingOperatorWhenNobodyImports() {
        assertThat(errorKeys(check(row("operator_id", ""), null))).containsExactly("rules.operator.missing");
    }

    @Test
    void emptyOperatorTakesTheImportingOperator() {
        var o = check(row("operator_id", ""), "OP1002");
        assertThat(o.record().operatorId()).isEqualTo("OP1002");
    }

    @Test
    void rejectsUnknownOperatorWhenAnOperatorListExists() {
        assertThat(errorKeys(check(row("operator_id", "OP9999")))).containsExactly("rules.operator.unknown");
    }

    @Test
    void acceptsAnyOperatorWithoutAnOperatorList() {
        var open = new RecordValidator(master(Set.of()), RuleConfig.defaults(SHANGHAI, DEFAULT_SPECS));
        var o = open.validate(row("operator_id", "OP9999"), null, "csv", new Occurrences(), new TimeParser(SHANGHAI), NOW);
        assertThat(o.accepted()).isTrue();
    }

    // ---- rule 2: line, machine, job ----

    @Test
    void rejectsUnknownLine() {
        assertThat(errorKeys(check(row("line", "L9", "machine", "")))).containsExactly("rules.line.unknown");
    }

    @Test
    void rejectsMachineOfAnotherLine() {
        assertThat(errorKeys(check(row("machine", "L2-M1")))).containsExactly("rules.machine.otherLine");
    }

    @Test
    void rejectsUnknownMachine() {
        assertThat(errorKeys(check(row("machine", "L1-M9")))).containsExactly("rules.machine.unknown");
    }

    @Test
    void acceptsMachineByAliasAndStoresItsCode() {
        assertThat(check(row("machine", "cfx.l1.m1")).record().machineCode()).isEqualTo("L1-M1");
    }

    @Test
    void emptyMachineIsALineLevelRow() {
        var o = check(row("machine", "", "picks", "0", "placements", "0", "rejects", ""));
        assertThat(o.record().machineCode()).isNull();
    }

    @Test
    void rejectsJobNotMatchingThePattern() {
        assertThat(errorKeys(check(row("job", "M 008502")))).containsExactly("rules.job.pattern");
        assertThat(errorKeys(check(row("job", "")))).containsExactly("rules.required");
    }

    @Test
    void jobPatternIsConfigurable() {
        var strict = new RecordValidator(master(Set.of("OP1001")),
                new RuleConfig(Pattern.compile("M\\d{6}"), SHANGHAI, RuleConfig.DEFAULT_SKEW, DEFAULT_SPECS));
        var o = strict.validate(row("job", "X-1"), null, "csv", new Occurrences(), new TimeParser(SHANGHAI), NOW);
        assertThat(errorKeys(o)).containsExactly("rules.job.pattern");
    }

    // ---- rule 3: times ----

    @Test
    void parsesEveryAcceptedTimeNotationInTheFactoryZone() {
        TimeParser t = new TimeParser(SHANGHAI);
        Instant expected = Instant.parse("2026-11-24T01:30:00Z");
        assertThat(t.parse("2026-11-24T09:30:00+08:00")).isEqualTo(expected);
        assertThat(t.parse("2026-11-24T01:30:00Z")).isEqualTo(expected);
        assertThat(t.parse("2026-11-24T09:30:00")).isEqualTo(expected);
        assertThat(t.parse("2026-11-24 09:30")).isEqualTo(expected);
        assertThat(t.parse("2026-11-24 09:30:00")).isEqualTo(expected);
        assertThat(t.parse("2026/11/24 09:30")).isEqualTo(expected);
        assertThat(t.parse("2026/11/24 09:30:00")).isEqualTo(expected);
        assertThat(t.parse("11.24.26 9:30")).isEqualTo(expected);
        // Excel: 46350 = 2026-11-24, .395833 = 09:30
        assertThat(t.parse("46350.3958333333")).isEqualTo(expected);
        assertThat(TimeParser.paperDate("1.8.26")).isEqualTo(java.time.LocalDate.of(2026, 1, 8));
    }

    @Test
    void rejectsATimeThatDoesNotParse() {
        assertThat(errorKeys(check(row("event_time", "2026-13-45T11:00:00+08:00")))).containsExactly("rules.time.unparsable");
        assertThat(errorKeys(check(row("event_time", "yesterday")))).containsExactly("rules.time.unparsable");
        assertThat(errorKeys(check(row("event_time", "123")))).containsExactly("rules.time.unparsable");
    }

    @Test
    void rejectsEndBeforeStart() {
        assertThat(errorKeys(check(row("start_time", "2026-11-24T10:30:00+08:00")))).containsExactly("rules.time.endBeforeStart");
    }

    @Test
    void rejectsTimesInTheFutureBeyondTheClockSkew() {
        assertThat(errorKeys(check(row("event_time", "2026-11-26T20:06:00+08:00")))).containsExactly("rules.time.future");
        assertThat(check(row("event_time", "2026-11-26T20:04:00+08:00")).accepted()).isTrue();
    }

    // ---- rule 4: counts ----

    @Test
    void rejectsACountThatIsNotAWholeNumber() {
        assertThat(errorKeys(check(row("picks", "12x")))).containsExactly("rules.count.notWhole");
        assertThat(errorKeys(check(row("picks", "12.5")))).containsExactly("rules.count.notWhole");
    }

    @Test
    void rejectsNegativeCounts() {
        assertThat(errorKeys(check(row("boards", "-3")))).containsExactly("rules.count.negative");
    }

    @Test
    void rejectsHugeNumbers() {
        assertThat(errorKeys(check(row("picks", "99999999999999999999999999")))).containsExactly("rules.count.tooLarge");
    }

    @Test
    void rejectsPlacementsAbovePicks() {
        assertThat(errorKeys(check(row("picks", "1000", "placements", "1001", "rejects", ""))))
                .containsExactly("rules.count.placementsAbovePicks");
    }

    @Test
    void rejectsRejectsThatAreNotPicksMinusPlacements() {
        assertThat(errorKeys(check(row("rejects", "4")))).containsExactly("rules.count.rejectsMismatch");
    }

    @Test
    void rejectsAnEmptyCountButCountsAnAbsentColumnAsZero() {
        assertThat(errorKeys(check(row("placements", "", "rejects", "")))).containsExactly("rules.required");
        var absent = check(row("boards", null));
        assertThat(absent.record().boards()).isZero();
    }

    @Test
    void computesRejectsWhenAbsent() {
        assertThat(check(row("rejects", "")).record().rejects()).isEqualTo(5);
    }

    // ---- rule 5: metric spec ----

    @Test
    void rejectsAValueAboveTheMetricMaximum() {
        assertThat(errorKeys(check(row("boards", "100001")))).containsExactly("rules.metric.aboveMax");
    }

    @Test
    void acceptsButFlagsALossRateAboveTheWarnThreshold() {
        var o = check(row("picks", "1000", "placements", "993", "rejects", "7"));
        assertThat(o.accepted()).isTrue();
        assertThat(o.problems()).singleElement().satisfies(p -> {
            assertThat(p.warning()).isTrue();
            assertThat(p.key()).isEqualTo("rules.metric.warn");
        });
        assertThat(check(row("picks", "1000", "placements", "980", "rejects", "20")).problems())
                .extracting(RuleProblem::key).containsExactly("rules.metric.alarm");
    }

    @Test
    void theMostSpecificSpecWins() {
        List<MetricSpec> specs = new java.util.ArrayList<>(DEFAULT_SPECS);
        specs.add(new MetricSpec("boards", 1L, null, true, true, 0d, 50d, null, null));
        var v = new RecordValidator(master(Set.of("OP1001")), RuleConfig.defaults(SHANGHAI, specs));
        var o = v.validate(row(), null, "csv", new Occurrences(), new TimeParser(SHANGHAI), NOW);
        assertThat(errorKeys(o)).containsExactly("rules.metric.aboveMax");
    }

    // ---- rule 6: AUTO only where the spec allows it ----

    @Test
    void rejectsAutoDataForAMetricWhoseSpecForbidsAuto() {
        List<MetricSpec> specs = new java.util.ArrayList<>(DEFAULT_SPECS);
        specs.set(1, new MetricSpec("picks", null, null, false, true, 0d, 10000000d, null, null));
        var v = new RecordValidator(master(Set.of("OP1001")), RuleConfig.defaults(SHANGHAI, specs));
        RawRecord manual = row();
        RawRecord auto = new RawRecord(manual.rowNo(), Source.AUTO, manual.eventId(), manual.eventTime(), manual.startTime(),
                manual.line(), manual.machine(), manual.job(), manual.productModel(), manual.boards(), manual.picks(),
                manual.placements(), manual.rejects(), manual.operatorId(), manual.remark(), manual.rawText());
        assertThat(errorKeys(v.validate(auto, null, "csv", new Occurrences(), new TimeParser(SHANGHAI), NOW)))
                .containsExactly("rules.metric.sourceNotAllowed");
        assertThat(v.validate(manual, null, "csv", new Occurrences(), new TimeParser(SHANGHAI), NOW).accepted()).isTrue();
    }

    // ---- rule 7: deterministic ids ----

    @Test
    void derivesTheSameIdFromTheSameContentWhoeverImports() {
        String a = check(row(), "OP1001").record().eventId();
        String b = check(row(), "OP1002").record().eventId();
        assertThat(a).isEqualTo(b).startsWith("h:").endsWith("#1");
        assertThat(check(row("picks", "1001", "rejects", "6")).record().eventId()).isNotEqualTo(a);
    }

    @Test
    void theSecondIdenticalRowCountsWithAWarningNamingBothRows() {
        Occurrences occ = new Occurrences();
        TimeParser t = new TimeParser(SHANGHAI);
        RawRecord first = row();
        RawRecord second = new RawRecord(15, first.source(), null, first.eventTime(), first.startTime(), first.line(),
                first.machine(), first.job(), first.productModel(), first.boards(), first.picks(), first.placements(),
                first.rejects(), first.operatorId(), first.remark(), first.rawText());
        var o1 = validator.validate(first, null, "csv", occ, t, NOW);
        var o2 = validator.validate(second, null, "csv", occ, t, NOW);
        assertThat(o2.accepted()).isTrue();
        assertThat(o2.record().eventId()).isNotEqualTo(o1.record().eventId()).endsWith("#2");
        assertThat(o2.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("rules.identical");
            assertThat(RuleMessages.render(Locale.ENGLISH, p)).contains("Row 15").contains("row 12");
        });
    }

    @Test
    void keepsAnEventIdGivenInTheRow() {
        assertThat(check(row("event_id", " L1-X-1 ")).record().eventId()).isEqualTo("L1-X-1");
    }

    // ---- messages ----

    @Test
    void problemsNameRowFieldValueAndRuleInBothLanguages() {
        RuleProblem p = check(row("picks", "12x")).problems().get(0);
        assertThat(RuleMessages.render(Locale.ENGLISH, p)).isEqualTo("Row 12, picks: '12x' is not a whole number");
        assertThat(RuleMessages.render(Locale.SIMPLIFIED_CHINESE, p)).isEqualTo("第 12 行 吸料数量 ‘12x’ 不是整数");
    }

    @org.junit.jupiter.api.Test
    void percentTextIsTheFormattersText() {
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            long picks = 1 + rnd.nextInt(100_000);
            long rejects = rnd.nextInt((int) Math.min(picks, 5_000) + 1);
            double v = (double) rejects / picks;
            org.assertj.core.api.Assertions.assertThat(RecordValidator.percent(v)).as("%d/%d", rejects, picks)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f %%", v * 100));
        }
        for (double v : new double[]{0, 0.00005, 0.000049999, 0.001249999, 0.00125, 0.005, 1}) {
            org.assertj.core.api.Assertions.assertThat(RecordValidator.percent(v))
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f %%", v * 100));
        }
    }
}
