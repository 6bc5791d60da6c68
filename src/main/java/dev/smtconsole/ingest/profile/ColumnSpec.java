package dev.smtconsole.ingest.profile;

import java.util.ArrayList;
import java.util.List;

/** The column part of a mapping: "name", "3", "#3", or "a + b - c" (spaces around the operators). */
final class ColumnSpec {
    private ColumnSpec() {
    }

    /** The column references of a spec, in order. */
    static List<String> references(String spec) {
        List<String> refs = new ArrayList<>();
        for (Term t : terms(spec)) refs.add(t.ref());
        return refs;
    }

    record Term(int sign, String ref) {
    }

    private static final java.util.regex.Pattern OPERATOR = java.util.regex.Pattern.compile("\\s+([+-])\\s+");

    static List<Term> terms(String spec) {
        List<Term> terms = new ArrayList<>();
        String s = spec.strip();
        var m = OPERATOR.matcher(s);
        int last = 0;
        int sign = 1;
        while (m.find()) {
            terms.add(new Term(sign, s.substring(last, m.start()).strip()));
            sign = m.group(1).equals("-") ? -1 : 1;
            last = m.end();
        }
        terms.add(new Term(sign, s.substring(last).strip()));
        return terms;
    }

    /** 0-based position for "3" or "#3"; -1 for a header name. */
    static int position(String ref) {
        String r = ref.startsWith("#") ? ref.substring(1) : ref;
        if (!r.matches("\\d{1,4}")) return -1;
        int p = Integer.parseInt(r);
        return p >= 1 ? p - 1 : -1;
    }
}
