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
            var first = services.demo().load(3, SHANGHAI, n -> { });
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

            var second = services.demo().load(3, SHANGHAI, n -> { });
            assertThat(second.events()).isZero();
            assertThat(second.duplicates()).isEqualTo(first.events());
            assertThat(scalar(services, "SELECT SUM(event_count) FROM counter_bucket")).isEqualTo(first.events());
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
