package dev.smtconsole.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** One notation for every door (issue 12): the same text names the same instant in a parser, a form and a report. */
class TimeNotationTest {
    private static final ProductionCalendar SHANGHAI_08 = new ProductionCalendar(ZoneId.of("Asia/Shanghai"), LocalTime.of(8, 0));
    private static final LocalDate DAY = LocalDate.of(2026, 1, 8);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2026-01-08T14:45:00+08:00 | 2026-01-08T06:45:00Z",
            "2026-01-08T06:45:00Z      | 2026-01-08T06:45:00Z",
            "2026-01-08T14:45:00       | 2026-01-08T06:45:00Z",
            "2026-01-08 14:45          | 2026-01-08T06:45:00Z",
            "2026/1/8 14:45:30         | 2026-01-08T06:45:30Z",
            "2026-01-08 14：45         | 2026-01-08T06:45:00Z",
            "1.8.26 14:45              | 2026-01-08T06:45:00Z",
            "14:45                     | 2026-01-08T06:45:00Z",
            "14：45                    | 2026-01-08T06:45:00Z",
            "02:00                     | 2026-01-08T18:00:00Z",
            "46030.6145833333          | 2026-01-08T06:45:00Z",
    })
    void everyNotationNamesTheSameInstant(String text, String expected) {
        assertThat(TimeNotation.parse(text, DAY, SHANGHAI_08)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"25:00", "14:75", "2026-13-45 10:00", "12345", "yesterday", "14.45", "1.8.26"})
    void whatIsNoTimeIsNull(String text) {
        assertThat(TimeNotation.parse(text, DAY, SHANGHAI_08)).isNull();
    }

    @Test
    void aBareTimeNeedsItsDay() {
        assertThat(TimeNotation.parse("14:45", null, SHANGHAI_08)).isNull();
        assertThat(TimeNotation.timeOfDay("7：05")).isEqualTo(LocalTime.of(7, 5));
    }
}
