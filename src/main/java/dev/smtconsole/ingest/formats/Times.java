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

    public static OffsetDateTime parseIso(String iso) {
        return OffsetDateTime.parse(iso);
    }

    public static String format(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.of(local, zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
