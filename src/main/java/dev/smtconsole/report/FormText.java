package dev.smtconsole.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How values read on the form, shared by the view, Excel and print so they agree. */
public final class FormText {
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("H:mm", Locale.ROOT);
    private static final DateTimeFormatter ISO_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private FormText() {
    }

    /** "14:45" like the paper; a time on another calendar day than the row's gets its date ("1.9 2:10"). */
    public static String time(Instant t, LocalDate day, ZoneId zone) {
        if (t == null) return "";
        ZonedDateTime z = t.atZone(zone);
        String hm = HM.format(z);
        return z.toLocalDate().equals(day) ? hm : z.getMonthValue() + "." + z.getDayOfMonth() + " " + hm;
    }

    /** ISO-8601 with offset, for machine-readable files. */
    public static String iso(Instant t, ZoneId zone) {
        return t == null ? "" : ISO_MINUTES.format(t.atZone(zone));
    }

    /** Text Excel would read as a formula or command when typed; it must stay text. */
    public static boolean looksLikeFormula(String s) {
        if (s == null || s.isEmpty()) return false;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@';
    }

    /** Values stacked one per machine, as they are written on the paper form. */
    public static String stacked(java.util.List<MachineCell> cells, java.util.function.Function<MachineCell, String> f) {
        StringBuilder sb = new StringBuilder();
        for (MachineCell c : cells) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(f.apply(c));
        }
        return sb.toString();
    }
}
