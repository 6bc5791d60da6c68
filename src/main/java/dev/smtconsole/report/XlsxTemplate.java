package dev.smtconsole.report;

import dev.smtconsole.domain.InOutEntryData;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellCopyPolicy;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFShape;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a factory's own .xlsx form. Placeholders ({@code ${line}}, {@code ${period}} …) are replaced
 * in place, so fonts, borders, logos and signature boxes stay as the factory drew them; the first row
 * holding a row placeholder ({@code ${row}}, {@code ${job}} …) is repeated once per form row, and
 * everything below it (pictures too) moves down. The first sheet is the form; with several lines it is
 * copied once per line. Placeholders are listed in docs/REPORTS.md.
 */
public final class XlsxTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+[0-9]*)}");

    private XlsxTemplate() {
    }

    /** One sheet's values: header placeholders and one map per repeated row. Numbers stay numbers. */
    public record SheetData(String name, Map<String, Object> header, List<Map<String, Object>> rows) {
    }

    public static void fillProduction(Path template, List<ProductionReport> reports, Path out, DateStyle style,
                                      Instant printedAt) throws IOException {
        List<SheetData> sheets = new ArrayList<>();
        for (ProductionReport report : reports) sheets.add(productionData(report, style, printedAt));
        fill(template, sheets, out, Set.of("row", "job", "date", "model", "quantity"));
    }

    public static void fillInOut(Path template, List<InOutReport> reports, Path out, DateStyle style, Instant printedAt,
                                 ZoneId zone) throws IOException {
        List<SheetData> sheets = new ArrayList<>();
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("H:mm");
        for (InOutReport report : reports) {
            Map<String, Object> header = header(report.lineCode(), report.from(), report.to(), style, printedAt, zone);
            header.put("totalIn", report.totalIn());
            List<Map<String, Object>> rows = new ArrayList<>();
            int i = 1;
            for (InOutRow r : report.rows()) {
                InOutEntryData e = r.entry();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("row", (long) i++);
                m.put("date", style.format(e.date()));
                m.put("time", hm.format(e.time()));
                m.put("job", nz(e.jobNo()));
                m.put("in", e.inQty());
                m.put("inTotal", r.inTotal());
                m.put("by", nz(e.signedBy()));
                m.put("warehouseTotal", r.warehouseTotal());
                m.put("remark", nz(e.remark()));
                rows.add(m);
            }
            sheets.add(new SheetData("LINE " + report.lineCode(), header, rows));
        }
        fill(template, sheets, out, Set.of("row", "in", "inTotal", "date", "time"));
    }

    static SheetData productionData(ProductionReport report, DateStyle style, Instant printedAt) {
        Map<String, Object> header = header(report.lineCode(), report.from(), report.to(), style, printedAt, report.zone());
        header.put("totalQuantity", report.totalQuantity());
        for (int m = 0; m < report.machineCodes().size(); m++) {
            header.put("machine" + (m + 1), report.machineCodes().get(m));
            header.put("totalPicks" + (m + 1), report.totalPicks(m));
            header.put("totalPlacements" + (m + 1), report.totalPlacements(m));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int i = 1;
        for (ProductionRow r : report.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("row", (long) i++);
            m.put("date", style.format(r.day()));
            m.put("model", nz(r.productModel()));
            m.put("job", r.jobNo());
            m.put("quantity", r.quantity());
            m.put("checkers", r.checkers());
            m.put("start", FormText.time(r.start(), r.day(), report.zone()));
            m.put("end", FormText.time(r.end(), r.day(), report.zone()));
            m.put("machines", FormText.stacked(r.machines(), MachineCell::machineCode));
            m.put("picks", FormText.stacked(r.machines(), c -> Long.toString(c.picks())));
            m.put("placements", FormText.stacked(r.machines(), c -> Long.toString(c.placements())));
            m.put("rejects", FormText.stacked(r.machines(), c -> Long.toString(c.rejects())));
            m.put("lossRate", FormText.stacked(r.machines(), MachineCell::lossRateText));
            for (MachineCell c : r.machines()) {
                int k = c.index() + 1;
                m.put("picks" + k, c.picks());
                m.put("placements" + k, c.placements());
                m.put("rejects" + k, c.rejects());
                if (c.lossRate().isPresent()) m.put("lossRate" + k, c.lossRate().getAsDouble());
            }
            m.put("remark", r.remark());
            rows.add(m);
        }
        return new SheetData("LINE " + report.lineCode(), header, rows);
    }

    private static Map<String, Object> header(String line, java.time.LocalDate from, java.time.LocalDate to, DateStyle style,
                                              Instant printedAt, ZoneId zone) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("line", line);
        h.put("from", style.format(from));
        h.put("to", style.format(to));
        h.put("period", style.format(from) + " – " + style.format(to));
        h.put("printedAt", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(printedAt.atZone(zone)));
        return h;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * @param rowMarkers placeholders that mark the repeating row (any one of them in a row makes it the marked row)
     */
    public static void fill(Path template, List<SheetData> sheets, Path out, Set<String> rowMarkers) throws IOException {
        XSSFWorkbook wb;
        try (InputStream in = Files.newInputStream(template)) {
            wb = new XSSFWorkbook(in);
        } catch (IOException | RuntimeException e) {
            throw new TemplateException("not a readable .xlsx workbook: " + template.getFileName() + " (" + e.getMessage() + ")");
        }
        try (wb) {
            if (wb.getNumberOfSheets() == 0) throw new TemplateException("the template has no sheet: " + template.getFileName());
            int formIndex = 0;
            int marked = markedRow(wb.getSheetAt(formIndex), rowMarkers);
            if (marked < 0) {
                throw new TemplateException("no row with a row placeholder " + rowMarkers.stream().sorted()
                        .map(k -> "${" + k + "}").toList() + " in the first sheet of " + template.getFileName());
            }
            // Copy the untouched form once per extra line first, then fill each copy.
            List<XSSFSheet> targets = new ArrayList<>();
            targets.add(wb.getSheetAt(formIndex));
            for (int i = 1; i < sheets.size(); i++) targets.add(wb.cloneSheet(formIndex));
            Set<String> used = new HashSet<>();
            for (int i = 0; i < sheets.size(); i++) {
                XSSFSheet sheet = targets.get(i);
                fillSheet(sheet, sheets.get(i), marked);
                String name = XlsxStyles.sheetName("", sheets.get(i).name(), used);
                wb.setSheetName(wb.getSheetIndex(sheet), name);
            }
            try (OutputStream o = Files.newOutputStream(out)) {
                wb.write(o);
            }
        }
    }

    /** A template the export cannot use; the message says what is wrong with it. */
    public static final class TemplateException extends IOException {
        public TemplateException(String message) {
            super(message);
        }
    }

    private static int markedRow(XSSFSheet sheet, Set<String> markers) {
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() != CellType.STRING) continue;
                Matcher m = PLACEHOLDER.matcher(cell.getStringCellValue());
                while (m.find()) if (markers.contains(m.group(1))) return row.getRowNum();
            }
        }
        return -1;
    }

    private static void fillSheet(XSSFSheet sheet, SheetData data, int marked) {
        int extra = Math.max(0, data.rows().size() - 1);
        int lastRow = sheet.getLastRowNum();
        if (extra > 0) {
            if (marked < lastRow) {
                sheet.shiftRows(marked + 1, lastRow, extra, true, false);
                movePictures(sheet, marked, extra);
            }
            CellCopyPolicy policy = new CellCopyPolicy.Builder().cellValue(true).cellStyle(true).mergedRegions(true)
                    .rowHeight(true).build();
            for (int i = 1; i <= extra; i++) sheet.copyRows(marked, marked, marked + i, policy);
        }
        for (Row row : sheet) {
            int n = row.getRowNum();
            boolean isDataRow = n >= marked && n <= marked + extra;
            Map<String, Object> values = !isDataRow ? data.header()
                    : data.rows().isEmpty() ? Map.of() : data.rows().get(n - marked);
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING) replace(cell, values, data.header(), isDataRow);
            }
        }
    }

    /** Pictures anchored below the marked row (a signature image, a stamp) move down with their rows. */
    private static void movePictures(XSSFSheet sheet, int marked, int extra) {
        XSSFDrawing drawing = sheet.getDrawingPatriarch();
        if (drawing == null) return;
        for (XSSFShape shape : drawing.getShapes()) {
            if (shape.getAnchor() instanceof XSSFClientAnchor a && a.getRow1() > marked) {
                a.setRow1(a.getRow1() + extra);
                a.setRow2(a.getRow2() + extra);
            }
        }
    }

    private static void replace(Cell cell, Map<String, Object> values, Map<String, Object> header, boolean dataRow) {
        String text = cell.getStringCellValue();
        Matcher m = PLACEHOLDER.matcher(text);
        if (!m.find()) return;
        // A cell that is exactly one placeholder with a number becomes a numeric cell.
        if (m.start() == 0 && m.end() == text.length()) {
            Object v = lookup(m.group(1), values, header, dataRow);
            if (v instanceof Number num) {
                cell.setCellValue(num.doubleValue());
                return;
            }
        }
        m.reset();
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = lookup(m.group(1), values, header, dataRow);
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v.toString()));
        }
        m.appendTail(sb);
        // setCellValue(String) makes a text cell: a remark such as "=1+2" is never a formula.
        cell.setCellValue(sb.toString());
    }

    private static Object lookup(String key, Map<String, Object> values, Map<String, Object> header, boolean dataRow) {
        Object v = values.get(key);
        if (v == null && dataRow) v = header.get(key);
        return v;
    }
}
