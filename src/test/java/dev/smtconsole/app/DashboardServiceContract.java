package dev.smtconsole.app;

import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static dev.smtconsole.app.WallFixture.event;
import static dev.smtconsole.app.WallFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The wall's numbers from known events, on a real database. Each test works on its own day (the
 * wall reads only that day's buckets), so tests share one database without seeing each other.
 * Times are UTC in the data; the factory is in Asia/Shanghai (UTC+8).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardServiceContract {
    static final ZoneId FACTORY = ZoneId.of("Asia/Shanghai");
    WallFixture.MutableClock clock;
    AppServices services;
    DashboardService dashboard;

    abstract DatabaseConfig config();

    void cleanup() {
    }

    @BeforeAll
    void open() throws Exception {
        clock = new WallFixture.MutableClock(Instant.parse("2026-03-02T10:30:00Z"), FACTORY);
        services = new AppServices(dev.smtconsole.store.Database.open(config()), clock);
        WallFixture.loadSampleLines(services);
        services.masterData().setLineTarget("L1", 40);
        dashboard = services.dashboard();
    }

    @AfterAll
    void close() {
        if (services != null) services.close();
        cleanup();
    }

    /** Job TA (3 machines, no line level) then job TB (line-level boards plus one machine). */
    private void writeKnownDay(String day, String jobA, String jobB) {
        write(services,
                // the evening before in Shanghai (23:50 local): yesterday, not today
                event("L1", "L1-M1", jobA, "MODEL-A", t(day, -1, "15:50"), 100, 9000, 9000),
                event("L1", "L1-M1", jobA, "MODEL-A", t(day, 0, "08:10"), 10, 1000, 990),
                event("L1", "L1-M1", jobA, "MODEL-A", t(day, 0, "09:50"), 12, 1200, 1188),
                event("L1", "L1-M2", jobA, "MODEL-A", t(day, 0, "08:10"), 10, 500, 495),
                event("L1", "L1-M2", jobA, "MODEL-A", t(day, 0, "09:50"), 11, 550, 545),
                event("L1", "L1-M3", jobA, "MODEL-A", t(day, 0, "10:20"), 5, 300, 299),
                event("L1", null, jobB, "MODEL-B", t(day, 0, "10:25"), 7, 0, 0),
                event("L1", "L1-M1", jobB, "MODEL-B", t(day, 0, "10:26"), 9, 100, 100));
        services.database().jdbc(c -> c.createStatement().executeUpdate(
                "UPDATE job SET planned_qty = 500 WHERE job_no = '" + jobA + "'"));
    }

    private static Instant t(String day, int plusDays, String utcTime) {
        return LocalDate.parse(day).plusDays(plusDays).atTime(LocalTime.parse(utcTime)).atZone(ZoneId.of("UTC")).toInstant();
    }

    @Test
    void tilesShowExactNumbersFromKnownEvents() {
        writeKnownDay("2026-03-02", "TA0302", "TB0302");
        WallSnapshot wall = dashboard.wall(t("2026-03-02", 0, "10:30"));

        assertThat(wall.day()).isEqualTo(LocalDate.parse("2026-03-02"));
        LineSnapshot l1 = wall.line("L1").orElseThrow();
        assertThat(l1.jobNo()).isEqualTo("TB0302");
        assertThat(l1.productModel()).isEqualTo("MODEL-B");
        assertThat(l1.jobBoardsToday()).as("line-level boards win when they exist").isEqualTo(7);
        assertThat(l1.jobPlannedQty()).isNull();
        assertThat(l1.boardsToday()).as("TA: max over machines 22, TB: line level 7").isEqualTo(29);
        assertThat(l1.planToday()).isEqualTo(500);
        assertThat(l1.picks()).isEqualTo(3650);
        assertThat(l1.placements()).isEqualTo(3617);
        assertThat(l1.lossRate()).isCloseTo(33.0 / 3650, within(1e-12));
        assertThat(l1.boardsLastHour()).as("09:30-10:30: TA max(12, 11, 5) + TB 7").isEqualTo(19);
        assertThat(l1.targetPerHour()).isEqualTo(40);
        assertThat(l1.lastEventAt()).isEqualTo(t("2026-03-02", 0, "10:26"));
        assertThat(l1.stale()).isFalse();
        assertThat(l1.machines()).extracting(LineSnapshot.MachineLoss::code).containsExactly("L1-M1", "L1-M2", "L1-M3");
        LineSnapshot.MachineLoss m1 = l1.machines().get(0);
        assertThat(m1.picks()).isEqualTo(2300);
        assertThat(m1.placements()).isEqualTo(2278);
        assertThat(m1.lossRate()).isCloseTo(22.0 / 2300, within(1e-12));
        assertThat(m1.level()).as("default spec: warn above 0.5 %, alarm above 1 %").isEqualTo(AlarmLevel.WARN);
        assertThat(l1.machines().get(2).level()).isEqualTo(AlarmLevel.OK);
        assertThat(wall.line("L2").orElseThrow().boardsToday()).isZero();
        assertThat(wall.line("L2").orElseThrow().lossLevel()).isEqualTo(AlarmLevel.NONE);
    }

    @Test
    void hourlySeriesFollowsTheFactoryZone() {
        writeKnownDay("2026-04-06", "TA0406", "TB0406");
        HourlySeries s = dashboard.hourly("L1", LocalDate.parse("2026-04-06"));

        assertThat(s.hours()).hasSize(24);
        assertThat(s.hours().get(0).localStart()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(s.hours().get(15).boards()).as("15:50Z of the day before is 23:50 local").isEqualTo(0);
        assertThat(s.hours().get(16).boards()).isEqualTo(10);   // 08:10Z = 16:10 local
        assertThat(s.hours().get(16).lossRate()).isCloseTo(15.0 / 1500, within(1e-12));
        assertThat(s.hours().get(17).boards()).isEqualTo(12);
        assertThat(s.hours().get(18).boards()).as("TA max(M3 5) + TB line level 7").isEqualTo(12);
        assertThat(s.totalBoards()).isEqualTo(34);
        assertThat(s.targetPerHour()).isEqualTo(40);
        HourlySeries before = dashboard.hourly("L1", LocalDate.parse("2026-04-05"));
        assertThat(before.hours().get(23).boards()).isEqualTo(100);
    }

    @Test
    void lineTurnsStaleAfterTheConfiguredMinutes() {
        writeKnownDay("2026-05-04", "TA0504", "TB0504");
        Instant last = t("2026-05-04", 0, "10:26");
        assertThat(dashboard.wall(last.plusSeconds(15 * 60)).line("L1").orElseThrow().stale()).isFalse();
        assertThat(dashboard.wall(last.plusSeconds(15 * 60 + 1)).line("L1").orElseThrow().stale()).isTrue();
        dashboard.setStaleMinutes(30);
        try {
            WallSnapshot wall = dashboard.wall(last.plusSeconds(16 * 60));
            assertThat(wall.staleMinutes()).isEqualTo(30);
            assertThat(wall.line("L1").orElseThrow().stale()).isFalse();
        } finally {
            dashboard.setStaleMinutes(DashboardService.DEFAULT_STALE_MINUTES);
        }
        assertThat(dashboard.wall(last.plusSeconds(16 * 60)).line("L3").orElseThrow().stale())
                .as("a line without any data is stale").isTrue();
    }

    @Test
    void lossRateLevelsFollowTheMostSpecificSpecRow() {
        String day = "2026-06-01";
        write(services,
                event("L2", "L2-M1", "TC0601", "MODEL-C", t(day, 0, "03:00"), 10, 1000, 993),   // 0.7 %
                event("L2", "L2-M2", "TC0601", "MODEL-C", t(day, 0, "03:00"), 10, 1000, 997));  // 0.3 %
        Instant now = t(day, 0, "03:05");
        LineSnapshot l2 = dashboard.wall(now).line("L2").orElseThrow();
        assertThat(l2.machines().get(0).level()).isEqualTo(AlarmLevel.WARN);
        assertThat(l2.machines().get(1).level()).isEqualTo(AlarmLevel.OK);
        assertThat(l2.lossLevel()).isEqualTo(AlarmLevel.OK); // 10/2000 = 0.5 %, not above

        dashboard.setLossRateThresholds("L2", null, 0.001, 0.002);
        dashboard.setLossRateThresholds("L2", "L2-M1", 0.01, 0.02);
        l2 = dashboard.wall(now).line("L2").orElseThrow();
        assertThat(l2.lossLevel()).as("the line's own row").isEqualTo(AlarmLevel.ALARM);
        assertThat(l2.machines().get(0).level()).as("the machine's own row beats the line's").isEqualTo(AlarmLevel.OK);
        assertThat(l2.machines().get(0).warnAbove()).isEqualTo(0.01);
        assertThat(l2.machines().get(1).level()).as("no machine row: the line's").isEqualTo(AlarmLevel.ALARM);

        dashboard.setLossRateThresholds("L2", "L2-M1", 0.001, 0.005);
        assertThat(dashboard.wall(now).line("L2").orElseThrow().machines().get(0).level()).isEqualTo(AlarmLevel.ALARM);
        assertThat(dashboard.wall(now).line("L1").orElseThrow().lossLevel()).as("other lines keep the default").isIn(AlarmLevel.NONE, AlarmLevel.OK, AlarmLevel.WARN);
    }
}
