package dev.smtconsole.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Source text stored for traceability (a rejected row, a file's header) is bounded: a hostile
 * 200 MB line must not land in rejected_row, where every later read of the batch (and, on H2,
 * opening the database in a small heap) would pay for it. Beyond {@link #MAX_CHARS} the text keeps
 * its first {@link #KEEP_CHARS} characters, its full length and its SHA-256, enough to find the
 * line in the file (whose own SHA-256 is on the batch).
 */
public final class RawText {
    public static final int MAX_CHARS = 16 * 1024;
    public static final int KEEP_CHARS = 4 * 1024;

    private RawText() {
    }

    public static String bound(String text) {
        if (text == null || text.length() <= MAX_CHARS) return text;
        String digest = HexFormat.of().formatHex(dev.smtconsole.domain.EventIds.sha256()
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        return text.substring(0, KEEP_CHARS) + String.format(Locale.ROOT, " … [cut: %d characters, SHA-256 %s]",
                text.length(), digest);
    }
}
