package dev.smtconsole.ui.report;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.report.ReportFixture;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The production form's choosers and reason question go through the DialogService; its work runs on the test thread. */
class ProductionReportViewModelTest {
    @TempDir
    Path dir;
    private ReportFixture fx;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ProductionReportViewModel vm;

    @BeforeEach
    void setUp() {
        fx = new ReportFixture(TestDatabases.h2(dir.resolve("db"))).load();
        UiContext ctx = new UiContext(fx.services, new I18n(I18n.EN), new UserSettings(dir.resolve("config")), tasks, dialogs,
                new SimpleStringProperty("OP1001"));
        vm = new ProductionReportViewModel(ctx);
        vm.line.set("L2");
        vm.from.set(ReportFixture.DAY1);
        vm.to.set(ReportFixture.DAY3);
        vm.load();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void exportAsksWhereAndWritesThere() throws Exception {
        Path out = dir.resolve("form.xlsx");
        dialogs.answer(out);
        vm.chooseAndExport(false, false);
        assertThat(dialogs.last().orElseThrow().text()).as("the suggested name").contains("L2").contains("2026-01-08");
        assertThat(Files.size(out)).isPositive();
        assertThat(vm.status.get()).contains(out.toString());
    }

    @Test
    void aCancelledTemplateChoiceExportsNothing() {
        dialogs.answer(null);
        vm.chooseAndExport(true, false);
        assertThat(dialogs.shown()).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo("open"));
        assertThat(tasks.failures()).isEmpty();
    }

    @Test
    void theCorrectionReasonIsAskedInTheUsersWords() {
        dialogs.answer("2 boards scrapped at AOI");
        assertThat(vm.askReason("Quantity", "160")).contains("2 boards scrapped at AOI");
        assertThat(dialogs.last().orElseThrow().kind()).isEqualTo("reason");
        dialogs.answer(null);
        assertThat(vm.askReason("Quantity", "")).isEmpty();
    }
}
