package dev.smtconsole.ingest.profile;

/** "column=value" or "column!=value", compared trimmed and ignoring case. */
record Condition(String column, String value, boolean negated) {
    static Condition parse(String text) {
        if (text == null || text.isBlank()) return null;
        int ne = text.indexOf("!=");
        int eq = text.indexOf('=');
        if (ne > 0) return new Condition(text.substring(0, ne).strip(), text.substring(ne + 2).strip(), true);
        if (eq > 0) return new Condition(text.substring(0, eq).strip(), text.substring(eq + 1).strip(), false);
        return null;
    }

    boolean test(String cell) {
        boolean equal = cell != null && cell.strip().equalsIgnoreCase(value);
        return negated != equal;
    }
}
