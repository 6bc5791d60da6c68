package dev.smtconsole.ingest.formats;

import dev.smtconsole.domain.TimeNotation;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sheet of the old 生产数据记录表: finds {@code LINE:} and the header row (in Chinese or English,
 * or the console's own report export), then turns each job row into one line-level row plus one
 * row per placement machine, with ids derived from the sheet's content. The cells are read as the
 * user sees them ({@link #text}); stacked cells split one value per machine ({@link #split}).
 */
final class OldSheetReader {
    private static final Pattern LINE_LABEL = Pattern.compile("^\\s*LINE\\s*[:：]\\s*(\\S.*?)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PAPER_DATE = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2}|\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");
    private static final Pattern STACK_SPLIT = Pattern.compile("\\s*(?:\\r?\\n|/)\\s*");

    enum Col { DATE, MODEL, JOB, QTY, CHECKERS, START, END, MACHINE, PICKS, PLACEMENTS, REMARK }

    private static final Map<Col, List<String>> HEADERS = Map.ofEntries(
            Map.entry(Col.DATE, List.of("日期", "date")),
            Map.entry(Col.MODEL, List.of("产品型号", "型号", "model", "product model", "product")),
            Map.entry(Col.JOB, List.of("job", "工单", "job no")),
            Map.entry(Col.QTY, List.of("数量", "qty", "quantity", "boards")),
            Map.entry(Col.CHECKERS, List.of("物料核对人", "核对人", "checkers", "checker", "material checkers")),
            Map.entry(Col.START, List.of("开始时间", "start", "start time")),
            Map.entry(Col.END, List.of("结束时间", "end", "end time")),
            // The console's own report export writes one sub-row per machine with its code here.
            Map.entry(Col.MACHINE, List.of("机台", "machine")),
            Map.entry(Col.PICKS, List.of("吸料数量", "picks")),
            Map.entry(Col.PLACEMENTS, List.of("贴件数量", "placements")),
            Map.entry(Col.REMARK, List.of("备注", "remark", "remarks")));
    private static final Pattern TOTALS = Pattern.compile("^(合计|总计|total).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_DAY_TIME = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\s+(\\d{1,2})[:：](\\d{2})");

    private final Sheet sheet;
    private final ParseContext ctx;
    private final List<SourceRow> out;
    private final Map<String, CellRangeAddress> mergedByCell = new HashMap<>();
    private final Map<String, Integer> occurrences = new HashMap<>();
    private final ZoneId zone;

    OldSheetReader(Sheet sheet, ParseContext ctx, List<SourceRow> out) {
        this.sheet = sheet;
        this.ctx = ctx;
        this.out = out;
        this.zone = ctx.zone() == null ? ZoneId.systemDefault() : ctx.zone();
        for (CellRangeAddress r : sheet.getMergedRegions()) {
            for (int row = r.getFirstRow(); row <= r.getLastRow(); row++) {
                for (int col = r.getFirstColumn(); col <= r.getLastColumn(); col++) mergedByCell.put(row + ":" + col, r);
            }
        }
    }

    /** @return false when the sheet is not in the paper layout (then it is left alone) */
    boolean read() {
        int headerRow = -1;
        Map<Col, Integer> cols = new EnumMap<>(Col.class);
        String lineText = null;
        int last = Math.min(sheet.getLastRowNum(), 30);
        for (int r = 0; r <= last && headerRow < 0; r++) {
            Row row = sheet.getRow(r);
            if (row == null) continue;
            Map<Col, Integer> found = new EnumMap<>(Col.class);
            for (Cell c : row) {
                String t = text(c).strip();
                Matcher lm = LINE_LABEL.matcher(t);
                if (lm.matches() && lineText == null) lineText = lm.group(1);
                String key = t.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                for (var h : HEADERS.entrySet()) {
                    if (h.getValue().contains(key)) found.putIfAbsent(h.getKey(), c.getColumnIndex());
                }
            }
            if (found.containsKey(Col.DATE) && found.containsKey(Col.JOB)) {
                headerRow = r;
                cols = found;
            }
        }
        if (headerRow < 0) return false;
        String sheetName = sheet.getSheetName();
        if (lineText == null) {
            if (ctx.defaultLine() == null || ctx.defaultLine().isBlank()) {
                out.add(SourceRow.broken(headerRow + 1, "", Source.MANUAL, ParseProblem.encode("formats.sheet.noLine",
                        sheetName)));
                return true;
            }
            lineText = ctx.defaultLine();
        }
        LineInfo line = resolveLine(lineText);
        String lineCode = line != null ? line.code() : lineText;
        List<MachineInfo> machines = line == null ? List.of() : line.placementMachines();

        String prevModel = null, prevJob = null;
        int prevJobRow = 0;
        boolean subRows = cols.containsKey(Col.MACHINE);
        Map<Field, String> jobCommon = null;
        List<String> jobIdentity = null, jobWarnings = null;
        for (int r = headerRow + 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            int sheetRow = r + 1;
            Map<Col, String> cells = new EnumMap<>(Col.class);
            for (var e : cols.entrySet()) cells.put(e.getKey(), value(r, e.getValue()));
            String raw = rawText(row);
            boolean blank = cells.values().stream().allMatch(String::isBlank);
            if (blank) continue;
            String dateText = cells.get(Col.DATE).strip();
            if (HEADERS.get(Col.DATE).contains(dateText.toLowerCase(Locale.ROOT))) continue; // a second header row (English)
            if (TOTALS.matcher(dateText).matches()) {
                jobCommon = null;
                out.add(SourceRow.skipped(sheetRow, raw, Source.MANUAL, ParseProblem.encode("formats.sheet.totals", sheetName, sheetRow)));
                continue;
            }
            if (subRows && !startsJob(r, cols.get(Col.DATE))) {
                // A machine sub-row of the job above (its job cells are merged or left blank).
                Object[] where = {sheetName, sheetRow};
                if (jobCommon == null) {
                    out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.machineNoJob")));
                } else {
                    machineRow(sheetRow, raw, where, cells, jobCommon, jobIdentity, jobWarnings);
                }
                continue;
            }
            jobCommon = null;
            // A footer (组长签名: / QC:) or a note: nothing a job row would have.
            boolean noCounts = java.util.stream.Stream.of(Col.QTY, Col.PICKS, Col.PLACEMENTS, Col.JOB, Col.MODEL)
                    .allMatch(c -> cells.getOrDefault(c, "").isBlank());
            if (noCounts) {
                out.add(SourceRow.skipped(sheetRow, raw, Source.MANUAL, ParseProblem.encode("formats.sheet.notJobRow", sheetName, sheetRow,
                        abbreviate(raw))));
                continue;
            }
            List<String> warnings = new ArrayList<>();
            Object[] where = {sheetName, sheetRow};

            String model = cells.get(Col.MODEL).strip();
            String job = cells.get(Col.JOB).strip();
            if (job.isEmpty()) {
                if (prevJob == null) {
                    out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.jobBlank")));
                    continue;
                }
                job = prevJob;
                warnings.add(at(where, "formats.sheet.jobFromAbove", prevJobRow, prevJob));
                if (model.isEmpty() && prevModel != null) {
                    model = prevModel;
                    warnings.add(at(where, "formats.sheet.modelFromAbove", prevModel));
                }
            } else if (model.isEmpty() && prevModel != null && job.equals(prevJob)) {
                model = prevModel;
                warnings.add(at(where, "formats.sheet.modelFromAbove", prevModel));
            }
            prevJob = job;
            prevModel = model.isEmpty() ? null : model;
            prevJobRow = sheetRow;

            LocalDate date = date(r, cols.get(Col.DATE));
            if (date == null) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.badDate",
                        cells.get(Col.DATE))));
                continue;
            }
            LocalDateTime start = at(r, cols.get(Col.START), date);
            LocalDateTime end = at(r, cols.get(Col.END), date);
            String startText = cells.getOrDefault(Col.START, "");
            String endText = cells.getOrDefault(Col.END, "");
            if (!startText.isBlank() && start == null) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.badStart", startText)));
                continue;
            }
            if (!endText.isBlank() && end == null) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.badEnd", endText)));
                continue;
            }
            if (end == null && start == null) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.noTime")));
                continue;
            }
            LocalDateTime startAt = start;
            LocalDateTime endAt = end == null ? startAt : end;
            if (startAt != null && endAt.isBefore(startAt)) {
                endAt = endAt.plusDays(1);
                warnings.add(at(where, "formats.sheet.nextDay", endText, startText));
            }

            List<String> picks = subRows ? List.of() : split(cells.getOrDefault(Col.PICKS, ""));
            List<String> placements = subRows ? List.of() : split(cells.getOrDefault(Col.PLACEMENTS, ""));
            String checkers = cells.getOrDefault(Col.CHECKERS, "").strip();
            String remark = cells.getOrDefault(Col.REMARK, "").strip();

            // The content that identifies this job row; blank cells resolved as the paper means them.
            List<String> identity = List.of(lineCode, date.toString(), model, job, cells.get(Col.QTY), checkers,
                    startText, endText, String.join("/", picks), String.join("/", placements), remark);

            Map<Field, String> common = new EnumMap<>(Field.class);
            common.put(Field.LINE, lineCode);
            common.put(Field.JOB, job);
            if (!model.isEmpty()) common.put(Field.PRODUCT_MODEL, model);
            common.put(Field.EVENT_TIME, Times.format(endAt, zone));
            if (startAt != null) common.put(Field.START_TIME, Times.format(startAt, zone));

            Map<Field, String> lineRow = new EnumMap<>(common);
            lineRow.put(Field.EVENT_ID, id(identity, "line"));
            String qty = cells.get(Col.QTY).strip();
            if (!qty.isEmpty()) lineRow.put(Field.BOARDS, qty);
            if (!remark.isEmpty()) lineRow.put(Field.REMARK, remark);
            List<String> lineWarnings = new ArrayList<>(warnings);
            if (!checkers.isEmpty()) lineRow.put(Field.CHECKERS, checkers);
            out.add(new SourceRow(sheetRow, raw, Source.MANUAL, lineRow, null, null, lineWarnings));

            if (subRows) {
                jobCommon = common;
                jobIdentity = identity;
                jobWarnings = warnings;
                machineRow(sheetRow, raw, where, cells, common, identity, warnings);
                continue;
            }
            if (picks.isEmpty() && placements.isEmpty()) continue;
            if (picks.size() != placements.size()) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.countMismatch",
                        picks.size(), placements.size())));
                continue;
            }
            if (line == null || machines.isEmpty()) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.noMachines",
                        lineText)));
                continue;
            }
            if (picks.size() > machines.size()) {
                out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.tooManyValues",
                        picks.size(), lineCode, machines.size())));
                continue;
            }
            for (int i = 0; i < picks.size(); i++) {
                Map<Field, String> v = new EnumMap<>(common);
                MachineInfo m = machines.get(i);
                v.put(Field.MACHINE, m.code());
                v.put(Field.EVENT_ID, id(identity, "M" + (i + 1)));
                v.put(Field.PICKS, picks.get(i));
                v.put(Field.PLACEMENTS, placements.get(i));
                out.add(new SourceRow(sheetRow, raw, Source.MANUAL, v, null, null, warnings));
            }
            if (picks.size() < machines.size()) {
                // Not an error: a machine may have been off. Say it, so a forgotten value is noticed.
                out.set(out.size() - 1, withWarning(out.get(out.size() - 1), at(where, "formats.sheet.fewerValues",
                        picks.size(), lineCode, machines.size())));
            }
        }
        return true;
    }

    /** One machine's counts from a sub-row (the machine named by code in the 机台 column). */
    private void machineRow(int sheetRow, String raw, Object[] where, Map<Col, String> cells, Map<Field, String> common,
                            List<String> identity, List<String> warnings) {
        String machine = cells.getOrDefault(Col.MACHINE, "").strip();
        String picks = cells.getOrDefault(Col.PICKS, "").strip();
        String placements = cells.getOrDefault(Col.PLACEMENTS, "").strip();
        if (machine.isEmpty() && picks.isEmpty() && placements.isEmpty()) return;
        if (machine.isEmpty()) {
            out.add(SourceRow.broken(sheetRow, raw, Source.MANUAL, at(where, "formats.sheet.machineBlank")));
            return;
        }
        Map<Field, String> v = new EnumMap<>(common);
        v.put(Field.MACHINE, machine);
        List<String> parts = new ArrayList<>(identity);
        parts.add(picks);
        parts.add(placements);
        v.put(Field.EVENT_ID, id(parts, "machine:" + machine));
        if (!picks.isEmpty()) v.put(Field.PICKS, picks);
        if (!placements.isEmpty()) v.put(Field.PLACEMENTS, placements);
        out.add(new SourceRow(sheetRow, raw, Source.MANUAL, v, null, null, warnings));
    }

    /** Whether this row begins a job: its date cell is not the continuation of a merged or blank job cell. */
    private boolean startsJob(int row, Integer dateCol) {
        CellRangeAddress merged = mergedByCell.get(row + ":" + dateCol);
        if (merged != null) return merged.getFirstRow() == row;
        Row x = sheet.getRow(row);
        return x != null && !text(x.getCell(dateCol)).isBlank();
    }

    /** A start/end cell: H:mm on the row's day, an Excel time or date-time, or "M.D H:mm" for another day. */
    private LocalDateTime at(int row, Integer col, LocalDate day) {
        Cell c = cell(row, col);
        if (c == null) return null;
        if (numeric(c) && c.getNumericCellValue() >= 1) return DateUtil.getLocalDateTime(c.getNumericCellValue()).withNano(0);
        Matcher m = OTHER_DAY_TIME.matcher(text(c).strip());
        if (m.matches()) {
            try {
                LocalDate d = LocalDate.of(day.getYear(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                if (d.isBefore(day.minusMonths(6))) d = d.plusYears(1);
                return d.atTime(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            } catch (DateTimeException e) {
                return null;
            }
        }
        LocalTime t = time(row, col);
        return t == null ? null : day.atTime(t);
    }

    /** A reason on one sheet row: the key's {2} is the sheet, {3} the row, its own arguments from {4}. */
    private static String at(Object[] where, String key, Object... args) {
        Object[] all = new Object[args.length + 2];
        all[0] = where[0];
        all[1] = where[1];
        System.arraycopy(args, 0, all, 2, args.length);
        return ParseProblem.encode(key, all);
    }

    private static SourceRow withWarning(SourceRow r, String warning) {
        List<String> w = new ArrayList<>(r.warnings());
        w.add(warning);
        return new SourceRow(r.rowNo(), r.rawText(), r.source(), r.values(), r.parseError(), r.skipped(), w);
    }

    private String id(List<String> identity, String part) {
        List<String> fields = new ArrayList<>(identity);
        fields.add(part);
        String key = String.join("\u001f", fields);
        int n = occurrences.merge(key, 1, Integer::sum);
        return EventIds.derive(OldSheetParser.FORMAT, fields, n);
    }

    private LineInfo resolveLine(String text) {
        MasterData md = ctx.masterData();
        if (md == null) return null;
        String t = text.strip();
        return md.line(t).or(() -> md.line("L" + t)).orElse(null);
    }

    private Cell cell(int row, Integer col) {
        if (col == null) return null;
        CellRangeAddress merged = mergedByCell.get(row + ":" + col);
        int r = merged == null ? row : merged.getFirstRow();
        int c = merged == null ? col : merged.getFirstColumn();
        Row x = sheet.getRow(r);
        return x == null ? null : x.getCell(c);
    }

    private String value(int row, Integer col) {
        return text(cell(row, col));
    }

    private LocalDate date(int row, Integer col) {
        Cell c = cell(row, col);
        if (c == null) return null;
        if (numeric(c) && DateUtil.isCellDateFormatted(c)) return c.getLocalDateTimeCellValue().toLocalDate();
        if (numeric(c) && c.getNumericCellValue() > 20000) return DateUtil.getLocalDateTime(c.getNumericCellValue()).toLocalDate();
        String t = text(c).strip();
        try {
            Matcher m = ISO_DATE.matcher(t);
            if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            m = PAPER_DATE.matcher(t);
            if (m.matches()) {
                int y = Integer.parseInt(m.group(3));
                return LocalDate.of(y < 100 ? 2000 + y : y, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private LocalTime time(int row, Integer col) {
        Cell c = cell(row, col);
        if (c == null) return null;
        if (numeric(c)) {
            double v = c.getNumericCellValue();
            if (DateUtil.isCellDateFormatted(c) || (v >= 0 && v < 1)) {
                return DateUtil.getLocalDateTime(v).toLocalTime().withNano(0);
            }
            return null;
        }
        return TimeNotation.timeOfDay(text(c));
    }

    private static boolean numeric(Cell c) {
        CellType t = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
        return t == CellType.NUMERIC;
    }

    private String rawText(Row row) {
        if (row == null) return "";
        List<String> parts = new ArrayList<>();
        short lastCell = row.getLastCellNum();
        for (int c = 0; c < lastCell; c++) parts.add(value(row.getRowNum(), c).replaceAll("\\s*\\r?\\n\\s*", " / "));
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) parts.remove(parts.size() - 1);
        return String.join(" | ", parts);
    }

    /** A cell as the user sees it: whole numbers without ".0", dates as written. */
    static String text(Cell c) {
        if (c == null) return "";
        CellType t = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
        return switch (t) {
            case STRING -> c.getStringCellValue();
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(c)) {
                    LocalDateTime dt = c.getLocalDateTimeCellValue();
                    yield dt.toLocalDate().getYear() < 1901 ? dt.toLocalTime().toString() : dt.toLocalTime().equals(LocalTime.MIDNIGHT)
                            ? dt.toLocalDate().toString() : dt.toString();
                }
                yield BigDecimal.valueOf(c.getNumericCellValue()).stripTrailingZeros().toPlainString();
            }
            case BOOLEAN -> Boolean.toString(c.getBooleanCellValue());
            default -> "";
        };
    }

    static List<String> split(String stacked) {
        List<String> values = new ArrayList<>();
        for (String s : STACK_SPLIT.split(stacked.strip())) if (!s.isBlank()) values.add(s.strip());
        return values;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
