package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report values}: the gateway's device values of a line as CSV, CSV-injection safe. */
class ReportValuesCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesALinesDeviceValuesAsCsv() throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (AppServices services = new AppServices(Database.open(config), Clock.systemUTC())) {
            services.masterData().importFile(Path.of("sample-data", "lines.csv"));
            services.masterData().importFile(Path.of("sample-data", "operators.csv"));
            GatewayService gw = services.gateway();
            gw.newToken("OP1001", services.masterData().current());
            gw.post(new GatewayService.DevicePost("v1", "2026-01-24T10:00:00Z", "AUTO", "M008502", null, "L1", null, "L1-M2",
                    null, null, null, null, List.of(
                    new GatewayService.DataValue("Peak Temperature", 245.0, null, null, null, "°C", "2026-01-24T10:00:05Z"),
                    new GatewayService.DataValue("Note", null, "-1+2", null, null, null, null)), "{}"));
        }
        Path csv = dir.resolve("values.csv");
        CliRunner.Result r = CliRunner.run("--db", config.url(), "report", "values", "--line", "L1", "--from", "2026-01-24",
                "--to", "2026-01-24", "--csv", csv.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 values");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("line,collected_at,machine,job,spec,value,unit,message_id");
        // Oldest first: the note has no collectedAt of its own (the post's eventTime), the peak came 5 s later.
        assertThat(lines.get(1)).startsWith("L1,").contains(",L1-M2,M008502,Note,'-1+2,,");
        assertThat(lines.get(2)).contains(",L1-M2,M008502,Peak Temperature,245,°C,");

        CliRunner.Result unknown = CliRunner.run("--db", config.url(), "report", "values", "--line", "NOPE", "--from",
                "2026-01-24", "--to", "2026-01-24");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).startsWith("error: ").contains("NOPE");
    }
}
