package dev.smtconsole.app;

import dev.smtconsole.domain.Causes;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.domain.TimeNotation;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.InOutCsv;
import dev.smtconsole.domain.InOutEntryData;
import dev.smtconsole.report.InOutReport;
import dev.smtconsole.report.InOutReportBuilder;
import dev.smtconsole.report.InOutXlsx;
import dev.smtconsole.domain.JobRecordData;
import dev.smtconsole.report.ProductionCsv;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionReportBuilder;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.report.ProductionXlsx;
import dev.smtconsole.report.XlsxTemplate;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.InOutRepository;
import dev.smtconsole.store.JobRecordRepository;
import dev.smtconsole.store.JobRecordRepository.Change;
import dev.smtconsole.store.JobRecordRepository.StaleRecordException;
import dev.smtconsole.store.ReportQueries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paper forms from data: the 生产数据记录表 (from counter buckets plus the hand-written job
 * records) and the 产品出/入数记录表, their edits with audit, and their CSV / Excel exports.
 */
public final class ReportService {
    /** Longest period one report covers: a form is a month or a quarter, not a decade. */
    public static final int MAX_DAYS = 366;

    public enum EditField { CHECKERS, REMARK, QUANTITY, START, END }

    private final MasterDataService masterData;
    private final ReportQueries queries;
    private final JobRecordRepository records;
    private final InOutRepository inOut;
    private final FactoryCalendarService calendars;
    private final Supplier<ProductionCalendar> calendar;
    private final Clock clock;
    private final dev.smtconsole.store.UnassignedStore held;

    public ReportService(Database db, MasterDataService masterData, FactoryCalendarService calendars, Clock clock) {
        this.masterData = masterData;
        this.queries = new ReportQueries(db);
        this.records = new JobRecordRepository(db);
        this.inOut = new InOutRepository(db);
        this.held = new dev.smtconsole.store.UnassignedStore(db);
        this.calendars = calendars;
        this.calendar = calendars::current;
        this.clock = clock;
    }

    /** The factory calendar as last read (never touches the database: safe on the GUI thread). */
    public ProductionCalendar calendar() {
        return calendars.cached();
    }

    /** The production day running now, in the factory calendar. */
    public LocalDate today() {
        return calendars.cached().productionDay(clock.instant());
    }

    public Clock clock() {
        return clock;
    }

    public List<String> lineCodes() {
        return masterData.current().lines().stream().map(LineInfo::code).toList();
    }

