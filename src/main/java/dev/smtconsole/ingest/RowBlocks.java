package dev.smtconsole.ingest;

import java.util.List;

/**
 * Rows a parser hands out in blocks, most of them still text that another thread parses (ADR 0033).
 * Each block's row numbers are fixed when it is cut, so rows parsed on any thread are numbered,
 * and come out, exactly as one thread reading the file would give them. A parser's iterator that
 * implements this is read either through {@link #nextBlock} or as an iterator, never both.
 */
public interface RowBlocks {
    /** The next rows in file order, or null at the end of the file. */
    Block nextBlock();

    /** Rows of the file, in order; parsed when asked, on whichever thread asks, once. */
    @FunctionalInterface
    interface Block {
        List<SourceRow> rows();
    }
}
