package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.OldSheetParser;
import dev.smtconsole.ingest.formats.Samples;
import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.FormText;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionRow;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11: every number on the form is the one that was given — the typed or written start,
 * the sheet's remark — and the factory calendar is one thing, the same for every console.
 */
class FormTruthTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-12-05 09:00 in Shanghai. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T01:00:00Z"), SHANGHAI);

    abstract static class Base extends SampleDataServices {
        @TempDir
        Path tmp;

        @Override
        Clock clock() {
            return CLOCK;
        }

        private ProductionRow row(String line, String job, LocalDate day) {
            return services.reports().production(line, day, day, job).rows().stream()
                    .filter(r -> r.jobNo().equals(job)).findFirst().orElseThrow();
        }

        @Test
        void aTypedStartReachesTheFormOnScreenInTheCsvAndInExcel() throws Exception {
            var entry = new IngestService.ManualEntry("L1", "M900111", "1016928", 162L,
                    LocalDateTime.parse("2026-12-05T04:00"), LocalDateTime.parse("2026-12-05T05:30"), List.of("礼", "珍"),
                    List.of(new IngestService.MachineCount("L1-M1", 24207L, 24138L)), null, "OP1001");
            services.ingest().submitManual(entry);

            LocalDate day = LocalDate.of(2026, 12, 5);
            ProductionRow r = row("L1", "M900111", day);
            ZoneId zone = services.reports().calendar().zone();
            assertThat(FormText.time(r.start(), day, zone)).isEqualTo("4:00");
            assertThat(FormText.time(r.end(), day, zone)).isEqualTo("5:30");

            ProductionReport report = services.reports().production("L1", day, day, "M900111");
            Path csv = tmp.resolve("rows.csv");
            services.reports().writeProductionCsv(List.of(report), csv);
            assertThat(Files.readString(csv, StandardCharsets.UTF_8))
                    .contains("2026-12-05T04:00:00+08:00,2026-12-05T05:30:00+08:00");

            Path xlsx = tmp.resolve("form.xlsx");
            services.reports().writeProductionXlsx(List.of(report), xlsx, DateStyle.PAPER, null);
            try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                XSSFSheet sheet = wb.getSheetAt(0);
                DataFormatter f = new DataFormatter();
                Row jobRow = null;
                for (Row x : sheet) if ("M900111".equals(f.formatCellValue(x.getCell(2)))) jobRow = x;
                assertThat(jobRow).isNotNull();
                assertThat(f.formatCellValue(jobRow.getCell(5))).isEqualTo("4:00");
                assertThat(f.formatCellValue(jobRow.getCell(6))).isEqualTo("5:30");
            }
        }

        @Test
        void anOldSheetsStartAndRemarkReachTheForm() throws Exception {
            // What the sheet says, per job and day: the first start written and the first remark.
            Map<String, String> starts = new LinkedHashMap<>(), remarks = new LinkedHashMap<>();
            for (SourceRow x : Samples.parse(new OldSheetParser(), "production-record-L2.xlsx")) {
                if (x.get(Field.MACHINE) != null && !x.get(Field.MACHINE).isBlank() || x.get(Field.EVENT_TIME) == null) continue;
                OffsetDateTime end = OffsetDateTime.parse(x.get(Field.EVENT_TIME));
                LocalDate day = end.atZoneSameInstant(SHANGHAI).toLocalDate();
                String key = x.get(Field.JOB) + "@" + day;
                String start = x.get(Field.START_TIME);
                if (start != null && !start.isBlank()) {
                    starts.putIfAbsent(key, FormText.time(OffsetDateTime.parse(start).toInstant(), day, SHANGHAI));
                }
                String remark = x.get(Field.REMARK);
                if (remark != null && !remark.isBlank()) remarks.putIfAbsent(key, remark.strip());
            }
            assertThat(starts).isNotEmpty();
            assertThat(remarks).containsValue("574.8 - 416 = 158.8");

            var imported = services.ingest().importFile(Path.of("sample-data", "production-record-L2.xlsx"),
                    new IngestService.ImportOptions("xlsx", "OP1001", null, null), null, () -> false);
            assertThat(imported.rejected()).isZero();
            Map<String, String> shownStarts = new LinkedHashMap<>(), shownRemarks = new LinkedHashMap<>();
            for (ProductionRow r : services.reports().production("L2", LocalDate.of(2025, 12, 1),
                    LocalDate.of(2026, 11, 30), null).rows()) {
                String key = r.jobNo() + "@" + r.day();
                shownStarts.put(key, FormText.time(r.start(), r.day(), SHANGHAI));
                shownRemarks.put(key, r.remark());
            }
            assertThat(shownStarts).containsAllEntriesOf(starts);
            assertThat(shownRemarks).containsAllEntriesOf(remarks);
            // The remark fill is audited like an edit, naming the batch.
            String key = remarks.keySet().stream().filter(k -> remarks.get(k).equals("574.8 - 416 = 158.8")).findFirst().orElseThrow();
            ProductionRow row = services.reports().production("L2", LocalDate.parse(key.split("@")[1]),
                    LocalDate.parse(key.split("@")[1]), key.split("@")[0]).rows().get(0);
            assertThat(services.reports().history(row)).anySatisfy(h -> {
                assertThat(h.field()).isEqualTo("remark");
                assertThat(h.reason()).isEqualTo("import batch " + imported.batchId());
            });
        }

        @Test
        void aCfxJobStartsAtItsWorkStartedNotAtItsFirstCount() throws Exception {
            Path cfx = tmp.resolve("cfx-start.jsonl");
            Files.writeString(cfx, String.join("\n",
                    "{\"MessageName\":\"CFX.Production.WorkStarted\",\"Version\":\"2.1\",\"TimeStamp\":\"2026-12-05T07:40:00+08:00\","
                            + "\"UniqueID\":\"ws-1\",\"Source\":\"CFX.L1.M1\",\"MessageBody\":{\"TransactionID\":\"tx-1\",\"Lane\":1,"
                            + "\"UnitCount\":1,\"RecipeName\":\"1016928\",\"WorkOrderIdentifier\":{\"WorkOrderId\":\"M900222\"}}}",
                    "{\"MessageName\":\"CFX.Production.WorkCompleted\",\"Version\":\"2.1\",\"TimeStamp\":\"2026-12-05T08:20:00+08:00\","
                            + "\"UniqueID\":\"wc-1\",\"Source\":\"CFX.L1.M1\",\"MessageBody\":{\"TransactionID\":\"tx-1\",\"Result\":\"Completed\"}}"),
                    StandardCharsets.UTF_8);
            var r = services.ingest().importFile(cfx, new IngestService.ImportOptions("auto", "OP1001", null, null), null, () -> false);
            assertThat(r.accepted()).as(r.message()).isEqualTo(1);
            LocalDate day = LocalDate.of(2026, 12, 5);
            ProductionRow row = row("L1", "M900222", day);
            assertThat(FormText.time(row.start(), day, SHANGHAI)).isEqualTo("7:40");
            assertThat(FormText.time(row.end(), day, SHANGHAI)).isEqualTo("8:20");
            Path csv = tmp.resolve("cfx.csv");
            services.reports().writeProductionCsv(List.of(services.reports().production("L1", day, day, "M900222")), csv);
            assertThat(Files.readString(csv, StandardCharsets.UTF_8)).contains("2026-12-05T07:40:00+08:00,2026-12-05T08:20:00+08:00");
        }

        @Test
        void theFactoryCalendarIsSharedAuditedAndSetByName() {
            SettingsService settings = services.settings();
            assertThat(settings.get("factory.zone")).isEqualTo("Asia/Shanghai");
            assertThat(settings.get("factory.day-start")).isEqualTo("00:00");
            assertThat(settings.set("factory.day-start", "06:00", "OP1001")).isTrue();
            assertThat(settings.set("factory.day-start", "6:00", "OP1001")).isFalse();
            assertThatThrownBy(() -> settings.set("factory.day-start", "06:10", "OP1001"))
                    .isInstanceOf(LocalizedException.class).hasMessageContaining("quarter hour");
            assertThatThrownBy(() -> settings.set("factory.zone", "Mars/Olympus", "OP1001"))
                    .isInstanceOf(LocalizedException.class).hasMessageContaining("Mars/Olympus");
            assertThatThrownBy(() -> settings.set("factory.zone", "Asia/Kolkata", "NOBODY"))
                    .isInstanceOf(LocalizedException.class).hasMessageContaining("NOBODY");
            assertThat(services.calendar()).isEqualTo(new ProductionCalendar(SHANGHAI, java.time.LocalTime.of(6, 0)));
            // Another console, whose OS zone is New York, opens the same database: it uses the factory's calendar.
            try (AppServices other = new AppServices(Database.open(config),
                    Clock.fixed(CLOCK.instant(), ZoneId.of("America/New_York")))) {
                assertThat(other.calendar()).isEqualTo(services.calendar());
                assertThat(other.dashboard().wall().day()).isEqualTo(services.dashboard().wall().day());
            }
            settings.set("factory.day-start", "00:00", "OP1001");
        }

        @Test
        void productionDaysAreExactInHalfAndQuarterHourZonesWithASixOClockDayStart() {
            var master = services.masterData().current();
            try {
                int n = 0;
                for (String zoneId : List.of("Asia/Kolkata", "Asia/Kathmandu")) {
                    ZoneId zone = ZoneId.of(zoneId);
                    LocalDate day = LocalDate.of(2026, 12, 5).plusDays(2L * n);
                    services.settings().saveCalendar(zoneId, "06:00", "OP1001");
                    String job = "MZ" + (++n);
                    // One second before the day starts belongs to the 4th; the day start itself to the 5th.
                    Instant before = day.atTime(5, 59, 59).atZone(zone).toInstant();
                    Instant at = day.atTime(6, 0).atZone(zone).toInstant();
                    services.eventWriter().write(List.of(
                            new dev.smtconsole.domain.IngestRecord(0, job + "-a", before, null, dev.smtconsole.domain.Source.AUTO,
                                    "L3", "L3-M1", job, null, 3, 30, 30, 0, null, null, null),
                            new dev.smtconsole.domain.IngestRecord(0, job + "-b", at, null, dev.smtconsole.domain.Source.AUTO,
                                    "L3", "L3-M1", job, null, 5, 50, 50, 0, null, null, null)), master, null, null);
                    List<ProductionRow> rows = services.reports().production("L3", day.minusDays(1), day, job).rows();
                    assertThat(rows).as(zoneId).extracting(ProductionRow::day).containsExactly(day.minusDays(1), day);
                    assertThat(rows).as(zoneId).extracting(ProductionRow::quantity).containsExactly(3L, 5L);
                    // the hourly chart of the day starts at 06:00 local and holds the 5 boards in its first hour
                    var hourly = services.dashboard().hourly("L3", day);
                    assertThat(hourly.hours().get(0).localStart()).isEqualTo(java.time.LocalTime.of(6, 0));
                    assertThat(hourly.hours().get(0).boards()).isEqualTo(5);
                }
            } finally {
                services.settings().saveCalendar("Asia/Shanghai", "00:00", "OP1001");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("form-truth-h2");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.postgres();
        }
    }
}
