package dev.smtconsole.report;

import dev.smtconsole.domain.AlarmLevel;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.WorkbookUtil;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The few cell styles of the built-in forms (a workbook allows only ~64k styles: create once, reuse). */
final class XlsxStyles {
    final CellStyle title, header, text, textQuoted, number, percent, percentWarn, percentAlarm, editedText, editedNumber,
            totalText, totalNumber, totalPercent, plain, groupTop, groupTopNumber, groupMiddle;
    private final Map<String, CellStyle> extra = new HashMap<>();
    private final Workbook wb;

    XlsxStyles(Workbook wb) {
        this.wb = wb;
        Font titleFont = wb.createFont();
        titleFont.setBold(true);
        titleFont.setFontHeightInPoints((short) 16);
        Font bold = wb.createFont();
        bold.setBold(true);
        Font edited = wb.createFont();
        edited.setItalic(true);
        edited.setColor(IndexedColors.BLUE.getIndex());

        title = wb.createCellStyle();
        title.setFont(titleFont);
        title.setAlignment(HorizontalAlignment.CENTER);
        plain = wb.createCellStyle();
        header = bordered(wb);
        header.setFont(bold);
        header.setAlignment(HorizontalAlignment.CENTER);
        header.setWrapText(true);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        text = bordered(wb);
        text.setWrapText(true);
        textQuoted = bordered(wb);
        textQuoted.setWrapText(true);
        textQuoted.setQuotePrefixed(true);
        number = bordered(wb);
        number.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
        percent = bordered(wb);
        percent.setDataFormat(wb.createDataFormat().getFormat("0.00%"));
        percentWarn = wb.createCellStyle();
        percentWarn.cloneStyleFrom(percent);
        percentWarn.setFillForegroundColor(IndexedColors.LIGHT_ORANGE.getIndex());
        percentWarn.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        percentAlarm = wb.createCellStyle();
        percentAlarm.cloneStyleFrom(percent);
        percentAlarm.setFillForegroundColor(IndexedColors.ROSE.getIndex());
        percentAlarm.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        editedText = wb.createCellStyle();
        editedText.cloneStyleFrom(text);
        editedText.setFont(edited);
        editedNumber = wb.createCellStyle();
        editedNumber.cloneStyleFrom(number);
        editedNumber.setFont(edited);
        totalText = wb.createCellStyle();
        totalText.cloneStyleFrom(text);
        totalText.setFont(bold);
        totalNumber = wb.createCellStyle();
        totalNumber.cloneStyleFrom(number);
        totalNumber.setFont(bold);
        groupTop = wb.createCellStyle();
        groupTop.cloneStyleFrom(text);
        groupTop.setBorderBottom(BorderStyle.NONE);
        groupTopNumber = wb.createCellStyle();
        groupTopNumber.cloneStyleFrom(number);
        groupTopNumber.setBorderBottom(BorderStyle.NONE);
        groupMiddle = wb.createCellStyle();
        groupMiddle.cloneStyleFrom(text);
        groupMiddle.setBorderTop(BorderStyle.NONE);
        groupMiddle.setBorderBottom(BorderStyle.NONE);
        totalPercent = wb.createCellStyle();
        totalPercent.cloneStyleFrom(percent);
        totalPercent.setFont(bold);
    }

    private static CellStyle bordered(Workbook wb) {
        CellStyle s = wb.createCellStyle();
        s.setBorderTop(BorderStyle.THIN);
        s.setBorderBottom(BorderStyle.THIN);
        s.setBorderLeft(BorderStyle.THIN);
        s.setBorderRight(BorderStyle.THIN);
        s.setVerticalAlignment(VerticalAlignment.CENTER);
        return s;
    }

    CellStyle level(AlarmLevel level, boolean total) {
        return switch (level) {
            case WARN -> percentWarn;
            case ALARM -> percentAlarm;
            default -> total ? totalPercent : percent;
        };
    }

    /** Writes text as text: never a formula, and a leading = + - @ keeps Excel from reading it as one. */
    void text(Row row, int col, String value, CellStyle style) {
        Cell c = row.createCell(col);
        String v = value == null ? "" : value;
        c.setCellValue(v);
        c.setCellStyle(FormText.looksLikeFormula(v) && style == text ? textQuoted
                : FormText.looksLikeFormula(v) ? quoted(style) : style);
    }

