package dev.smtconsole.ui.kit;

import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.LocalizedException;

/**
 * A failure as the user reads it, in the current language: keyed exceptions
 * ({@link LocalizedException}, the ingest {@code ValidationException}) render their own sentence;
 * anything else is wrapped in the caller's "something went wrong: …" key, with the innermost
 * message that says anything.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** True when the failure carries a keyed sentence meant for the user. */
    public static boolean isKeyed(Throwable e) {
        return e instanceof LocalizedException || e instanceof IngestService.ValidationException;
    }

    public static String of(Throwable e, I18n i18n, String fallbackKey) {
        if (e instanceof LocalizedException le) return le.message(i18n.locale());
        if (e instanceof IngestService.ValidationException v) {
            return String.join("; ", v.problems().stream().map(p -> p.message(i18n.locale())).toList());
        }
        return i18n.get(fallbackKey, detail(e));
    }

    /** The keyed sentence in the user's language, else the failure's own detail (for a message that wraps it). */
    public static String reason(Throwable e, I18n i18n) {
        return isKeyed(e) ? of(e, i18n, "report.error.unexpected") : detail(e);
    }

    /** The innermost message that says something, else the exception's simple name. */
    public static String detail(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
