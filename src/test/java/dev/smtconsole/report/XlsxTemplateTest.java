package dev.smtconsole.report;

import dev.smtconsole.TestDatabases;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFPicture;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.smtconsole.report.ReportFixture.DAY1;
import static dev.smtconsole.report.ReportFixture.DAY3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A factory's own form is filled in place: its fonts, borders, logo and signature box survive. */
class XlsxTemplateTest {
    @TempDir
    Path dir;
    ReportFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ReportFixture(TestDatabases.h2(dir)).load();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Title row, header, the marked row 3, a signature row 5 and a logo anchored on row 6. */
    private Path template() throws Exception {
        Path file = dir.resolve("factory-form.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet s = wb.createSheet("表");
            XSSFFont bold = wb.createFont();
            bold.setBold(true);
            bold.setFontName("SimSun");
            XSSFCellStyle titleStyle = wb.createCellStyle();
            titleStyle.setFont(bold);
            XSSFCellStyle boxed = wb.createCellStyle();
            boxed.setBorderBottom(BorderStyle.MEDIUM);
            boxed.setBorderTop(BorderStyle.MEDIUM);
            s.createRow(0).createCell(0).setCellValue("ACME 生产数据记录表  LINE: ${line}");
            s.getRow(0).getCell(0).setCellStyle(titleStyle);
            s.createRow(1).createCell(0).setCellValue("期间 ${period}");
            XSSFRow marked = s.createRow(3);
            String[] cells = {"${row}", "${date}", "${job}", "${quantity}", "${picks1}", "${picks}", "${remark}"};
            for (int i = 0; i < cells.length; i++) {
                marked.createCell(i).setCellValue(cells[i]);
                marked.getCell(i).setCellStyle(boxed);
            }
            s.addMergedRegion(new CellRangeAddress(3, 3, 6, 7));
            s.createRow(5).createCell(0).setCellValue("签名 Signature: ______  total ${totalQuantity}");
            s.getRow(5).getCell(0).setCellStyle(boxed);
            byte[] png = Files.readAllBytes(Path.of(XlsxTemplateTest.class.getResource("/ui/console.css").toURI()).getParent()
                    .resolve("console.css")); // any bytes: POI stores pictures as given
            int pic = wb.addPicture(png, Workbook.PICTURE_TYPE_PNG);
            XSSFDrawing d = s.createDrawingPatriarch();
            XSSFClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
            anchor.setCol1(4);
            anchor.setRow1(6);
            anchor.setCol2(6);
            anchor.setRow2(8);
            anchor.setAnchorType(ClientAnchor.AnchorType.MOVE_AND_RESIZE);
            d.createPicture(anchor, pic);
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        return file;
    }

    @Test
    void fillsMarkedRowPerJobAndKeepsTheFormAround() throws Exception {
        var reports = fx.services.reports();
        reports.edit("L2", reports.production("L2", DAY1, DAY3, null).rows().get(0), dev.smtconsole.app.ReportService.EditField.REMARK,
                "@risk =1+1", null, "OP1001");
        ProductionReport report = reports.production("L2", DAY1, DAY3, null);
        Path out = dir.resolve("filled.xlsx");
        reports.writeProductionXlsx(List.of(report, reports.production("L1", DAY1, DAY3, null)), out, DateStyle.PAPER, template());
        try (InputStream in = Files.newInputStream(out); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            XSSFSheet s = wb.getSheetAt(0);
            assertThat(s.getSheetName()).isEqualTo("LINE L2");
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("ACME 生产数据记录表  LINE: L2");
            assertThat(s.getRow(0).getCell(0).getCellStyle().getFont().getBold()).isTrue();
            assertThat(s.getRow(0).getCell(0).getCellStyle().getFont().getFontName()).isEqualTo("SimSun");
            assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("期间 1.8.26 – 1.10.26");
            // 5 rows (M008358, M008502 x2, M008600 ... ) fill rows 3..7
            int n = report.rows().size();
            assertThat(n).isEqualTo(4);
            for (int i = 0; i < n; i++) {
                XSSFRow r = s.getRow(3 + i);
                assertThat(r.getCell(0).getNumericCellValue()).isEqualTo(i + 1);
                assertThat(r.getCell(2).getStringCellValue()).isEqualTo(report.rows().get(i).jobNo());
                assertThat(r.getCell(3).getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(r.getCell(3).getNumericCellValue()).isEqualTo(report.rows().get(i).quantity());
                assertThat(r.getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(r.getCell(2).getCellStyle().getBorderBottom()).isEqualTo(BorderStyle.MEDIUM);
                assertThat(s.getMergedRegions()).contains(new CellRangeAddress(3 + i, 3 + i, 6, 7));
            }
            assertThat(s.getRow(3).getCell(5).getStringCellValue()).startsWith("24207\n10086\n");
            assertThat(s.getRow(3).getCell(6).getCellType()).isEqualTo(CellType.STRING);
            assertThat(s.getRow(3).getCell(6).getStringCellValue()).isEqualTo("@risk =1+1");
            // The signature box moved down by n-1 rows with its style; so did the logo.
            XSSFRow sign = s.getRow(5 + n - 1);
            assertThat(sign.getCell(0).getStringCellValue()).isEqualTo("签名 Signature: ______  total " + report.totalQuantity());
            assertThat(sign.getCell(0).getCellStyle().getBorderTop()).isEqualTo(BorderStyle.MEDIUM);
            XSSFPicture logo = (XSSFPicture) s.getDrawingPatriarch().getShapes().get(0);
            assertThat(logo.getClientAnchor().getRow1()).isEqualTo(6 + n - 1);
            assertThat(wb.getSheetAt(1).getRow(0).getCell(0).getStringCellValue()).endsWith("LINE: L1");
        }
    }

    @Test
    void templateWithoutMarkedRowIsRefusedWithAReason() throws Exception {
        Path bad = dir.resolve("bad.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream o = Files.newOutputStream(bad)) {
            wb.createSheet("x").createRow(0).createCell(0).setCellValue("${line}");
            wb.write(o);
        }
        var reports = fx.services.reports();
        Path out = dir.resolve("never.xlsx");
        assertThatThrownBy(() -> reports.writeProductionXlsx(List.of(reports.production("L2", DAY1, DAY3, null)), out,
                DateStyle.PAPER, bad)).hasMessageContaining("${job}").hasMessageContaining("bad.xlsx");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("never.xlsx.part")).doesNotExist();
    }

    @Test
    void fillsAnInOutTemplate() throws Exception {
        var reports = fx.services.reports();
        reports.addInOut("L2", "M008358", DAY1, java.time.LocalTime.of(9, 0), "100", "礼", null, "OP1001");
        reports.addInOut("L2", "M008358", DAY1, java.time.LocalTime.of(15, 0), "62", "珍", "=tail", "OP1001");
        Path template = dir.resolve("inout-form.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream o = Files.newOutputStream(template)) {
            XSSFSheet s = wb.createSheet("in-out");
            s.createRow(0).createCell(0).setCellValue("产品出/入数记录表 LINE ${line} ${period}");
            XSSFRow r = s.createRow(2);
            String[] cells = {"${date}", "${time}", "${in}", "${inTotal}", "${by}", "${warehouseTotal}", "${remark}"};
            for (int i = 0; i < cells.length; i++) r.createCell(i).setCellValue(cells[i]);
            s.createRow(3).createCell(0).setCellValue("合计 ${totalIn}");
            wb.write(o);
        }
        Path out = dir.resolve("inout-filled.xlsx");
        reports.writeInOutXlsx(List.of(reports.inOut("L2", DAY1, DAY3)), out, DateStyle.ISO, template);
        try (InputStream in = Files.newInputStream(out); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet s = wb.getSheetAt(0);
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("产品出/入数记录表 LINE L2 2026-01-08 – 2026-01-10");
            assertThat(s.getRow(3).getCell(3).getNumericCellValue()).isEqualTo(162.0);
            assertThat(s.getRow(3).getCell(5).getNumericCellValue()).isEqualTo(162.0);
            assertThat(s.getRow(3).getCell(6).getCellType()).isEqualTo(CellType.STRING);
            assertThat(s.getRow(3).getCell(6).getStringCellValue()).isEqualTo("=tail");
            assertThat(s.getRow(4).getCell(0).getStringCellValue()).isEqualTo("合计 162");
        }
    }
}
