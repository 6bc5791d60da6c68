package dev.smtconsole.ui;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.Source;
import dev.smtconsole.outbox.OutboxStore;
import dev.smtconsole.outbox.StoreAndForwardSink;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.DatabaseEventSink;
import dev.smtconsole.store.EventWriter;
import dev.smtconsole.store.IngestStore;
import dev.smtconsole.ui.kit.Features;
import dev.smtconsole.ui.kit.FxTaskExecutor;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a forward the server refuses lands in the refused list with its reason, never vanishes — and the window
 * shows that list. A real local outbox (H2 file) in front of a real database (H2 file) that refuses two queued
 * messages by a check constraint added meanwhile; the real main window's status bar opens the list.
 */
@ExtendWith(ApplicationExtension.class)
class RefusedForwardsWindowTest {
    @TempDir
    static Path dir;
    DatabaseConfig config;
    AppServices services;
    OutboxStore outbox;
    StoreAndForwardSink sink;
    I18n i18n;
    ScriptedDialogs dialogs;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path here = Files.createTempDirectory(dir, "case");
        config = TestDatabases.h2(here);
        services = AppServices.open(config);
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        var db = services.database();
        EventWriter writer = new EventWriter(db);
        outbox = new OutboxStore(here.resolve("outbox-test"));
        // Retries far apart: the test forwards when it says so.
        sink = new StoreAndForwardSink(new DatabaseEventSink(db, writer, new IngestStore(db, writer)), outbox,
                services.masterData()::current, Clock.systemUTC(), 3_600_000);
        Features.All all = Features.All.of(services);
        Features.Shell shell = new Features.Shell(all.shell().masterData(), all.shell().demo(), all.shell().databaseDescription(),
                () -> {
                    int refused = outbox.refusedList().size();
                    var w = outbox.waiting();
                    return refused == 0 && w.entries() == 0 ? Optional.empty()
                            : Optional.of(new AppServices.OutboxStatus(false, w.records(), w.since(), refused,
                                    all.shell().time().zone()));
                }, () -> AppServices.refused(outbox), all.shell().time());
        i18n = new I18n(I18n.EN);
        dialogs = new ScriptedDialogs();
        UiContext ctx = new UiContext(new Features.All(all.ingest(), all.reports(), all.dashboard(), all.settings(), shell), i18n,
                new UserSettings(here.resolve("config")), new FxTaskExecutor(), dialogs, new SimpleStringProperty(""));
        window = new MainWindow(ctx);
        stage.setScene(new Scene(window.root(), 1200, 760));
        stage.show();
    }

    @AfterEach
    void close() {
        if (sink != null) sink.close();
        if (services != null) services.close();
    }

    /** A manual entry and a gateway post queued while the server was away, refused on forward by a constraint added meanwhile. */
    void twoForwardsRefused() throws Exception {
        // Through the console's own pool: a second embedded H2 connection with other settings would close the file.
        try (Connection c = services.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + config.schema() + ".integration_message ADD CONSTRAINT no_forward CHECK (channel NOT IN ('MANUAL', 'GATEWAY'))");
        }
        sink.outage(new SQLTransientConnectionException("test: the server is away"));
        sink.writeMessage(message("MANUAL", null, "M009601", "refused-manual-1", 500));
        sink.writeMessage(message("GATEWAY", "gw-post-7", "M009602", "refused-gateway-1", 700));
        assertThat(outbox.waiting().entries()).isEqualTo(2);
        sink.forwardNow();
        assertThat(outbox.refusedList()).hasSize(2);
    }

    EventSink.Message message(String channel, String externalId, String job, String eventId, long picks) {
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        IngestRecord r = new IngestRecord(1, eventId, t, t.minusSeconds(3600), "MANUAL".equals(channel) ? Source.MANUAL : Source.AUTO,
                "L1", "L1-M1", job, "1016928", 10, picks, picks - 5, 0, "OP1001", null, "{}");
        return new EventSink.Message(channel, externalId, "OP1001", "{\"job\":\"" + job + "\"}", List.of(r),
                services.masterData().current(), null, EventSink.HandwritingMode.SET, t);
    }

    Label statusLabel(FxRobot robot) {
        return robot.lookup("#statusOutbox").queryAs(Label.class);
    }

    @SuppressWarnings("unchecked")
    TableView<AppServices.RefusedForward> table(FxRobot robot) {
        return robot.lookup("#refusedTable").queryAs(TableView.class);
    }

    static String cell(TableView<AppServices.RefusedForward> table, int column, int row) {
        TableColumn<AppServices.RefusedForward, ?> c = table.getColumns().get(column);
        return String.valueOf(c.getCellData(row));
    }

    void openByClick(FxRobot robot) throws Exception {
        Label label = statusLabel(robot);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> label.isVisible() && label.getText().contains("2 forwards refused"));
        robot.clickOn(label);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.refusedForwardsWindow() != null
                && window.refusedForwardsWindow().isShowing() && table(robot).getItems().size() == 2);
    }

    @Test
    void clickingTheStatusBarListsEachRefusedForwardWithWhatItWasItsReasonAndItsContent(FxRobot robot) throws Exception {
        assertThat(statusLabel(robot).isVisible()).isFalse();
        twoForwardsRefused();
        openByClick(robot);

        var table = table(robot);
        assertThat(window.refusedForwardsWindow().stage().getTitle()).isEqualTo("Refused forwards");
        assertThat(cell(table, 1, 0)).isEqualTo("Manual entry");
        assertThat(cell(table, 1, 1)).isEqualTo("Gateway post");
        assertThat(cell(table, 2, 0)).contains("line L1").contains("job M009601").contains("1 records").contains("by OP1001");
        assertThat(cell(table, 2, 1)).startsWith("gw-post-7").contains("job M009602");
        assertThat(cell(table, 3, 0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
        assertThat(cell(table, 4, 0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
        for (int row = 0; row < 2; row++) {
            assertThat(cell(table, 5, row)).isEqualTo(
                    "The shared database does not allow this data (its constraint no_forward). Ask IT what changed on the server.");
        }

        // The first one is selected and shown in full: its reason, the server's words and its content.
        assertThat(robot.lookup("#refusedReason").queryAs(Label.class).getText()).contains("its constraint no_forward");
        assertThat(robot.lookup("#refusedServerSaid").queryAs(TextArea.class).getText()).containsIgnoringCase("no_forward");
        String body = robot.lookup("#refusedBody").queryAs(TextArea.class).getText();
        assertThat(body).contains("\"channel\" : \"MANUAL\"").contains("M009601").contains("refused-manual-1");

        // Down the table by keyboard: the second one's content.
        robot.interact(table::requestFocus);
        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#refusedBody").queryAs(TextArea.class).getText().contains("refused-gateway-1"));
        assertThat(robot.lookup("#refusedBody").queryAs(TextArea.class).getText()).contains("gw-post-7").doesNotContain("M009601");
        assertThat(robot.lookup("#refusedHeading").queryAs(Label.class).getText()).startsWith("#2  Gateway post");

        // Nothing was taken away by looking: both stay refused, kept in the outbox.
        assertThat(outbox.refusedList()).hasSize(2);
    }

    /** A forward refused while the window is open joins its list by itself (the status bar reads every 2 s). */
    @Test
    void aForwardRefusedWhileTheListIsOpenJoinsItWithoutAClick(FxRobot robot) throws Exception {
        twoForwardsRefused();
        openByClick(robot);
        robot.interact(() -> table(robot).getSelectionModel().select(1));
        sink.outage(new SQLTransientConnectionException("test: the server is away again"));
        sink.writeMessage(message("MANUAL", null, "M009603", "refused-manual-2", 300));
        sink.forwardNow();
        assertThat(outbox.refusedList()).hasSize(3);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> table(robot).getItems().size() == 3);
        // Read on the FX thread once the list's change has run there (the test thread may see the new rows while the
        // table is still taking its selection up again).
        WaitForAsyncUtils.waitForFxEvents();
        AppServices.RefusedForward selected = WaitForAsyncUtils.asyncFx(() -> table(robot).getSelectionModel().getSelectedItem())
                .get(5, TimeUnit.SECONDS);
        assertThat(selected.seq()).as("the selection stays where it was").isEqualTo(2);
    }

    @Test
    void theListSpeaksChineseWhenTheWindowDoes(FxRobot robot) throws Exception {
        twoForwardsRefused();
        robot.interact(() -> i18n.setLocale(I18n.ZH));
        Label label = statusLabel(robot);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> label.getText().contains("服务器拒收 2 条转发"));
        robot.clickOn(label);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.refusedForwardsWindow() != null
                && window.refusedForwardsWindow().isShowing() && table(robot).getItems().size() == 2);

        var table = table(robot);
        assertThat(window.refusedForwardsWindow().stage().getTitle()).isEqualTo("未能转发的记录");
        assertThat(table.getColumns().get(5).getText()).isEqualTo("原因");
        assertThat(cell(table, 1, 0)).isEqualTo("手工录入");
        assertThat(cell(table, 1, 1)).isEqualTo("网关上报");
        assertThat(cell(table, 2, 0)).contains("线体 L1").contains("工单 M009601");
        assertThat(cell(table, 5, 0)).isEqualTo("共享数据库不允许这条数据（其约束 no_forward）。请向 IT 询问服务器上做了什么改动。");
        assertThat(robot.lookup("#refusedReason").queryAs(Label.class).getText()).startsWith("共享数据库不允许这条数据");

        // Switched back while open: the same rows say it in English.
        robot.interact(() -> i18n.setLocale(I18n.EN));
        assertThat(cell(table, 5, 1)).startsWith("The shared database does not allow this data");
        assertThat(robot.lookup("#refusedReason").queryAs(Label.class).getText()).startsWith("The shared database does not allow");
    }

    @Test
    void escClosesTheListAndCtrlShiftOOpensItAgainFromTheWindow(FxRobot robot) throws Exception {
        twoForwardsRefused();
        openByClick(robot);
        RefusedForwardsWindow list = window.refusedForwardsWindow();
        robot.interact(() -> list.stage().requestFocus());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !list.isShowing());

        robot.interact(() -> window.root().getScene().getWindow().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.O).release(KeyCode.O, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, list::isShowing);
        assertThat(table(robot).isFocused()).isTrue();
        assertThat(table(robot).getItems()).hasSize(2);
    }

    @Test
    void exportWritesEveryRefusedForwardToCsvWithItsReasonAndContent(FxRobot robot) throws Exception {
        twoForwardsRefused();
        openByClick(robot);
        Path csv = dir.resolve("refused-" + System.nanoTime() + ".csv");
        dialogs.answer(csv);
        robot.clickOn("#refusedExport");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#refusedStatus").queryAs(Label.class).getText().startsWith("2 refused forwards written to"));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("\uFEFFNo.,What,Details,Queued,Refused,Reason,Server message,Content");
        String all = String.join("\n", lines);
        assertThat(all).contains("Manual entry").contains("Gateway post").contains("its constraint no_forward")
                .contains("refused-manual-1").contains("refused-gateway-1");
    }
}
