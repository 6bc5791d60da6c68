package dev.smtconsole.report;

import dev.smtconsole.ui.report.PrintLayout;
import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.domain.Thresholds;
import dev.smtconsole.domain.BucketRow;
import dev.smtconsole.domain.JobInfo;
import dev.smtconsole.bench.ReportBench;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MachineKind;
import dev.smtconsole.domain.ProductionCalendar;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts: production days with a day-start hour, pagination, and the large-export layout. */
class ProductionReportBuilderTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<MachineInfo> MACHINES = List.of(
            new MachineInfo(1, "M1", "L", 1, MachineKind.PLACEMENT, null, List.of()),
            new MachineInfo(2, "M2", "L", 2, MachineKind.PLACEMENT, null, List.of()));

    private static BucketRow bucket(long machine, long job, String utc, long boards, long picks, long placements) {
        Instant t = Instant.parse(utc);
        return new BucketRow(machine, job, t, boards, picks, placements, picks - placements, 1, t, t);
    }

    @Test
    void nightShiftBeforeTheDayStartHourBelongsToThePreviousDay() {
        // 02:00 local on the 9th with days starting at 06:00 is still production day the 8th.
        var cal = new ProductionCalendar(ZONE, 6);
        var rows = ProductionReportBuilder.build("L", LocalDate.of(2026, 1, 8), LocalDate.of(2026, 1, 9), cal, MACHINES,
                List.of(bucket(1, 7, "2026-01-08T14:00:00Z", 10, 100, 99), bucket(1, 7, "2026-01-08T18:00:00Z", 5, 50, 50),
                        bucket(2, 7, "2026-01-08T23:00:00Z", 3, 30, 30)),
                Map.of(7L, new JobInfo(7, "J7", "P", null)), List.of(), Thresholds.NONE, null).rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).day()).isEqualTo(LocalDate.of(2026, 1, 8));
        assertThat(rows.get(0).quantity()).isEqualTo(15);
        assertThat(rows.get(0).machines().get(0).picks()).isEqualTo(150);
        assertThat(rows.get(1).day()).isEqualTo(LocalDate.of(2026, 1, 9));
        assertThat(rows.get(1).machines().get(1).picks()).isEqualTo(30);
    }

    @Test
    void lossRateLevelsFollowTheThresholds() {
        var t = new Thresholds(0.005, 0.01);
        var rows = ProductionReportBuilder.build("L", LocalDate.of(2026, 1, 8), LocalDate.of(2026, 1, 8),
                new ProductionCalendar(ZONE, 0), MACHINES,
                List.of(bucket(1, 7, "2026-01-08T02:00:00Z", 1, 1000, 996), bucket(2, 7, "2026-01-08T02:00:00Z", 1, 1000, 980)),
                Map.of(), List.of(), t, null).rows();
        assertThat(rows.get(0).machines()).extracting(MachineCell::level).containsExactly(AlarmLevel.OK, AlarmLevel.ALARM);
        assertThat(rows.get(0).jobNo()).isEqualTo("#7");
    }

    @Test
    void paginationNeverSplitsAJobsMachineLines() {
        Random rnd = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<List<String>> rows = new ArrayList<>();
            int n = 1 + rnd.nextInt(120);
            for (int i = 0; i < n; i++) {
                String stacked = String.join("\n", java.util.Collections.nCopies(1 + rnd.nextInt(6), "1"));
                rows.add(List.of("d", stacked));
            }
            var table = new PrintLayout.Table("t", "s", List.of("a", "b"), new double[]{1, 1}, rows, List.of("T", "1\n2"));
            var pages = PrintLayout.paginate(table, PrintLayout.A4_LANDSCAPE_HEIGHT);
            List<Integer> all = new ArrayList<>();
            pages.forEach(all::addAll);
            // every row exactly once, in order: a row (a job with all its machine lines) is never cut
            assertThat(all).hasSize(n);
            for (int i = 0; i < n; i++) assertThat(all.get(i)).isEqualTo(i);
            for (var page : pages) {
                double h = page.stream().mapToDouble(i -> PrintLayout.rowHeight(rows.get(i))).sum();
                assertThat(h).isLessThanOrEqualTo(PrintLayout.A4_LANDSCAPE_HEIGHT);
            }
        }
    }

    @Test
    void largeExportGroupsJobCellsWithoutMergesAndKeepsNumbersNumeric(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.xlsx");
        ProductionXlsx.write(List.of(ReportBench.syntheticReport(ProductionXlsx.MERGE_LIMIT + 1)), file, DateStyle.ISO, Instant.now());
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet s = wb.getSheetAt(0);
            assertThat(s.getNumMergedRegions()).isEqualTo(1 + 6); // the title and the totals row only
            int last = ProductionXlsx.FIRST_DATA_ROW + 3 * ProductionXlsx.MERGE_LIMIT;
            assertThat(s.getRow(last).getCell(2).getStringCellValue()).isEqualTo("M" + (100000 + ProductionXlsx.MERGE_LIMIT));
            assertThat(s.getRow(last + 2).getCell(9).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(s.getRow(last + 1).getCell(2).getStringCellValue()).isEmpty();
        }
    }
}
