package dev.smtconsole.ui.ingest;

import dev.smtconsole.domain.TimeNotation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The times a supervisor types on the manual form, read by the product's one notation
 * ({@link TimeNotation}: {@code yyyy-MM-dd H:mm}, ISO, the paper's {@code M.D.YY H:mm} …) as
 * wall-clock times of the factory zone; a bare {@code H:mm} (either colon) means today. What the
 * form adds is its own rule: a bare end before the start is a night shift ending after midnight.
 */
final class EntryTimes {
    static final DateTimeFormatter RESOLVED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private EntryTimes() {
    }

    /** The wall-clock time in {@code zone}; a bare time of day is on {@code today}; null when blank. */
    static LocalDateTime parseTime(String text, LocalDate today, ZoneId zone) throws DateTimeParseException {
        if (text == null || text.isBlank()) return null;
        LocalTime time = TimeNotation.timeOfDay(text);
        if (time != null) return LocalDateTime.of(today, time);
        Instant at = TimeNotation.parseDateTime(text, zone);
        if (at == null) throw new DateTimeParseException("not a time", text, 0);
        return LocalDateTime.ofInstant(at, zone);
    }

    /** True when the text is only a time of day (H:mm), with no date. */
    static boolean isTimeOnly(String text) {
        return text != null && !text.isBlank() && TimeNotation.timeOfDay(text) != null;
    }

    /**
     * The end as saved. A bare {@code H:mm} end that would fall before the start is a night shift
     * ending after midnight: it is taken on the day after the start's day. A typed date is kept as typed.
     */
    static LocalDateTime resolveEnd(LocalDateTime start, String endText, LocalDate today, ZoneId zone) throws DateTimeParseException {
        LocalDateTime end = parseTime(endText, today, zone);
        if (end != null && start != null && end.isBefore(start) && isTimeOnly(endText)) {
            return LocalDateTime.of(start.toLocalDate().plusDays(1), end.toLocalTime());
        }
        return end;
    }

    /** As {@link #parseTime}, null when the text is not a time. */
    static LocalDateTime safeTime(String text, LocalDate today, ZoneId zone) {
        try {
            return parseTime(text, today, zone);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** As {@link #resolveEnd}, null when either text is not a time. */
    static LocalDateTime safeEnd(String startText, String endText, LocalDate today, ZoneId zone) {
        try {
            return resolveEnd(safeTime(startText, today, zone), endText, today, zone);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
