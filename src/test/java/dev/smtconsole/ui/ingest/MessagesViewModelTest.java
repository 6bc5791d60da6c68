package dev.smtconsole.ui.ingest;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.domain.IntegrationMessageRow;
import dev.smtconsole.store.Database;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.ImmediateTaskExecutor;
import dev.smtconsole.ui.kit.ScriptedDialogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** 录入 → Messages' view model on a real H2 database: filters, the payload shown, a retry after master data is fixed. */
class MessagesViewModelTest {
    @TempDir
    Path dir;
    private AppServices services;
    private final ImmediateTaskExecutor tasks = new ImmediateTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final I18n i18n = new I18n(I18n.EN);
    private MessagesViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        services = new AppServices(Database.open(TestDatabases.h2(dir)), Clock.systemUTC());
        services.masterData().importFile(Path.of("sample-data", "lines.csv"));
        services.masterData().importFile(Path.of("sample-data", "operators.csv"));
        GatewayService gw = services.gateway();
        gw.newToken("OP1001", services.masterData().current()); // its operator is of record for AUTO posts
        gw.post(post("ok-1", "L1-M1"));
        try {
            gw.post(post("bad-1", "L1-NEW"));
        } catch (GatewayService.Refused expected) {
            // kept as FAILED
        }
        gw.post(post("ok-1", "L1-M1")); // a duplicate
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        vm = new MessagesViewModel(services::messages, tasks, dialogs, i18n, today);
    }

    private static GatewayService.DevicePost post(String id, String machine) {
        String time = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String raw = """
                {"eventId":"%s","eventTime":"%s","runNo":"M008502","equipmentId":"%s","data":[{"specName":"boards","valueNumber":1}]}"""
                .formatted(id, time, machine);
        return new GatewayService.DevicePost(id, time, "AUTO", "M008502", null,
                null, null, machine, null, null, null, null,
                List.of(new GatewayService.DataValue("boards", 1.0, null, null, null, null, null)), raw);
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    @Test
    void listsEveryMessageAndFiltersByStatusAndMachine() {
        vm.load();
        assertThat(vm.rows()).extracting(IntegrationMessageRow::status).containsExactly("DUPLICATE", "FAILED", "SUCCESS");
        assertThat(vm.statusLineProperty().get()).isEqualTo("3 messages");
        vm.statusProperty().set("FAILED");
        vm.load();
        assertThat(vm.rows()).extracting(IntegrationMessageRow::externalId).containsExactly("bad-1");
        vm.statusProperty().set(MessagesViewModel.ANY);
        vm.machineProperty().set("L1-M1");
        vm.load();
        assertThat(vm.rows()).extracting(IntegrationMessageRow::externalId).containsExactly("ok-1", "ok-1");
        i18n.setLocale(I18n.ZH);
        assertThat(vm.statusLineProperty().get()).isEqualTo("共 2 条消息");
        assertThat(vm.statusText("FAILED")).isEqualTo("失败");
    }

    @Test
    void showsThePayloadAndRetriesAFailedPostOnlyWhenAskedAndOnlyOnce() throws Exception {
        vm.load();
        IntegrationMessageRow ok = vm.rows().get(2), failed = vm.rows().get(1);
        vm.selectedProperty().set(ok);
        assertThat(vm.payloadProperty().get()).contains("\"eventId\" : \"ok-1\"");
        assertThat(vm.canRetryProperty().get()).isFalse();
        vm.selectedProperty().set(failed);
        assertThat(vm.canRetryProperty().get()).isTrue();

        // Still refused: said so, nothing new kept.
        dialogs.answer(true);
        vm.retry();
        assertThat(vm.statusIsErrorProperty().get()).isTrue();
        assertThat(vm.statusLineProperty().get()).startsWith("Refused again: ").contains("L1-NEW");
        assertThat(vm.rows()).hasSize(3);

        services.masterData().importCsv(new ByteArrayInputStream(
                "line,machine,position,kind,name,aliases\nL1,L1-NEW,90,PLACEMENT,,\n".getBytes(StandardCharsets.UTF_8)), "m.csv");
        vm.selectedProperty().set(vm.rows().get(1));
        dialogs.answer(false);
        vm.retry();
        assertThat(vm.rows()).hasSize(3); // cancelled: nothing sent
        dialogs.answer(true);
        vm.retry();
        assertThat(dialogs.last().orElseThrow().text()).contains("bad-1");
        assertThat(vm.statusIsErrorProperty().get()).isFalse();
        assertThat(vm.statusLineProperty().get()).startsWith("Message " + failed.id() + " was stored as message ");
        assertThat(vm.rows()).hasSize(4);
        IntegrationMessageRow retried = vm.rows().stream().filter(r -> r.id() == failed.id()).findFirst().orElseThrow();
        assertThat(retried.retriedAs()).isNotNull();
        vm.selectedProperty().set(retried);
        assertThat(vm.canRetryProperty().get()).isFalse();
        assertThat(tasks.failures()).hasSize(1).first().isInstanceOf(GatewayService.Refused.class); // the first retry
    }
}
