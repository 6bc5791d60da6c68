package dev.smtconsole.app;

import dev.smtconsole.domain.AlarmLevel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** A line's output hour by hour over one production day, in the factory's time zone. */
public record HourlySeries(long lineId, String lineCode, LocalDate day, Integer targetPerHour,
                           Double warnAbove, Double alarmAbove, List<Hour> hours) {
    public HourlySeries {
        hours = List.copyOf(hours);
    }

    public long totalBoards() {
        return hours.stream().mapToLong(Hour::boards).sum();
    }

    /** One hour: boards by the quantity rule, the machines' picks and placements, and their loss rate. */
    public record Hour(Instant start, LocalTime localStart, long boards, long picks, long placements, Double lossRate,
                       AlarmLevel lossLevel) {
    }
}
