package dev.smtconsole.ingest.formats;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Time text as devices write it → ISO-8601 with offset, the form every parser hands the pipeline. */
public final class Times {
    private Times() {
    }

    /**
     * ISO text with an offset is kept as the instant it names (offset honoured); text without one
     * is wall-clock time in {@code zone}. Returns null when the text is not an ISO date-time.
     */
    public static String isoWithOffset(String text, ZoneId zone) {
        if (text == null) return null;
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.of(LocalDateTime.parse(t), zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** ISO text → the time it names (offset honoured, else wall-clock in zone); null when not ISO. */
    public static OffsetDateTime parse(String text, ZoneId zone) {
        if (text == null) return null;
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.of(LocalDateTime.parse(t), zone).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Whether ISO-looking text ends with an offset (Z or ±hh:mm), so it can be passed on as written. */
    public static boolean hasOffset(String t) {
        int n = t.length();
        if (n < 17) return false;
        char last = t.charAt(n - 1);
        if (last == 'Z' || last == 'z') return true;
        char sign = t.charAt(n - 6);
        return (sign == '+' || sign == '-') && t.charAt(n - 3) == ':';
    }

    /** The text as written when it already carries an offset, else the parsed time with its offset. */
    public static String emit(String text, OffsetDateTime parsed) {
        String t = text.strip();
        return hasOffset(t) ? t : iso(parsed);
    }

    public static String iso(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    public static OffsetDateTime parseIso(String iso) {
        return OffsetDateTime.parse(iso);
    }

    public static String format(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.of(local, zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
