package dev.smtconsole.report;

import dev.smtconsole.app.ReportException;
import dev.smtconsole.app.ReportService;
import dev.smtconsole.app.ReportService.EditField;
import dev.smtconsole.store.DatabaseConfig;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;

import static dev.smtconsole.report.ReportFixture.DAY1;
import static dev.smtconsole.report.ReportFixture.DAY3;
import static dev.smtconsole.report.ReportFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report against a real database: the same tests run on H2 (file) and PostgreSQL. */
abstract class ReportServiceContract {
    @TempDir
    Path dir;
    DatabaseConfig config;
    ReportFixture fx;
    ReportService reports;

    abstract DatabaseConfig newConfig(Path dir);

    @BeforeEach
    void setUp() {
        config = newConfig(dir);
        fx = new ReportFixture(config).load();
        reports = fx.services.reports();
    }

    @AfterEach
    void tearDown() {
        if (fx != null) fx.close();
        dev.smtconsole.TestDatabases.dropSchema(config);
    }

    private ProductionReport report() {
        return reports.production("L2", DAY1, DAY3, null);
    }

    private static ProductionRow row(ProductionReport r, String job, java.time.LocalDate day) {
        return r.rows().stream().filter(x -> x.jobNo().equals(job) && x.day().equals(day)).findFirst().orElseThrow();
    }

    @Test
    void rowsFromKnownEventsMatchThePaperForm() {
        fx.voidLateBatch();
        ProductionReport r = report();
        assertThat(r.machineCodes()).containsExactly("L2-M1", "L2-M2", "L2-M3");
        ProductionRow a = row(r, "M008358", DAY1);
        assertThat(a.productModel()).isEqualTo("1016928");
        assertThat(a.quantity()).isEqualTo(162);
        assertThat(a.lineLevel()).isFalse();
        assertThat(a.machines()).extracting(MachineCell::picks).containsExactly(24207L, 9086L, 6994L);
        assertThat(a.machines()).extracting(MachineCell::placements).containsExactly(24138L, 9072L, 6966L);
        assertThat(a.machines().get(2).rejects()).isEqualTo(28);
        assertThat(a.start()).isEqualTo(at("2026-01-08T11:10"));
        assertThat(a.end()).isEqualTo(at("2026-01-08T14:45"));
        assertThat(FormText.time(a.start(), a.day(), ReportFixture.ZONE)).isEqualTo("11:10");
        assertThat(a.expectedPlacements()).isEqualTo(40176);
        assertThat(a.placementsDisagree()).isFalse();
        assertThat(row(r, "M008502", DAY1).expectedPlacements()).isNull();
    }

    @Test
    void placementsThatDoNotFitBoardsTimesPlacementsPerBoardAreFlagged() {
        ProductionRow d = row(report(), "M008600", DAY3);
        assertThat(d.expectedPlacements()).isEqualTo(40000);
        assertThat(d.placementsDisagree()).isTrue();
        assertThat(d.flagged()).isTrue();
    }

    @Test
    void jobCrossingMidnightGetsOneRowPerProductionDay() {
        ProductionReport r = report();
        ProductionRow d1 = row(r, "M008502", DAY1);
        ProductionRow d2 = row(r, "M008502", DAY1.plusDays(1));
        assertThat(d1.quantity()).isEqualTo(50);
        assertThat(d1.machines().get(0).picks()).isEqualTo(5500);
        assertThat(d2.quantity()).isEqualTo(60);
        assertThat(d2.start()).isEqualTo(at("2026-01-09T00:30"));
        // Rows are in date order, and within a day in start order.
        assertThat(r.rows()).extracting(ProductionRow::jobNo).containsExactly("M008358", "M008502", "M008502", "M008600");
    }

    @Test
    void lineLevelQuantityWinsAndIsFlaggedAgainstMachineBoards() {
        ProductionRow d = row(report(), "M008600", DAY3);
        assertThat(d.lineLevel()).isTrue();
        assertThat(d.quantity()).isEqualTo(400);
        assertThat(d.maxMachineBoards()).isEqualTo(398);
        assertThat(d.quantityDisagrees()).isTrue();
        assertThat(row(report(), "M008358", DAY1).quantityDisagrees()).isFalse();
    }

