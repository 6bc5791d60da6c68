package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and the first-run offer, on a real H2 database with the work run on the test thread. */
class MainViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;
    private final StringProperty operator = new SimpleStringProperty("");
    private final I18n i18n = new I18n(I18n.EN);
    private MainViewModel vm;

    @BeforeEach
    void setUp() {
        services = AppServices.open(TestDatabases.h2(dir));
        vm = new MainViewModel(dev.smtconsole.ui.kit.Features.All.of(services).shell(), new ImmediateTaskExecutor(), i18n, operator);
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void onlyAKnownOperatorSignsInAndTheReasonFollowsTheLanguage() {
        vm.signIn("anyone");
        assertThat(operator.get()).as("no operator list yet: anybody may sign in").isEqualTo("anyone");
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));

        vm.signIn(" OP9999 ");
        assertThat(operator.get()).isEmpty();
        String english = vm.operatorProblemProperty().get();
        assertThat(english).contains("OP9999");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.operatorProblemProperty().get()).contains("OP9999").isNotEqualTo(english);

        vm.signIn("OP1001");
        assertThat(operator.get()).isEqualTo("OP1001");
        assertThat(vm.operatorProblemProperty().get()).isEmpty();
        vm.signIn("");
        assertThat(operator.get()).isEmpty();
    }

    @Test
    void anEmptyDatabaseOffersDemoDataUntilItIsLoaded() {
        vm.checkFirstRun();
        assertThat(vm.firstRunProperty().get()).isTrue();
        boolean[] reloaded = {false};
        vm.loadDemo(() -> reloaded[0] = true);
        assertThat(reloaded[0]).isTrue();
        assertThat(vm.firstRunProperty().get()).isFalse();
        assertThat(vm.loadingDemoProperty().get()).isFalse();
        assertThat(services.isEmpty()).isFalse();
    }
}
