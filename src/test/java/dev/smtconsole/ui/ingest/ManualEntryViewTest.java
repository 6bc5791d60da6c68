package dev.smtconsole.ui.ingest;

import dev.smtconsole.domain.LineInfo;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the real 录入 form against the real ingest service on an H2 file database. */
@ExtendWith(ApplicationExtension.class)
class ManualEntryViewTest {
    @TempDir
    Path dir;
    private IngestUiFixture fx;
    private ManualEntryView view;
    private ManualEntryViewModel vm;

    @Start
    void start(Stage stage) {
        fx = new IngestUiFixture(dir);
        vm = new ManualEntryViewModel(fx.ingest, () -> fx.services.masterData().current().lines(), fx.ctx.tasks(),
                fx.ctx.dialogs(), fx.ctx.i18n(), fx.ctx.operator(), fx.services.clock());
        view = new ManualEntryView(vm, fx.ctx.i18n(), fx.services.clock().getZone());
        Scene scene = new Scene((javafx.scene.Parent) view.view(), 1280, 760);
        dev.smtconsole.ui.kit.Theme.office(scene);
        stage.setScene(scene);
        stage.show();
        vm.loadLines();
        vm.refreshRecent();
    }

    @AfterEach
    void close() {
        if (fx != null) fx.close();
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; form state: operator='" + vm.operatorProperty().get() + "' errors="
                    + vm.errors() + " missing=" + vm.missing() + " valid=" + vm.validProperty().get()
                    + " saving=" + vm.savingProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TextField field(String id) {
        return (TextField) view.control(id);
    }

    @SuppressWarnings("unchecked")
    private void chooseLine(FxRobot robot, String code) throws Exception {
        waitFor(() -> !vm.lines().isEmpty());
        ComboBox<LineInfo> line = (ComboBox<LineInfo>) view.control(ManualEntryViewModel.LINE);
        robot.interact(() -> line.getSelectionModel().select(
                vm.lines().stream().filter(l -> l.code().equals(code)).findFirst().orElseThrow()));
        waitFor(() -> vm.machines().size() == 3);
    }

    private void type(FxRobot robot, String field, String text) {
        robot.clickOn(field(field)).write(text);
    }

    @Test
    void badValueShowsInlineErrorAndDisablesSaveThenFixedEntryIsSavedAndListed(FxRobot robot) throws Exception {
        chooseLine(robot, "L2");
        type(robot, ManualEntryViewModel.OPERATOR, "OP1001");
        type(robot, ManualEntryViewModel.JOB, "M008358");
        type(robot, ManualEntryViewModel.MODEL, "1016928");
        type(robot, ManualEntryViewModel.BOARDS, "162");
        String day = java.time.LocalDate.now(fx.services.clock()).minusDays(1).toString();
        type(robot, ManualEntryViewModel.START, day + " 11:00");
        type(robot, ManualEntryViewModel.END, day + " 14:45");
        type(robot, ManualEntryViewModel.CHECKERS, "Li/Zhen");
        type(robot, ManualEntryViewModel.picksField(0), "24207");
        type(robot, ManualEntryViewModel.placementsField(0), "24138");
        type(robot, ManualEntryViewModel.picksField(1), "9086");
        type(robot, ManualEntryViewModel.placementsField(1), "9072");
        type(robot, ManualEntryViewModel.picksField(2), "12x");
        type(robot, ManualEntryViewModel.placementsField(2), "6966");

        Button save = robot.lookup("#manualSave").queryButton();
        String picks2 = ManualEntryViewModel.picksField(2);
        waitFor(() -> view.inlineMessage(picks2).isPresent());
        assertThat(view.inlineMessage(picks2).orElseThrow()).isEqualTo("L2-M3 Picks: '12x' is not a whole number");
        assertThat(dev.smtconsole.ui.kit.FieldMarks.hasError(field(picks2))).isTrue();
        assertThat(robot.lookup("#manualError").queryAs(Label.class).getText()).contains("'12x'");
        assertThat(save.isDisabled()).isTrue();
        assertThat(robot.lookup("#manual-rejects-0").queryAs(Label.class).getText()).isEqualTo("69");
        assertThat(robot.lookup("#manual-loss-0").queryAs(Label.class).getText()).isEqualTo("0.29%");

        // fix it: the 'x' goes, the real count stays
        robot.clickOn(field(picks2)).push(KeyCode.END).push(KeyCode.BACK_SPACE).push(KeyCode.BACK_SPACE).push(KeyCode.BACK_SPACE)
                .write("6994");
        waitFor(() -> view.inlineMessage(picks2).isEmpty() && !save.isDisabled());
        assertThat(robot.lookup("#manual-rejects-2").queryAs(Label.class).getText()).isEqualTo("28");

        robot.clickOn(save);
        waitFor(() -> vm.recent().stream().anyMatch(e -> "M008358".equals(e.jobNo())));
        assertThat(vm.boardsProperty().get()).as("counts cleared for the next entry").isEmpty();
        assertThat(vm.operatorProperty().get()).isEqualTo("OP1001");
        assertThat(vm.lineProperty().get().code()).isEqualTo("L2");
        assertThat(robot.lookup("#manualEntries").queryTableView().getItems()).isNotEmpty();
        assertThat(fx.count("SELECT COUNT(*) FROM production_event WHERE source = 'MANUAL' AND operator_id = 'OP1001'"))
                .isGreaterThanOrEqualTo(3);
        assertThat(fx.count("SELECT COALESCE(SUM(picks), 0) FROM production_event WHERE source = 'MANUAL'"))
                .isEqualTo(24207 + 9086 + 6994);
        assertThat(fx.count("SELECT COALESCE(SUM(placements), 0) FROM production_event WHERE source = 'MANUAL'"))
                .isEqualTo(24138 + 9072 + 6966);
    }

    @Test
    void afterSaveTheButtonKeepsItsWidthAndTheMessageSpeaksOfLineJobAndBoards(FxRobot robot) throws Exception {
        robot.interact(() -> robot.window(0).setWidth(800));
        chooseLine(robot, "L2");
        type(robot, ManualEntryViewModel.OPERATOR, "OP1001");
        type(robot, ManualEntryViewModel.JOB, "M008400");
        type(robot, ManualEntryViewModel.BOARDS, "40");
        String day = java.time.LocalDate.now(fx.services.clock()).minusDays(1).toString();
        type(robot, ManualEntryViewModel.START, day + " 08:00");
        type(robot, ManualEntryViewModel.END, day + " 09:00");
        type(robot, ManualEntryViewModel.picksField(0), "1000");
        type(robot, ManualEntryViewModel.placementsField(0), "990");
        Button save = robot.lookup("#manualSave").queryButton();
        waitFor(() -> !save.isDisabled());
        String text = save.getText();

        robot.clickOn(save);
        waitFor(() -> vm.recent().stream().anyMatch(e -> "M008400".equals(e.jobNo())));
        waitFor(() -> !robot.lookup("#manualStatus").queryAs(Label.class).getText().isEmpty());
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Label status = robot.lookup("#manualStatus").queryAs(Label.class);
        assertThat(status.getText()).startsWith("Saved: line L2, job M008400, 40 boards. The counts are cleared for the next entry.")
                .doesNotContain("event");
        assertThat(save.getText()).isEqualTo(text);
        assertThat(save.getWidth()).as("the button is not squeezed to '…' by the message").isGreaterThanOrEqualTo(save.prefWidth(-1) - 0.5);
    }

    /** Writes one entry for a job through the real service, so the job and its product exist. */
    private void knownJob(String job, String model) {
        java.time.LocalDate day = java.time.LocalDate.now(fx.services.clock()).minusDays(1);
        fx.ingest.submitManual(new dev.smtconsole.app.IngestService.ManualEntry("L2", job, model, 40L,
                day.atTime(8, 0), day.atTime(9, 0), List.of(), List.of(), null, "OP1001"));
    }

    @Test
    void aKnownJobFillsInItsProductModelButNeverOverwritesATypedOne(FxRobot robot) throws Exception {
        knownJob("M008400", "1016928");
        knownJob("M008401", "2THT303662R3001 BOT");
        chooseLine(robot, "L2");

        // after a short pause in typing
        type(robot, ManualEntryViewModel.JOB, "M008400");
        waitFor(() -> "1016928".equals(vm.modelProperty().get()));
        assertThat(field(ManualEntryViewModel.MODEL).getText()).isEqualTo("1016928");

        // another known job replaces a model that was itself filled in (on leaving the field)
        robot.clickOn(field(ManualEntryViewModel.JOB)).push(KeyCode.END).push(KeyCode.BACK_SPACE).write("1");
        robot.clickOn(field(ManualEntryViewModel.BOARDS));
        waitFor(() -> "2THT303662R3001 BOT".equals(vm.modelProperty().get()));

        // an unknown job: the other job's model does not stay
        robot.interact(() -> vm.jobProperty().set("M009999"));
        robot.interact(vm::lookupProductModel);
        waitFor(() -> vm.modelProperty().get().isEmpty());

        // what the user typed stays, even when the job is known
        robot.interact(() -> {
            vm.jobProperty().set("");
            vm.modelProperty().set("");
        });
        type(robot, ManualEntryViewModel.MODEL, "MY-MODEL");
        type(robot, ManualEntryViewModel.JOB, "M008400");
        robot.clickOn(field(ManualEntryViewModel.BOARDS));
        waitFor(() -> fx.ctx.tasks().runningProperty().get() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.modelProperty().get()).isEqualTo("MY-MODEL");
    }

    @Test
    void aNightShiftEndShowsTheNextDayBesideTheField(FxRobot robot) throws Exception {
        type(robot, ManualEntryViewModel.START, "22:00");
        type(robot, ManualEntryViewModel.END, "2:00");
        String next = java.time.LocalDate.now(fx.services.clock()).plusDays(1) + " 02:00";
        Label resolved = robot.lookup("#manualEndResolved").queryAs(Label.class);
        waitFor(resolved::isVisible);
        assertThat(resolved.getText()).isEqualTo("→ " + next);
        robot.interact(() -> fx.ctx.i18n().setLocale(dev.smtconsole.ui.kit.I18n.ZH));
        assertThat(resolved.getText()).isEqualTo("→ 次日 " + next);
    }

    @Test
    void enterMovesToTheNextFieldLikeABarcodeScanner(FxRobot robot) throws Exception {
        chooseLine(robot, "L1");
        robot.clickOn(field(ManualEntryViewModel.OPERATOR)).write("OP1002").push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.control(ManualEntryViewModel.LINE).isFocused()).isTrue();
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field(ManualEntryViewModel.JOB).isFocused()).isTrue();
        robot.clickOn(field(ManualEntryViewModel.CHECKERS)).push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field(ManualEntryViewModel.picksField(0)).isFocused()).isTrue();
        robot.write("100").push(KeyCode.ENTER).write("99").push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field(ManualEntryViewModel.picksField(1)).isFocused()).isTrue();
        assertThat(vm.machines().get(0).lossRateProperty().get()).isEqualTo("1.00%");
        assertThat(fx.ctx.operator().get()).as("the session's operator").isEqualTo("OP1002");
    }

    @Test
    void aFailedSaveKeepsEverythingTypedAndOffersRetry(FxRobot robot) throws Exception {
        chooseLine(robot, "L3");
        String day = java.time.LocalDate.now(fx.services.clock()).minusDays(1).toString();
        robot.interact(() -> {
            vm.operatorProperty().set("OP1003");
            vm.jobProperty().set("M008503");
            vm.modelProperty().set("2THT303662R3001 BOT");
            vm.boardsProperty().set("400");
            vm.startProperty().set(day + " 14:25");
            vm.endProperty().set(day + " 16:55");
            vm.checkersProperty().set("荷、珍");
            vm.machines().get(0).picksProperty().set("44034");
            vm.machines().get(0).placementsProperty().set("44000");
            vm.remarkProperty().set("488 - 345 = 143");
        });
        Button save = robot.lookup("#manualSave").queryButton();
        waitFor(() -> !save.isDisabled());

        fx.services.database().close(); // a real failure: the pool is gone
        robot.clickOn(save);

        waitFor(() -> vm.unreachableProperty().get());
        assertThat(robot.lookup("#unreachableBanner").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#unreachableBanner").queryAs(Label.class).getText()).contains("your entry is kept");
        assertThat(field(ManualEntryViewModel.BOARDS).getText()).isEqualTo("400");
        assertThat(field(ManualEntryViewModel.JOB).getText()).isEqualTo("M008503");
        assertThat(field(ManualEntryViewModel.CHECKERS).getText()).isEqualTo("荷、珍");
        assertThat(field(ManualEntryViewModel.picksField(0)).getText()).isEqualTo("44034");
        assertThat(field(ManualEntryViewModel.REMARK).getText()).isEqualTo("488 - 345 = 143");

        robot.clickOn("#manualRetry");
        waitFor(() -> !vm.savingProperty().get());
        assertThat(vm.unreachableProperty().get()).as("still unreachable after Retry").isTrue();
        assertThat(field(ManualEntryViewModel.placementsField(0)).getText()).isEqualTo("44000");
    }

    @Test
    void aSavedEntryIsVoidedWithAReason(FxRobot robot) throws Exception {
        chooseLine(robot, "L1");
        String day = java.time.LocalDate.now(fx.services.clock()).minusDays(1).toString();
        robot.interact(() -> {
            vm.operatorProperty().set("OP1001");
            vm.jobProperty().set("M008502");
            vm.boardsProperty().set("158");
            vm.startProperty().set(day + " 08:00");
            vm.endProperty().set(day + " 09:00");
            vm.machines().get(0).picksProperty().set("17476");
            vm.machines().get(0).placementsProperty().set("17380");
        });
        Button save = robot.lookup("#manualSave").queryButton();
        waitFor(() -> !save.isDisabled());
        robot.press(KeyCode.CONTROL).press(KeyCode.S).release(KeyCode.S).release(KeyCode.CONTROL);
        waitFor(() -> vm.recent().stream().anyMatch(e -> "M008502".equals(e.jobNo())));
        assertThat(fx.count("SELECT COUNT(*) FROM production_event WHERE source = 'MANUAL' AND voided = FALSE")).isPositive();

        javafx.scene.control.TableView<?> table = robot.lookup("#manualEntries").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#manualVoid");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#voidConfirm").queryButton().isDisabled()).as("a reason is required").isTrue();
        robot.clickOn("#voidReason").write("typed on the wrong line");
        robot.clickOn("#voidConfirm");
        waitFor(() -> vm.recent().stream().anyMatch(e -> "M008502".equals(e.jobNo()) && e.voided()));
        assertThat(fx.count("SELECT COUNT(*) FROM production_event WHERE source = 'MANUAL' AND voided = FALSE")).isZero();
    }

    @Test
    void theServicesRulesShowOnTheirFields(FxRobot robot) throws Exception {
        chooseLine(robot, "L2");
        String day = java.time.LocalDate.now(fx.services.clock()).minusDays(1).toString();
        robot.interact(() -> {
            vm.jobProperty().set("M008358");
            vm.boardsProperty().set("10");
            vm.startProperty().set(day + " 08:00");
            vm.endProperty().set(day + " 09:00");
        });
        type(robot, ManualEntryViewModel.OPERATOR, "OP9999"); // not in operators.csv: only the service knows
        Button save = robot.lookup("#manualSave").queryButton();
        waitFor(() -> view.inlineMessage(ManualEntryViewModel.OPERATOR).isPresent());
        assertThat(view.inlineMessage(ManualEntryViewModel.OPERATOR).orElseThrow())
                .isEqualTo("Operator: 'OP9999' is not in the operator list");
        assertThat(save.isDisabled()).isTrue();

        robot.interact(() -> fx.ctx.i18n().setLocale(dev.smtconsole.ui.kit.I18n.ZH));
        robot.clickOn(field(ManualEntryViewModel.OPERATOR)).push(KeyCode.BACK_SPACE).write("1");
        waitFor(() -> view.inlineMessage(ManualEntryViewModel.OPERATOR).map(m -> m.contains("OP9991")).orElse(false));
        assertThat(view.inlineMessage(ManualEntryViewModel.OPERATOR).orElseThrow()).startsWith("操作员：");
        // the field still has the focus (a second click here could be taken for a double click, selecting all)
        assertThat(field(ManualEntryViewModel.OPERATOR).isFocused()).isTrue();
        robot.push(KeyCode.END).push(KeyCode.BACK_SPACE).push(KeyCode.BACK_SPACE)
                .push(KeyCode.BACK_SPACE).push(KeyCode.BACK_SPACE).write("1002");
        waitFor(() -> view.inlineMessage(ManualEntryViewModel.OPERATOR).isEmpty() && !save.isDisabled());
    }
}
