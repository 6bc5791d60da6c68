package dev.smtconsole.domain.rules;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Renders a rule problem as a sentence in the reader's language from bundle {@code i18n/rules}:
 * "Row 12, picks: '12x' is not a whole number" / "第 12 行 吸料数量 ‘12x’ 不是整数".
 * <p>
 * A rule's own key ({@code rules.count.notWhole}) holds only the part after the field, with
 * arguments {0} row, {1} field name, {2} value, {3}… the rule's own; the "Row n, field:" prefix
 * comes from {@code rules.at.row} (or {@code rules.at.field} when there is no row, as on the form).
 */
public final class RuleMessages {
    private RuleMessages() {
    }

    public static ResourceBundle bundle(Locale locale) {
        return bundle(locale, "rules");
    }

    /** Keys starting {@code formats.} (the parsers' reasons) live in bundle {@code i18n/formats}. */
    static ResourceBundle bundleFor(Locale locale, String key) {
        return bundle(locale, key != null && key.startsWith("formats.") ? "formats"
                : key != null && key.startsWith("gateway.rule.") ? "gateway" : "rules");
    }

    private static ResourceBundle bundle(Locale locale, String name) {
        Locale l = locale != null && locale.getLanguage().equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        return ResourceBundle.getBundle("i18n/" + name, l,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The arguments a rule's key is formatted with: row, localized field name, value, extra…. */
    public static Object[] arguments(Locale locale, long rowNo, String field, String value, List<Object> extra) {
        List<Object> args = new ArrayList<>(3 + extra.size());
        args.add(String.valueOf(rowNo));
        args.add(fieldName(locale, field));
        args.add(value == null ? "" : value);
        args.addAll(extra);
        return args.toArray();
    }

    /** The whole sentence, with the row and field prefix. */
    public static String render(Locale locale, long rowNo, String field, String value, String key, List<Object> extra) {
        Object[] args = arguments(locale, rowNo, field, value, extra);
        String body = format(locale, key, args);
        String prefixKey = rowNo > 0 ? (field == null || field.isEmpty() ? "rules.at.rowOnly" : "rules.at.row")
                : (field == null || field.isEmpty() ? null : "rules.at.field");
        return prefixKey == null ? body : format(locale, prefixKey, args) + body;
    }

    public static String render(Locale locale, RuleProblem p) {
        return render(locale, p.rowNo(), p.field(), p.value(), p.key(), p.extra());
    }

    /**
     * A field's name in the reader's language; form ids such as {@code machines[2].picks} name the
     * last part.
     */
    public static String fieldName(Locale locale, String field) {
        if (field == null || field.isEmpty()) return "";
        String last = field.substring(field.lastIndexOf('.') + 1);
        try {
            return bundle(locale).getString("rules.field." + last);
        } catch (MissingResourceException e) {
            return field;
        }
    }

    /**
     * A parser's reason as packed by {@code ingest.ParseProblem} ({@code key␟arg␟arg}), without
     * a row prefix, for views that list parsed rows; the arguments start at {2} as in a rule.
     * Text that is not a key is returned as it is.
     */
    public static String parseReason(Locale locale, long rowNo, String encoded) {
        if (encoded == null) return "";
        String[] parts = encoded.split(String.valueOf(PARSE_SEP), -1);
        if (!isKey(parts[0])) return encoded;
        Object[] args = new Object[Math.max(3, parts.length + 1)];
        args[0] = String.valueOf(rowNo);
        args[1] = "";
        args[2] = "";
        for (int i = 1; i < parts.length; i++) args[i + 1] = parts[i];
        return format(locale, parts[0], args);
    }

    /** The separator of {@code ingest.ParseProblem}; the domain does not depend on ingest. */
    public static final char PARSE_SEP = '\u001f';

    public static boolean isKey(String s) {
        return s != null && s.matches("[a-z]+(\\.[A-Za-z0-9_]+)+");
    }

    public static String format(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = bundleFor(locale, key).getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof String s && !s.isEmpty() && s.charAt(0) == '\u001d') shown[i] = nested(locale, s);
        }
        return new MessageFormat(pattern, locale).format(shown);
    }

    /** Inner reasons packed by {@code ingest.ParseProblem#nested}: each [key, args from {0}], joined by "; ". */
    private static String nested(Locale locale, String packed) {
        List<String> out = new ArrayList<>();
        for (String one : packed.substring(1).split("\u001d", -1)) {
            String[] parts = one.split("\u001e", -1);
            out.add(format(locale, parts[0], (Object[]) java.util.Arrays.copyOfRange(parts, 1, parts.length)));
        }
        return String.join("; ", out);
    }
}
