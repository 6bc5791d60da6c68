package dev.smtconsole.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * A file format: turns a byte stream into {@link SourceRow}s, streaming (never the whole file in
 * memory). Everything after that — rules, dedupe, writing, accounting — is the pipeline's, the
 * same for every format. A new format is one class implementing this plus its tests.
 */
public interface RecordParser {
    /** Short name used by --format and stored on the import batch: csv, cfx, xlsx, profile … */
    String format();

    /**
     * Confidence 0..100 that this parser reads the file, from its first bytes and its name
     * (content first: a .txt can be CSV). Auto-detection takes the highest.
     */
    int detect(byte[] head, String fileName);

    /**
     * Why this format does not take the file, for "no format recognises this file", as an encoded
     * {@link ParseProblem} (a key of bundle {@code formats}, arguments from {2}). By default the
     * key {@code formats.detect.<format>} says what the format looks for.
     */
    default String whyNot(byte[] head, String fileName) {
        return ParseProblem.encode("formats.detect." + format());
    }

    /**
     * Rows of the file, lazily. The iterator may throw {@link java.io.UncheckedIOException} on a
     * read error; a malformed row is a {@link SourceRow#broken} row, not an exception.
     */
    Iterator<SourceRow> rows(InputStream in, ParseContext context) throws IOException;
}