    @Test
    void voidedBatchLeavesTheReport() {
        ProductionRow before = row(report(), "M008358", DAY1);
        assertThat(before.machines().get(1).picks()).isEqualTo(10086);
        assertThat(before.end()).isEqualTo(at("2026-01-08T16:20"));
        assertThat(reports.sources("L2", before)).extracting(ReportService.SourceInfo::fileName).contains("late.csv");
        assertThat(reports.sources("L2", before)).extracting(ReportService.SourceInfo::batchId).contains(fx.lateBatch);
        fx.voidLateBatch();
        ProductionRow after = row(report(), "M008358", DAY1);
        assertThat(after.machines().get(1).picks()).isEqualTo(9086);
        assertThat(after.machines().get(2).picks()).isEqualTo(6994);
        assertThat(after.quantity()).isEqualTo(162);
        // The 16:20 bucket held only voided events: it no longer stretches the end time.
        assertThat(after.end()).isEqualTo(at("2026-01-08T14:45"));
        assertThat(reports.sources("L2", after)).extracting(ReportService.SourceInfo::fileName).doesNotContain("late.csv");
        assertThat(reports.sources("L2", after)).extracting(ReportService.SourceInfo::source).containsOnly("AUTO");
        assertThat(reports.sources("L2", after)).extracting(ReportService.SourceInfo::batchId).containsOnlyNulls();
    }

    @Test
    void jobFilterMatchesPartOfJobOrModel() {
        assertThat(reports.production("L2", DAY1, DAY3, "8502").rows()).hasSize(2);
        assertThat(reports.production("L2", DAY1, DAY3, "7a0220").rows()).extracting(ProductionRow::jobNo).containsExactly("M008600");
    }

    @Test
    void editsArePersistedMarkedAndAudited() {
        ProductionRow a = row(report(), "M008358", DAY1);
        assertThatThrownBy(() -> reports.edit("L2", a, EditField.QUANTITY, "160", "", "OP1001"))
                .isInstanceOf(ReportException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> reports.edit("L2", a, EditField.CHECKERS, "礼、珍", null, " "))
                .isInstanceOf(ReportException.class).hasMessageContaining("operator");
        assertThatThrownBy(() -> reports.edit("L2", a, EditField.QUANTITY, "16x", "typo", "OP1001"))
                .isInstanceOf(ReportException.class).hasMessageContaining("16x");
        reports.edit("L2", a, EditField.QUANTITY, "160", "2 boards scrapped at AOI", "OP1001");
        ProductionRow a2 = row(report(), "M008358", DAY1);
        assertThat(a2.quantity()).isEqualTo(160);
        assertThat(a2.quantityEdited()).isTrue();
        assertThat(a2.quantityDisagrees()).isTrue();
        reports.edit("L2", a2, EditField.CHECKERS, "礼、珍", null, "OP1002");
        reports.edit("L2", row(report(), "M008358", DAY1), EditField.END, "14:50", "machine clock slow", "OP1002");
        ProductionRow a3 = row(report(), "M008358", DAY1);
        assertThat(a3.checkers()).isEqualTo("礼、珍");
        assertThat(a3.checkersEdited()).isTrue();
        assertThat(a3.remarkEdited()).isFalse();
        assertThat(a3.end()).isEqualTo(at("2026-01-08T14:50"));
        assertThat(a3.endEdited()).isTrue();
        assertThat(a3.record().updatedBy()).isEqualTo("OP1002");
        assertThat(a3.version()).isEqualTo(2);

        var history = reports.history(a3);
        assertThat(history).hasSize(3);
        var q = history.get(2);
        assertThat(q.field()).isEqualTo("quantity");
        assertThat(q.oldValue()).isNull();
        assertThat(q.newValue()).isEqualTo("160");
        assertThat(q.operator()).isEqualTo("OP1001");
        assertThat(q.reason()).isEqualTo("2 boards scrapped at AOI");
        assertThat(history.get(0).field()).isEqualTo("end");
        assertThat(history.get(0).newValue()).isEqualTo("2026-01-08 14:50");
    }

    @Test
    void staleEditIsRefused() {
        ProductionRow a = row(report(), "M008358", DAY1);
        reports.edit("L2", a, EditField.REMARK, "574.8 - 416 = 158.8", null, "OP1001");
        // `a` still carries the state before that save: a second console editing from it loses.
        assertThatThrownBy(() -> reports.edit("L2", a, EditField.CHECKERS, "荷", null, "OP1002"))
                .isInstanceOf(ReportException.class).hasMessageContaining("OP1001");
        assertThat(row(report(), "M008358", DAY1).checkers()).isEmpty();
    }

