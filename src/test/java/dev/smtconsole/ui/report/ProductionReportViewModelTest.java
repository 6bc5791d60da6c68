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
    private final I18n i18n = new I18n(I18n.EN);

    @BeforeEach
    void setUp() {
        fx = new ReportFixture(TestDatabases.h2(dir.resolve("db"))).load();
        UiContext ctx = new UiContext(fx.services, i18n, new UserSettings(dir.resolve("config")), tasks, dialogs,
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
    void countsHeldWithoutAJobAreSaidInTheStatusLine() throws Exception {
        // A CFX stream cut mid-job: two boards on L2-M2 whose WorkStarted is not in the file.
        Path cut = dir.resolve("cut.jsonl");
        Files.writeString(cut, """
                {"MessageName":"CFX.Production.WorkCompleted","TimeStamp":"2026-01-08T10:00:00+08:00","UniqueID":"cut-1","Source":"CFX.L2.M2","MessageBody":{"TransactionID":"t-1","Result":"Completed"}}
                {"MessageName":"CFX.Production.WorkCompleted","TimeStamp":"2026-01-08T10:01:00+08:00","UniqueID":"cut-2","Source":"CFX.L2.M2","MessageBody":{"TransactionID":"t-2","Result":"Completed"}}
                """);
        var r = fx.services.ingest().importFile(cut, new dev.smtconsole.app.IngestService.ImportOptions("auto", "OP1001", null, null),
                null, () -> false);
        assertThat(r.unassigned()).as(r.message()).isEqualTo(2);
        vm.load();
        assertThat(tasks.failures()).isEmpty();
        assertThat(vm.status.get()).endsWith(" 2 boards on L2-M2 without a job.");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.status.get()).endsWith(" L2-M2 有 2 块板未指定 JOB。");
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
