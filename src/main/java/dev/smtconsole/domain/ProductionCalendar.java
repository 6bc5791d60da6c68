package dev.smtconsole.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The factory calendar: production days are calendar days in the factory's time zone that start
 * at the day-start time (a night shift until 06:00 belongs to the day before). One shared,
 * audited setting; every door and every read uses it, never the OS zone of a console.
 * <p>
 * Counter buckets are {@link #BUCKET} long and aligned to the UTC epoch. Every time zone in use
 * is a whole number of quarter hours from UTC (+05:30, +05:45, −09:30 …) and the day start is a
 * quarter hour, so a production day always starts on a bucket edge and a bucket never straddles
 * two days (docs/decisions/0011).
 */
public record ProductionCalendar(ZoneId zone, LocalTime dayStart) {
    /** The length of a counter bucket. */
    public static final Duration BUCKET = Duration.ofMinutes(15);
    private static final long BUCKET_SECONDS = BUCKET.toSeconds();
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public ProductionCalendar {
        if (zone == null) throw new IllegalArgumentException("zone is required");
        if (dayStart == null) throw new IllegalArgumentException("day start is required");
        if (!isValidDayStart(dayStart)) {
            throw new IllegalArgumentException("day start must be a whole quarter hour: " + dayStart);
        }
    }

    public ProductionCalendar(ZoneId zone, int dayStartHour) {
        this(zone, LocalTime.of(dayStartHour, 0));
    }

    /** Midnight in the system's zone: what a console assumes before the factory's calendar is stored. */
    public static ProductionCalendar systemDefault() {
        return new ProductionCalendar(ZoneId.systemDefault(), LocalTime.MIDNIGHT);
    }

    /** Whether a time can be a day start: a quarter hour (so days begin on a bucket edge). */
    public static boolean isValidDayStart(LocalTime t) {
        return t.getSecond() == 0 && t.getNano() == 0 && t.getMinute() % 15 == 0;
    }

    /** "06:00", "6:00", "6" → 06:00; empty when the text is not a time of day. */
    public static Optional<LocalTime> parseDayStart(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        String s = text.strip().replace('：', ':');
        try {
            if (s.matches("\\d{1,2}")) return Optional.of(LocalTime.of(Integer.parseInt(s), 0));
            if (s.matches("\\d{1,2}:\\d{2}")) {
                String[] p = s.split(":");
                return Optional.of(LocalTime.of(Integer.parseInt(p[0]), Integer.parseInt(p[1])));
            }
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A zone id such as "Asia/Shanghai" or "+05:30"; empty when unknown. */
    public static Optional<ZoneId> parseZone(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            return Optional.of(ZoneId.of(text.strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The day start as written in settings: "06:00". */
    public String dayStartText() {
        return HH_MM.format(dayStart);
    }

    /** The production day an instant belongs to. */
    public LocalDate productionDay(Instant t) {
        LocalDateTime local = t.atZone(zone).toLocalDateTime();
        LocalDate date = local.toLocalDate();
        return local.toLocalTime().isBefore(dayStart) ? date.minusDays(1) : date;
    }

    /** First instant of the production day. */
    public Instant startOf(LocalDate day) {
        return ZonedDateTime.of(day, dayStart, zone).toInstant();
    }

    /** First instant after the production day. */
    public Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    /**
     * A time of day typed for a production day ("14:45" on the row of the 8th): on that day, or
     * on the next calendar day when it is before the day start (a night shift's 02:00).
     */
    public Instant atTimeOfDay(LocalDate day, LocalTime time) {
        LocalDate date = time.isBefore(dayStart) ? day.plusDays(1) : day;
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    /** The counter bucket an instant is summed in: the quarter hour (UTC-aligned) that holds it. */
    public static Instant bucketStart(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), BUCKET_SECONDS) * BUCKET_SECONDS);
    }

    /** Parses "HH:mm" the way settings store it; throws with the text when it is not a valid day start. */
    public static LocalTime dayStartOf(String text) {
        LocalTime t = parseDayStart(text).orElseThrow(() -> new DateTimeParseException("not a time of day", text, 0));
        if (!isValidDayStart(t)) throw new DateTimeParseException("not a quarter hour", text, 0);
        return t;
    }
}
