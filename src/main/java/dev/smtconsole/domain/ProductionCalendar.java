package dev.smtconsole.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Production days: calendar days in the factory's time zone, starting at a configurable hour
 * (a night shift until 06:00 can belong to the day before).
 */
public record ProductionCalendar(ZoneId zone, int dayStartHour) {
    public ProductionCalendar {
        if (dayStartHour < 0 || dayStartHour > 23) throw new IllegalArgumentException("day start hour 0..23: " + dayStartHour);
    }

    public static ProductionCalendar systemDefault() {
        return new ProductionCalendar(ZoneId.systemDefault(), 0);
    }

    public LocalDate productionDay(Instant t) {
        return t.atZone(zone).minusHours(dayStartHour).toLocalDate();
    }

    /** First instant of the production day. */
    public Instant startOf(LocalDate day) {
        return ZonedDateTime.of(day, LocalTime.of(dayStartHour, 0), zone).toInstant();
    }

    /** First instant after the production day. */
    public Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    /** The hour bucket a fact is summed in (UTC hour). */
    public static Instant bucketHour(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}
