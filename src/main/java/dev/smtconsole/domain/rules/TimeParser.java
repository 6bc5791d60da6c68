package dev.smtconsole.domain.rules;

import dev.smtconsole.domain.TimeNotation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;


/**
 * {@link TimeNotation}'s full date-times for one file, remembering the last value (files repeat
 * the same time on many rows). Times without an offset are in the factory zone. Not thread-safe.
 */
public final class TimeParser {
    private final ZoneId zone;
    private String lastText;
    private Instant lastValue;

    public TimeParser(ZoneId zone) {
        this.zone = zone;
    }

    /** The instant, or null when the text is none of the accepted notations or not a real date. */
    public Instant parse(String text) {
        if (text == null) return null;
        String t = text.strip();
        if (t.isEmpty()) return null;
        if (t.equals(lastText)) return lastValue;
        Instant v = TimeNotation.parseDateTime(t, zone);
        lastText = t;
        lastValue = v;
        return v;
    }

    /** The paper form's date alone ({@code 1.8.26}) → 2026-01-08; null if not one. */
    public static LocalDate paperDate(String text) {
        return TimeNotation.paperDate(text);
    }
}
