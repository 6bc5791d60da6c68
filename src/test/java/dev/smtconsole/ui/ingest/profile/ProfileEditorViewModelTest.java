package dev.smtconsole.ui.ingest.profile;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile editor's view model on a real H2 database with the real parser: work runs on the
 * test thread, file choosers answer from a script, and every refusal reads in the user's language.
 */
class ProfileEditorViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final I18n i18n = new I18n(I18n.EN);
    private ProfileEditorViewModel vm;

    @BeforeEach
    void setUp() {
        services = AppServices.open(TestDatabases.h2(dir.resolve("db")));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        vm = new ProfileEditorViewModel(services.profiles(),
                ProfileEditorViewModel.parserPreview(() -> services.masterData().current(), () -> services.calendars().cached().zone()),
                tasks, dialogs, i18n);
        vm.refreshList(null);
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    private Profile preset(String name) {
        return vm.choices().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPresetIsEditedAsACopyWhoseNameFollowsTheLanguageUntilRenamed() {
        vm.choose(preset("Yamaha-style LotLog"));
        assertThat(vm.nameProperty().get()).isEqualTo("Yamaha-style LotLog (copy)");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.nameProperty().get()).as("the copy's name is in Chinese now").doesNotContain("(copy)").isNotBlank();
        vm.nameProperty().set("L1 lot log");
        i18n.setLocale(I18n.EN);
        assertThat(vm.nameProperty().get()).as("a name the user typed stays").isEqualTo("L1 lot log");
    }

    @Test
    void theSamplePreviewFollowsEveryEdit() {
        vm.choose(preset("Yamaha-style LotLog"));
        vm.sampleFileProperty().set(Path.of("sample-data", "yamaha-lotlog-L1-M2.csv"));
        assertThat(vm.preview()).hasSize(25);
        assertThat(vm.preview().get(1).get(Field.BOARDS)).isEqualTo("49");
        vm.countersProperty().set(Profile.Counters.DELTA);
        assertThat(vm.preview().get(1).get(Field.BOARDS)).as("the running total, read as deltas").isEqualTo("98");

        vm.column(Field.EVENT_TIME).set("");
        assertThat(vm.preview()).isEmpty();
        assertThat(vm.problemsProperty().get()).contains("no EVENT_TIME");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.problemsProperty().get()).contains("没有 EVENT_TIME");
    }

    @Test
    void refusalsReadInTheUsersLanguageNotAsRawEnglish() {
        i18n.setLocale(I18n.ZH);
        vm.choose(preset("Fuji Nexim-style PCBCHECKOUT"));
        vm.constant(Field.JOB).set("M008358");
        vm.nameProperty().set("Yamaha-style PcbLog");
        vm.save();
        assertThat(vm.statusProperty().get()).startsWith("未保存：").contains("内置预设").doesNotContain("built-in");
        i18n.setLocale(I18n.EN);
        assertThat(vm.statusProperty().get()).as("the status follows the language")
                .isEqualTo("Not saved: 'Yamaha-style PcbLog' is the name of a built-in preset: save the copy under another name");

        i18n.setLocale(I18n.ZH);
        vm.delete();
        assertThat(vm.statusProperty().get()).isEqualTo("‘Yamaha-style PcbLog’是内置预设，不能删除");

        vm.importFrom(dir.resolve("missing.json"));
        assertThat(vm.statusProperty().get()).startsWith("无法读取配置文件");
    }

    @Test
    void savedProfilesRoundTripThroughExportAndImport() throws Exception {
        vm.choose(preset("Fuji Nexim-style PCBCHECKOUT"));
        vm.nameProperty().set("Fuji L2 line");
        vm.constant(Field.JOB).set("M008358");
        vm.save();
        assertThat(vm.statusProperty().get()).isEqualTo("Profile 'Fuji L2 line' saved");
        assertThat(vm.chosenProperty().get().name()).isEqualTo("Fuji L2 line");

        Path out = dir.resolve("fuji.json");
        dialogs.answer(out);
        vm.chooseExport();
        assertThat(dialogs.last().orElseThrow().text()).as("suggested file name").isEqualTo("Fuji-L2-line.json");
        assertThat(Files.readString(out)).contains("M008358");

        assertThat(services.profiles().delete("Fuji L2 line")).isTrue();
        dialogs.answer(out);
        vm.chooseImport();
        assertThat(vm.statusProperty().get()).isEqualTo("Profile 'Fuji L2 line' imported and saved");
        assertThat(services.profiles().find("Fuji L2 line")).get()
                .satisfies(p -> assertThat(p.constants()).containsEntry(Field.JOB, "M008358"));

        dialogs.answer(null); // cancelled: nothing is read
        int before = tasks.submitted();
        vm.chooseImport();
        assertThat(tasks.submitted()).isEqualTo(before);
    }
}
