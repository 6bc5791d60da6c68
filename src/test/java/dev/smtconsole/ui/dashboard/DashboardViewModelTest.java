package dev.smtconsole.ui.dashboard;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The hourly chart's loads on a real H2 database, with the tasks held to see what waits. */
class DashboardViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void aDayChosenWhileAChartLoadsIsLoadedNextNotDropped() {
        services = AppServices.open(TestDatabases.h2(dir));
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        ImmediateTaskExecutor tasks = new ImmediateTaskExecutor().hold();
        DashboardViewModel vm = new DashboardViewModel(new UiContext(services, new I18n(I18n.EN),
                new UserSettings(dir.resolve("config")), tasks, new ScriptedDialogs(), new SimpleStringProperty("")));
        LocalDate today = vm.productionDay();
        vm.loadHourly("L1", today);
        vm.loadHourly("L1", today);                  // a refresh while loading: waits
        vm.loadHourly("L1", today.minusDays(3));     // the user picks another day: replaces the waiting one
        assertThat(tasks.pendingCount()).isEqualTo(1);
        assertThat(tasks.runPending()).as("the first load, then the latest request").isEqualTo(2);
        assertThat(vm.hourlyProperty().get().day()).isEqualTo(today.minusDays(3));
        assertThat(vm.hourlyErrorProperty().get()).isEmpty();
    }
}
