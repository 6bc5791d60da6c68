package dev.smtconsole.report;

import dev.smtconsole.domain.InOutEntryData;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The built-in 产品出/入数记录表 layout, one sheet per line. */
public final class InOutXlsx {
    static final String[] HEAD_ZH = {"日期", "时间", "JOB", "转入数量", "转入累计", "签收", "入仓累计", "备注"};
    static final String[] HEAD_EN = {"DATE", "TIME", "JOB", "IN", "IN TOTAL", "BY", "Warehouse total", "REMARKS"};
    private static final int[] WIDTHS = {11, 8, 12, 11, 11, 12, 17, 34};
    public static final int HEADER_FIRST_ROW = 2, HEADER_LAST_ROW = 3, FIRST_DATA_ROW = 4;

    private InOutXlsx() {
    }

    public static void write(List<InOutReport> reports, Path file, DateStyle dateStyle, Instant printedAt, ZoneId zone)
            throws IOException {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("H:mm");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            XlsxStyles st = new XlsxStyles(wb);
            Set<String> names = new HashSet<>();
            for (InOutReport report : reports) {
                SXSSFSheet sheet = wb.createSheet(XlsxStyles.sheetName("LINE ", report.lineCode(), names));
                for (int i = 0; i < WIDTHS.length; i++) sheet.setColumnWidth(i, WIDTHS[i] * 256);
                Row title = sheet.createRow(0);
                title.setHeightInPoints(26);
                st.text(title, 0, "产品出/入数记录表 / Product In/Out Count Record", st.title);
                sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, HEAD_ZH.length - 1));
                Row info = sheet.createRow(1);
                st.text(info, 0, "LINE: " + report.lineCode(), st.plain);
                st.text(info, 4, "期间 Period: " + dateStyle.format(report.from()) + " – " + dateStyle.format(report.to()), st.plain);
                Row zh = sheet.createRow(HEADER_FIRST_ROW), en = sheet.createRow(HEADER_LAST_ROW);
                for (int i = 0; i < HEAD_ZH.length; i++) {
                    st.text(zh, i, HEAD_ZH[i], st.header);
                    st.text(en, i, HEAD_EN[i], st.header);
                }
                XlsxStyles.fitHeaderRow(zh, HEAD_ZH, WIDTHS);
                XlsxStyles.fitHeaderRow(en, HEAD_EN, WIDTHS);
                int r = FIRST_DATA_ROW;
                if (report.rows().isEmpty()) {
                    // an empty sheet to fill in by hand: ruled rows for one printed page
                    int blank = XlsxStyles.rowsPerPage(WIDTHS, zh.getHeightInPoints() + en.getHeightInPoints()) - 1;
                    for (int b = 0; b < blank; b++) {
                        Row x = sheet.createRow(r++);
                        for (int c = 0; c < HEAD_ZH.length; c++) st.empty(x, c, st.text);
                    }
                }
                for (InOutRow row : report.rows()) {
                    InOutEntryData e = row.entry();
                    Row x = sheet.createRow(r++);
                    st.text(x, 0, dateStyle.format(e.date()), st.text);
                    st.text(x, 1, hm.format(e.time()), st.text);
                    st.text(x, 2, e.jobNo(), st.text);
                    st.number(x, 3, e.inQty(), st.number);
                    st.number(x, 4, row.inTotal(), st.number);
                    st.text(x, 5, e.signedBy(), st.text);
                    st.number(x, 6, row.warehouseTotal(), st.number);
                    st.text(x, 7, e.remark(), st.text);
                }
                Row total = sheet.createRow(r);
                st.text(total, 0, "合计 Total", st.totalText);
                for (int c = 1; c < HEAD_ZH.length; c++) st.empty(total, c, st.totalText);
                st.number(total, 3, report.totalIn(), st.totalNumber);
                XlsxStyles.printSetup(sheet, HEADER_FIRST_ROW, HEADER_LAST_ROW, printedAt, zone);
            }
            if (reports.isEmpty()) wb.createSheet("LINE");
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            } finally {
                wb.dispose();
            }
        }
    }
}
