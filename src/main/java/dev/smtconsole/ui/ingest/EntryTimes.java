package dev.smtconsole.ui.ingest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/**
 * The times a supervisor types on the manual form: {@code yyyy-MM-dd H:mm} (or with a {@code T}),
 * or a bare {@code H:mm} meaning today; a full-width colon is read as a colon. A bare end before
 * the start is a night shift ending after midnight.
 */
final class EntryTimes {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd H:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_T_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'H:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm").withResolverStyle(ResolverStyle.STRICT);
    static final DateTimeFormatter RESOLVED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private EntryTimes() {
    }

    /** {@code yyyy-MM-dd HH:mm}, or {@code H:mm} meaning today; null when blank. */
    static LocalDateTime parseTime(String text, LocalDate today) throws DateTimeParseException {
        if (text == null || text.isBlank()) return null;
        String t = text.strip().replace('：', ':');
        for (DateTimeFormatter f : List.of(DATE_TIME, DATE_T_TIME)) {
            try {
                return LocalDateTime.parse(t, f);
            } catch (DateTimeParseException e) {
                // try the next pattern
            }
        }
        return LocalDateTime.of(today, LocalTime.parse(t, TIME));
    }

    /** True when the text is only a time of day (H:mm), with no date. */
    static boolean isTimeOnly(String text) {
        if (text == null || text.isBlank()) return false;
        try {
            LocalTime.parse(text.strip().replace('：', ':'), TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * The end as saved. A bare {@code H:mm} end that would fall before the start is a night shift
     * ending after midnight: it is taken on the day after the start's day. A typed date is kept as typed.
     */
    static LocalDateTime resolveEnd(LocalDateTime start, String endText, LocalDate today) throws DateTimeParseException {
        LocalDateTime end = parseTime(endText, today);
        if (end != null && start != null && end.isBefore(start) && isTimeOnly(endText)) {
            return LocalDateTime.of(start.toLocalDate().plusDays(1), end.toLocalTime());
        }
        return end;
    }

    /** As {@link #parseTime}, null when the text is not a time. */
    static LocalDateTime safeTime(String text, LocalDate today) {
        try {
            return parseTime(text, today);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** As {@link #resolveEnd}, null when either text is not a time. */
    static LocalDateTime safeEnd(String startText, String endText, LocalDate today) {
        try {
            return resolveEnd(safeTime(startText, today), endText, today);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
