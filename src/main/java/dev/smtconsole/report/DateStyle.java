package dev.smtconsole.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** How dates print: as on the paper form ({@code 1.8.26}) or ISO ({@code 2026-01-08}). */
public enum DateStyle {
    PAPER, ISO;

    public String format(LocalDate d) {
        if (d == null) return "";
        return this == PAPER ? d.getMonthValue() + "." + d.getDayOfMonth() + "." + String.format("%02d", d.getYear() % 100)
                : DateTimeFormatter.ISO_LOCAL_DATE.format(d);
    }

    public static DateStyle parse(String s) {
        return s != null && s.equalsIgnoreCase("iso") ? ISO : PAPER;
    }
}
