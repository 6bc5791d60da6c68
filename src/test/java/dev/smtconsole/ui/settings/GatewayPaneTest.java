package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.gateway.GatewayRunner;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings → Device gateway on screen: turned on from the page it answers on loopback; its words in both languages. */
@ExtendWith(ApplicationExtension.class)
class GatewayPaneTest {
    @TempDir
    static Path home;
    private AppServices services;
    private UiContext ctx;

    @Start
    void start(Stage stage) {
        AppPaths paths = AppPaths.under(home);
        services = AppServices.open(TestDatabases.h2(paths.dataDir()));
        services.setGatewayHost(new GatewayRunner(services));
        ctx = UiContext.create(services, new UserSettings(paths.configDir()));
        ctx.i18n().setLocale(I18n.EN);
        SettingsPage page = new SettingsPage(ctx);
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(page.view()), 1280, 760));
        stage.show();
        page.onShow();
    }

    @AfterEach
    void close() {
        ctx.tasks().close();
        services.close();
    }

    @Test
    void turnedOnFromThePageItAnswersAndSaysWhere(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#gatewayState").tryQuery().isPresent()
                && "Not running".equals(robot.lookup("#gatewayState").queryAs(Label.class).getText()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        robot.interact(() -> {
            robot.lookup("#gatewayEnabled").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#gatewayPort").queryAs(TextField.class).setText(String.valueOf(port));
            robot.lookup("#gatewayApply").queryAs(Button.class).fire();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#gatewayState").queryAs(Label.class).getText()
                .equals("Listening on http://127.0.0.1:" + port));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        robot.interact(() -> ctx.i18n().setLocale(I18n.ZH));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#gatewayState").queryAs(Label.class).getText()).isEqualTo("正在监听 http://127.0.0.1:" + port);
        assertThat(robot.lookup("#gatewayApply").queryAs(Button.class).getText()).isEqualTo("应用");
        assertThat(robot.lookup("#gatewayEnabled").queryAs(CheckBox.class).getText()).isEqualTo("在本控制台运行网关");
    }
}
