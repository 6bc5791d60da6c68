package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.GatewayService;
import dev.smtconsole.domain.IntegrationMessageRow;
import dev.smtconsole.ui.kit.I18n;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 录入 → Messages as a user meets it: the tab, the list, the payload of the chosen message, Retry for a failed post. */
@ExtendWith(ApplicationExtension.class)
class MessagesViewTest {
    @TempDir
    Path dir;
    private IngestUiFixture fx;
    private IngestPage page;

    @Start
    void start(Stage stage) {
        fx = new IngestUiFixture(dir);
        GatewayService gw = fx.services.gateway();
        gw.newToken("OP1001", fx.services.masterData().current());
        String time = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        gw.post(new GatewayService.DevicePost("good", time, "AUTO", "M008502", null, "L1", null, "L1-M1", null, null, null,
                null, List.of(new GatewayService.DataValue("Peak Temperature", 245.0, null, null, null, "°C", null)),
                "{\"eventId\":\"good\",\"eventTime\":\"" + time + "\",\"data\":[{\"specName\":\"Peak Temperature\",\"valueNumber\":245}]}"));
        try {
            gw.post(new GatewayService.DevicePost("bad", time, "MANUAL", null, null, null, null, null, null, null, null, null,
                    List.of(new GatewayService.DataValue("boards", 1.0, null, null, null, null, null)),
                    "{\"eventId\":\"bad\",\"eventTime\":\"" + time + "\",\"source\":\"MANUAL\",\"data\":[{\"specName\":\"boards\",\"valueNumber\":1}]}"));
        } catch (GatewayService.Refused expected) {
            // kept as FAILED: MANUAL needs an operatorId
        }
        fx.ctx.i18n().setLocale(I18n.EN);
        page = new IngestPage(fx.ctx);
        Scene scene = new Scene((javafx.scene.Parent) page.view(), 1280, 760);
        dev.smtconsole.ui.kit.Theme.office(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() {
        if (fx != null) fx.close();
    }

    @Test
    void listsMessagesShowsTheJsonAndOffersRetryOnlyForAFailedPost(FxRobot robot) throws Exception {
        robot.clickOn("#tab-ingest-messages");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#messagesTable").tryQuery().isPresent()
                && robot.lookup("#messagesTable").queryTableView().getItems().size() == 2);
        @SuppressWarnings("unchecked")
        TableView<IntegrationMessageRow> table = (TableView<IntegrationMessageRow>) robot.lookup("#messagesTable").queryAs(TableView.class);
        Button retry = robot.lookup("#messagesRetry").queryButton();
        assertThat(retry.isDisabled()).isTrue();

        robot.interact(() -> table.getSelectionModel().select(1)); // oldest: the accepted post
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#messagesPayload").queryAs(TextArea.class).getText()).contains("\"valueNumber\" : 245");
        assertThat(retry.isDisabled()).isTrue();

        robot.interact(() -> table.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems().get(0).status()).isEqualTo("FAILED");
        assertThat(retry.isDisabled()).isFalse();
        // The kept reason reads in the reader's language, whatever language refused the post.
        assertThat(String.valueOf(table.getColumns().get(6).getCellObservableValue(0).getValue()))
                .contains("an operator id is required");
        assertThat(robot.lookup("#messagesReason").queryAs(Label.class).getText()).contains("an operator id is required");
        assertThat(robot.lookup("#messagesStatusLine").queryAs(Label.class).getText()).isEqualTo("2 messages");

        robot.interact(() -> page.tabs().getSelectionModel().select(3));
        robot.interact(() -> fx.ctx.i18n().setLocale(I18n.ZH));
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = page.tabs();
        assertThat(tabs.getTabs().get(3).getText()).isEqualTo("消息");
        assertThat(retry.getText()).isEqualTo("重试");
        assertThat(table.getColumns().get(3).getText()).isEqualTo("状态");
        assertThat(String.valueOf(table.getColumns().get(6).getCellObservableValue(0).getValue()))
                .contains("缺少操作员").doesNotContain("operator id");
        assertThat(robot.lookup("#messagesReason").queryAs(Label.class).getText()).contains("缺少操作员");
        assertThat(robot.lookup("#messagesStatusLine").queryAs(Label.class).getText()).isEqualTo("共 2 条消息");
    }
}
