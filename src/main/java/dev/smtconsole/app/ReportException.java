package dev.smtconsole.app;

/**
 * A report or in/out-sheet input the user must fix ({@code report.*} keys in i18n/report,
 * {@code inout.*} in i18n/inout): a {@link LocalizedException} like every keyed failure.
 */
public final class ReportException extends LocalizedException {
    public ReportException(String key, Object... args) {
        super(key, args);
    }
}
