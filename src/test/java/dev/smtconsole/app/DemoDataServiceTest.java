package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDataServiceTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Clock AFTERNOON = Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), SHANGHAI); // 15:00 local

    @Test
    void threeLinesOfThreeMachinesEndingNowAndIdempotent(@TempDir Path dir) {
        try (AppServices services = new AppServices(Database.open(TestDatabases.h2(dir)), AFTERNOON)) {
            var first = services.demo().load(3, n -> { });
            assertThat(first.events()).isPositive();
            assertThat(first.duplicates()).isZero();

            assertThat(scalar(services, "SELECT COUNT(DISTINCT line_id) FROM production_event")).isEqualTo(3);
            assertThat(scalar(services, "SELECT COUNT(DISTINCT machine_id) FROM production_event")).isEqualTo(9);
            // Nothing in the future of "now".
            assertThat(scalar(services, "SELECT COUNT(*) FROM production_event WHERE event_time > TIMESTAMP WITH TIME ZONE '2026-11-26 07:00:00+00'"))
                    .isZero();
            // Buckets hold exactly the events' sums.
            assertThat(scalar(services, "SELECT SUM(picks) FROM counter_bucket"))
                    .isEqualTo(scalar(services, "SELECT SUM(picks) FROM production_event"));
            assertThat(scalar(services, "SELECT SUM(event_count) FROM counter_bucket")).isEqualTo(first.events());

            var second = services.demo().load(3, n -> { });
            assertThat(second.events()).isZero();
            assertThat(second.duplicates()).isEqualTo(first.events());
            assertThat(scalar(services, "SELECT SUM(event_count) FROM counter_bucket")).isEqualTo(first.events());
        }
    }

    @Test
    void loadedBeforeEightInTheMorningEveryLineIsRunningAJobNow(@TempDir Path dir) {
        // 06:30 in Shanghai: the old demo produced only between 08:00 and 20:00, so every line said "no job today".
        Clock early = Clock.fixed(Instant.parse("2026-12-04T22:30:00Z"), SHANGHAI);
        try (AppServices services = new AppServices(Database.open(TestDatabases.h2(dir)), early)) {
            services.demo().load(7, n -> { });
            var wall = services.dashboard().wall();
            assertThat(wall.lines()).hasSize(3);
            for (var line : wall.lines()) {
                assertThat(line.jobNo()).as("current job of %s", line.lineCode()).isNotNull();
                assertThat(line.stale()).as("stale %s", line.lineCode()).isFalse();
                assertThat(line.lastEventAt()).isAfter(early.instant().minusSeconds(600));
                assertThat(line.boardsLastHour()).isPositive();
            }
            // seven days ending now: the oldest event is no older than seven days
            assertThat(scalar(services, "SELECT COUNT(*) FROM production_event WHERE event_time < TIMESTAMP WITH TIME ZONE '2026-11-27 22:30:00+00'"))
                    .isZero();
        }
    }

    @Test
    void aLaterLoadAddsOnlyWhatHappenedSinceAndChangesNothingThere(@TempDir Path dir) {
        var db = TestDatabases.h2(dir);
        long firstTotal;
        try (AppServices services = new AppServices(Database.open(db), AFTERNOON)) {
            services.demo().load(2, n -> { });
            firstTotal = scalar(services, "SELECT SUM(picks) FROM production_event");
        }
        Clock later = Clock.offset(AFTERNOON, java.time.Duration.ofHours(3));
        try (AppServices services = new AppServices(Database.open(db), later)) {
            var r = services.demo().load(2, n -> { });
            assertThat(r.events()).isPositive();
            // the first load's events are all still there, unchanged: picks only grew by the new events'
            assertThat(scalar(services, "SELECT SUM(picks) FROM production_event WHERE event_time <= TIMESTAMP WITH TIME ZONE '2026-11-26 07:00:00+00'"))
                    .isEqualTo(firstTotal);
        }
    }

    private static long scalar(AppServices services, String sql) {
        return services.database().jdbc(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
