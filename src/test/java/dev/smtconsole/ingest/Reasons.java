package dev.smtconsole.ingest;

import dev.smtconsole.domain.rules.RuleMessages;

import java.util.Locale;

/** A parser's packed reason as the English reader sees it, so tests can check the words. */
public final class Reasons {
    private Reasons() {
    }

    public static String en(String encoded) {
        return encoded == null ? null : RuleMessages.parseReason(Locale.ENGLISH, 0, encoded);
    }

    public static String zh(String encoded) {
        return encoded == null ? null : RuleMessages.parseReason(Locale.SIMPLIFIED_CHINESE, 0, encoded);
    }
}
