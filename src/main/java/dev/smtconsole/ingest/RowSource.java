package dev.smtconsole.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iterator every parser returns: pulls one row at a time from a source that may yield
 * several rows per read or none, so parsers only say how to produce the next row.
 */
public abstract class RowSource implements Iterator<SourceRow> {
    private SourceRow next;
    private boolean done;

    /** The next row, or null when the file has no more. */
    protected abstract SourceRow produce() throws IOException;

    /**
     * A parse failure that leaves the rest of the file unreadable: the row that says so (the
     * source then ends). By default the failure propagates.
     */
    protected SourceRow unreadableRest(RuntimeException failure) {
        throw failure;
    }

    /** Ends the source after the row being produced. */
    protected final void finish() {
        done = true;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = produce();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                done = true;
                next = unreadableRest(e);
            }
            if (next == null) done = true;
        }
        return next != null;
    }

    @Override
    public final SourceRow next() {
        if (!hasNext()) throw new NoSuchElementException();
        SourceRow r = next;
        next = null;
        return r;
    }
}
