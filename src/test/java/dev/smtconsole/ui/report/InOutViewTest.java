package dev.smtconsole.ui.report;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.report.ReportFixture;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.FxTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The in/out sheet: typed rows go in, IN TOTAL and 入仓累计 come out derived; a bad quantity is refused. */
@ExtendWith(ApplicationExtension.class)
class InOutViewTest {
    private ReportFixture fx;
    private UiContext ctx;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private InOutView view;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("inout-view");
        fx = new ReportFixture(TestDatabases.h2(dir)).load();
        ctx = new UiContext(fx.services, new I18n(I18n.EN), new UserSettings(dir.resolve("config")), new FxTaskExecutor(),
                dialogs, new SimpleStringProperty("OP1003"));
        view = new InOutView(ctx);
        stage.setScene(new Scene(new StackPane(view.view()), 1280, 700));
        stage.show();
        view.start();
    }

    @AfterEach
    void tearDown() {
        ctx.tasks().close();
        fx.close();
    }

    @Test
    void typedRowsGetDerivedTotals(FxRobot robot) throws Exception {
        TableView<InOutRow> table = robot.lookup("#inoutTable").queryAs(TableView.class);
        Label status = robot.lookup("#inoutStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status.getText().contains("rows"));
        robot.interact(() -> {
            robot.lookup("#inoutFrom").queryAs(DatePicker.class).setValue(ReportFixture.DAY1);
            robot.lookup("#inoutDate").queryAs(DatePicker.class).setValue(ReportFixture.DAY1);
        });
        robot.clickOn("#inoutTime").write("9:00");
        robot.clickOn("#inoutJob").write("M008358");
        robot.clickOn("#inoutQty").write("1O0");
        robot.clickOn("#inoutBy").write("Li");
        robot.clickOn("#inoutAdd");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> status.getText().contains("'1O0'"));
        assertThat(table.getItems()).isEmpty();

        robot.interact(() -> robot.lookup("#inoutQty").queryAs(javafx.scene.control.TextField.class).clear());
        robot.clickOn("#inoutQty").write("100");
        robot.clickOn("#inoutAdd");
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("status: " + status.getText(), e);
        }
        robot.interact(() -> robot.lookup("#inoutTime").queryAs(javafx.scene.control.TextField.class).clear());
        robot.clickOn("#inoutTime").write("15:30");
        robot.clickOn("#inoutQty").write("62");
        robot.clickOn("#inoutAdd");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        assertThat(table.getItems()).extracting(InOutRow::inTotal).containsExactly(100L, 162L);
        assertThat(table.getItems()).extracting(InOutRow::warehouseTotal).containsExactly(100L, 162L);
        assertThat(table.getItems().get(1).entry().operatorId()).isEqualTo("OP1003");
        assertThat(table.getItems().get(1).entry().signedBy()).isEqualTo("Li");
        // Void: the reason is asked through the DialogService (scripted here), the row leaves the sheet.
        robot.interact(() -> table.getSelectionModel().select(0));
        dialogs.answer("typed twice");
        robot.clickOn("#inoutVoid");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertThat(dialogs.last().orElseThrow().text()).isEqualTo("Void the row of 100 on 2026-01-08? Give the reason.");
        assertThat(table.getItems()).extracting(InOutRow::inTotal).containsExactly(62L);
    }
}
