package dev.smtconsole.ui.settings;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.SourceHost;
import dev.smtconsole.app.SourcePasswords;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.secrets.CredentialStore;
import dev.smtconsole.source.Broker;
import dev.smtconsole.source.SourceRunner;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.MainWindow;
import dev.smtconsole.ui.WindowSwitcher;
import dev.smtconsole.ui.kit.I18n;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
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

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the open window runs the enabled sources itself, as {@code serve} does. A CFX
 * subscription added in Settings → Sources starts at once against the real RabbitMQ, its live status
 * shows as "this console"; disabled it stops, enabled again it takes what waited; removed it stops;
 * the window closing mid-stream stops it after its commit, so a later console counts every message
 * exactly once (ack after commit).
 */
@ExtendWith(ApplicationExtension.class)
class WindowRunsSourcesTest {
    static final String PASSWORD_VAR = "SMT_TEST_BROKER_PASSWORD";

    @TempDir
    static Path home;

    private WindowSwitcher switcher;
    private DatabaseConfig config;
    private String queue;
    private boolean closed;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        AppPaths paths = AppPaths.under(home.resolve("console-" + System.nanoTime()));
        UserSettings settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.EN);
        DatabaseSettingsService dbs = new DatabaseSettingsService(settings, paths.dataDir(), CredentialStore.none(),
                Map.<String, String>of()::get);
        config = DatabaseConfig.embedded(paths.dataDir());
        AppServices services = AppServices.open(config);
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        switcher = new WindowSwitcher(stage, settings, dbs);
        switcher.runSourcesWith(WindowRunsSourcesTest::runner);
        MainWindow window = switcher.open(services);
        switcher.context().operator().set("OP1001");
        stage.setScene(new Scene(window.root(), 1280, 768));
        stage.show();
        window.start();
        window.select(MainWindow.Area.SETTINGS);
    }

    static SourceHost runner(AppServices s) {
        return new SourceRunner(s.sources(), v -> v.equals(PASSWORD_VAR) ? "guest" : null, SourcePasswords.forThisUser()::saved,
                Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        if (!closed) {
            WaitForAsyncUtils.asyncFx(stage::hide).get(10, TimeUnit.SECONDS);
            switcher.close();
        }
        if (queue != null) Broker.drain(queue);
    }

    @Test
    void aSourceSavedInSettingsRunsInTheWindowFollowsEnableAndRemoveAndShowsItsStatus(FxRobot robot) throws Exception {
        queue = Broker.newQueue();
        Broker.publish(queue, Broker.boards(3, "CFX.L1.M1", "M008502"));
        @SuppressWarnings("unchecked")
        TableView<SourcesViewModel.Row> table = robot.lookup("#sourcesTable").queryAs(TableView.class);

        robot.interact(() -> robot.lookup("#sourcesAddCfx").queryButton().fire());
        robot.interact(() -> {
            text(robot, "#sourceName", "line1");
            text(robot, "#sourceUrl", "amqp://127.0.0.1:5672");
            text(robot, "#sourceAddress", queue);
            text(robot, "#sourceUser", "guest");
            text(robot, "#sourcePasswordEnv", PASSWORD_VAR);
            robot.lookup("#sourceSave").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> boards() == 3);
        assertThat(here().running()).containsExactly("line1");
        // The pane shows this console's own status of it: connected, its last message, run here.
        robot.interact(() -> robot.lookup("#sourcesRefresh").queryButton().fire());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !table.getItems().isEmpty()
                && table.getItems().get(0).state().startsWith("connected since") && !table.getItems().get(0).last().isEmpty());
        assertThat(table.getItems().get(0).runBy()).isEqualTo("this console");
        assertThat(table.getItems().get(0).errors()).isEqualTo("0");

        // Disabled in the form: stopped at once, here, without waiting for the registry's next read.
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.interact(() -> {
            robot.lookup("#sourceEnabled").queryAs(CheckBox.class).setSelected(false);
            robot.lookup("#sourceSave").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> here().running().isEmpty()
                && table.getItems().get(0).state().equals("stopped"));
        assertThat(table.getItems().get(0).runBy()).isEmpty();
        Broker.publish(queue, Broker.boards(2, "CFX.L1.M1", "M008502"));

        // Enabled again: it starts and takes what waited on the broker.
        robot.interact(() -> {
            robot.lookup("#sourceEnabled").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#sourceSave").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> boards() == 5);
        assertThat(here().running()).containsExactly("line1");

        // Removed (after the confirmation): stopped here at once.
        Platform.runLater(() -> robot.lookup("#sourcesRemove").queryButton().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup(".dialog-pane").queryAs(DialogPane.class)
                .lookupButton(ButtonType.OK)).fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> here().running().isEmpty() && table.getItems().isEmpty());
        Broker.publish(queue, Broker.boards(1, "CFX.L1.M1", "M008502"));
        assertThat(boardsAndEvents()).containsExactly(5, 5);
        assertThat(Broker.drain(queue)).as("only what came after the removal waits on the broker").isEqualTo(2);
    }

    /**
     * The broker password typed in the form, as the database's is (issue 15: "kept like the database password"): not
     * in the shared registry, not in the form afterwards; the window's runner connects with it. This machine has no
     * credential store, so it is kept for the session and the status says so. Removing the source forgets it.
     */
    @Test
    void aPasswordTypedInTheFormConnectsTheSourceAndIsKeptOnlyOnThisPc(FxRobot robot) throws Exception {
        queue = Broker.newQueue();
        Broker.publish(queue, Broker.boards(2, "CFX.L1.M1", "M008502"));
        String name = "typed-" + System.nanoTime();
        robot.interact(() -> robot.lookup("#sourcesAddCfx").queryButton().fire());
        robot.interact(() -> {
            text(robot, "#sourceName", name);
            text(robot, "#sourceUrl", "amqp://127.0.0.1:5672");
            text(robot, "#sourceAddress", queue);
            text(robot, "#sourceUser", "guest");
            text(robot, "#sourcePasswordEnv", PASSWORD_VAR);
            robot.lookup("#sourcePassword").queryAs(javafx.scene.control.PasswordField.class).setText("guest");
            robot.lookup("#sourceSave").queryButton().fire();
        });
        assertThat(robot.lookup("#sourcesStatus").queryLabeled().getText()).isEqualTo("Give a password or a password variable, not both");
        assertThat(switcher.services().sources().list()).isEmpty();

        robot.interact(() -> {
            text(robot, "#sourcePasswordEnv", "");
            robot.lookup("#sourceSave").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> boards() == 2);
        assertThat(robot.lookup("#sourcesStatus").queryLabeled().getText()).isEqualTo("Source '" + name + "' saved"
                + "; this PC has no credential store: the password is kept until the console closes (serve needs a password variable)");
        assertThat(robot.lookup("#sourcePassword").queryAs(javafx.scene.control.PasswordField.class).getText()).isEmpty();
        var saved = (dev.smtconsole.app.SourceSettings.Cfx) switcher.services().sources().list().get(0).def().settings();
        assertThat(saved.passwordEnv()).isNull();
        assertThat(SourcePasswords.forThisUser().saved(name)).contains("guest");

        Platform.runLater(() -> robot.lookup("#sourcesRemove").queryButton().fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup(".dialog-pane").queryAs(DialogPane.class)
                .lookupButton(ButtonType.OK)).fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> here().running().isEmpty());
        assertThat(SourcePasswords.forThisUser().saved(name)).isEmpty();
    }

    @Test
    void closingTheWindowMidStreamLosesAndDoublesNothing(FxRobot robot) throws Exception {
        queue = Broker.newQueue();
        int boards = 1500;
        Broker.publish(queue, Broker.boards(boards, "CFX.L1.M2", "M008502"));
        switcher.services().sources().add(new dev.smtconsole.app.SourceService.SourceDef("line1", true,
                new dev.smtconsole.app.SourceSettings.Cfx("amqp://127.0.0.1:5672", queue, "guest", PASSWORD_VAR, "OP1001", 0)),
                "OP1001");
        here().reload();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> boards() >= 100);
        // What ConsoleApp.stop() does when the window closes: the window goes, then its services and with them the sources.
        robot.interact(stage::hide);
        switcher.close();
        closed = true;
        long atClose = count(config, "SELECT COALESCE(SUM(boards), 0) FROM production_event");
        assertThat(atClose).as("the window closed mid-stream").isLessThan(boards);

        // The next console (serve, or the window opened again) takes up what was not acknowledged.
        try (AppServices again = AppServices.open(config)) {
            SourceHost next = runner(again);
            again.setSourceHost(next);
            next.start();
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                    () -> count(config, again, "SELECT COALESCE(SUM(boards), 0) FROM production_event") >= boards);
            next.close();
            assertThat(count(config, again, "SELECT COALESCE(SUM(boards), 0) FROM production_event")).isEqualTo(boards);
            assertThat(count(config, again, "SELECT COUNT(*) FROM production_event")).isEqualTo(boards);
        }
        assertThat(Broker.drain(queue)).as("every message was acknowledged").isZero();
    }

    @Test
    void aWatchedFolderAddedInSettingsImportsInTheWindow(FxRobot robot) throws Exception {
        Path drop = java.nio.file.Files.createDirectories(home.resolve("drop-" + System.nanoTime()));
        @SuppressWarnings("unchecked")
        TableView<SourcesViewModel.Row> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        robot.interact(() -> robot.lookup("#sourcesAddFolder").queryButton().fire());
        robot.interact(() -> {
            text(robot, "#sourceName", "office");
            text(robot, "#sourcePath", drop.toString());
            text(robot, "#sourceLine", "L1");
            text(robot, "#sourceFormat", "csv");
            text(robot, "#sourceStable", "1");
            robot.lookup("#sourceSave").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> here().running().contains("office"));
        java.nio.file.Files.copy(Path.of("sample-data", "production-native.csv"), drop.resolve("shift1.csv"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> java.nio.file.Files.exists(drop.resolve("done").resolve("shift1.csv")));
        assertThat(boards()).isPositive();
        robot.interact(() -> robot.lookup("#sourcesRefresh").queryButton().fire());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !table.getItems().isEmpty()
                && table.getItems().get(0).state().startsWith("watching since") && !table.getItems().get(0).last().isEmpty());
        assertThat(table.getItems().get(0).runBy()).isEqualTo("this console");
    }

    @Test
    void editingARunningSourceRestartsItWithItsNewSettings(FxRobot robot) throws Exception {
        queue = Broker.newQueue();
        String second = Broker.newQueue();
        try {
            switcher.services().sources().add(new dev.smtconsole.app.SourceService.SourceDef("line1", true,
                    new dev.smtconsole.app.SourceSettings.Cfx("amqp://127.0.0.1:5672", queue, "guest", PASSWORD_VAR, "OP1001", 0)),
                    "OP1001");
            here().reload();
            Broker.publish(queue, Broker.boards(2, "CFX.L1.M1", "M008502"));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> boards() == 2);
            @SuppressWarnings("unchecked")
            TableView<SourcesViewModel.Row> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
            robot.interact(() -> robot.lookup("#sourcesRefresh").queryButton().fire());
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
            robot.interact(() -> table.getSelectionModel().select(0));
            robot.interact(() -> {
                text(robot, "#sourceAddress", second);
                robot.lookup("#sourceSave").queryButton().fire();
            });
            // The runner follows at once: the old receiver is closed, a new one reads the new queue.
            Broker.publish(second, Broker.boards(3, "CFX.L1.M1", "M008502"));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> boards() == 5);
            Broker.publish(queue, Broker.boards(1, "CFX.L1.M1", "M008502"));
            assertThat(here().running()).containsExactly("line1");
            assertThat(boards()).isEqualTo(5);
            assertThat(Broker.drain(queue)).as("the old queue is no longer read").isEqualTo(2);
        } finally {
            Broker.drain(second);
        }
    }

    @Test
    void aSourceThatCannotConnectSaysSoInThePanel(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        TableView<SourcesViewModel.Row> table = robot.lookup("#sourcesTable").queryAs(TableView.class);
        robot.interact(() -> robot.lookup("#sourcesAddCfx").queryButton().fire());
        robot.interact(() -> {
            text(robot, "#sourceName", "nowhere");
            text(robot, "#sourceUrl", "amqp://127.0.0.1:1");
            text(robot, "#sourceAddress", "/queue/none");
            robot.lookup("#sourceSave").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.asyncFx(() -> robot.lookup("#sourcesRefresh").queryButton().fire());
            return !table.getItems().isEmpty() && table.getItems().get(0).state().startsWith("reconnecting since")
                    && !table.getItems().get(0).errors().equals("0") && !table.getItems().get(0).lastError().isEmpty();
        });
        assertThat(table.getItems().get(0).runBy()).isEqualTo("this console");
    }

    private SourceHost here() {
        return switcher.services().sourceHost().orElseThrow();
    }

    private static void text(FxRobot robot, String id, String value) {
        robot.lookup(id).queryAs(TextField.class).setText(value);
    }

    private long boards() {
        return boardsAndEvents()[0];
    }

    private long[] boardsAndEvents() {
        return switcher.services().database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(boards), 0), COUNT(*) FROM production_event");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2)};
            }
        });
    }

    private static long count(DatabaseConfig config, String sql) {
        try (AppServices s = AppServices.open(config)) {
            return count(config, s, sql);
        }
    }

    private static long count(DatabaseConfig config, AppServices s, String sql) {
        return s.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