    @Test
    void endBeforeStartIsRefused() {
        ProductionRow a = row(report(), "M008358", DAY1);
        assertThatThrownBy(() -> reports.edit("L2", a, EditField.END, "10:00", "x", "OP1001"))
                .isInstanceOf(ReportException.class).hasMessageContaining("10:00");
    }

    @Test
    void csvHasOneRowPerDayJobAndMachine() throws Exception {
        fx.voidLateBatch();
        ProductionRow a = row(report(), "M008358", DAY1);
        reports.edit("L2", a, EditField.CHECKERS, "礼、珍", null, "OP1001");
        Path csv = dir.resolve("out/production.csv");
        reports.writeProductionCsv(List.of(report()), csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("date,line,product_model,job,boards,checkers,start,end,machine,picks,placements,rejects,loss_rate,remark");
        assertThat(lines).hasSize(1 + 4 * 3);
        assertThat(lines.get(1)).isEqualTo("2026-01-08,L2,1016928,M008358,162,礼、珍,2026-01-08T11:10:00+08:00,2026-01-08T14:45:00+08:00,L2-M1,24207,24138,69,0.002850,");
        assertThat(lines.get(3)).contains(",L2-M3,6994,6966,28,0.004003,");
        assertThat(lines).noneMatch(l -> l.endsWith(".part"));
    }

    @Test
    void xlsxLooksLikeTheFormAndKeepsTextAsText() throws Exception {
        ProductionRow a = row(report(), "M008358", DAY1);
        reports.edit("L2", a, EditField.REMARK, "=HYPERLINK(\"http://x\")", null, "OP1001");
        Path xlsx = dir.resolve("production.xlsx");
        reports.writeProductionXlsx(List.of(report(), reports.production("L1", DAY1, DAY3, null)), xlsx,
                DateStyle.PAPER, null);
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            XSSFSheet s = wb.getSheet("LINE L2");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("生产数据记录表 / Production Data Record");
            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("LINE: L2");
            assertThat(s.getRow(1).getCell(4).getStringCellValue()).contains("1.8.26").contains("1.10.26");
            assertThat(s.getRow(2).getCell(8).getStringCellValue()).isEqualTo("吸料数量");
            assertThat(s.getRow(3).getCell(8).getStringCellValue()).isEqualTo("Picks");
            int r0 = ProductionXlsx.FIRST_DATA_ROW;
            assertThat(s.getRow(r0).getCell(0).getStringCellValue()).isEqualTo("1.8.26");
            assertThat(s.getRow(r0).getCell(2).getStringCellValue()).isEqualTo("M008358");
            XSSFCell qty = s.getRow(r0).getCell(3);
            assertThat(qty.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(qty.getNumericCellValue()).isEqualTo(172.0); // late batch not voided here: M2 saw 172
            assertThat(s.getRow(r0 + 1).getCell(7).getStringCellValue()).isEqualTo("L2-M2");
            assertThat(s.getRow(r0 + 1).getCell(8).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(s.getRow(r0 + 1).getCell(8).getNumericCellValue()).isEqualTo(10086.0);
            assertThat(s.getRow(r0 + 2).getCell(11).getCellType()).isEqualTo(CellType.NUMERIC);
            XSSFCell remark = s.getRow(r0).getCell(12);
            assertThat(remark.getCellType()).isEqualTo(CellType.STRING);
            assertThat(remark.getStringCellValue()).isEqualTo("=HYPERLINK(\"http://x\")");
            assertThat(remark.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(s.getMergedRegions()).contains(new CellRangeAddress(r0, r0 + 2, 2, 2),
                    new CellRangeAddress(r0, r0 + 2, 3, 3), new CellRangeAddress(r0, r0 + 2, 12, 12));
            PrintSetup ps = s.getPrintSetup();
            assertThat(ps.getLandscape()).isTrue();
            assertThat(ps.getPaperSize()).isEqualTo(PrintSetup.A4_PAPERSIZE);
            assertThat(ps.getFitWidth()).isEqualTo((short) 1);
            assertThat(ps.getFitHeight()).isEqualTo((short) 0);
            assertThat(s.getFitToPage()).isTrue();
            assertThat(s.getRepeatingRows()).isEqualTo(CellRangeAddress.valueOf("3:4"));
            assertThat(s.getFooter().getCenter()).contains("&P").contains("&N");
            assertThat(s.getFooter().getRight()).contains("2026-01-20 10:00");
            // totals: 4 rows' quantities
            int totalRow = r0 + 4 * 3;
            assertThat(s.getRow(totalRow).getCell(0).getStringCellValue()).isEqualTo("合计 Total");
            assertThat(s.getRow(totalRow).getCell(3).getNumericCellValue()).isEqualTo(172 + 50 + 60 + 400);
        }
    }

    @Test
    void auditRowsAreRealTableRows() {
        ProductionRow a = row(report(), "M008358", DAY1);
        reports.edit("L2", a, EditField.START, "11:00", "started before the first count", "OP1001");
        long n = fx.services.database().jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM audit_event WHERE entity = 'job_record' AND field = 'start' AND operator_id = 'OP1001'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(n).isEqualTo(1);
    }

    @Test
    void inOutTotalsAreDerived() throws Exception {
        java.time.LocalTime t0830 = java.time.LocalTime.of(8, 30), t1400 = java.time.LocalTime.of(14, 0);
        reports.addInOut("L2", "M008358", DAY1.minusDays(1), t1400, "30", "荷", null, "OP1001");
        reports.addInOut("L2", "M008358", DAY1, t1400, "100", "礼", "first pallet", "OP1001");
        reports.addInOut("L2", "M008502", DAY1, t0830, "50", "珍", null, "OP1001");
        long last = reports.addInOut("L2", "M008358", DAY1.plusDays(1), t0830, "62", "礼", "-2 scrapped", "OP1002");
        assertThatThrownBy(() -> reports.addInOut("L2", "M008358", DAY1, t0830, "1O0", "礼", null, "OP1001"))
                .isInstanceOf(ReportException.class).hasMessageContaining("1O0");
        assertThatThrownBy(() -> reports.addInOut("L2", "M008358", DAY1, t0830, "10", "礼", null, ""))
                .isInstanceOf(ReportException.class).hasMessageContaining("operator");
        InOutReport io = reports.inOut("L2", DAY1, DAY3);
        assertThat(io.rows()).extracting(x -> x.entry().inQty()).containsExactly(50L, 100L, 62L);
        // IN TOTAL carries the job's IN from before the period (30); 入仓累计 starts with the period.
        assertThat(io.rows()).extracting(InOutRow::inTotal).containsExactly(50L, 130L, 192L);
        assertThat(io.rows()).extracting(InOutRow::warehouseTotal).containsExactly(50L, 150L, 212L);
        assertThat(reports.voidInOut(last, "typed twice", "OP1001")).isTrue();
        assertThat(reports.inOut("L2", DAY1, DAY3).rows()).hasSize(2);

        Path csv = dir.resolve("inout.csv");
        reports.writeInOutCsv(List.of(reports.inOut("L2", DAY1, DAY3)), csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("date,time,line,job,in_qty,in_total,signed_by,warehouse_total,remark");
        assertThat(lines.get(2)).isEqualTo("2026-01-08,14:00,L2,M008358,100,130,礼,150,first pallet");
        Path xlsx = dir.resolve("inout.xlsx");
        reports.writeInOutXlsx(List.of(reports.inOut("L2", DAY1, DAY3)), xlsx, DateStyle.ISO, null);
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet s = wb.getSheetAt(0);
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).contains("产品出/入数记录表");
            var r = s.getRow(InOutXlsx.FIRST_DATA_ROW + 1);
            assertThat(r.getCell(0).getStringCellValue()).isEqualTo("2026-01-08");
            assertThat(r.getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(r.getCell(4).getNumericCellValue()).isEqualTo(130.0);
            assertThat(r.getCell(6).getNumericCellValue()).isEqualTo(150.0);
            assertThat(s.getPrintSetup().getLandscape()).isTrue();
            assertThat(s.getRepeatingRows()).isEqualTo(CellRangeAddress.valueOf("3:4"));
        }
        long audits = fx.services.database().jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_event WHERE entity = 'in_out_entry'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(audits).isEqualTo(5);
    }
}
