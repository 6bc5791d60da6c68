package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService.BatchSummary;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.ImportResult;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import view's questions go through the DialogService (issue 12): choosing files, the void
 * reason and the rejected-rows file are asked by the view model, answered here by a script, and
 * acted on against a real H2 database.
 */
class FileImportDialogsTest {
    @TempDir
    Path dir;
    private IngestUiFixture fx;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private FileImportViewModel vm;
    private ImportResult imported;

    @BeforeEach
    void setUp() {
        fx = new IngestUiFixture(dir);
        vm = new FileImportViewModel(fx.ingest, new ImmediateTaskExecutor(), dialogs, new I18n(I18n.ZH),
                new SimpleStringProperty("OP1001"), System::nanoTime);
        imported = fx.ingest.importFile(IngestUiFixture.SAMPLE.resolve("production-native-bad.csv"),
                new ImportOptions("auto", "OP1001", null, null), null, () -> false);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private BatchSummary batch() {
        return fx.ingest.history(10).stream().filter(b -> b.batchId() == imported.batchId()).findFirst().orElseThrow();
    }

    @Test
    void chosenFilesJoinTheListAndACancelAddsNothing() {
        Path a = IngestUiFixture.SAMPLE.resolve("production-native.csv");
        dialogs.answer(null).answer(List.of(a));
        vm.chooseFiles();
        assertThat(vm.files()).isEmpty();
        vm.chooseFiles();
        assertThat(vm.files()).containsExactly(a.toAbsolutePath().normalize());
        assertThat(dialogs.shown()).extracting(ScriptedDialogs.Shown::kind).containsExactly("openMany", "openMany");
        assertThat(dialogs.last().orElseThrow().title()).isEqualTo(new I18n(I18n.ZH).get("ingest.import.choose.title"));
    }

    @Test
    void aVoidIsAskedForItsReasonAndACancelVoidsNothing() {
        dialogs.answer(null);
        vm.askVoid(batch());
        assertThat(batch().voided()).isFalse();
        dialogs.answer("imported on the wrong PC");
        vm.askVoid(batch());
        assertThat(batch().voided()).isTrue();
        assertThat(fx.count("SELECT COUNT(*) FROM audit_event WHERE entity = 'import_batch' AND reason = 'imported on the wrong PC'"))
                .isEqualTo(1);
        assertThat(dialogs.allAnswered()).isTrue();
    }

    @Test
    void rejectedRowsAreWrittenWhereTheUserSaysNamedAfterTheFile() throws Exception {
        assertThat(imported.rejected()).isPositive();
        Path out = dir.resolve("out").resolve("rejects.csv");
        dialogs.answer(out);
        vm.askExportRejected(imported.batchId(), "production-native-bad.csv");
        assertThat(dialogs.last().orElseThrow().text()).isEqualTo("production-native-bad-rejected.csv");
        assertThat(Files.readAllLines(out)).hasSize((int) imported.rejected() + 1);
    }
}
