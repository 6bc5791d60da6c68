package dev.smtconsole.app;

import dev.smtconsole.domain.Causes;
import dev.smtconsole.domain.DeviceValueRow;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.report.DeviceValuesCsv;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DeviceDataStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the device gateway stored besides counters (issue 14): a line's device values per
 * production day range — for the line's detail view and {@code report values}.
 */
public final class DeviceDataService {
    /** The newest values a line's detail view reads to find the newest few of each spec. */
    public static final int DETAIL_READ = 5_000;

    private final MasterDataService masterData;
    private final FactoryCalendarService calendars;
    private final DeviceDataStore store;

    public DeviceDataService(Database db, MasterDataService masterData, FactoryCalendarService calendars) {
        this.masterData = masterData;
        this.calendars = calendars;
        this.store = new DeviceDataStore(db);
    }

    /** A line's device values collected in the production days {@code from}..{@code to}, oldest first (all of them). */
    public List<DeviceValueRow> values(String lineCode, LocalDate from, LocalDate to) {
        if (from == null || to == null) throw new ReportException("report.error.periodRequired");
        if (to.isBefore(from)) throw new ReportException("report.error.periodOrder", from, to);
        if (ChronoUnit.DAYS.between(from, to) >= ReportService.MAX_DAYS) {
            throw new ReportException("report.error.periodTooLong", from, to, ReportService.MAX_DAYS);
        }
        LineInfo line = line(lineCode);
        ProductionCalendar cal = calendars.current();
        return store.values(line.id(), cal.startOf(from), cal.endOf(to), Integer.MAX_VALUE, false);
    }

    /**
     * The newest {@code perSpec} values of each spec of a line's production day (the detail view),
     * specs in the order of their newest value; read from the day's newest {@link #DETAIL_READ}.
     */
    public Map<String, List<DeviceValueRow>> newestBySpec(String lineCode, LocalDate day, int perSpec) {
        LineInfo line = line(lineCode);
        ProductionCalendar cal = calendars.current();
        Map<String, List<DeviceValueRow>> out = new LinkedHashMap<>();
        for (DeviceValueRow r : store.values(line.id(), cal.startOf(day), cal.endOf(day), DETAIL_READ, true)) {
            List<DeviceValueRow> list = out.computeIfAbsent(r.spec(), k -> new java.util.ArrayList<>());
            if (list.size() < perSpec) list.add(r);
        }
        out.replaceAll((k, list) -> List.copyOf(list));
        return out;
    }

    /** Writes the values as CSV (CSV-injection safe); a failed write leaves no half file. */
    public void writeValuesCsv(String lineCode, List<DeviceValueRow> rows, Path file) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            DeviceValuesCsv.write(line(lineCode).code(), rows, calendars.cached().zone(), tmp);
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

    private LineInfo line(String code) {
        if (code == null || code.isBlank()) throw new ReportException("report.error.lineRequired");
        return masterData.current().line(code).or(() -> masterData.reload().line(code))
                .orElseThrow(() -> new ReportException("report.error.unknownLine", code, String.join(", ",
                        masterData.current().lines().stream().map(LineInfo::code).toList())));
    }
}
