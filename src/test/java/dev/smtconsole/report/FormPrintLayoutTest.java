package dev.smtconsole.report;

import dev.smtconsole.ui.report.PrintLayout;
import dev.smtconsole.domain.Thresholds;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in forms as they print (issue 17): headers fit their cells in both languages, nothing
 * trails the totals (legend in the header block, signatures in the footer), an empty form has ruled
 * rows to write in. The pages themselves were looked at through LibreOffice (docs/screenshots/form-*.png).
 */
class FormPrintLayoutTest {
    private static final LocalDate DAY = LocalDate.of(2026, 1, 8);
    private static final Instant PRINTED = Instant.parse("2026-01-20T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anEmptyProductionFormHasRuledJobGroupsForOnePage() throws Exception {
        ProductionReport empty = new ProductionReport("L2", DAY, DAY.plusDays(6), ZoneId.of("Asia/Shanghai"),
                List.of("L2-M1", "L2-M2", "L2-M3"), List.of(), Thresholds.NONE);
        Path file = dir.resolve("empty.xlsx");
        ProductionXlsx.write(List.of(empty), file, DateStyle.PAPER, PRINTED);
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet s = wb.getSheetAt(0);
            int groups = 0;
            int r = ProductionXlsx.FIRST_DATA_ROW;
            while (s.getRow(r) != null && s.getRow(r).getCell(0) != null && s.getRow(r).getCell(0).getStringCellValue().isEmpty()) {
                Row first = s.getRow(r);
                assertThat(first.getCell(7).getStringCellValue()).isEqualTo("L2-M1");
                assertThat(first.getCell(8).getCellStyle().getBorderBottom()).isEqualTo(BorderStyle.THIN);
                assertThat(s.getRow(r + 2).getCell(7).getStringCellValue()).isEqualTo("L2-M3");
                groups++;
                r += 3;
            }
            assertThat(groups).as("job groups to fill in by hand").isBetween(8, 16);
            assertThat(s.getRow(r).getCell(0).getStringCellValue()).isEqualTo("合计 Total");
            assertThat(s.getLastRowNum()).as("nothing after the totals").isEqualTo(r + 2);
            assertThat(s.getRow(1).getCell(9).getStringCellValue()).isEqualTo(ProductionXlsx.LEGEND);
            assertThat(s.getFooter().getLeft()).contains("Supervisor").contains("QC");
        }
    }

    @Test
    void headerRowsAreTallEnoughForTheirTextsInBothLanguages() {
        for (String[] head : List.of(ProductionXlsx.HEAD_ZH, ProductionXlsx.HEAD_EN)) {
            for (int i = 0; i < head.length; i++) {
                int lines = (XlsxStyles.units(head[i]) + ProductionXlsx.WIDTHS[i] - 1) / ProductionXlsx.WIDTHS[i];
                assertThat(lines).as(head[i] + " wraps to at most two lines").isLessThanOrEqualTo(2);
            }
        }
        assertThat(XlsxStyles.units("Material checkers")).isLessThanOrEqualTo(ProductionXlsx.WIDTHS[4]);
        assertThat(XlsxStyles.units("物料核对人")).isEqualTo(10);
    }

    @Test
    void anEmptyInOutSheetHasRuledRowsForOnePage() throws Exception {
        Path file = dir.resolve("inout.xlsx");
        InOutXlsx.write(List.of(new InOutReport("L1", DAY, DAY, List.of())), file, DateStyle.ISO, PRINTED, ZoneId.of("Asia/Shanghai"));
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet s = wb.getSheetAt(0);
            int blank = 0;
            for (int r = InOutXlsx.FIRST_DATA_ROW; s.getRow(r) != null && !"合计 Total".equals(s.getRow(r).getCell(0).getStringCellValue()); r++) {
                assertThat(s.getRow(r).getCell(7).getCellStyle().getBorderBottom()).isEqualTo(BorderStyle.THIN);
                blank++;
            }
            assertThat(blank).isBetween(20, 35);
        }
    }
}
