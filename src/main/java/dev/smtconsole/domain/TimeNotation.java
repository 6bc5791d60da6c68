package dev.smtconsole.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one time notation of the product (DESIGN §5 rule 3): what people and machines write for a
 * moment, read the same way by every parser, form and report.
 * <ul>
 *   <li>ISO-8601 with an offset ({@code 2026-12-05T05:30:00+08:00}, {@code …Z}): that instant;</li>
 *   <li>ISO without one, {@code yyyy-MM-dd H:mm[:ss[.f]]}, {@code yyyy/MM/dd H:mm[:ss]}: wall-clock
 *   time in the factory zone;</li>
 *   <li>the paper form's {@code M.D.YY H:mm} ({@code 1.8.26 14:45});</li>
 *   <li>a bare time of day {@code H:mm[:ss]}, also with the full-width colon {@code ：}: on the
 *   production day it is written for — the next calendar day when before the day start (a night
 *   shift's 02:00);</li>
 *   <li>an Excel serial date-time ({@code 46030.6146}), 1954 … 2119.</li>
 * </ul>
 * Pure functions; {@code rules.TimeParser} adds a one-value cache for files.
 */
public final class TimeNotation {
    private static final Pattern YMD = Pattern.compile(
            "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})[ T](\\d{1,2})[:：](\\d{2})(?:[:：](\\d{2})(?:\\.(\\d{1,9}))?)?");
    private static final Pattern PAPER = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2})\\s+(\\d{1,2})[:：](\\d{2})(?:[:：](\\d{2}))?");
    private static final Pattern TIME_OF_DAY = Pattern.compile("(\\d{1,2})[:：](\\d{2})(?:[:：](\\d{2}))?");
    private static final Pattern EXCEL = Pattern.compile("\\d{5}(\\.\\d+)?");
    private static final LocalDateTime EXCEL_EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);

    private TimeNotation() {
    }

    /**
     * The instant the text names, or null when it is none of the notations or not a real time.
     *
     * @param day      the production day a bare time of day is written for; null = bare times are refused
     * @param calendar the factory's zone and day start
     */
    public static Instant parse(String text, LocalDate day, ProductionCalendar calendar) {
        if (text == null) return null;
        String t = text.strip();
        if (t.isEmpty()) return null;
        Instant full = parseDateTime(t, calendar.zone());
        if (full != null || day == null) return full;
        LocalTime time = timeOfDay(t);
        return time == null ? null : calendar.atTimeOfDay(day, time);
    }

    /** A full date-time (every notation but the bare time of day) in {@code zone}; null when not one. */
    public static Instant parseDateTime(String text, ZoneId zone) {
        if (text == null) return null;
        String t = text.strip();
        try {
            Instant fast = fastIsoOffset(t);
            if (fast != null) return fast;
            if (t.length() > 19 && (t.endsWith("Z") || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10)) {
                return OffsetDateTime.parse(t.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            Matcher m = YMD.matcher(t);
            if (m.matches()) {
                return LocalDateTime.of(i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5), m.group(6) == null ? 0 : i(m, 6),
                        m.group(7) == null ? 0 : nanos(m.group(7))).atZone(zone).toInstant();
            }
            m = PAPER.matcher(t);
            if (m.matches()) {
                return LocalDateTime.of(2000 + i(m, 3), i(m, 1), i(m, 2), i(m, 4), i(m, 5), m.group(6) == null ? 0 : i(m, 6))
                        .atZone(zone).toInstant();
            }
            if (EXCEL.matcher(t).matches()) {
                double serial = Double.parseDouble(t);
                // 1954 … 2119: a plausible production date, not some other number in the wrong column.
                if (serial < 20000 || serial > 80000) return null;
                return EXCEL_EPOCH.plusSeconds(Math.round(serial * 86400)).atZone(zone).toInstant();
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** {@code H:mm[:ss]} (either colon) as a time of day; null when not one or out of range. */
    public static LocalTime timeOfDay(String text) {
        if (text == null) return null;
        Matcher m = TIME_OF_DAY.matcher(text.strip());
        if (!m.matches()) return null;
        try {
            return LocalTime.of(i(m, 1), i(m, 2), m.group(3) == null ? 0 : i(m, 3));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The paper form's date alone ({@code 1.8.26}) → 2026-01-08; null if not one. */
    public static LocalDate paperDate(String text) {
        Matcher m = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2})").matcher(text.strip());
        if (!m.matches()) return null;
        try {
            return LocalDate.of(2000 + i(m, 3), i(m, 1), i(m, 2));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss+HH:MM} or {@code …Z}, the machine-written form of almost every
     * row, without the general formatter's cost; null when the text has another shape.
     */
    static Instant fastIsoOffset(String t) {
        int n = t.length();
        if ((n != 25 && n != 20) || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int offsetSeconds;
        if (n == 20) {
            if (t.charAt(19) != 'Z') return null;
            offsetSeconds = 0;
        } else {
            char sign = t.charAt(19);
            if ((sign != '+' && sign != '-') || t.charAt(22) != ':') return null;
            int oh = num(t, 20, 22), om = num(t, 23, 25);
            if (oh < 0 || om < 0) return null;
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        }
        int y = num(t, 0, 4), mo = num(t, 5, 7), d = num(t, 8, 10), h = num(t, 11, 13), mi = num(t, 14, 16), se = num(t, 17, 19);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return null;
        return LocalDateTime.of(y, mo, d, h, mi, se).toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    private static int num(String t, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }

    private static int nanos(String frac) {
        return Integer.parseInt((frac + "000000000").substring(0, 9));
    }
}
