package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings' view models on a real H2 database, their work run on the test thread. */
class SettingsViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final I18n i18n = new I18n(I18n.EN);
    private final StringProperty operator = new SimpleStringProperty("");

    @BeforeEach
    void setUp() {
        services = AppServices.open(TestDatabases.h2(dir));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void theCalendarIsLoadedSavedAndItsErrorsFollowTheLanguage() {
        FactoryCalendarViewModel vm = new FactoryCalendarViewModel(services.settings(), tasks, i18n, operator);
        vm.load();
        assertThat(vm.zoneProperty().get()).isEqualTo(services.settings().calendar().zone().getId());

        vm.zoneProperty().set("Asia/Shanghai");
        vm.dayStartProperty().set("06:00");
        vm.save();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Enter your operator id (top right) before saving.");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.statusProperty().get()).as("the same error in Chinese at once").doesNotContain("operator id");
        i18n.setLocale(I18n.EN);

        operator.set("OP1001");
        vm.dayStartProperty().set("06:10");
        vm.save();
        assertThat(vm.statusProperty().get()).isEqualTo("Day start '06:10' must be on a quarter hour (:00, :15, :30 or :45).");

        vm.dayStartProperty().set("06:00");
        vm.save();
        assertThat(vm.statusIsErrorProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Factory calendar: Asia/Shanghai, days start at 06:00.");
        assertThat(services.settings().calendar().zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(vm.savingProperty().get()).isFalse();
    }

    @Test
    void factorySettingsShowEveryProblemAtOnceAndSaveRightValues() {
        SettingsViewModel vm = new SettingsViewModel(services.settings(), services::info, tasks, i18n, operator);
        vm.load();
        assertThat(vm.field(SettingsViewModel.STALE).get()).isEqualTo("15");
        assertThat(vm.targets()).extracting(SettingsViewModel.TargetRow::lineCode).contains("L2");
        assertThat(vm.counts()).isNotEmpty();

        operator.set("OP1001");
        vm.field(SettingsViewModel.STALE).set("2O");
        vm.field(SettingsViewModel.WARN).set("150");
        assertThat(vm.save()).isFalse();
        assertThat(vm.errors()).containsOnlyKeys(SettingsViewModel.STALE, SettingsViewModel.WARN);
        assertThat(vm.statusProperty().get()).isEqualTo("Nothing was saved: 2 value(s) to correct, each marked on its field.");

        vm.field(SettingsViewModel.STALE).set("20");
        vm.field(SettingsViewModel.WARN).set("0.4");
        assertThat(vm.save()).isTrue();
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.statusProperty().get()).endsWith("value(s) changed.");
        assertThat(services.settings().current().staleMinutes()).isEqualTo(20);
    }
}
