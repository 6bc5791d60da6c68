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

    /** Starts a stored reason that is packed problems (see {@link #pack}); anything else is text as it was written. */
    private static final char STORED = '\u0001';
    private static final String PROBLEM_SEP = "\u0004", FIELD_SEP = "\u0003";

    /**
     * Problems packed for storage — a kept message's reasons ({@code integration_message.error}) —
     * so each reader sees them in their own language ({@link #renderStored}), not in the language of
     * the process that refused the message.
     */
    public static String pack(List<RuleProblem> problems) {
        StringBuilder out = new StringBuilder().append(STORED);
        for (RuleProblem p : problems) {
            if (out.length() > 1) out.append(PROBLEM_SEP);
            out.append(p.rowNo()).append(FIELD_SEP).append(clean(p.field())).append(FIELD_SEP).append(clean(p.value()))
                    .append(FIELD_SEP).append(clean(p.key()));
            for (Object x : p.extra()) out.append(FIELD_SEP).append(clean(x == null ? "" : String.valueOf(x)));
        }
        return out.toString();
    }

    /**
     * A stored reason in the reader's language: packed problems ({@link #pack}) rendered one by one
     * and joined by "; "; text stored before reasons were packed is returned as it is. A pack cut
     * short by the column's length shows the problems that are whole.
     */
    public static String renderStored(Locale locale, String stored) {
        if (stored == null || stored.isEmpty() || stored.charAt(0) != STORED) return stored;
        List<String> out = new ArrayList<>();
        for (String one : stored.substring(1).split(PROBLEM_SEP, -1)) {
            String[] f = one.split(FIELD_SEP, -1);
            if (f.length < 4 || !isKey(f[3]) || !bundleFor(locale, f[3]).containsKey(f[3])) continue; // cut short
            long row;
            try {
                row = Long.parseLong(f[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            List<Object> extra = new ArrayList<>(java.util.Arrays.asList((Object[]) java.util.Arrays.copyOfRange(f, 4, f.length)));
            out.add(render(locale, row, f[1], f[2], f[3], extra));
        }
        return String.join("; ", out);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace(PROBLEM_SEP, " ").replace(FIELD_SEP, " ").replace(String.valueOf(STORED), " ");
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
