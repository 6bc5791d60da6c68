package dev.smtconsole.ui.kit;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every user-visible word, in 简体中文 and English, switchable while running. Keys are prefixed by
 * feature ({@code ingest.}, {@code dashboard.}, {@code report.}, {@code settings.}); each feature has
 * its own bundle {@code i18n/<feature>}, everything else lives in {@code i18n/messages}.
 */
public final class I18n {
    public static final List<String> BUNDLES = List.of("messages", "ingest", "rules", "formats", "dashboard", "report", "inout", "settings",
            "unassigned", "gateway", "sources", "database");
    public static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    public static final Locale EN = Locale.ENGLISH;

    private final ObjectProperty<Locale> locale = new SimpleObjectProperty<>();

    public I18n(Locale initial) {
        locale.set(normalize(initial));
    }

    public static Locale normalize(Locale l) {
        return l != null && l.getLanguage().equals("zh") ? ZH : EN;
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public Locale locale() {
        return locale.get();
    }

    public void setLocale(Locale l) {
        locale.set(normalize(l));
    }

    public static String bundleOf(String key) {
        int dot = key.indexOf('.');
        String prefix = dot > 0 ? key.substring(0, dot) : "";
        return BUNDLES.contains(prefix) ? prefix : "messages";
    }

    public static ResourceBundle bundle(String name, Locale l) {
        return ResourceBundle.getBundle("i18n/" + name, normalize(l), ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The text for a key in the current language; arguments fill {0}, {1} … */
    public String get(String key, Object... args) {
        return format(locale.get(), key, args);
    }

    public static String format(Locale l, String key, Object... args) {
        String pattern;
        try {
            pattern = bundle(bundleOf(key), l).getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, normalize(l)).format(args);
    }

    /** A label whose text follows the language switch. */
    public Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(text(key));
        return l;
    }

    /** A button with an id (for tests and mnemonics) whose text follows the language switch. */
    public Button button(String id, String key) {
        Button b = new Button();
        b.setId(id);
        b.textProperty().bind(text(key));
        return b;
    }

    /** A binding that follows the language switch. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> get(key, args), locale);
    }
}