    private CellStyle quoted(CellStyle style) {
        return extra.computeIfAbsent("q" + style.getIndex(), k -> {
            CellStyle s = wb.createCellStyle();
            s.cloneStyleFrom(style);
            s.setQuotePrefixed(true);
            return s;
        });
    }

    void number(Row row, int col, long value, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        c.setCellStyle(style);
    }

    void empty(Row row, int col, CellStyle style) {
        row.createCell(col).setCellStyle(style);
    }

    /** Points per character of column width, as printed (checked by rendering the forms with LibreOffice). */
    static final double POINTS_PER_CHAR = 6.6; // measured: LibreOffice and Excel draw a width unit a little wider than 7 px
    static final double ROW_POINTS = 15, TITLE_POINTS = 26;
    /** A4 landscape minus the margins below, in points. */
    static final double PRINTABLE_WIDTH = 842 - 2 * 0.4 * 72, PRINTABLE_HEIGHT = 595 - (0.5 + 0.6) * 72;

    /** Text width in column characters: a Chinese character takes two. */
    static int units(String text) {
        int u = 0;
        for (int i = 0; i < text.length(); i++) u += text.charAt(i) >= 0x2E80 ? 2 : 1;
        return u;
    }

    /**
     * Sets a header row tall enough for its wrapped texts, so a header never runs over the row
     * under it ("Material checkers" over 物料核对人) in Excel or LibreOffice.
     */
    static void fitHeaderRow(Row row, String[] texts, int[] widths) {
        int lines = 1;
        for (int i = 0; i < texts.length; i++) {
            int room = Math.max(1, widths[i]);
            lines = Math.max(lines, (units(texts[i]) + room - 1) / room);
        }
        row.setHeightInPoints((float) (lines * ROW_POINTS + 3));
    }

    /** How many 15 pt rows one printed page holds under the title and the repeated headers, at the fit-to-width scale. */
    static int rowsPerPage(int[] widths, double headerPoints) {
        double sheetWidth = 0;
        for (int w : widths) sheetWidth += w * POINTS_PER_CHAR;
        double scale = Math.min(1, PRINTABLE_WIDTH / sheetWidth);
        double room = PRINTABLE_HEIGHT / scale - TITLE_POINTS - ROW_POINTS - headerPoints;
        return Math.max(1, (int) Math.floor(room / ROW_POINTS) - 1);
    }

    /** The signature lines, on every printed page (a page of only signatures cannot happen). */
    static String signatureFooter() {
        return "组长签名 Supervisor: __________   QC: __________";
    }

    /** A4 landscape, one page wide, header rows on every page, footer "page x of y" and when it was printed. */
    static void printSetup(Sheet sheet, int firstHeaderRow, int lastHeaderRow, Instant printedAt, ZoneId zone) {
        sheet.setFitToPage(true);
        sheet.setAutobreaks(true);
        PrintSetup ps = sheet.getPrintSetup();
        ps.setPaperSize(PrintSetup.A4_PAPERSIZE);
        ps.setLandscape(true);
        ps.setFitWidth((short) 1);
        ps.setFitHeight((short) 0);
        sheet.setMargin(Sheet.LeftMargin, 0.4);
        sheet.setMargin(Sheet.RightMargin, 0.4);
        sheet.setMargin(Sheet.TopMargin, 0.5);
        sheet.setMargin(Sheet.BottomMargin, 0.6);
        sheet.setRepeatingRows(new org.apache.poi.ss.util.CellRangeAddress(firstHeaderRow, lastHeaderRow, -1, -1));
        sheet.getFooter().setLeft(signatureFooter());
        sheet.getFooter().setCenter("第 &P 页 / 共 &N 页  Page &P of &N");
        sheet.getFooter().setRight("打印时间 Printed " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(printedAt.atZone(zone)));
    }

    /** "LINE 2", unique within the workbook and legal as a sheet name. */
    static String sheetName(String prefix, String lineCode, Set<String> used) {
        String base = WorkbookUtil.createSafeSheetName(prefix + lineCode);
        String name = base;
        for (int i = 2; !used.add(name.toLowerCase()); i++) name = WorkbookUtil.createSafeSheetName(base + " (" + i + ")");
        return name;
    }
}
