package dev.smtconsole.domain;

/** What went wrong, without the wrapping: the one place every layer reads an exception's root cause. */
public final class Causes {
    private Causes() {
    }

    /** The innermost cause's message, first line only; its class name when it has none. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
