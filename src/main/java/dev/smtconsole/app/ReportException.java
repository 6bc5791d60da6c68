package dev.smtconsole.app;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A report or in/out-sheet input the user must fix, carrying a bundle key so the view can say it
 * in the user's language; the message itself is English (CLI, logs).
 */
public final class ReportException extends AppException {
    private final String key;
    private final transient Object[] args;

    public ReportException(String key, Object... args) {
        super(text(Locale.ENGLISH, key, args));
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    public String message(Locale locale) {
        return text(locale, key, args);
    }

    private static String text(Locale locale, String key, Object... args) {
        String bundle = key.startsWith("inout.") ? "i18n/inout" : "i18n/report";
        try {
            String pattern = ResourceBundle.getBundle(bundle, locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
            Object[] shown = args.clone();
            // Field names travel as their own keys so they read in the same language as the sentence.
            for (int i = 0; i < shown.length; i++) {
                if (shown[i] instanceof String s && s.startsWith("report.field.")) shown[i] = text(locale, s);
            }
            return new MessageFormat(pattern, locale).format(shown);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
