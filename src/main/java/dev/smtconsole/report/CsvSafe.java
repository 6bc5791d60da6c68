package dev.smtconsole.report;

/**
 * CSV injection (formula injection), as OWASP advises: a cell that begins with {@code = + - @},
 * a tab or a carriage return is run as a formula by Excel and LibreOffice when the file is
 * opened. Every CSV the product writes passes its text cells through {@link #cell}, which puts a
 * single quote in front of such a cell: the spreadsheet shows the text as written. Numbers the
 * product computes are written as numbers and never pass through here.
 */
public final class CsvSafe {
    private CsvSafe() {
    }

    public static String cell(String value) {
        if (value == null || value.isEmpty()) return value;
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    /** {@link #cell} for a text value among the objects of a CSV record; other values unchanged. */
    public static Object value(Object value) {
        return value instanceof String s ? cell(s) : value;
    }
}
