package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings → Sources' view model on a real H2 database: add, edit, remove, refusals in the user's language, status. */
class SourcesViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final I18n i18n = new I18n(I18n.EN);
    private final StringProperty operator = new SimpleStringProperty("OP1001");

    @BeforeEach
    void setUp() {
        services = AppServices.open(TestDatabases.h2(dir));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void addsEditsAndRemovesSourcesSharedWithTheCli() {
        SourcesViewModel vm = new SourcesViewModel(services.sources(), tasks, dialogs, i18n, operator);
        vm.load();
        assertThat(vm.rows()).isEmpty();

        vm.newCfx();
        vm.nameProperty().set("line1");
        vm.urlProperty().set("amqp://10.20.1.5:5672");
        vm.addressProperty().set("/queue/cfx.line1");
        vm.userProperty().set("console");
        vm.passwordEnvProperty().set("SMT_BROKER_PASSWORD");
        vm.save();
        assertThat(vm.statusIsErrorProperty().get()).as(vm.statusProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Source 'line1' saved");

        vm.newFolder();
        vm.nameProperty().set("office");
        vm.pathProperty().set(dir.toString());
        vm.lineProperty().set("L2");
        vm.save();
        assertThat(vm.rows()).extracting(SourcesViewModel.Row::name).containsExactly("line1", "office");
        assertThat(vm.rows().get(0).kind()).isEqualTo("CFX broker");
        assertThat(vm.rows().get(0).state()).isEqualTo("not running");

        SourceService.SourceDef stored = services.sources().find("line1").orElseThrow();
        assertThat(stored.settings()).isEqualTo(new SourceSettings.Cfx("amqp://10.20.1.5:5672", "/queue/cfx.line1", "console",
                "SMT_BROKER_PASSWORD", "OP1001", 0));

        vm.edit("office");
        assertThat(vm.kindProperty().get()).isEqualTo("folder");
        assertThat(vm.lineProperty().get()).isEqualTo("L2");
        vm.formatProperty().set("csv");
        vm.profileProperty().set("yamaha-lotlog");
        vm.save();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Give a format or an import profile, not both");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.statusProperty().get()).isEqualTo("请指定格式或导入模板，二者只能选一");
        assertThat(vm.rows().get(1).kind()).isEqualTo("监视文件夹");
        i18n.setLocale(I18n.EN);
        vm.profileProperty().set("");
        vm.save();
        assertThat(((SourceSettings.Folder) services.sources().find("office").orElseThrow().settings()).format()).isEqualTo("csv");

        dialogs.answer(false);
        vm.remove("office");
        assertThat(vm.rows()).hasSize(2);
        dialogs.answer(true);
        vm.remove("office");
        assertThat(vm.rows()).extracting(SourcesViewModel.Row::name).containsExactly("line1");
        assertThat(services.sources().find("office")).isEmpty();
    }

    @Test
    void showsTheStatusTheRunningConsoleWrote() {
        services.sources().add(new SourceService.SourceDef("line1", true,
                new SourceSettings.Cfx("amqp://127.0.0.1:5672", "/queue/x", null, null, "OP1001", 0)), "OP1001");
        Instant now = Instant.now();
        services.sources().putStatus(new SourceService.Status("line1", SourceService.State.RECONNECTING, now.minusSeconds(40),
                "host pid 1", 1234, 56.5, 3, now.minusSeconds(41), "Connection refused", now.minusSeconds(40), now));
        SourcesViewModel vm = new SourcesViewModel(services.sources(), tasks, dialogs, i18n, operator);
        vm.load();
        SourcesViewModel.Row row = vm.rows().get(0);
        assertThat(row.state()).startsWith("reconnecting since ");
        assertThat(row.rate()).isEqualTo("56.5");
        assertThat(row.errors()).isEqualTo("3");
        assertThat(row.lastError()).isEqualTo("Last error: Connection refused");
    }
}
