package dev.smtconsole.ui.ingest.profile;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.store.Database;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The profile editor on a real H2 database: choose a preset, see the preview, edit live, save, switch language. */
@ExtendWith(ApplicationExtension.class)
class ProfileEditorTest {
    private static AppServices services;
    private static Path home;
    private UiContext ctx;
    private ProfileEditor editor;

    @BeforeAll
    static void openDatabase() throws Exception {
        home = Files.createTempDirectory("profile-editor");
        services = new AppServices(Database.open(TestDatabases.h2(home)),
                Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("Asia/Shanghai")));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
    }

    @AfterAll
    static void close() {
        services.close();
    }

    @Start
    void start(Stage stage) {
        ctx = UiContext.create(services, new UserSettings(home.resolve("config")));
        ctx.i18n().setLocale(Locale.ENGLISH);
        editor = new ProfileEditor(ctx);
        stage.setScene(new Scene((javafx.scene.Parent) editor.view(), 1200, 800));
        stage.show();
    }

    @SuppressWarnings("unchecked")
    private TableView<SourceRow> preview(FxRobot robot) {
        return robot.lookup("#formats-preview").queryAs(TableView.class);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    @SuppressWarnings("unchecked")
    private void choose(FxRobot robot, String presetName) throws Exception {
        ComboBox<Profile> choice = robot.lookup("#formats-profile-choice").queryAs(ComboBox.class);
        waitFor(() -> choice.getItems().stream().anyMatch(p -> p.name().equals(presetName)));
        robot.interact(() -> choice.getSelectionModel().select(
                choice.getItems().stream().filter(p -> p.name().equals(presetName)).findFirst().orElseThrow()));
    }

    @Test
    void presetPreviewShowsTheResetAsDeltasAndReactsToEdits(FxRobot robot) throws Exception {
        choose(robot, "Yamaha-style LotLog");
        robot.interact(() -> editor.setSampleFile(Path.of("sample-data", "yamaha-lotlog-L1-M2.csv")));
        TableView<SourceRow> table = preview(robot);
        waitFor(() -> table.getItems().size() == 25);
        assertThat(table.getItems().get(13).get(Field.BOARDS)).isEqualTo("7");
        assertThat(table.getItems().get(1).get(Field.BOARDS)).isEqualTo("49");
        assertThat(table.getItems().get(0).get(Field.LINE)).isEqualTo("L1");
        assertThat(robot.lookup("#formats-name").queryAs(TextField.class).getText()).isEqualTo("Yamaha-style LotLog (copy)");

        // Switching to delta counters is visible at once: row 2 now shows the running total.
        @SuppressWarnings("unchecked")
        ComboBox<Profile.Counters> counters = robot.lookup("#formats-counters").queryAs(ComboBox.class);
        robot.interact(() -> counters.setValue(Profile.Counters.DELTA));
        waitFor(() -> table.getItems().size() == 25 && "98".equals(table.getItems().get(1).get(Field.BOARDS)));

        // A broken mapping shows the problem instead of rows.
        robot.interact(() -> robot.lookup("#formats-column-EVENT_TIME").queryAs(TextField.class).setText(""));
        Label problems = robot.lookup("#formats-problems").queryAs(Label.class);
        waitFor(() -> problems.getText().contains("no EVENT_TIME") && table.getItems().isEmpty());
        robot.interact(() -> robot.lookup("#formats-column-EVENT_TIME").queryAs(TextField.class).setText("finishDate"));
        waitFor(() -> table.getItems().size() == 25 && problems.getText().isEmpty());
    }

    @Test
    void savingAPresetCopyStoresItInTheDatabase(FxRobot robot) throws Exception {
        choose(robot, "Fuji Nexim-style PCBCHECKOUT");
        robot.interact(() -> {
            robot.lookup("#formats-name").queryAs(TextField.class).setText("Fuji L2 line");
            robot.lookup("#formats-constant-JOB").queryAs(TextField.class).setText("M008358");
            editor.setSampleFile(Path.of("sample-data", "fuji-pcbcheckout-L2.txt"));
        });
        TableView<SourceRow> table = preview(robot);
        waitFor(() -> table.getItems().size() == 40 && "M008358".equals(table.getItems().get(0).get(Field.JOB)));
        robot.clickOn("#formats-save");
        Label status = robot.lookup("#formats-status").queryAs(Label.class);
        waitFor(() -> status.getText().contains("saved"));
        assertThat(services.profiles().find("Fuji L2 line")).get()
                .satisfies(p -> assertThat(p.constants()).containsEntry(Field.JOB, "M008358"));

        // A preset's own name is refused with a sentence.
        robot.interact(() -> robot.lookup("#formats-name").queryAs(TextField.class).setText("Yamaha-style PcbLog"));
        robot.clickOn("#formats-save");
        waitFor(() -> status.getText().startsWith("Not saved") && status.getText().contains("built-in preset"));
    }

    @Test
    void labelsFollowTheLanguageSwitch(FxRobot robot) throws Exception {
        Button save = robot.lookup("#formats-save").queryAs(Button.class);
        assertThat(save.getText()).isEqualTo("Save");
        robot.interact(() -> ctx.i18n().setLocale(I18n.ZH));
        waitFor(() -> "保存".equals(save.getText()));
        robot.interact(() -> robot.lookup("#formats-column-EVENT_TIME").queryAs(TextField.class).setText(""));
        Label problems = robot.lookup("#formats-problems").queryAs(Label.class);
        waitFor(() -> problems.getText().contains("没有 EVENT_TIME"));
        robot.interact(() -> ctx.i18n().setLocale(Locale.ENGLISH));
    }
}
