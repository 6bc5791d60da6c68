package dev.smtconsole.ui.kit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The factory's date style on screen, in both languages: ISO dates (2026-12-05) and 24-hour times.
 * The paper's M.D.YY appears only where the paper form itself is shown or printed (report.DateStyle).
 */
public final class Dates {
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    public static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

    private Dates() {
    }

    public static String date(LocalDate d) {
        return d == null ? "" : DATE.format(d);
    }

    /** "19:58" on {@code today}, "2026-12-04 19:58" on any other day: a time alone after midnight misleads. */
    public static String timeOrDateTime(Instant t, ZoneId zone, LocalDate today) {
        if (t == null) return "";
        ZonedDateTime z = t.atZone(zone);
        return z.toLocalDate().equals(today) ? TIME.format(z) : DATE_TIME.format(z);
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return t == null ? "" : DATE_TIME.format(t.atZone(zone));
    }

    /** A date picker that shows and reads ISO dates, whatever the PC's locale (never 12/5/2026). */
    public static javafx.scene.control.DatePicker picker() {
        javafx.scene.control.DatePicker p = new javafx.scene.control.DatePicker();
        p.setConverter(new javafx.util.converter.LocalDateStringConverter(DATE, DATE));
        p.setPromptText("yyyy-mm-dd");
        return p;
    }
}
