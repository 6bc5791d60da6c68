package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService.ImportResult;
import dev.smtconsole.app.IngestService.PreviewRow;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the real file import view against the real ingest service on an H2 file database. */
@ExtendWith(ApplicationExtension.class)
class FileImportViewTest {
    private static final Path BAD = IngestUiFixture.SAMPLE.resolve("production-native-bad.csv");

    @TempDir
    Path dir;
    private IngestUiFixture fx;
    private FileImportViewModel vm;

    @Start
    void start(Stage stage) {
        fx = new IngestUiFixture(dir);
        fx.ctx.operator().set("OP1004");
        vm = new FileImportViewModel(fx.ingest, fx.ctx.tasks(), fx.ctx.dialogs(), fx.ctx.i18n(), fx.ctx.operator(), System::nanoTime);
        FileImportView view = new FileImportView(vm, fx.ctx.i18n(), fx.services.clock().getZone());
        Scene scene = new Scene((javafx.scene.Parent) view.view(), 1280, 760);
        dev.smtconsole.ui.kit.Theme.office(scene);
        stage.setScene(scene);
        stage.show();
        vm.refreshHistory();
    }

    @AfterEach
    void close() {
        if (fx != null) fx.close();
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void previewShowsRejectedRowsWithReasonsAndImportShowsTheCounts(FxRobot robot) throws Exception {
        long asked = System.nanoTime();
        robot.interact(() -> vm.addFiles(List.of(BAD)));
        waitFor(() -> !vm.previewRows().isEmpty());
        long previewMillis = (System.nanoTime() - asked) / 1_000_000;
        System.out.println("preview of " + BAD.getFileName() + " shown after " + previewMillis + " ms");

        List<PreviewRow> rows = List.copyOf(vm.previewRows());
        assertThat(rows).hasSize(18);
        List<PreviewRow> rejected = rows.stream().filter(r -> "REJECT".equals(r.status())).toList();
        assertThat(rejected).isNotEmpty();
        for (PreviewRow r : rejected) {
            String reasons = vm.reasons(r);
            assertThat(reasons).as("row %d has a reason in words", r.rowNo()).isNotBlank().doesNotContain("!rules.").doesNotContain("!ingest.");
        }
        PreviewRow row4 = rows.stream().filter(r -> r.rowNo() == 4).findFirst().orElseThrow();
        assertThat(row4.status()).isEqualTo("REJECT");
        assertThat(vm.reasons(row4)).contains("12x");
        TableView<?> table = robot.lookup("#importPreview").queryTableView();
        assertThat(table.getItems()).hasSize(18);
        assertThat(robot.lookup(".status-reject").queryAll()).as("rejected rows are coloured").isNotEmpty();
        assertThat(robot.lookup("#importPreviewInfo").queryAs(Label.class).getText()).contains("production-native-bad.csv");

        robot.clickOn("#importStart");
        waitFor(() -> !vm.results().isEmpty() && !vm.importingProperty().get());
        ImportResult r = vm.results().get(0);
        assertThat(r.read()).isEqualTo(18);
        assertThat(r.rejected()).isEqualTo(rejected.size());
        assertThat(r.read()).isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped());
        assertThat(r.cancelled()).isFalse();
        String shown = robot.lookup("#importResult").queryAs(Label.class).getText();
        assertThat(shown).contains("read 18").contains("accepted " + r.accepted()).contains("rejected " + r.rejected())
                .contains("duplicates " + r.duplicates()).contains("batch " + r.batchId());
        waitFor(() -> vm.history().stream().anyMatch(b -> b.batchId() == r.batchId()));
        // every rejected row is stored with its reasons (duplicates may leave a trace there too)
        long stored = fx.count("SELECT COUNT(*) FROM rejected_row WHERE batch_id = " + r.batchId());
        assertThat(stored).isGreaterThanOrEqualTo(r.rejected());

        // rejected rows export for fixing, with a reason column
        Path out = dir.resolve("out/rejected.csv");
        robot.interact(() -> vm.exportRejected(r.batchId(), out));
        waitFor(() -> vm.messageProperty().get().contains("rejected.csv"));
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines.size()).as("header + rows").isGreaterThanOrEqualTo((int) r.rejected() + 1);
        assertThat(lines.get(0).replace("\uFEFF", "")).as("original columns plus a reason column (a BOM for Excel)")
                .startsWith("event_id,event_time").endsWith(",reason");
        assertThat(String.join("\n", lines)).contains("12x");

