package dev.smtconsole.ingest.profile;

import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.SourceRow;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a vendor log as a {@link Profile} says: delimited text (with a header, or positional with
 * a record type per line) or XML. Without a profile it picks the built-in preset that recognises
 * the file ({@link Presets}), or says that none does.
 */
public final class ProfileParser implements RecordParser {
    public static final String FORMAT = "profile";
    static final Set<Field> COUNTS = EnumSet.of(Field.BOARDS, Field.PICKS, Field.PLACEMENTS, Field.REJECTS, Field.PCBS,
            Field.BLOCK_SKIPS);
    static final Set<Field> TIMES = EnumSet.of(Field.EVENT_TIME, Field.START_TIME);
    private static final int HEAD_BYTES = 64 * 1024;

    private final Profile profile;
    private final Map<Field, String> set;

    /** Reads with the given profile. */
    public ProfileParser(Profile profile) {
        this(profile, Map.of());
    }

    /** Picks the preset from the file's content. */
    public ProfileParser() {
        this(null);
    }

    /**
     * Reads with the given profile, or the preset recognised from the content when null, with
     * {@code set} as constants for this import only (what the file lacks: a job, a time).
     */
    public ProfileParser(Profile profile, Map<Field, String> set) {
        this.profile = profile;
        this.set = set == null ? Map.of() : Map.copyOf(set);
    }

    public Profile profile() {
        return profile;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int detect(byte[] head, String fileName) {
        if (profile != null) return ProfileDetector.score(profile, head);
        return Presets.all().stream().mapToInt(p -> ProfileDetector.score(p, head)).max().orElse(0);
    }

    @Override
    public String whyNot(byte[] head, String fileName) {
        return ParseProblem.encode("formats.detect.profileNone", String.join(", ", Presets.all().stream().map(Profile::name).toList()));
    }

    @Override
    public Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
        Profile p = profile;
        if (p == null) {
            buffered.mark(HEAD_BYTES);
            byte[] head = buffered.readNBytes(HEAD_BYTES);
            buffered.reset();
            p = Presets.best(head).orElse(null);
            if (p == null) {
                return List.of(SourceRow.broken(1, "", dev.smtconsole.domain.Source.AUTO,
                        ParseProblem.encode("formats.prof.noPreset"))).iterator();
            }
        }
        if (!set.isEmpty()) p = p.withConstants(set);
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            return List.of(SourceRow.broken(1, "", p.source(), ParseProblem.encode("formats.prof.unusable", p.name(),
                    ParseProblem.nested(p.problemCodes())))).iterator();
        }
        ProfileRows reading = p.xml() != null ? new XmlRows(p, buffered, context) : new DelimitedRows(p, buffered, context);
        if (profile == null) reading.noteOnFirstRow = ParseProblem.encode("formats.prof.preset", p.name());
        return reading;
    }

    /** The value of "-?digits" (at most 18), or Long.MIN_VALUE: no regex on the hot path. */
    static long wholeNumber(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && s.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        if (i == n || n - i > 18) return Long.MIN_VALUE;
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return Long.MIN_VALUE;
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    static String decode(byte[] head, Profile p) {
        try {
            return new String(head, p.charset());
        } catch (RuntimeException e) {
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }
}
