package dev.smtconsole.report;

import dev.smtconsole.domain.AlarmLevel;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in 生产数据记录表 layout: per-machine values as sub-rows (one row per machine M1..Mn)
 * with the job's own cells merged over them, so every count is a numeric cell Excel can add up.
 * Streams (SXSSF) so a year of jobs does not need the whole sheet in memory.
 */
public final class ProductionXlsx {
    static final String[] HEAD_ZH = {"日期", "产品型号", "JOB", "数量", "物料核对人", "开始时间", "结束时间", "机台",
            "吸料数量", "贴件数量", "抛料数", "抛料率", "备注"};
    static final String[] HEAD_EN = {"Date", "Product model", "Job", "Quantity", "Material checkers", "Start", "End",
            "Machine", "Picks", "Placements", "Rejects", "Loss rate", "Remark"};
    static final int[] WIDTHS = {10, 22, 12, 9, 19, 9, 9, 8, 12, 12, 9, 9, 30};
    /** Columns that belong to the job, merged over its machine rows. */
    private static final int[] JOB_COLUMNS = {0, 1, 2, 3, 4, 5, 6, 12};
    public static final int HEADER_FIRST_ROW = 2, HEADER_LAST_ROW = 3, FIRST_DATA_ROW = 4;
    /**
     * Above this many form rows the job cells are not merged but grouped by borders (blank, no inner
     * lines): POI keeps merged regions in memory as XML objects, and a year of jobs would need ~100 MB
     * for them alone. Printed, both look the same.
     */
    public static final int MERGE_LIMIT = 2000;

    private ProductionXlsx() {
    }

