package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService.BatchSummary;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import view's model on a real H2 file: "Assign job…" asks through the DialogService and turns a batch's
 * counts held without a job into accepted events (issue 13); a refused void reads in the user's language (issue 18).
 */
class FileImportAssignAndVoidTest {
    @TempDir
    Path dir;
    private IngestUiFixture fx;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final I18n i18n = new I18n(I18n.EN);
    private FileImportViewModel vm;

    @BeforeEach
    void setUp() {
        fx = new IngestUiFixture(dir);
        vm = new FileImportViewModel(fx.ingest, tasks, dialogs, i18n, new SimpleStringProperty("OP1001"), System::nanoTime);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private BatchSummary imported(String sample) {
        long id = fx.ingest.importFile(IngestUiFixture.SAMPLE.resolve(sample), new ImportOptions("auto", "OP1001", null, null),
                null, () -> false).batchId();
        vm.refreshHistory();
        return vm.history().stream().filter(b -> b.batchId() == id).findFirst().orElseThrow();
    }

    @Test
    void assignJobAsksForTheJobAndTheHeldCountsBecomeAccepted() {
        BatchSummary b = imported("asm-ois-board-L3.csv");
        assertThat(b.unassigned()).isEqualTo(18);

        dialogs.answer("M008503");
        vm.assignJob(b);
        assertThat(tasks.failures()).isEmpty();
        assertThat(dialogs.last().orElseThrow().text()).contains("holds 18 count(s) without a job");
        assertThat(vm.messageProperty().get()).isEqualTo("Job M008503: 18 count(s) assigned, 18 written, 0 already stored.");
        BatchSummary after = vm.history().stream().filter(x -> x.batchId() == b.batchId()).findFirst().orElseThrow();
        assertThat(after.unassigned()).isZero();
        assertThat(after.accepted()).isEqualTo(18);
        assertThat(fx.count("SELECT COUNT(*) FROM production_event")).isEqualTo(18);

        i18n.setLocale(I18n.ZH);
        assertThat(vm.messageProperty().get()).isEqualTo("JOB M008503：已指定 18 条计数，写入 18 条，0 条此前已存在。");
        vm.assignJob(after);
        assertThat(vm.messageProperty().get()).isEqualTo("批次 " + b.batchId() + " 没有未指定 JOB 的计数。");
    }

    @Test
    void aCancelledDialogAssignsNothing() {
        BatchSummary b = imported("asm-ois-board-L3.csv");
        dialogs.answer(null); // cancelled
        vm.assignJob(b);
        assertThat(fx.count("SELECT COUNT(*) FROM unassigned_count")).isEqualTo(18);
        assertThat(fx.count("SELECT COUNT(*) FROM production_event")).isZero();
    }

    @Test
    void aRefusedVoidReadsInTheUsersLanguage() {
        BatchSummary b = imported("production-native.csv");
        vm.voidBatch(b, "wrong PC");
        vm.voidBatch(b, "again");
        assertThat(vm.messageProperty().get()).isEqualTo("Batch " + b.batchId() + " could not be voided: Import batch "
                + b.batchId() + " is already void.");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.messageProperty().get()).isEqualTo("无法作废批次 " + b.batchId() + "：导入批次 " + b.batchId() + " 已作废。");
    }
}
