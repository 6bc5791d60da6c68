package dev.smtconsole.app;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A failure the user must act on, carrying a bundle key and its arguments so each front end says
 * it in its user's language ({@link #message(Locale)}); {@link #getMessage()} is the English text
 * (CLI, logs). The bundle is named by the key's first part: {@code settings.error.zone} →
 * {@code i18n/settings}.
 */
public class LocalizedException extends AppException {
    private final String key;
    private final transient Object[] args;

    public LocalizedException(String key, Object... args) {
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

    /** Keeps what went wrong underneath (for --verbose and the log); returns this exception, to throw. */
    public LocalizedException withCause(Throwable cause) {
        initCause(cause);
        return this;
    }

    public String message(Locale locale) {
        return text(locale, key, args);
    }

    /** The key's sentence in {@code locale}, from the bundle its first part names; the key itself when missing. */
    public static String text(Locale locale, String key, Object... args) {
        int dot = key.indexOf('.');
        String bundle = "i18n/" + (dot < 0 ? "messages" : key.substring(0, dot));
        try {
            String pattern = ResourceBundle.getBundle(bundle, locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
            Object[] shown = args.clone();
            // Arguments that are keys themselves (field names) read in the sentence's language.
            for (int i = 0; i < shown.length; i++) {
                if (shown[i] instanceof Phrase nested) {
                    shown[i] = nested.in(locale);
                } else if (shown[i] instanceof String s && isKey(s, key.substring(0, dot + 1))) {
                    String t = text(locale, s);
                    if (!t.equals(s)) shown[i] = t;
                }
            }
            return new MessageFormat(pattern, locale).format(shown);
        } catch (MissingResourceException | IllegalArgumentException e) {
            return key;
        }
    }

    /**
     * A keyed sentence given as an argument of another ("{0}: {1}" with a parser's reason as {1}):
     * rendered in the outer sentence's language.
     */
    public record Text(String key, Object... args) implements Phrase {
        @Override
        public String in(Locale locale) {
            return text(locale, key, args);
        }
    }

    /** Any part of a sentence that is said in the reader's language (a parser's reason, a rule). */
    @FunctionalInterface
    public interface Phrase {
        String in(Locale locale);
    }

    /** An argument that names a field by its key ({@code report.field.start}): read in the sentence's language. */
    private static boolean isKey(String s, String ownPrefix) {
        return !s.contains(" ") && (s.startsWith(ownPrefix) || s.startsWith("report.field.") || s.startsWith("inout.field."));
    }
}
