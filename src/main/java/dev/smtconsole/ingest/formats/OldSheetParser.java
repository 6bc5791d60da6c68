package dev.smtconsole.ingest.formats;

import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.SourceRow;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The old 生产数据记录表 kept in Excel, in the paper layout (DESIGN §3): {@code LINE:} in the
 * header rows, one row per job, picks and placements stacked one value per placement machine in
 * one cell, M.D.YY dates and H:mm times as text (or real Excel date/time cells), blank model/JOB
 * meaning "same as the row above".
 * <p>
 * This class handles the workbook (detection, size and POI's safety limits, every sheet in turn);
 * {@link OldSheetReader} reads one sheet's layout and rows. The sheets are small; the whole
 * workbook is read, up to {@link #MAX_BYTES}.
 */
public final class OldSheetParser implements RecordParser {
    public static final String FORMAT = "xlsx";
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int detect(byte[] head, String fileName) {
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (!zip) return 0;
        String names = new String(head, StandardCharsets.ISO_8859_1);
        boolean xlsxName = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx");
        boolean workbook = names.contains("xl/") || names.contains("[Content_Types].xml");
        if (names.contains("xl/worksheets/")) return 90;
        if (workbook && xlsxName) return 85;
        return workbook ? 60 : (xlsxName ? 40 : 5);
    }

    @Override
    public Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            return List.of(SourceRow.broken(1, "", Source.MANUAL, ParseProblem.encode("formats.sheet.tooLarge", 20))).iterator();
        }
        XSSFWorkbook workbook;
        try {
            workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return List.of(SourceRow.broken(1, "", Source.MANUAL, openProblem(e))).iterator();
        }
        List<SourceRow> out = new ArrayList<>();
        try (XSSFWorkbook wb = workbook) {
            boolean any = false;
            for (Sheet sheet : wb) {
                try {
                    any |= new OldSheetReader(sheet, context, out).read();
                } catch (RuntimeException e) {
                    any = true;
                    String limit = limitProblem(e);
                    out.add(SourceRow.broken(1, "", Source.MANUAL, limit != null ? limit
                            : ParseProblem.encode("formats.sheet.unreadable", sheet.getSheetName(), String.valueOf(e.getMessage()))));
                }
            }
            if (!any) {
                out.add(SourceRow.broken(1, "", Source.MANUAL, ParseProblem.encode("formats.sheet.noHeader",
                        sheetNames(wb))));
            }
        }
        return out.iterator();
    }

    /** Why a workbook could not be opened, in our words when POI stopped at one of its safety limits. */
    static String openProblem(Exception e) {
        String limit = limitProblem(e);
        return limit != null ? limit : ParseProblem.encode("formats.sheet.notXlsx", String.valueOf(e.getMessage()));
    }

    /**
     * POI's safety limits say "Zip bomb detected" or "... please open an issue on bugzilla"; the
     * user needs to hear which limit was hit and how to import a big sheet anyway (issue 18).
     */
    static String limitProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Zip bomb")) return ParseProblem.encode("formats.sheet.zipBomb", MAX_BYTES >> 20);
            if (m.contains("bugzilla") || m.contains("max allowed") || m.contains("maximum length")
                    || t instanceof org.apache.poi.util.RecordFormatException) {
                return ParseProblem.encode("formats.sheet.tooBig");
            }
            if (t instanceof OutOfMemoryError) return ParseProblem.encode("formats.sheet.tooBig");
        }
        return null;
    }

    private static String sheetNames(XSSFWorkbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return String.join(", ", names);
    }
}
