package dev.smtconsole.ingest.registry;

import dev.smtconsole.ingest.FormatException;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.ParseProblem;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Auto-detection: asks every registered parser how sure it is about the file's head; the surest wins. */
public final class FormatDetector {
    /** Below this, no parser really recognises the file. */
    static final int MIN_CONFIDENCE = 20;

    private final List<RecordParser> parsers;

    public FormatDetector(List<RecordParser> parsers) {
        this.parsers = List.copyOf(parsers);
    }

    public FormatDetector() {
        this(Parsers.all());
    }

    public Optional<RecordParser> detect(byte[] head, String fileName) {
        return parsers.stream()
                .map(p -> new Scored(p, safeDetect(p, head, fileName)))
                .filter(s -> s.score >= MIN_CONFIDENCE)
                .max(Comparator.comparingInt(Scored::score))
                .map(Scored::parser);
    }

    /**
     * "No format recognises this file", saying for each format what it looked for (localized
     * through the key's nested argument).
     */
    public FormatException unknown(byte[] head, String fileName) {
        List<String> why = new java.util.ArrayList<>();
        for (RecordParser p : parsers) {
            try {
                why.add(p.whyNot(head, fileName));
            } catch (RuntimeException e) {
                why.add(ParseProblem.encode("formats.detect." + p.format()));
            }
        }
        String tried = ParseProblem.nestedEncoded(why);
        return new FormatException("rules.format.unknown", (fileName == null ? "" : fileName + ": ")
                + dev.smtconsole.domain.rules.RuleMessages.format(java.util.Locale.ENGLISH, "rules.format.unknown", tried), tried);
    }

    private static int safeDetect(RecordParser p, byte[] head, String fileName) {
        try {
            return p.detect(head, fileName);
        } catch (RuntimeException e) {
            // A parser that chokes on a foreign file simply does not claim it.
            return 0;
        }
    }

    private record Scored(RecordParser parser, int score) {
    }
}