        // the same file again: nothing counted twice
        robot.clickOn("#importStart");
        waitFor(() -> vm.results().size() == 2 && !vm.importingProperty().get());
        ImportResult again = vm.results().get(0);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(r.accepted() + r.duplicates());
    }

    @Test
    void switchingTheLanguageAfterAnImportRendersTheResultAndPreviewAtOnce(FxRobot robot) throws Exception {
        robot.interact(() -> vm.addFiles(List.of(BAD)));
        waitFor(() -> !vm.previewRows().isEmpty() && !vm.previewingProperty().get());
        robot.clickOn("#importStart");
        waitFor(() -> !vm.results().isEmpty() && !vm.importingProperty().get());
        ImportResult r = vm.results().get(0);
        Label result = robot.lookup("#importResult").queryAs(Label.class);
        Label info = robot.lookup("#importPreviewInfo").queryAs(Label.class);
        assertThat(result.getText()).contains("read 18");
        assertThat(robot.lookup(".status-reject").queryAll()).allMatch(n -> "REJECT".equals(((javafx.scene.control.Labeled) n).getText()));

        // no further action: the texts follow the language switch itself
        robot.interact(() -> fx.ctx.i18n().setLocale(dev.smtconsole.ui.kit.I18n.ZH));
        assertThat(result.getText()).contains("读取 18").contains("批次 " + r.batchId()).doesNotContain("read 18");
        assertThat(info.getText()).contains("格式").contains("production-native-bad.csv");
        assertThat(vm.progressTextProperty().get()).doesNotContain("Importing").doesNotContain("rows read");
        waitFor(() -> !robot.lookup(".status-reject").queryAll().isEmpty() && robot.lookup(".status-reject").queryAll().stream()
                .allMatch(n -> "拒收".equals(((javafx.scene.control.Labeled) n).getText())));

        robot.interact(() -> fx.ctx.i18n().setLocale(dev.smtconsole.ui.kit.I18n.EN));
        assertThat(result.getText()).contains("read 18");
    }

    @Test
    void whatAFileLacksIsTypedInTheViewAndTheRejectionSaysWhere(FxRobot robot) throws Exception {
        Path board = IngestUiFixture.SAMPLE.resolve("asm-ois-board-L3.csv");
        robot.interact(() -> vm.addFiles(List.of(board)));
        waitFor(() -> vm.previewRows().size() == 18 && !vm.previewingProperty().get());
        assertThat(vm.previewRows()).allMatch(r -> "UNASSIGNED".equals(r.status()));
        assertThat(vm.reasons(vm.previewRows().get(0))).contains("held without a job")
                .contains("has no JOB column or constant").contains("the JOB field");

        robot.clickOn("#importJob").write("M008503");
        waitFor(() -> !vm.previewingProperty().get() && vm.previewRows().size() == 18
                && vm.previewRows().stream().noneMatch(r -> "UNASSIGNED".equals(r.status())));
        robot.clickOn("#importStart");
        waitFor(() -> !vm.results().isEmpty() && !vm.importingProperty().get());
        assertThat(vm.results().get(0).accepted()).isEqualTo(18);
        assertThat(fx.count("SELECT COUNT(*) FROM production_event e JOIN job j ON j.id = e.job_id WHERE j.job_no = 'M008503'"))
                .isEqualTo(18);

        // a profile value the file lacks: the CompDetail table has no time
        Path comp = IngestUiFixture.SAMPLE.resolve("asm-ois-compdetail-L3.csv");
        robot.interact(() -> vm.addFiles(List.of(comp)));
        waitFor(() -> !vm.previewingProperty().get() && vm.previewRows().size() == 1);
        assertThat(vm.reasons(vm.previewRows().get(0))).contains("no EVENT_TIME");
        robot.clickOn("#importSet").write("EVENT_TIME=2026-11-25 09:03:00");
        waitFor(() -> !vm.previewingProperty().get() && vm.previewRows().size() == 24);
        assertThat(vm.previewRows().stream().filter(r -> "REJECT".equals(r.status())).map(r -> r.rowNo())).containsExactly(16L);
    }

    @Test
    void aBatchIsVoidedWithAReason(FxRobot robot) throws Exception {
        robot.interact(() -> vm.addFiles(List.of(IngestUiFixture.SAMPLE.resolve("production-native.csv"))));
        waitFor(() -> !vm.previewRows().isEmpty());
        robot.clickOn("#importStart");
        waitFor(() -> !vm.results().isEmpty() && !vm.importingProperty().get() && !vm.history().isEmpty());
        long batch = vm.results().get(0).batchId();
        TableView<?> history = robot.lookup("#importHistory").queryTableView();
        robot.interact(() -> history.getSelectionModel().select(0));
        robot.clickOn("#historyVoid");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#voidConfirm").queryButton().isDisabled()).as("a reason is required").isTrue();
        robot.clickOn("#voidReason").write("imported on the wrong PC");
        robot.clickOn("#voidConfirm");
        waitFor(() -> vm.history().stream().anyMatch(b -> b.batchId() == batch && b.voided()));
        assertThat(fx.count("SELECT COUNT(*) FROM production_event WHERE batch_id = " + batch + " AND voided = FALSE")).isZero();
    }

    @Test
    void cancelStopsAtAChunkBoundaryAndSaysSo(FxRobot robot) throws Exception {
        Path big = dir.resolve("big-native.csv");
        int rows = 400_000;
        java.time.OffsetDateTime t0 = java.time.OffsetDateTime.parse("2025-01-01T00:00:00+08:00");
        try (var w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,start_time,line,machine,job,product_model,boards,picks,placements,rejects,operator_id,remark\n");
            for (int i = 0; i < rows; i++) {
                w.write("BIG-" + i + "," + t0.plusSeconds(i) + ",,L1,L1-M1,M009999,TEST-MODEL,1,10,9,1,OP1001,\n");
            }
        }
        robot.interact(() -> vm.addFiles(List.of(big)));
        waitFor(() -> !vm.previewRows().isEmpty());
        robot.clickOn("#importStart");
        waitFor(() -> vm.progressTextProperty().get().contains("rows/s"));
        assertThat(robot.lookup("#importProgress").queryAs(javafx.scene.control.ProgressBar.class).getProgress())
                .isBetween(0.0, 1.0);
        robot.clickOn("#importCancel");
        waitFor(() -> !vm.results().isEmpty() && !vm.importingProperty().get());

        ImportResult r = vm.results().get(0);
        assertThat(r.cancelled()).isTrue();
        assertThat(r.read()).isLessThan(rows);
        assertThat(robot.lookup("#importResult").queryAs(Label.class).getText())
                .startsWith("Cancelled. Committed up to a chunk boundary");
        long stored = fx.count("SELECT COUNT(*) FROM production_event WHERE batch_id = " + r.batchId());
        assertThat(stored).as("what the result says was accepted is what was committed").isEqualTo(r.accepted());
        waitFor(() -> vm.history().stream().anyMatch(b -> b.batchId() == r.batchId()));
        assertThat(vm.history().stream().filter(b -> b.batchId() == r.batchId()).findFirst().orElseThrow().status())
                .isEqualTo("CANCELLED");
    }
}
