package dev.smtconsole.ui.ingest;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService.ManualEntrySummary;
import dev.smtconsole.app.IngestService.Problem;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MachineKind;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The form's rules without a Stage: the view model's tasks are held, so the service (real, on an
 * H2 file database) is never asked unless a test lets the tasks run.
 */
class ManualEntryViewModelTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZONE);
    @TempDir
    static Path dir;
    private static AppServices services;

    @BeforeAll
    static void openDatabase() {
        services = AppServices.open(TestDatabases.h2(dir));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
    }

    @AfterAll
    static void closeDatabase() {
        services.close();
    }

    static LineInfo line(String code, int placementMachines) {
        List<MachineInfo> machines = new java.util.ArrayList<>();
        machines.add(new MachineInfo(100, code + "-PRN", code, 1, MachineKind.PRINTER, "printer", List.of()));
        for (int i = 1; i <= placementMachines; i++) {
            machines.add(new MachineInfo(i, code + "-M" + i, code, i + 1, MachineKind.PLACEMENT, "mounter " + i, List.of()));
        }
        machines.add(new MachineInfo(200, code + "-AOI", code, 9, MachineKind.AOI, "aoi", List.of()));
        return new LineInfo(1, code, code, null, true, machines);
    }

    private ManualEntryViewModel vm(String locale) {
        return new ManualEntryViewModel(services.ingest(), List::of, new ImmediateTaskExecutor().hold(), new ScriptedDialogs(),
                new I18n(locale.equals("zh") ? I18n.ZH : I18n.EN),
                new SimpleStringProperty(""), CLOCK);
    }

    private ManualEntryViewModel filled() {
        ManualEntryViewModel vm = vm("en");
        vm.operatorProperty().set("OP1001");
        vm.lineProperty().set(line("L2", 3));
        vm.jobProperty().set("M008358");
        vm.modelProperty().set("1016928");
        vm.boardsProperty().set("162");
        vm.startProperty().set("2026-11-20 11:00");
        vm.endProperty().set("14:45");
        vm.checkersProperty().set("礼、珍");
        long[][] counts = {{24207, 24138}, {9086, 9072}, {6994, 6966}};
        for (int i = 0; i < 3; i++) {
            vm.machines().get(i).picksProperty().set(Long.toString(counts[i][0]));
            vm.machines().get(i).placementsProperty().set(Long.toString(counts[i][1]));
        }
        return vm;
    }

    @Test
    void computesRejectsAndLossRateAsTheyType() {
        ManualEntryViewModel vm = filled();
        var m1 = vm.machines().get(0);
        assertThat(m1.rejectsProperty().get()).isEqualTo("69");
        assertThat(m1.lossRateProperty().get()).isEqualTo("0.29%");
        m1.placementsProperty().set("24107");
        assertThat(m1.rejectsProperty().get()).isEqualTo("100");
        assertThat(m1.lossRateProperty().get()).isEqualTo("0.41%");
        m1.picksProperty().set("0");
        m1.placementsProperty().set("0");
        assertThat(m1.rejectsProperty().get()).isEqualTo("0");
        assertThat(m1.lossRateProperty().get()).as("no rate without picks").isEmpty();
    }

    @Test
    void rejectsAreAlwaysPicksMinusPlacements() {
        ManualEntryViewModel vm = filled();
        var row = vm.machines().get(1);
        Random rnd = new Random(20261120);
        for (int n = 0; n < 500; n++) {
            long picks = rnd.nextInt(1_000_000);
            long placements = rnd.nextInt((int) picks + 1);
            row.picksProperty().set(Long.toString(picks));
            row.placementsProperty().set(Long.toString(placements));
            assertThat(row.rejectsProperty().get()).isEqualTo(Long.toString(picks - placements));
            if (picks > 0) {
                double shown = Double.parseDouble(row.lossRateProperty().get().replace("%", ""));
                assertThat(shown).isCloseTo(100.0 * (picks - placements) / picks, org.assertj.core.data.Offset.offset(0.005));
            }
            assertThat(vm.errors()).doesNotContainKey(ManualEntryViewModel.placementsField(1));
        }
    }

    @Test
    void aCompleteFormIsValidAndBuildsTheEntry() {
        ManualEntryViewModel vm = filled();
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.missing()).isEmpty();
        assertThat(vm.validProperty().get()).isTrue();
        var e = vm.toEntry();
        assertThat(e.lineCode()).isEqualTo("L2");
        assertThat(e.boards()).isEqualTo(162);
        assertThat(e.start()).isEqualTo(LocalDateTime.of(2026, 11, 20, 11, 0));
        assertThat(e.end()).as("H:mm means today in the factory zone").isEqualTo(LocalDateTime.of(2026, 11, 20, 14, 45));
        assertThat(e.checkers()).containsExactly("礼", "珍");
        assertThat(e.machines()).extracting(m -> m.machineCode()).containsExactly("L2-M1", "L2-M2", "L2-M3");
        assertThat(e.machines().get(2).placements()).isEqualTo(6966);
        assertThat(e.operatorId()).isEqualTo("OP1001");
    }

    @Test
    void aCountThatIsNotAWholeNumberIsAnErrorOnItsFieldInTheUsersLanguage() {
        ManualEntryViewModel vm = filled();
        vm.machines().get(0).picksProperty().set("12x");
        String field = ManualEntryViewModel.picksField(0);
        assertThat(vm.errors().get(field)).isEqualTo("L2-M1 Picks: '12x' is not a whole number");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.machines().get(0).rejectsProperty().get()).isEmpty();
        assertThat(vm.machines().get(0).picksProperty().get()).as("the typed text is kept").isEqualTo("12x");
        vm.machines().get(0).picksProperty().set("24207");
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.validProperty().get()).isTrue();
    }

    @Test
    void rejectsPlacementsAbovePicks() {
        ManualEntryViewModel vm = filled();
        vm.machines().get(2).placementsProperty().set("7000");
        assertThat(vm.errors().get(ManualEntryViewModel.placementsField(2)))
                .contains("L2-M3").contains("7000").contains("6994");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.machines().get(2).rejectsProperty().get()).as("no negative rejects").isEmpty();
        assertThat(vm.machines().get(2).lossRateProperty().get()).isEmpty();
    }

    @Test
    void errorsAreInChineseWhenTheConsoleIsInChinese() {
        ManualEntryViewModel vm = vm("zh");
        vm.boardsProperty().set("1６2a");
        assertThat(vm.errors().get(ManualEntryViewModel.BOARDS)).isEqualTo("数量：“1６2a”不是整数");
    }

    @Test
    void blankRequiredFieldsBlockSaveWithoutShowingErrors() {
        ManualEntryViewModel vm = vm("en");
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.missing()).containsExactly(ManualEntryViewModel.OPERATOR, ManualEntryViewModel.LINE,
                ManualEntryViewModel.JOB, ManualEntryViewModel.BOARDS, ManualEntryViewModel.START, ManualEntryViewModel.END);
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.firstErrorProperty().get()).isEqualTo("Still to fill in: Operator, Line, Job, Quantity (boards), Start, End");
        vm.applyServiceProblems(List.of(problem("job", "", "rules.required", false)));
        assertThat(vm.errors()).as("the service's 'required' on a blank field is no red error").isEmpty();
    }

    @Test
    void endBeforeStartIsAnErrorOnEnd() {
        ManualEntryViewModel vm = filled();
        vm.endProperty().set("2026-11-20 10:59");
        assertThat(vm.errors()).as("a typed date is taken as typed").containsOnlyKeys(ManualEntryViewModel.END);
        vm.endProperty().set("2026-11-20 25:00");
        assertThat(vm.errors().get(ManualEntryViewModel.END)).contains("is not a time");
    }

    @Test
    void aBareEndTimeBeforeTheStartIsTheNextDayAndSaysSo() {
        ManualEntryViewModel vm = filled();
        vm.startProperty().set("22:00");
        vm.endProperty().set("2:00");
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.toEntry().start()).isEqualTo(LocalDateTime.of(2026, 11, 20, 22, 0));
        assertThat(vm.toEntry().end()).as("a night shift ending after midnight").isEqualTo(LocalDateTime.of(2026, 11, 21, 2, 0));
        assertThat(vm.endResolvedProperty().get()).isEqualTo("→ 2026-11-21 02:00");

        vm.endProperty().set("23:30");
        assertThat(vm.toEntry().end()).isEqualTo(LocalDateTime.of(2026, 11, 20, 23, 30));
        assertThat(vm.endResolvedProperty().get()).as("nothing to explain when the end is the day typed").isEmpty();

        // a start typed with its date: the end rolls to the day after that date, not after today
        vm.startProperty().set("2026-11-18 21:30");
        vm.endProperty().set("5:15");
        assertThat(vm.toEntry().end()).as("5:15 today is after the start: kept").isEqualTo(LocalDateTime.of(2026, 11, 20, 5, 15));
        vm.startProperty().set("2026-11-20 21:30");
        assertThat(vm.toEntry().end()).isEqualTo(LocalDateTime.of(2026, 11, 21, 5, 15));
        assertThat(vm.errors()).isEmpty();

        vm.endProperty().set("");
        assertThat(vm.endResolvedProperty().get()).isEmpty();
        assertThat(vm.toEntry().end()).isNull();
    }

    @Test
    void theResolvedEndFollowsTheLanguage() {
        ManualEntryViewModel vm = filled();
        vm.startProperty().set("20:00");
        vm.endProperty().set("0:30");
        assertThat(vm.endResolvedProperty().get()).isEqualTo("→ 2026-11-21 00:30");
        ManualEntryViewModel zh = vm("zh");
        zh.startProperty().set("20:00");
        zh.endProperty().set("0:30");
        assertThat(zh.endResolvedProperty().get()).isEqualTo("→ 次日 2026-11-21 00:30");
    }

    @Test
    void resolveEndRollsOnlyBareTimesBeforeTheStart() {
        LocalDate today = LocalDate.of(2026, 11, 20);
        LocalDateTime start = LocalDateTime.of(2026, 11, 20, 22, 0);
        assertThat(EntryTimes.resolveEnd(start, "1:00", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 21, 1, 0));
        assertThat(EntryTimes.resolveEnd(start, "22:00", today, ZONE)).as("equal is not before").isEqualTo(start);
        assertThat(EntryTimes.resolveEnd(start, "2026-11-20 01:00", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 20, 1, 0));
        assertThat(EntryTimes.resolveEnd(null, "1:00", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 20, 1, 0));
        assertThat(EntryTimes.resolveEnd(start, "", today, ZONE)).isNull();
        Random random = new Random(20261126);
        for (int i = 0; i < 500; i++) {
            LocalDateTime s = LocalDateTime.of(today, java.time.LocalTime.of(random.nextInt(24), random.nextInt(60)));
            java.time.LocalTime t = java.time.LocalTime.of(random.nextInt(24), random.nextInt(60));
            LocalDateTime e = EntryTimes.resolveEnd(s, t.getHour() + ":" + String.format("%02d", t.getMinute()), today, ZONE);
            assertThat(e.toLocalTime()).isEqualTo(t);
            assertThat(e).as("start %s end %s", s, t).isAfterOrEqualTo(s);
            assertThat(java.time.Duration.between(s, e)).isLessThan(java.time.Duration.ofDays(1));
        }
    }

    @Test
    void parsesFullTimesAndTodaysTimes() {
        LocalDate today = LocalDate.of(2026, 11, 20);
        assertThat(EntryTimes.parseTime("2026-11-19 08:30", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 19, 8, 30));
        assertThat(EntryTimes.parseTime("2026-11-19 8:30", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 19, 8, 30));
        assertThat(EntryTimes.parseTime(" 8:30 ", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 20, 8, 30));
        assertThat(EntryTimes.parseTime("16：55", today, ZONE)).as("full-width colon from a Chinese IME")
                .isEqualTo(LocalDateTime.of(2026, 11, 20, 16, 55));
        assertThat(EntryTimes.parseTime("", today, ZONE)).isNull();
        assertThatThrownBy(() -> EntryTimes.parseTime("2026-02-30 08:00", today, ZONE)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> EntryTimes.parseTime("8.30", today, ZONE)).isInstanceOf(DateTimeParseException.class);
        // the product's one notation: the paper's M.D.YY and an instant with its offset, as factory wall-clock time
        assertThat(EntryTimes.parseTime("11.19.26 8:30", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 19, 8, 30));
        assertThat(EntryTimes.parseTime("2026-11-19T00:30:00Z", today, ZONE)).isEqualTo(LocalDateTime.of(2026, 11, 19, 8, 30));
    }

    @Test
    void splitsCheckerNamesOnEverySeparatorUsedOnPaper() {
        assertThat(ManualEntryForm.splitCheckers("礼、珍")).containsExactly("礼", "珍");
        assertThat(ManualEntryForm.splitCheckers("礼,珍，荷/敏 David")).containsExactly("礼", "珍", "荷", "敏", "David");
        assertThat(ManualEntryForm.splitCheckers(" 礼、、礼 ")).containsExactly("礼");
        assertThat(ManualEntryForm.splitCheckers("  ")).isEmpty();
    }

    @Test
    void enterMovesThroughTheFormInOrderAndTheMachineRowsFollowTheLine() {
        ManualEntryViewModel vm = vm("en");
        vm.lineProperty().set(line("L1", 3));
        assertThat(vm.fieldOrder()).containsExactly("operatorId", "lineCode", "jobNo", "productModel", "boards", "start",
                "end", "checkers", "machines[0].picks", "machines[0].placements", "machines[1].picks",
                "machines[1].placements", "machines[2].picks", "machines[2].placements", "remark");
        assertThat(vm.nextField(ManualEntryViewModel.OPERATOR)).contains(ManualEntryViewModel.LINE);
        assertThat(vm.nextField(ManualEntryViewModel.CHECKERS)).contains("machines[0].picks");
        assertThat(vm.nextField("machines[0].picks")).contains("machines[0].placements");
        assertThat(vm.nextField("machines[2].placements")).contains(ManualEntryViewModel.REMARK);
        assertThat(vm.nextField(ManualEntryViewModel.REMARK)).as("Enter on the last field saves").isEmpty();

        vm.lineProperty().set(line("L3", 2));
        assertThat(vm.machines()).extracting(r -> r.machine().code()).containsExactly("L3-M1", "L3-M2");
        assertThat(vm.nextField("machines[1].placements")).contains(ManualEntryViewModel.REMARK);
    }

    private static Problem problem(String field, String value, String key, boolean warning, Object... extra) {
        List<Object> args = new java.util.ArrayList<>(List.of("0", field, value));
        args.addAll(List.of(extra));
        return new Problem(0, field, value, key, args, warning);
    }

    @Test
    void serviceProblemsLandOnTheirFieldsAndWarningsDoNotBlockSave() {
        ManualEntryViewModel vm = filled();
        vm.applyServiceProblems(List.of(
                problem("operatorId", "OP9999", "rules.operator.unknown", false),
                problem("machines[1].picks", "9086", "rules.metric.aboveMax", false, "5000"),
                problem("remark", "", "rules.metric.warn", true, "1%"),
                problem("", "", "rules.void.reasonRequired", false)));
        assertThat(vm.errors()).containsOnlyKeys(ManualEntryViewModel.OPERATOR, "machines[1].picks", ManualEntryViewModel.FORM);
        assertThat(vm.errors().get(ManualEntryViewModel.OPERATOR)).isEqualTo("Operator: 'OP9999' is not in the operator list");
        assertThat(vm.errors().get("machines[1].picks")).isEqualTo("L2-M2 Picks: 9086 is above the maximum 5000 (metric spec)");
        assertThat(vm.errors().get(ManualEntryViewModel.FORM)).isEqualTo("a reason is required to void");
        assertThat(vm.warnings()).containsOnlyKeys(ManualEntryViewModel.REMARK);
        assertThat(vm.validProperty().get()).isFalse();
        vm.applyServiceProblems(List.of(problem("remark", "", "rules.metric.warn", true, "1%")));
        assertThat(vm.validProperty().get()).as("a warning alone does not block Save").isTrue();
    }

    @Test
    void mapsFieldNamesOfEveryDoorToFormFields() {
        ManualEntryViewModel vm = filled();
        assertThat(vm.fieldOf("LINE")).isEqualTo(ManualEntryViewModel.LINE);
        assertThat(vm.fieldOf("event_time")).isEqualTo(ManualEntryViewModel.END);
        assertThat(vm.fieldOf("START_TIME")).isEqualTo(ManualEntryViewModel.START);
        assertThat(vm.fieldOf("productModel")).isEqualTo(ManualEntryViewModel.MODEL);
        assertThat(vm.fieldOf("machines[2].placements")).isEqualTo("machines[2].placements");
        assertThat(vm.fieldOf("machines[7].picks")).as("no such row").isEqualTo(ManualEntryViewModel.FORM);
        assertThat(vm.fieldOf(null)).isEqualTo(ManualEntryViewModel.FORM);
    }

    @Test
    void clearingAfterSaveKeepsLineAndOperator() {
        ManualEntryViewModel vm = filled();
        vm.remarkProperty().set("574.8 - 416 = 158.8");
        vm.clearAfterSave();
        assertThat(vm.operatorProperty().get()).isEqualTo("OP1001");
        assertThat(vm.lineProperty().get().code()).isEqualTo("L2");
        assertThat(vm.boardsProperty().get()).isEmpty();
        assertThat(vm.remarkProperty().get()).isEmpty();
        assertThat(vm.machines()).allSatisfy(r -> {
            assertThat(r.picksProperty().get()).isEmpty();
            assertThat(r.placementsProperty().get()).isEmpty();
        });
    }

    @Test
    void theFormWordsOrderAndPlacementRulesAsTheValidatorDoes() {
        ManualEntryViewModel vm = filled();
        vm.machines().get(0).placementsProperty().set("24300");
        vm.endProperty().set("2026-11-20 10:59");
        String placements = vm.errors().get(ManualEntryViewModel.placementsField(0));
        String end = vm.errors().get(ManualEntryViewModel.END);
        assertThat(placements).isEqualTo("L2-M1 Placements: placements 24300 are more than picks 24207");
        assertThat(end).isEqualTo("End: '2026-11-20 10:59' is before the start time 2026-11-20 11:00");

        // The same rule from the service reads the same: one rule, one key, one wording.
        ManualEntryViewModel fresh = filled();
        fresh.applyServiceProblems(List.of(
                problem("machines[0].placements", "24300", "rules.count.placementsAbovePicks", false, "24207"),
                problem("end", "2026-11-20 10:59", "rules.time.endBeforeStart", false, "2026-11-20 11:00")));
        assertThat(fresh.errors().get(ManualEntryViewModel.placementsField(0))).isEqualTo(placements);
        assertThat(fresh.errors().get(ManualEntryViewModel.END)).isEqualTo(end);
    }

    @Test
    void theValidatorsWordingFollowsTheLanguage() {
        ManualEntryViewModel vm = vm("zh");
        vm.operatorProperty().set("OP1001");
        vm.lineProperty().set(line("L2", 1));
        vm.startProperty().set("2026-11-20 11:00");
        vm.endProperty().set("2026-11-20 10:00");
        vm.machines().get(0).picksProperty().set("100");
        vm.machines().get(0).placementsProperty().set("101");
        assertThat(vm.errors().get(ManualEntryViewModel.placementsField(0))).endsWith("贴件数量 101 大于吸料数量 100");
        assertThat(vm.errors().get(ManualEntryViewModel.END)).contains("早于开始时间");
    }

    /** A view model whose tasks run at once against the real service, with the sample lines and operators. */
    private ManualEntryViewModel live(ImmediateTaskExecutor tasks, ScriptedDialogs dialogs) {
        ManualEntryViewModel vm = new ManualEntryViewModel(services.ingest(), () -> services.masterData().current().lines(), tasks,
                dialogs, new I18n(I18n.EN), new SimpleStringProperty("OP1001"), Clock.systemUTC());
        vm.setPreferredLine("L2");
        vm.loadLines();
        return vm;
    }

    @Test
    void savedEntriesAreListedAndAVoidAsksForAReasonFirst() {
        ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        ManualEntryViewModel vm = live(tasks, dialogs);
        assertThat(vm.lineProperty().get().code()).isEqualTo("L2");
        vm.jobProperty().set("M009001");
        vm.boardsProperty().set("12");
        vm.startProperty().set("0:00");
        vm.endProperty().set("0:01");
        for (int i = 0; i < vm.machines().size(); i++) {
            vm.machines().get(i).picksProperty().set("100");
            vm.machines().get(i).placementsProperty().set("99");
        }
        assertThat(vm.errors()).as("the service agrees with the form").isEmpty();
        assertThat(vm.save()).isTrue();
        assertThat(vm.messageProperty().get()).startsWith("Saved");
        assertThat(vm.jobProperty().get()).as("cleared for the next job").isEmpty();
        ManualEntrySummary saved = vm.recent().stream().filter(r -> "M009001".equals(r.jobNo())).findFirst().orElseThrow();

        dialogs.answer(null);
        vm.askAndVoid(saved);
        assertThat(dialogs.last().orElseThrow().kind()).isEqualTo("reason");
        assertThat(vm.recent()).filteredOn(r -> r.messageId() == saved.messageId()).allMatch(r -> !r.voided());

        dialogs.answer("typed on the wrong line");
        vm.askAndVoid(saved);
        assertThat(vm.messageProperty().get()).isEqualTo("Entry " + saved.messageId() + " voided.");
        assertThat(vm.recent()).filteredOn(r -> r.messageId() == saved.messageId()).allMatch(ManualEntrySummary::voided);
        assertThat(tasks.failures()).isEmpty();
    }
}
