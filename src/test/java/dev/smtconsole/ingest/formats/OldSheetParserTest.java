package dev.smtconsole.ingest.formats;

import static dev.smtconsole.ingest.Reasons.en;

import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OldSheetParserTest {
    private final OldSheetParser parser = new OldSheetParser();

    private static List<SourceRow> ofRow(List<SourceRow> rows, int sheetRow) {
        return rows.stream().filter(r -> r.rowNo() == sheetRow).toList();
    }

    @Test
    void sampleSheetGivesALineRowAndOneRowPerMachineForEachJob() throws IOException {
        List<SourceRow> rows = Samples.parse(parser, "production-record-L2.xlsx");
        assertThat(rows.stream().filter(r -> r.parseError() != null)).isEmpty();
        assertThat(rows.stream().filter(Samples::ok)).hasSize(8 * 4);
        assertThat(rows.stream().filter(r -> r.skipped() != null)).singleElement()
                .satisfies(r -> assertThat(en(r.skipped())).contains("row 13").contains("组长签名"));

        List<SourceRow> row4 = ofRow(rows, 4);
        SourceRow line = row4.get(0);
        assertThat(line.get(Field.MACHINE)).isNull();
        assertThat(line.get(Field.LINE)).isEqualTo("L2");
        assertThat(line.get(Field.BOARDS)).isEqualTo("162");
        assertThat(line.get(Field.JOB)).isEqualTo("M008321");
        assertThat(line.get(Field.PRODUCT_MODEL)).isEqualTo("1016928");
        assertThat(line.get(Field.START_TIME)).isEqualTo("2026-11-02T11:00:00+08:00");
        assertThat(line.get(Field.EVENT_TIME)).isEqualTo("2026-11-02T14:45:00+08:00");
        assertThat(line.get(Field.REMARK)).isEqualTo("574.8 - 416 = 158.8");
        assertThat(line.get(Field.CHECKERS)).isEqualTo("礼、珍");
        assertThat(line.warnings()).isEmpty();
        assertThat(line.source()).isEqualTo(Source.MANUAL);
        assertThat(row4.subList(1, 4)).extracting(r -> r.get(Field.MACHINE)).containsExactly("L2-M1", "L2-M2", "L2-M3");
        assertThat(row4.subList(1, 4)).extracting(r -> r.get(Field.PICKS)).containsExactly("24207", "9086", "6994");
        assertThat(row4.subList(1, 4)).extracting(r -> r.get(Field.PLACEMENTS)).containsExactly("24138", "9072", "6966");
    }

    @Test
    void blankModelAndJobAreTheRowAboveWithAWarning() throws IOException {
        List<SourceRow> rows = Samples.parse(parser, "production-record-L2.xlsx");
        for (int[] c : new int[][]{{5, 4}, {10, 9}}) {
            SourceRow r = ofRow(rows, c[0]).get(0);
            SourceRow above = ofRow(rows, c[1]).get(0);
            assertThat(r.get(Field.JOB)).isEqualTo(above.get(Field.JOB));
            assertThat(r.get(Field.PRODUCT_MODEL)).isEqualTo(above.get(Field.PRODUCT_MODEL));
            assertThat(r.warnings()).anyMatch(w -> en(w).contains("JOB blank: same as the row above"));
            assertThat(ofRow(rows, c[0])).allSatisfy(x -> assertThat(x.warnings()).anyMatch(w -> en(w).contains("same as the row above")));
        }
        // merged B7:B8: row 8 reads the model of B7, without a "blank" warning
        SourceRow r8 = ofRow(rows, 8).get(0);
        assertThat(r8.get(Field.PRODUCT_MODEL)).isEqualTo("1016928");
        assertThat(r8.get(Field.JOB)).isEqualTo("M008343");
        assertThat(r8.warnings()).noneMatch(w -> en(w).contains("same as the row above"));
        assertThat(ofRow(rows, 9).get(0).get(Field.PRODUCT_MODEL)).isEqualTo("2THT303662R3001 TOP");
    }

    @Test
    void reimportingTheSameSheetGivesTheSameIds() throws IOException {
        List<String> a = Samples.parse(parser, "production-record-L2.xlsx").stream().filter(Samples::ok).map(r -> r.get(Field.EVENT_ID)).toList();
        List<String> b = Samples.parse(parser, "production-record-L2.xlsx").stream().filter(Samples::ok).map(r -> r.get(Field.EVENT_ID)).toList();
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).startsWith("h:"));
    }

    @Test
    void hostileSheetWithMergesBlanksRealDatesAndABadNumber() throws IOException {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream bos = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("old");
            wb.createSheet("notes").createRow(0).createCell(0).setCellValue("nothing here");
            s.createRow(0).createCell(0).setCellValue("生产数据记录表");
            s.createRow(1).createCell(0).setCellValue("LINE：2"); // full-width colon, line without the L
            String[] head = {"日期", "产品型号", "JOB", "数量", "物料核对人", "开始时间", "结束时间", "吸料数量", "贴件数量", "备注"};
            Row h = s.createRow(2);
            for (int i = 0; i < head.length; i++) h.createCell(i).setCellValue(head[i]);
            CellStyle dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle timeStyle = wb.createCellStyle();
            timeStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("h:mm"));

            Row r4 = s.createRow(3); // real Excel date and time cells, model+job merged over rows 4-5
            r4.createCell(0).setCellValue(LocalDateTime.of(2026, 10, 5, 0, 0));
            r4.getCell(0).setCellStyle(dateStyle);
            r4.createCell(1).setCellValue("1016928");
            r4.createCell(2).setCellValue("M008300");
            r4.createCell(3).setCellValue(100);
            r4.createCell(4).setCellValue("礼、荷");
            r4.createCell(5).setCellValue(LocalTime.of(8, 30).toSecondOfDay() / 86400.0);
            r4.getCell(5).setCellStyle(timeStyle);
            r4.createCell(6).setCellValue(LocalTime.of(10, 0).toSecondOfDay() / 86400.0);
            r4.getCell(6).setCellStyle(timeStyle);
            r4.createCell(7).setCellValue("1000\n2000\n3000");
            r4.createCell(8).setCellValue("990\n1990\n2990");
            s.addMergedRegion(new CellRangeAddress(3, 4, 1, 1));
            s.addMergedRegion(new CellRangeAddress(3, 4, 2, 2));

            Row r5 = s.createRow(4);
            text(r5, "10.6.26", null, null, "120", "珍", "8:00", "9:00", "1 / 2 / 3", "1 / 2 / 3", "merged");
            Row r6 = s.createRow(5); // blank = same as above, and a non-numeric pick value
            text(r6, "10.7.26", "", "", "80", "", "22:00", "2:00", "12x\n20\n30", "10\n20\n30", null);
            Row r7 = s.createRow(6); // a date that is not one
            text(r7, "13.45.26", "1016929", "M008301", "5", "", "8:00", "9:00", "1\n1\n1", "1\n1\n1", null);
            Row r8 = s.createRow(7); // more values than machines
            text(r8, "10.8.26", "1016929", "M008302", "5", "", "8:00", "9:00", "1\n1\n1\n1", "1\n1\n1\n1", null);
            wb.write(bos);
            xlsx = bos.toByteArray();
        }
        assertThat(parser.detect(xlsx, "anything.bin")).isGreaterThanOrEqualTo(85);
        List<SourceRow> rows = Samples.parse(parser, xlsx, "hostile.xlsx");

        List<SourceRow> r4 = ofRow(rows, 4);
        assertThat(r4).hasSize(4).allMatch(Samples::ok);
        assertThat(r4.get(0).get(Field.LINE)).isEqualTo("L2");
        assertThat(r4.get(0).get(Field.START_TIME)).isEqualTo("2026-10-05T08:30:00+08:00");
        assertThat(r4.get(0).get(Field.EVENT_TIME)).isEqualTo("2026-10-05T10:00:00+08:00");
        assertThat(r4.get(0).get(Field.BOARDS)).isEqualTo("100");

        List<SourceRow> r5 = ofRow(rows, 5);
        assertThat(r5.get(0).get(Field.JOB)).isEqualTo("M008300");
        assertThat(r5.get(0).get(Field.PRODUCT_MODEL)).isEqualTo("1016928");
        assertThat(r5.get(0).warnings()).noneMatch(w -> en(w).contains("same as the row above"));
        assertThat(r5).extracting(r -> r.get(Field.PICKS)).containsExactly(null, "1", "2", "3");

        List<SourceRow> r6 = ofRow(rows, 6);
        assertThat(r6.get(0).get(Field.JOB)).isEqualTo("M008300");
        assertThat(r6.get(0).warnings()).anyMatch(w -> en(w).contains("JOB blank: same as the row above (row 5, M008300)"))
                .anyMatch(w -> en(w).contains("taken as the next day"));
        assertThat(r6.get(0).get(Field.EVENT_TIME)).isEqualTo("2026-10-08T02:00:00+08:00");
        assertThat(r6.get(1).get(Field.PICKS)).isEqualTo("12x"); // the pipeline's whole-number rule rejects it, naming the value

        assertThat(ofRow(rows, 7)).singleElement().satisfies(r -> assertThat(en(r.parseError()))
                .isEqualTo("sheet 'old' row 7, 日期 '13.45.26' is not a date (M.D.YY, e.g. 11.2.26)"));
        assertThat(ofRow(rows, 8)).last().satisfies(r -> assertThat(en(r.parseError()))
                .contains("吸料数量 has 4 values but line L2 has 3 placement machines"));
    }

    /**
     * The layout of the console's own report export (reports branch, ProductionXlsx): zh + en header
     * rows, one sub-row per machine with its code in 机台 and numeric counts, job cells merged over
     * the sub-rows, a totals block and a signature footer. Importing it back must give the same
     * quantities and per-machine counts.
     */
    @Test
    void readsTheConsolesOwnReportExportLayoutBack() throws IOException {
        String[] zh = {"日期", "产品型号", "JOB", "数量", "物料核对人", "开始时间", "结束时间", "机台", "吸料数量", "贴件数量", "抛料数", "抛料率", "备注"};
        String[] en = {"Date", "Product model", "Job", "Quantity", "Material checkers", "Start", "End", "Machine", "Picks", "Placements", "Rejects", "Loss rate", "Remark"};
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream bos = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("LINE L2");
            s.createRow(0).createCell(0).setCellValue("生产数据记录表 / Production Data Record");
            s.addMergedRegion(new CellRangeAddress(0, 0, 0, 12));
            Row info = s.createRow(1);
            info.createCell(0).setCellValue("LINE: L2");
            info.createCell(7).setCellValue("期间 Period: 11.2.26 – 11.4.26");
            Row h1 = s.createRow(2), h2 = s.createRow(3);
            for (int i = 0; i < zh.length; i++) {
                h1.createCell(i).setCellValue(zh[i]);
                h2.createCell(i).setCellValue(en[i]);
            }
            Object[][] jobs = {
                    {"11.2.26", "1016928", "M008321", 162, "礼、珍", "11:00", "14:45", new long[][]{{24207, 24138}, {9086, 9072}, {6994, 6966}}, "574.8 - 416 = 158.8"},
                    {"11.3.26", "1016929", "M008330", 240, "", "22:10", "11.4 2:10", new long[][]{{31810, 31440}, {11539, 11520}, {8987, 8880}}, ""}};
            int r = 4;
            for (Object[] j : jobs) {
                long[][] m = (long[][]) j[7];
                for (int k = 0; k < 3; k++) {
                    Row x = s.createRow(r + k);
                    if (k == 0) {
                        x.createCell(0).setCellValue((String) j[0]);
                        x.createCell(1).setCellValue((String) j[1]);
                        x.createCell(2).setCellValue((String) j[2]);
                        x.createCell(3).setCellValue((Integer) j[3]);
                        x.createCell(4).setCellValue((String) j[4]);
                        x.createCell(5).setCellValue((String) j[5]);
                        x.createCell(6).setCellValue((String) j[6]);
                        x.createCell(12).setCellValue((String) j[8]);
                    }
                    x.createCell(7).setCellValue("L2-M" + (k + 1));
                    x.createCell(8).setCellValue(m[k][0]);
                    x.createCell(9).setCellValue(m[k][1]);
                    x.createCell(10).setCellValue(m[k][0] - m[k][1]);
                    x.createCell(11).setCellValue((m[k][0] - m[k][1]) / (double) m[k][0]);
                }
                for (int c : new int[]{0, 1, 2, 3, 4, 5, 6, 12}) s.addMergedRegion(new CellRangeAddress(r, r + 2, c, c));
                r += 3;
            }
            for (int k = 0; k < 3; k++) {
                Row x = s.createRow(r + k);
                if (k == 0) {
                    x.createCell(0).setCellValue("合计 Total");
                    x.createCell(3).setCellValue(402);
                }
                x.createCell(7).setCellValue("L2-M" + (k + 1));
                x.createCell(8).setCellValue(1);
            }
            s.addMergedRegion(new CellRangeAddress(r, r + 2, 0, 2));
            s.createRow(r + 4).createCell(0).setCellValue("蓝色斜体 = 手工更正（见审计记录） / Blue italic = corrected by hand");
            s.createRow(r + 6).createCell(0).setCellValue("组长签名 Supervisor:");
            wb.write(bos);
            xlsx = bos.toByteArray();
        }
        List<SourceRow> rows = Samples.parse(parser, xlsx, "report-L2.xlsx");
        assertThat(rows.stream().filter(r -> r.parseError() != null)).isEmpty();
        List<SourceRow> ok = rows.stream().filter(Samples::ok).toList();
        assertThat(ok).hasSize(8);
        SourceRow job1 = ok.get(0);
        assertThat(job1.get(Field.MACHINE)).isNull();
        assertThat(job1.get(Field.BOARDS)).isEqualTo("162");
        assertThat(job1.get(Field.EVENT_TIME)).isEqualTo("2026-11-02T14:45:00+08:00");
        assertThat(job1.get(Field.REMARK)).isEqualTo("574.8 - 416 = 158.8");
        assertThat(ok.subList(1, 4)).extracting(r -> r.get(Field.MACHINE)).containsExactly("L2-M1", "L2-M2", "L2-M3");
        assertThat(ok.subList(1, 4)).extracting(r -> r.get(Field.PICKS)).containsExactly("24207", "9086", "6994");
        assertThat(ok.subList(1, 4)).extracting(r -> r.get(Field.PLACEMENTS)).containsExactly("24138", "9072", "6966");
        assertThat(ok.subList(1, 4)).allSatisfy(r -> assertThat(r.get(Field.JOB)).isEqualTo("M008321"));
        SourceRow job2 = ok.get(4);
        assertThat(job2.get(Field.START_TIME)).isEqualTo("2026-11-03T22:10:00+08:00");
        assertThat(job2.get(Field.EVENT_TIME)).isEqualTo("2026-11-04T02:10:00+08:00"); // "11.4 2:10": another day, as the export writes it
        assertThat(job2.warnings()).noneMatch(w -> en(w).contains("next day"));
        assertThat(rows.stream().filter(r -> r.skipped() != null)).hasSize(5) // 3 totals rows, note, signature
                .anySatisfy(r -> assertThat(en(r.skipped())).contains("totals row"));
        assertThat(ok).extracting(r -> r.get(Field.EVENT_ID)).doesNotHaveDuplicates();
    }

    @Test
    void refusesWorkbooksOver20MegabytesAndNonWorkbooks() throws IOException {
        InputStream huge = new InputStream() {
            long left = OldSheetParser.MAX_BYTES + 10L;

            @Override
            public int read() {
                return left-- > 0 ? 'P' : -1;
            }
        };
        List<SourceRow> rows = Samples.drain(parser, huge, Samples.context("big.xlsx"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(en(r.parseError())).contains("larger than 20 MB"));
        List<SourceRow> junk = Samples.parse(parser, "PK\u0003\u0004 not really", "junk.xlsx");
        assertThat(junk).singleElement().satisfies(r -> assertThat(en(r.parseError())).contains("not a readable Excel .xlsx workbook"));
        assertThat(parser.detect(Files.readAllBytes(Samples.file("production-native.csv")), "x.xlsx")).isZero();
    }

    @Test
    void aWorkbookWithoutTheLayoutSaysSo() throws IOException {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream bos = new ByteArrayOutputStream()) {
            wb.createSheet("Sheet1").createRow(0).createCell(0).setCellValue("hello");
            wb.write(bos);
            xlsx = bos.toByteArray();
        }
        assertThat(Samples.parse(parser, xlsx, "x.xlsx")).singleElement()
                .satisfies(r -> assertThat(en(r.parseError())).contains("no sheet has a header row").contains("Sheet1"));
    }

    private static void text(Row r, String... values) {
        for (int i = 0; i < values.length; i++) if (values[i] != null) r.createCell(i).setCellValue(values[i]);
    }

}