    private LineInfo line(String code) {
        if (code == null || code.isBlank()) throw new ReportException("report.error.lineRequired");
        return masterData.current().line(code).or(() -> masterData.reload().line(code))
                .orElseThrow(() -> new ReportException("report.error.unknownLine", code, String.join(", ", lineCodes())));
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        if (from == null || to == null) throw new ReportException("report.error.periodRequired");
        if (to.isBefore(from)) throw new ReportException("report.error.periodOrder", from, to);
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) throw new ReportException("report.error.periodTooLong", from, to, MAX_DAYS);
    }

    /** The form of one line for a period; {@code jobFilter} matches part of a job number or product model. */
    public ProductionReport production(String lineCode, LocalDate from, LocalDate to, String jobFilter) {
        checkPeriod(from, to);
        LineInfo line = line(lineCode);
        ProductionCalendar cal = calendar.get();
        // Production days start on a bucket edge (ProductionCalendar): their bounds are exactly the buckets to read.
        ReportQueries.LineData data = queries.lineData(line.id(), cal.startOf(from), cal.endOf(to), from, to);
        return ProductionReportBuilder.build(line.code(), from, to, cal, line.placementMachines(), data.buckets(),
                data.jobs(), data.records(), data.thresholds(), jobFilter);
    }

    /**
     * Counts held without a job on a line in a period (issue 13, ADR 0027), per machine (null = line level): not
     * in the form's rows, so the report says them beside it — "1 board on ST00460029 without a job".
     */
    public record WithoutJob(String lineCode, String machineCode, long counts, long boards) {
        /** The report's line, in the reader's language. */
        public String text(java.util.Locale locale) {
            String where = machineCode != null ? machineCode
                    : LocalizedException.text(locale, "unassigned.report.lineLevel", lineCode);
            return LocalizedException.text(locale, "unassigned.report.note", boards, where);
        }
    }

    public List<WithoutJob> withoutJob(String lineCode, LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        LineInfo line = line(lineCode);
        ProductionCalendar cal = calendar.get();
        return held.sums(line.code(), cal.startOf(from), cal.endOf(to)).stream()
                .map(x -> new WithoutJob(x.lineCode(), x.machineCode(), x.counts(), x.boards())).toList();
    }

    /** Where a row's figures came from: per machine code ("" = line level), source / batch / file / events. */
    public record SourceInfo(String machineCode, String source, Long batchId, String fileName, String operatorId, long events) {
    }

    public List<SourceInfo> sources(String lineCode, ProductionRow row) {
        LineInfo line = line(lineCode);
        ProductionCalendar cal = calendar.get();
        List<SourceInfo> out = new ArrayList<>();
        for (ReportQueries.SourceRow s : queries.sources(line.id(), row.jobId(), cal.startOf(row.day()), cal.endOf(row.day()))) {
            String machine = s.machineId() == 0 ? "" : line.machines().stream().filter(m -> m.id() == s.machineId())
                    .map(m -> m.code()).findFirst().orElse("#" + s.machineId());
            out.add(new SourceInfo(machine, s.source(), s.batchId(), s.fileName(), s.operatorId(), s.events()));
        }
        return out;
    }

    /** One change of a row's hand-written columns. */
    public record HistoryEntry(Instant at, String operator, String field, String oldValue, String newValue, String reason) {
    }

    /** The audit trail of a row's hand-written columns, newest first. */
    public List<HistoryEntry> history(ProductionRow row) {
        if (row.record() == null) return List.of();
        return records.history(row.record().id()).stream()
                .map(a -> new HistoryEntry(a.at(), a.operator(), a.field(), a.oldValue(), a.newValue(), a.reason())).toList();
    }

    /**
     * Saves one hand-written field of a row. Corrections of quantity, start or end need a reason;
     * every change goes to the audit trail with the operator. Fails with a message when someone
     * else saved the row since it was read (optimistic locking by version).
     */
    public JobRecordData edit(String lineCode, ProductionRow row, EditField field, String text, String reason, String operator) {
        if (operator == null || operator.isBlank()) throw new ReportException("report.error.operatorRequired");
        if (!masterData.isAcceptableOperator(operator)) throw new ReportException("report.error.unknownOperator", operator.strip());
        LineInfo line = line(lineCode);
        JobRecordData r = row.record();
        String checkers = r == null ? null : r.checkers();
        String remark = r == null ? null : r.remark();
        Long quantity = r == null ? null : r.quantityOverride();
        Instant start = r == null ? null : r.startOverride();
        Instant end = r == null ? null : r.endOverride();
        String value = text == null || text.isBlank() ? null : text.strip();
        String oldText, newText;
        switch (field) {
            case CHECKERS -> {
                if (value != null && value.length() > 500) throw new ReportException("report.error.tooLong", fieldName(field), 500);
                oldText = checkers;
                checkers = value;
                newText = value;
            }
            case REMARK -> {
                if (value != null && value.length() > 2000) throw new ReportException("report.error.tooLong", fieldName(field), 2000);
                oldText = remark;
                remark = value;
                newText = value;
            }
            case QUANTITY -> {
                oldText = quantity == null ? null : quantity.toString();
                quantity = value == null ? null : parseQuantity(value);
                newText = quantity == null ? null : quantity.toString();
            }
            case START, END -> {
                Instant parsed = value == null ? null : parseTime(row.day(), field, value);
                oldText = field == EditField.START ? text(start) : text(end);
                if (field == EditField.START) start = parsed; else end = parsed;
                newText = text(parsed);
            }
            default -> throw new IllegalStateException(field.name());
        }
        if (Objects.equals(oldText, newText)) return r;
        boolean correction = field == EditField.QUANTITY || field == EditField.START || field == EditField.END;
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (correction && why == null) throw new ReportException("report.error.reasonRequired", fieldName(field));
        Instant effectiveStart = start != null ? start : row.dataStart();
        Instant effectiveEnd = end != null ? end : row.dataEnd();
        if (effectiveStart != null && effectiveEnd != null && effectiveEnd.isBefore(effectiveStart)) {
            throw new ReportException("report.error.endBeforeStart", hhmm(effectiveStart), hhmm(effectiveEnd));
        }
        String correctionReason = correction ? why : r == null ? null : r.correctionReason();
        try {
            return records.save(line.id(), row.jobId(), row.day(), row.version(),
                    new JobRecordRepository.Values(checkers, remark, quantity, start, end, correctionReason),
                    List.of(new Change(field.name().toLowerCase(java.util.Locale.ROOT), oldText, newText, why)),
                    operator.strip(), clock.instant());
        } catch (StaleRecordException e) {
            JobRecordData now = e.current();
            throw new ReportException("report.error.stale", row.jobNo(), now == null ? "?" : now.updatedBy(),
                    now == null || now.updatedAt() == null ? "?" : hhmm(now.updatedAt()));
        }
    }

    private static String fieldName(EditField f) {
        return "report.field." + f.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static long parseQuantity(String value) {
        try {
            long q = Long.parseLong(value.replace(",", ""));
            if (q < 0) throw new ReportException("report.error.quantity", value);
            return q;
        } catch (NumberFormatException e) {
            throw new ReportException("report.error.quantity", value);
        }
    }

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm");

    /** Any {@link TimeNotation}: "14:45" on the row's production day (before the day start = the next calendar day), "2026-01-08 14:45", … */
    private Instant parseTime(LocalDate day, EditField field, String value) {
        Instant t = TimeNotation.parse(value, day, calendar.get());
        if (t == null) throw new ReportException("report.error.time", fieldName(field), value);
        return t;
    }

    private String text(Instant t) {
        return t == null ? null : DATE_TIME.format(t.atZone(calendar.get().zone()));
    }

    private String hhmm(Instant t) {
        return DateTimeFormatter.ofPattern("H:mm").format(t.atZone(calendar.get().zone()));
    }

    // ---------- in / out sheet ----------

    public InOutReport inOut(String lineCode, LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        LineInfo line = line(lineCode);
        List<InOutEntryData> entries = inOut.list(line.id(), from, to);
        return InOutReportBuilder.build(line.code(), from, to, entries, inOut.totalsBefore(line.id(), from));
    }

    /** Adds a typed row; totals are derived on read. */
    public long addInOut(String lineCode, String jobNo, LocalDate date, LocalTime time, String quantityText, String signedBy,
                         String remark, String operator) {
        if (operator == null || operator.isBlank()) throw new ReportException("inout.error.operatorRequired");
        if (!masterData.isAcceptableOperator(operator)) throw new ReportException("inout.error.unknownOperator", operator.strip());
        LineInfo line = line(lineCode);
        if (date == null) throw new ReportException("inout.error.dateRequired");
        if (time == null) throw new ReportException("inout.error.timeRequired");
        long qty;
        try {
            qty = Long.parseLong(quantityText == null ? "" : quantityText.strip());
        } catch (NumberFormatException e) {
            throw new ReportException("inout.error.quantity", quantityText == null ? "" : quantityText);
        }
        if (qty <= 0 || qty > 10_000_000) throw new ReportException("inout.error.quantity", quantityText);
        if (date.isAfter(LocalDate.now(clock.withZone(calendar.get().zone())).plusDays(1))) {
            throw new ReportException("inout.error.future", date);
        }
        Long jobId = jobNo == null || jobNo.isBlank() ? null : inOut.jobId(jobNo.strip());
        return inOut.add(new InOutRepository.NewEntry(line.id(), jobId, date, time, qty, blankToNull(signedBy),
                blankToNull(remark), operator.strip()), clock.instant());
    }

    public boolean voidInOut(long id, String reason, String operator) {
        if (operator == null || operator.isBlank()) throw new ReportException("inout.error.operatorRequired");
        if (!masterData.isAcceptableOperator(operator)) throw new ReportException("inout.error.unknownOperator", operator.strip());
        if (reason == null || reason.isBlank()) throw new ReportException("inout.error.reasonRequired");
        return inOut.voidEntry(id, operator.strip(), reason.strip(), clock.instant());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---------- exports ----------

    public void writeProductionCsv(List<ProductionReport> reports, Path file) {
        write(file, tmp -> ProductionCsv.write(reports, tmp));
    }

    /** The built-in layout, or the factory's own template when {@code template} is given. */
    public void writeProductionXlsx(List<ProductionReport> reports, Path file, DateStyle style, Path template) {
        Instant printedAt = clock.instant();
        if (template != null) write(file, tmp -> XlsxTemplate.fillProduction(template, reports, tmp, style, printedAt));
        else write(file, tmp -> ProductionXlsx.write(reports, tmp, style, printedAt));
    }

    public void writeInOutCsv(List<InOutReport> reports, Path file) {
        write(file, tmp -> InOutCsv.write(reports, tmp));
    }

    public void writeInOutXlsx(List<InOutReport> reports, Path file, DateStyle style, Path template) {
        Instant printedAt = clock.instant();
        java.time.ZoneId zone = calendar.get().zone();
        if (template != null) write(file, tmp -> XlsxTemplate.fillInOut(template, reports, tmp, style, printedAt, zone));
        else write(file, tmp -> InOutXlsx.write(reports, tmp, style, printedAt, zone));
    }

    @FunctionalInterface
    private interface FileWork {
        void run(Path tmp) throws IOException;
    }

    /** Writes next to the target and moves into place, so a failed export never leaves half a file. */
    private static void write(Path file, FileWork work) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            work.run(tmp);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is what the user needs to see
            }
            if (e instanceof AppException ae) throw ae;
            throw new ReportException("report.error.write", file, Causes.rootMessage(e));
        }
    }
}
