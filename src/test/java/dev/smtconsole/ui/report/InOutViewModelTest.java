package dev.smtconsole.ui.report;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.report.ReportFixture;
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
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The in/out sheet's view model on a real H2 database, with work run on the test thread and scripted dialogs. */
class InOutViewModelTest {
    @TempDir
    Path dir;
    private ReportFixture fx;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final I18n i18n = new I18n(I18n.EN);
    private InOutViewModel vm;

    @BeforeEach
    void setUp() {
        fx = new ReportFixture(TestDatabases.h2(dir)).load();
        vm = new InOutViewModel(fx.services.reports(), tasks, dialogs, i18n, new SimpleStringProperty("OP1003"), () -> DateStyle.ISO);
        vm.start();
        vm.fromProperty().set(ReportFixture.DAY1);
        vm.dateProperty().set(ReportFixture.DAY1);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private void type(String time, String qty) {
        vm.timeProperty().set(time);
        vm.jobProperty().set("M008358");
        vm.quantityProperty().set(qty);
        vm.signedByProperty().set("Li");
    }

    @Test
    void startChoosesTheFirstLineAndLoadsItsSheet() {
        assertThat(vm.lines()).contains("L2");
        assertThat(vm.lineProperty().get()).isEqualTo(vm.lines().get(0));
        assertThat(vm.reportProperty().get()).isNotNull();
        assertThat(vm.statusProperty().get()).isEqualTo("0 rows, IN 0 in the period.");
        assertThat(vm.statusIsErrorProperty().get()).isFalse();
    }

    @Test
    void addedRowsGetDerivedTotalsAndKeepDateTimeJobAndSigner() {
        vm.lineProperty().set("L2");
        type("9:00", "100");
        vm.add();
        assertThat(vm.quantityProperty().get()).as("the quantity is cleared for the next row").isEmpty();
        assertThat(vm.timeProperty().get()).isEqualTo("9:00");
        assertThat(vm.jobProperty().get()).isEqualTo("M008358");
        assertThat(vm.focusProperty().get()).isEqualTo(InOutViewModel.QUANTITY);
        vm.timeProperty().set("15：30"); // a full-width colon, as Chinese input methods type it
        vm.quantityProperty().set("62");
        vm.add();
        assertThat(vm.rows()).extracting(InOutRow::inTotal).containsExactly(100L, 162L);
        assertThat(vm.rows().get(1).entry().time()).isEqualTo(LocalTime.of(15, 30));
        assertThat(vm.rows().get(1).entry().operatorId()).isEqualTo("OP1003");
        assertThat(tasks.failures()).isEmpty();
    }

    @Test
    void aTimeThatIsNoTimeIsRefusedBeforeAskingTheService() {
        type("9 Uhr", "100");
        int before = tasks.submitted();
        vm.add();
        assertThat(tasks.submitted()).isEqualTo(before);
        assertThat(vm.statusProperty().get()).isEqualTo("Enter the time as H:mm (e.g. 14:30).");
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.focusProperty().get()).isEqualTo(InOutViewModel.TIME);
        i18n.setLocale(I18n.ZH);
        assertThat(vm.statusProperty().get()).as("the error follows the language").doesNotContain("Enter");
    }

    @Test
    void aBadQuantityIsTheServicesKeyedErrorInTheUsersLanguage() {
        vm.lineProperty().set("L2");
        type("9:00", "1O0");
        vm.add();
        assertThat(vm.statusProperty().get()).isEqualTo("IN quantity '1O0' is not a whole number above 0.");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.statusProperty().get()).contains("1O0").doesNotContain("whole number");
        assertThat(vm.rows()).isEmpty();
    }

    @Test
    void voidAsksForAReasonAndACancelChangesNothing() {
        vm.lineProperty().set("L2");
        type("9:00", "100");
        vm.add();
        vm.selectedProperty().set(vm.rows().get(0));
        dialogs.answer(null);
        vm.voidSelected();
        assertThat(dialogs.last().orElseThrow().kind()).isEqualTo("reason");
        assertThat(dialogs.last().orElseThrow().text()).isEqualTo("Void the row of 100 on 2026-01-08? Give the reason.");
        assertThat(vm.rows()).hasSize(1);

        dialogs.answer("typed on the wrong line");
        vm.voidSelected();
        assertThat(vm.rows()).as("a voided row leaves the sheet").isEmpty();
        assertThat(dialogs.allAnswered()).isTrue();
    }

    @Test
    void exportWritesTheChosenFileAndATemplateIsAskedForFirst() throws Exception {
        Path out = dir.resolve("inout.xlsx");
        vm.lineProperty().set("L2");
        vm.load();
        dialogs.answer(out);
        vm.export(false);
        assertThat(dialogs.last().orElseThrow().text()).as("suggested name").isEqualTo("Product-In-Out-Record-L2-2026-01-08_2026-01-20.xlsx");
        assertThat(Files.size(out)).isPositive();
        assertThat(vm.statusProperty().get()).contains(out.toString());

        dialogs.answer(null); // no template chosen: nothing else is asked
        int asked = dialogs.shown().size();
        vm.export(true);
        assertThat(dialogs.shown()).hasSize(asked + 1);
        assertThat(dialogs.last().orElseThrow().kind()).isEqualTo("open");
    }
}
