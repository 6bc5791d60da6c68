package dev.smtconsole.domain.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time notations people and machines write (DESIGN §5 rule 3): ISO with or without offset,
 * {@code yyyy-MM-dd HH:mm[:ss]}, {@code yyyy/MM/dd HH:mm[:ss]}, the paper form's
 * {@code M.D.YY H:mm}, and Excel serial dates. Times without an offset are in the factory zone.
 * Not thread-safe (it remembers the last value: files repeat the same time on many rows).
 */
public final class TimeParser {
    private static final Pattern YMD = Pattern.compile(
            "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");
    private static final Pattern PAPER = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final Pattern EXCEL = Pattern.compile("\\d{5}(\\.\\d+)?");
    private static final LocalDateTime EXCEL_EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);

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
        Instant v = parseUncached(t);
        lastText = t;
        lastValue = v;
        return v;
    }

    private Instant parseUncached(String t) {
        try {
            Instant fast = fastIsoOffset(t);
            if (fast != null) return fast;
            if (t.length() > 19 && (t.endsWith("Z") || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10)) {
                return OffsetDateTime.parse(t.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            Matcher m = YMD.matcher(t);
            if (m.matches()) {
                LocalDateTime ldt = LocalDateTime.of(i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5),
                        m.group(6) == null ? 0 : i(m, 6), m.group(7) == null ? 0 : nanos(m.group(7)));
                return ldt.atZone(zone).toInstant();
            }
            m = PAPER.matcher(t);
            if (m.matches()) {
                LocalDateTime ldt = LocalDateTime.of(2000 + i(m, 3), i(m, 1), i(m, 2), i(m, 4), i(m, 5),
                        m.group(6) == null ? 0 : i(m, 6));
                return ldt.atZone(zone).toInstant();
            }
            if (EXCEL.matcher(t).matches()) {
                double serial = Double.parseDouble(t);
                // 1954 … 2119: a plausible production date, not some other number in the wrong column.
                if (serial < 20000 || serial > 80000) return null;
                long seconds = Math.round(serial * 86400);
                return EXCEL_EPOCH.plusSeconds(seconds).atZone(zone).toInstant();
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
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
        LocalDateTime ldt = LocalDateTime.of(y, mo, d, h, mi, se); // throws on 2026-13-45: not a date
        return ldt.toInstant(java.time.ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    private static int num(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
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

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }

    private static int nanos(String frac) {
        return Integer.parseInt((frac + "000000000").substring(0, 9));
    }

}
