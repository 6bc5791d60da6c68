package dev.smtconsole.ui.settings;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.gateway.GatewayRunner;
import dev.smtconsole.store.Database;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings → Gateway's view model with the real in-window listener on a real H2 file: on, off,
 * port checks, a token shown once and stored hashed, the settings kept for the next start.
 */
class GatewayViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;
    private UserSettings settings;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final I18n i18n = new I18n(I18n.EN);
    private final SimpleStringProperty operator = new SimpleStringProperty("OP1001");
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        services = new AppServices(Database.open(TestDatabases.h2(dir.resolve("db"))), Clock.systemUTC());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        services.setGatewayHost(new GatewayRunner(services));
        settings = new UserSettings(dir.resolve("config"));
    }

    @AfterEach
    void tearDown() {
        services.close(); // stops the listener too
    }

    private GatewayViewModel vm() {
        GatewayViewModel vm = new GatewayViewModel(services.gatewayControl(settings), services::gateway, services.masterData(),
                tasks, dialogs, i18n, operator);
        vm.load();
        return vm;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private int health(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void turnsTheListenerOnAndOffAndKeepsTheSettings() throws Exception {
        GatewayViewModel vm = vm();
        assertThat(vm.enabledProperty().get()).isFalse();
        assertThat(vm.bindProperty().get()).isEqualTo("127.0.0.1");
        assertThat(vm.stateProperty().get()).isEqualTo("Not running");

        int port = freePort();
        vm.enabledProperty().set(true);
        vm.portProperty().set(String.valueOf(port));
        vm.apply();
        assertThat(vm.stateProperty().get()).isEqualTo("Listening on http://127.0.0.1:" + port);
        assertThat(health(port)).isEqualTo(200);

        // The next start of the window reads what was saved.
        GatewayViewModel again = vm();
        assertThat(again.enabledProperty().get()).isTrue();
        assertThat(again.portProperty().get()).isEqualTo(String.valueOf(port));

        vm.enabledProperty().set(false);
        vm.apply();
        assertThat(vm.stateProperty().get()).isEqualTo("Not running");
        assertThatThrownBy(() -> health(port)).isInstanceOf(IOException.class);

        vm.portProperty().set("99999");
        vm.apply();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Port '99999' must be a whole number from 1 to 65535");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.statusProperty().get()).isEqualTo("端口‘99999’必须是 1 到 65535 之间的整数");
        assertThat(vm.stateProperty().get()).isEqualTo("未运行");
    }

    @Test
    void aNewTokenIsShownOnceStoredHashedAndOnlyAfterAsking() {
        GatewayViewModel vm = vm();
        dialogs.answer(false);
        vm.generateToken();
        assertThat(vm.tokenProperty().get()).isEmpty();
        assertThat(services.gateway().storedTokenHash()).isEmpty();

        dialogs.answer(true);
        vm.generateToken();
        String token = vm.tokenProperty().get();
        assertThat(token).hasSizeGreaterThan(30);
        assertThat(services.gateway().storedTokenHash()).contains(GatewayService.hash(token));
        long stored = services.database().jdbc(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT COUNT(*) FROM app_setting WHERE setting_value LIKE '%" + token + "%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(stored).as("the token itself is nowhere in the database").isZero();
        // A page built anew does not show it again.
        assertThat(vm().tokenProperty().get()).isEmpty();

        operator.set("");
        vm.generateToken();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
    }
}
