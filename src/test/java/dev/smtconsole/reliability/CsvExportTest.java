package dev.smtconsole.reliability;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.report.CsvSafe;
import dev.smtconsole.store.Database;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18 items 8 and 9: CSV files the product writes carry no live formula and keep their columns. */
class CsvExportTest {
    @TempDir
    Path dir;

    static List<CSVRecord> read(Path f) throws Exception {
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).replace("\uFEFF", "");
            return CSVFormat.DEFAULT.parse(new java.io.StringReader(text)).getRecords();
        }
    }

    @Test
    void cellsThatWouldRunAsFormulasAreNeutralised() {
        for (String bad : List.of("=1+1", "+1", "-1+2", "@SUM(A1)", "\t=x", "\r=x", "=HYPERLINK(\"http://x\",\"y\")")) {
            assertThat(CsvSafe.cell(bad)).startsWith("'").endsWith(bad);
        }
        assertThat(CsvSafe.cell("M008358")).isEqualTo("M008358");
        assertThat(CsvSafe.cell("5 tape")).isEqualTo("5 tape");
        assertThat(CsvSafe.value(-5L)).as("numbers the product computes stay numbers").isEqualTo(-5L);
    }

    @Test
    void rejectsExportNeutralisesFormulasAndKeepsTheHeadersColumns() throws Exception {
        try (AppServices s = new AppServices(Database.open(TestDatabases.h2(dir)), Clock.system(ZoneId.of("Asia/Shanghai")))) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
            Path f = dir.resolve("hostile.csv");
            Files.writeString(f, "event_id,event_time,line,machine,job,boards,picks,placements,operator_id,remark\n"
                    + "H-1,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,12x,99,OP1001,=1+1\n"
                    + "H-2,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,100,99,OP1001,ok,surplus,@cmd\n"
                    + "H-3,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,100,99,OP1001,fine\n");
            var r = s.ingest().importFile(f, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
            assertThat(r.rejected()).isEqualTo(2);
            Path out = dir.resolve("rejects.csv");
            assertThat(s.ingest().exportRejected(r.batchId(), out)).isEqualTo(2);
            List<CSVRecord> rows = read(out);
            List<String> header = rows.get(0).toList();
            assertThat(header).containsExactly("event_id", "event_time", "line", "machine", "job", "boards", "picks", "placements",
                    "operator_id", "remark", "extra cells", "reason");
            int reason = header.indexOf("reason"), extra = header.indexOf("extra cells"), remark = header.indexOf("remark");
            CSVRecord formula = rows.get(1), surplus = rows.get(2);
            assertThat(formula.size()).isEqualTo(header.size());
            assertThat(surplus.size()).isEqualTo(header.size());
            assertThat(formula.get(remark)).isEqualTo("'=1+1");
            assertThat(formula.get(reason)).contains("picks");
            assertThat(surplus.get(remark)).isEqualTo("ok");
            assertThat(surplus.get(extra)).isEqualTo("surplus,@cmd");
            assertThat(surplus.get(reason)).as("the reason under its own header").contains("columns");
            for (CSVRecord row : rows) for (String cell : row) assertThat(cell).doesNotStartWith("=").doesNotStartWith("@");
        }
    }

    @Test
    void productionCsvNeutralisesAFormulaModelAndTheXlsxKeepsItAsText() throws Exception {
        try (AppServices s = new AppServices(Database.open(TestDatabases.h2(dir)), Clock.system(ZoneId.of("Asia/Shanghai")))) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
            Path f = dir.resolve("model.csv");
            String model = "=HYPERLINK(\"http://x\",\"y\")";
            Files.writeString(f, "event_id,event_time,line,machine,job,product_model,boards,picks,placements,operator_id,remark\n"
                    + "P-1,2026-11-02T08:00:00+08:00,L1,L1-M1,M018900,\"" + model.replace("\"", "\"\"") + "\",1,100,99,OP1001,-2+3\n");
            assertThat(s.ingest().importFile(f, new ImportOptions("auto", "OP1001", null, null), null, () -> false).accepted())
                    .isEqualTo(1);
            var day = java.time.LocalDate.of(2026, 11, 2);
            var reports = List.of(s.reports().production("L1", day, day, null));
            Path csv = dir.resolve("report.csv");
            s.reports().writeProductionCsv(reports, csv);
            List<CSVRecord> rows = read(csv);
            int col = rows.get(0).toList().indexOf("product_model");
            assertThat(rows.subList(1, rows.size())).anySatisfy(r -> assertThat(r.get(col)).isEqualTo("'" + model));
            for (CSVRecord row : rows) for (String cell : row) assertThat(cell).doesNotStartWith("=").doesNotStartWith("-2");

            Path xlsx = dir.resolve("report.xlsx");
            s.reports().writeProductionXlsx(reports, xlsx, dev.smtconsole.report.DateStyle.values()[0], null);
            try (var wb = org.apache.poi.ss.usermodel.WorkbookFactory.create(xlsx.toFile())) {
                boolean found = false;
                for (var sheet : wb) for (var row : sheet) for (var cell : row) {
                    assertThat(cell.getCellType()).as("no formula cell in the export").isNotEqualTo(org.apache.poi.ss.usermodel.CellType.FORMULA);
                    if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING && cell.getStringCellValue().contains("HYPERLINK")) found = true;
                }
                assertThat(found).as("the model is in the sheet, as text").isTrue();
            }
        }
    }
}
