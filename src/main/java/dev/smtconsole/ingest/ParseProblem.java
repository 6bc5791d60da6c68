package dev.smtconsole.ingest;

import java.util.Arrays;
import java.util.List;

/**
 * A parser's reason for a broken row, as a bundle key plus arguments packed into the
 * {@link SourceRow#parseError()} string ({@code key|arg|arg}), so the row's reason can be shown
 * in the reader's language. A plain sentence (no key) is shown as it is.
 */
public final class ParseProblem {
    private static final char SEP = '\u001f';

    private ParseProblem() {
    }

    public static String encode(String key, Object... args) {
        StringBuilder sb = new StringBuilder(key);
        for (Object a : args) sb.append(SEP).append(a);
        return sb.toString();
    }

    /**
     * Several inner reasons packed into one argument of an outer reason ("profile X cannot be
     * used: {3}"): each inner is [key, args…] with its arguments from {0}; rendered joined by "; ".
     */
    public static String nested(List<Object[]> inner) {
        StringBuilder sb = new StringBuilder();
        for (Object[] code : inner) {
            sb.append(NEST);
            for (int i = 0; i < code.length; i++) {
                if (i > 0) sb.append(NEST_ARG);
                sb.append(code[i]);
            }
        }
        return sb.toString();
    }

    /**
     * Encoded reasons (arguments from {2}, as parsers give them) packed into one argument of an
     * outer reason, each rendered in the reader's language.
     */
    public static String nestedEncoded(List<String> encoded) {
        List<Object[]> inner = new java.util.ArrayList<>();
        for (String e : encoded) {
            List<String> p = decode(e);
            if (p.get(0) == null) {
                inner.add(new Object[]{p.get(1)});
                continue;
            }
            Object[] code = new Object[p.size() + 2];
            code[0] = p.get(0);
            code[1] = "";
            code[2] = "";
            for (int i = 1; i < p.size(); i++) code[i + 2] = p.get(i);
            inner.add(code);
        }
        return nested(inner);
    }

    static final char NEST = '\u001d';
    static final char NEST_ARG = '\u001e';

    /** [key, args...]; key null when the text is a plain sentence. */
    public static List<String> decode(String parseError) {
        if (parseError == null) return List.of();
        String[] parts = parseError.split(String.valueOf(SEP), -1);
        if (!parts[0].matches("[a-z]+(\\.[A-Za-z0-9_]+)+")) return Arrays.asList(null, parseError);
        return Arrays.asList(parts);
    }
}
