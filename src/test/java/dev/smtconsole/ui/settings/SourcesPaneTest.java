package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings → Sources as shown, at 1280×768 (Monocle's headless screen; 1366×768 checked with xvfb-run) in both languages: the list with status, and adding a folder through the form. */
@ExtendWith(ApplicationExtension.class)
class SourcesPaneTest {
    @TempDir
    static Path home;

    private AppServices services;
    private UiContext ctx;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        AppPaths paths = AppPaths.under(home);
        services = AppServices.open(TestDatabases.h2(paths.dataDir()));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        if (services.sources().find("line1").isEmpty()) {
            services.sources().add(new SourceService.SourceDef("line1", true, new SourceSettings.Cfx("amqp://10.20.1.5:5672",
                    "/queue/cfx.line1", "console", "SMT_BROKER_PASSWORD", "OP1001", 0)), "OP1001");
        }
        Instant now = Instant.now();
        services.sources().putStatus(new SourceService.Status("line1", SourceService.State.CONNECTED, now.minusSeconds(3600),
                "line-pc pid 4242", 182_340, 41.7, 0, now.minusSeconds(1), null, null, now));
        ctx = UiContext.create(services, new UserSettings(paths.configDir()));
        ctx.i18n().setLocale(I18n.EN);
        ctx.operator().set("OP1001");
        SettingsPage page = new SettingsPage(ctx);
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(page.view()), 1280, 768));
        stage.show();
        page.onShow();
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void listsSourcesWithTheirStatusAndAddsAFolder(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        TableView<SourcesViewModel.Row> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        assertThat(table.getItems().get(0).state()).startsWith("connected since");
        robot.interact(() -> table.getParent().lookup("#sourcesTable").requestFocus());
        scrollTo(robot, "#sourcesTable");
        snapshot(robot, "sources-en.png");

        // The process running the source reports a new state: the pane shows it by itself within seconds.
        Instant later = Instant.now();
        services.sources().putStatus(new SourceService.Status("line1", SourceService.State.RECONNECTING, later, "line-pc pid 4242",
                182_400, 0, 1, later.minusSeconds(2), "Connection refused", later, later));
        WaitForAsyncUtils.waitFor(SourcesPane.REFRESH_SECONDS * 3, TimeUnit.SECONDS,
                () -> table.getItems().get(0).state().startsWith("reconnecting since"));

        scrollTo(robot, "#sourcesAddFolder");
        robot.clickOn("#sourcesAddFolder");
        Path drop = Files.createDirectories(home.resolve("drop"));
        robot.interact(() -> {
            robot.lookup("#sourceName").queryAs(TextField.class).setText("office");
            robot.lookup("#sourcePath").queryAs(TextField.class).setText(drop.toString());
            robot.lookup("#sourceLine").queryAs(TextField.class).setText("L9");
        });
        scrollTo(robot, "#sourceSave");
        robot.clickOn("#sourceSave");
        Label status = robot.lookup("#sourcesStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("L9"));
        robot.interact(() -> robot.lookup("#sourceLine").queryAs(TextField.class).setText(""));
        scrollTo(robot, "#sourceSave");
        robot.clickOn("#sourceSave");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().equals("Source 'office' saved"));
        assertThat(table.getItems()).extracting(SourcesViewModel.Row::name).containsExactly("line1", "office");
        assertThat(services.sources().find("office")).isPresent();

        robot.interact(() -> ctx.i18n().setLocale(I18n.ZH));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().get(0).state().contains("重新连接中"));
        snapshot(robot, "sources-zh.png");
    }

    /**
     * Scrolls the settings page so that the node is in view, as a user would: the page grows as
     * panes are added (gateway, sources, database), so no fixed scroll position stays right.
     */
    private void scrollTo(FxRobot robot, String query) {
        robot.interact(() -> {
            var sp = (javafx.scene.control.ScrollPane) stage.getScene().getRoot().getChildrenUnmodifiable().get(0);
            javafx.scene.Node node = robot.lookup(query).query();
            javafx.scene.Node content = sp.getContent();
            double y = content.sceneToLocal(node.localToScene(0, 0)).getY();
            double range = content.getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
            sp.setVvalue(range <= 0 ? 0 : Math.max(0, Math.min(1, (y - 40) / range)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A picture of the window for a person to look at (target/screenshots). */
    private void snapshot(FxRobot robot, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", out.resolve(name).toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