    public static void write(List<ProductionReport> reports, Path file, DateStyle dateStyle, Instant printedAt)
            throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            wb.setCompressTempFiles(false);
            XlsxStyles st = new XlsxStyles(wb);
            Set<String> names = new HashSet<>();
            for (ProductionReport report : reports) {
                SXSSFSheet sheet = wb.createSheet(XlsxStyles.sheetName("LINE ", report.lineCode(), names));
                writeSheet(sheet, report, st, dateStyle, printedAt);
            }
            if (reports.isEmpty()) wb.createSheet("LINE");
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            } finally {
                wb.dispose();
            }
        }
    }

    private static void writeSheet(SXSSFSheet sheet, ProductionReport report, XlsxStyles st, DateStyle dateStyle,
                                   Instant printedAt) {
        int last = HEAD_ZH.length - 1;
        for (int i = 0; i < WIDTHS.length; i++) sheet.setColumnWidth(i, WIDTHS[i] * 256);
        Row title = sheet.createRow(0);
        title.setHeightInPoints(26);
        st.text(title, 0, "生产数据记录表 / Production Data Record", st.title);
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, last));
        Row info = sheet.createRow(1);
        st.text(info, 0, "LINE: " + report.lineCode(), st.plain);
        st.text(info, 4, "期间 Period: " + dateStyle.format(report.from()) + " – " + dateStyle.format(report.to()), st.plain);
        // The legend sits in the header block: at the end it could be the only thing on a last page.
        st.text(info, 9, LEGEND, st.plain);
        Row zh = sheet.createRow(HEADER_FIRST_ROW), en = sheet.createRow(HEADER_LAST_ROW);
        for (int i = 0; i <= last; i++) {
            st.text(zh, i, HEAD_ZH[i], st.header);
            st.text(en, i, HEAD_EN[i], st.header);
        }
        XlsxStyles.fitHeaderRow(zh, HEAD_ZH, WIDTHS);
        XlsxStyles.fitHeaderRow(en, HEAD_EN, WIDTHS);
        int n = Math.max(1, report.machineCodes().size());
        boolean merge = report.rows().size() <= MERGE_LIMIT;
        int r = FIRST_DATA_ROW;
        if (report.rows().isEmpty()) {
            r = blankRows(sheet, st, report, n, zh.getHeightInPoints() + en.getHeightInPoints());
        }
        for (ProductionRow row : report.rows()) {
            for (int m = 0; m < n; m++) {
                Row x = sheet.createRow(r + m);
                if (m == 0) {
                    CellStyle text = merge ? st.text : st.groupTop;
                    st.text(x, 0, dateStyle.format(row.day()), text);
                    st.text(x, 1, row.productModel(), text);
                    st.text(x, 2, row.jobNo(), text);
                    st.number(x, 3, row.quantity(), row.quantityEdited() ? st.editedNumber : merge ? st.number : st.groupTopNumber);
                    st.text(x, 4, row.checkers(), row.checkersEdited() ? st.editedText : text);
                    st.text(x, 5, FormText.time(row.start(), row.day(), report.zone()), row.startEdited() ? st.editedText : text);
                    st.text(x, 6, FormText.time(row.end(), row.day(), report.zone()), row.endEdited() ? st.editedText : text);
                    st.text(x, 12, row.remark(), row.remarkEdited() ? st.editedText : text);
                } else {
                    for (int c : JOB_COLUMNS) st.empty(x, c, merge ? st.text : st.groupMiddle);
                }
                machineCells(x, row.machines().isEmpty() ? null : row.machines().get(m), st, false);
            }
            if (n > 1 && merge) for (int c : JOB_COLUMNS) sheet.addMergedRegionUnsafe(new CellRangeAddress(r, r + n - 1, c, c));
            r += n;
        }
        // Totals: the quantity and each machine's sums over the period.
        for (int m = 0; m < n; m++) {
            Row x = sheet.createRow(r + m);
            if (m == 0) {
                st.text(x, 0, "合计 Total", st.totalText);
                st.number(x, 3, report.totalQuantity(), st.totalNumber);
            }
            for (int c : JOB_COLUMNS) if (x.getCell(c) == null) st.empty(x, c, st.totalText);
            if (report.machineCodes().isEmpty()) {
                for (int c = 7; c <= 11; c++) st.empty(x, c, st.totalText);
                continue;
            }
            st.text(x, 7, report.machineCodes().get(m), st.totalText);
            st.number(x, 8, report.totalPicks(m), st.totalNumber);
            st.number(x, 9, report.totalPlacements(m), st.totalNumber);
            st.number(x, 10, report.totalRejects(m), st.totalNumber);
            lossCell(x, 11, report.totalLossRate(m), report.totalLevel(m), st, true);
        }
        if (n > 1) {
            sheet.addMergedRegionUnsafe(new CellRangeAddress(r, r + n - 1, 0, 2));
            for (int c : new int[]{3, 4, 5, 6, 12}) sheet.addMergedRegionUnsafe(new CellRangeAddress(r, r + n - 1, c, c));
        }
        r += n;
        XlsxStyles.printSetup(sheet, HEADER_FIRST_ROW, HEADER_LAST_ROW, printedAt, report.zone());
    }

    static final String LEGEND = "蓝色斜体 = 手工更正 / Blue italic = corrected by hand";

    /**
     * An empty form to fill in by hand: ruled job groups (one row per machine, the job's cells
     * merged over them) for as many jobs as one printed page holds, machine codes pre-printed.
     * Returns the row after them.
     */
    private static int blankRows(SXSSFSheet sheet, XlsxStyles st, ProductionReport report, int n, double headerPoints) {
        int groups = Math.max(1, (XlsxStyles.rowsPerPage(WIDTHS, headerPoints) - n) / n);
        int r = FIRST_DATA_ROW;
        for (int g = 0; g < groups; g++) {
            for (int m = 0; m < n; m++) {
                Row x = sheet.createRow(r + m);
                for (int c = 0; c < HEAD_ZH.length; c++) st.empty(x, c, st.text);
                if (!report.machineCodes().isEmpty()) st.text(x, 7, report.machineCodes().get(m), st.text);
            }
            if (n > 1) for (int c : JOB_COLUMNS) sheet.addMergedRegionUnsafe(new CellRangeAddress(r, r + n - 1, c, c));
            r += n;
        }
        return r;
    }

    private static void machineCells(Row x, MachineCell cell, XlsxStyles st, boolean total) {
        if (cell == null) {
            for (int c = 7; c <= 11; c++) st.empty(x, c, st.text);
            return;
        }
        st.text(x, 7, cell.machineCode(), st.text);
        st.number(x, 8, cell.picks(), st.number);
        st.number(x, 9, cell.placements(), st.number);
        st.number(x, 10, cell.rejects(), st.number);
        lossCell(x, 11, cell.lossRate(), cell.level(), st, total);
    }

    private static void lossCell(Row x, int col, java.util.OptionalDouble rate, AlarmLevel level, XlsxStyles st, boolean total) {
        CellStyle style = st.level(level, total);
        if (rate.isEmpty()) {
            st.empty(x, col, style);
        } else {
            var c = x.createCell(col);
            c.setCellValue(rate.getAsDouble());
            c.setCellStyle(style);
        }
    }
}
