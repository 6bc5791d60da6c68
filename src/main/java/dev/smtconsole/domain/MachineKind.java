package dev.smtconsole.domain;

import java.util.Locale;

public enum MachineKind {
    PLACEMENT, PRINTER, SPI, REFLOW, AOI, OTHER;

    /** Parses a kind as written in master-data files, case-insensitive; null if unknown. */
    public static MachineKind parse(String text) {
        if (text == null) return null;
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
