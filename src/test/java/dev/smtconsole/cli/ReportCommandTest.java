package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.report.ReportFixture;
import dev.smtconsole.store.DatabaseConfig;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `report production` and `report inout` end to end against an H2 file database. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private String load() {
        DatabaseConfig config = TestDatabases.h2(dir);
        ReportFixture fx = new ReportFixture(config).load();
        try {
            fx.voidLateBatch();
            fx.services.reports().addInOut("L2", "M008358", ReportFixture.DAY1, LocalTime.of(15, 0), "160", "礼", null, "OP1001");
        } finally {
            fx.close();
        }
        return config.url();
    }

    @Test
    void productionCsvAndXlsxForTwoLines() throws Exception {
        String url = load();
        Path csv = dir.resolve("p.csv"), xlsx = dir.resolve("p.xlsx");
        int rc = SmtCli.run("--db", url, "report", "production", "--line", "L2,L1", "--from", "2026-01-08", "--to", "2026-01-10",
                "--csv", csv.toString(), "--xlsx", xlsx.toString());
        assertThat(rc).isZero();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("date,line,product_model,job,boards,checkers,start,end,machine,picks,placements,rejects,loss_rate,remark");
        // The factory calendar is the database's (Asia/Shanghai, settled by the console that created it), whatever
        // the zone of the JVM running this command: M008502's 23:30 and 00:30 are two production days, four rows.
        assertThat(lines).hasSize(1 + 4 * 3);
        assertThat(lines.get(1)).startsWith("2026-01-08,L2,1016928,M008358,162,,");
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            assertThat(wb.getSheetName(0)).isEqualTo("LINE L2");
            assertThat(wb.getSheetName(1)).isEqualTo("LINE L1");
        }
    }

    @Test
    void inoutCsv() throws Exception {
        String url = load();
        Path csv = dir.resolve("io.csv");
        assertThat(SmtCli.run("--db", url, "report", "inout", "--line", "L2", "--from", "2026-01-01", "--to", "2026-01-31",
                "--csv", csv.toString())).isZero();
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly(
                "date,time,line,job,in_qty,in_total,signed_by,warehouse_total,remark",
                "2026-01-08,15:00,L2,M008358,160,160,礼,160,");
    }

    @Test
    void badInputIsOneLineAndExitOne() {
        String url = load();
        assertThat(SmtCli.run("--db", url, "report", "production", "--line", "L9", "--from", "2026-01-01", "--to", "2026-01-31")).isEqualTo(1);
        assertThat(SmtCli.run("--db", url, "report", "production", "--line", "L2", "--from", "2026-01-31", "--to", "2026-01-01")).isEqualTo(1);
        assertThat(SmtCli.run("--db", url, "report", "production", "--line", "L2", "--from", "1.8.26", "--to", "2026-01-01")).isEqualTo(1);
        assertThat(SmtCli.run("--db", url, "report", "production", "--line", "L2", "--from", "2026-01-01", "--to", "2026-01-31",
                "--template", dir.resolve("missing.xlsx").toString(), "--xlsx", dir.resolve("x.xlsx").toString())).isEqualTo(1);
        assertThat(dir.resolve("x.xlsx")).doesNotExist();
    }
}
