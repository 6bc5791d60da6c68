package dev.smtconsole.ui.report;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.report.ReportFixture;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.FxTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.smtconsole.report.ReportFixture.DAY1;
import static dev.smtconsole.report.ReportFixture.DAY3;
import static org.assertj.core.api.Assertions.assertThat;

/** The report view against a real H2 database: load, colours, the edit flow with operator and reason, export. */
@ExtendWith(ApplicationExtension.class)
class ReportsViewTest {
    private Path dir;
    private ReportFixture fx;
    private UiContext ctx;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ReportsPage page;
    private final AtomicReference<String> askedFor = new AtomicReference<>();

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("report-view");
        fx = new ReportFixture(TestDatabases.h2(dir)).load();
        fx.voidLateBatch();
        ctx = new UiContext(fx.services, new I18n(I18n.EN), new UserSettings(dir.resolve("config")), new FxTaskExecutor(),
                dialogs, new SimpleStringProperty(""));
        page = new ReportsPage(ctx);
        page.production().setReasonPrompt((field, value) -> {
            askedFor.set(field + "=" + value);
            return Optional.of("2 boards scrapped at AOI");
        });
        ProductionReportViewModel vm = page.production().viewModel();
        vm.line.set("L2");
        vm.from.set(DAY1);
        vm.to.set(DAY3);
        stage.setScene(new Scene(new StackPane(page.view()), 1280, 800));
        stage.show();
        page.onShow();
    }

    @AfterEach
    void tearDown() {
        ctx.tasks().close();
        fx.close();
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            var vm = page.production().viewModel();
            throw new AssertionError("timed out; status: " + vm.status.get() + "; rows: " + vm.rows(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ProductionRow row(int i) {
        return page.production().viewModel().rows().get(i);
    }

    /** The visible cell of a row index and column index (row cells are recycled, so find them by index). */
    private Node cell(FxRobot robot, int row, int column) {
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        return robot.lookup("#reportTable .table-cell").match((javafx.scene.control.TableCell<?, ?> c) ->
                c.getTableRow() != null && c.getTableRow().getIndex() == row && c.getTableColumn() == table.getColumns().get(column)
                        && c.isVisible()).query();
    }

    private String status(FxRobot robot) {
        return robot.lookup("#reportStatus").queryAs(Label.class).getText();
    }

    @Test
    void showsTheFormAndSavesEditsWithOperatorAndReason(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 4);
        assertThat(row(0).jobNo()).isEqualTo("M008358");
        assertThat(cell(robot, 0, 3)).extracting(n -> ((javafx.scene.control.Labeled) n).getText()).isEqualTo("162");
        assertThat(robot.lookup("#reportTotals").queryAs(Label.class).getText()).contains("Total quantity 672");
        // M008600's M1 lost 2 % of its picks: above the 1 % alarm threshold of the lossRate spec.
        assertThat(robot.lookup("#loss-alarm").tryQuery()).isPresent();
        // The line-level 400 next to 398 counted boards is flagged.
        assertThat(cell(robot, 3, 3).getStyleClass()).contains("flag");

        // Without an operator nothing is saved, and the view says why.
        robot.doubleClickOn(cell(robot, 0, 4)).write("Li").push(KeyCode.ENTER);
        waitFor(() -> status(robot).contains("operator id"));
        assertThat(fx.services.reports().production("L2", DAY1, DAY3, null).rows().get(0).checkers()).isEmpty();

        robot.interact(() -> ctx.operator().set("OP1007"));
        robot.doubleClickOn(cell(robot, 0, 4)).write("Li, Zhen").push(KeyCode.ENTER);
        waitFor(() -> "Li, Zhen".equals(row(0).checkers()));
        assertThat(row(0).record().updatedBy()).isEqualTo("OP1007");
        waitFor(() -> cell(robot, 0, 4).getStyleClass().contains("edited"));

        robot.doubleClickOn(cell(robot, 0, 3)).write("160").push(KeyCode.ENTER);
        waitFor(() -> row(0).quantity() == 160);
        assertThat(askedFor.get()).isEqualTo("quantity=160");
        waitFor(() -> cell(robot, 0, 3).getStyleClass().containsAll(java.util.List.of("edited", "flag")));
        long audits = fx.services.database().jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("""
                    SELECT COUNT(*) FROM audit_event WHERE entity = 'job_record' AND operator_id = 'OP1007'
                    AND ((field = 'quantity' AND new_value = '160' AND reason = '2 boards scrapped at AOI')
                      OR (field = 'checkers' AND new_value = 'Li, Zhen'))""")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(audits).isEqualTo(2);

        // A bad number is refused with the field and value named; the stored figure stays.
        robot.doubleClickOn(cell(robot, 0, 3)).write("16x").push(KeyCode.ENTER);
        waitFor(() -> status(robot).contains("'16x'"));
        assertThat(fx.services.reports().production("L2", DAY1, DAY3, null).rows().get(0).quantity()).isEqualTo(160);
    }

    @Test
    void printWithoutPrinterSaysSoAndExportWritesTheFile(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 4);
        robot.clickOn("#reportPrint");
        waitFor(() -> status(robot).contains("No printer"));
        Path out = dir.resolve("form.xlsx");
        robot.interact(() -> page.production().viewModel().export(out, null, true, () -> { }));
        waitFor(() -> Files.exists(out) && status(robot).startsWith("Saved"));
        try (var in = Files.newInputStream(out); var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3); // L1, L2, L3 of the sample master data
            assertThat(wb.getSheet("LINE L2").getRow(4).getCell(2).getStringCellValue()).isEqualTo("M008358");
        }
        robot.clickOn("#reportPreview");
        waitFor(() -> robot.lookup("#printPreview").tryQuery().isPresent());
    }
}
