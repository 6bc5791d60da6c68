package dev.smtconsole.port;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where import time goes, without a profiler: wall-clock nanoseconds summed per phase across all
 * imports of the process. Cheap enough (a few nanoTime calls per chunk, one per row for parsing)
 * to stay on; {@code bench import} resets and prints it after each pipeline run.
 */
public final class IngestPhases {
    /** Reader thread: parse + rules per row (runs concurrently with the writer). */
    public static final LongAdder PARSE = new LongAdder();
    /** Writer thread: waiting for the reader's next chunk. */
    public static final LongAdder WAIT = new LongAdder();
    /** Event insert with dedupe (H2 batch / PostgreSQL COPY stage + INSERT … ON CONFLICT). */
    public static final LongAdder INSERT = new LongAdder();
    /** Counter-bucket upserts. */
    public static final LongAdder BUCKETS = new LongAdder();
    /** Source text piece, rejected rows, batch counters, change marker (before the commit). */
    public static final LongAdder REST = new LongAdder();
    /** The commit itself. With pipelined commits (PostgreSQL) phases overlap: each is measured where it runs. */
    public static final LongAdder COMMIT = new LongAdder();

    private IngestPhases() {
    }

    public static void reset() {
        for (LongAdder a : new LongAdder[]{PARSE, WAIT, INSERT, BUCKETS, REST, COMMIT}) a.reset();
    }

    public static String summary() {
        return String.format(Locale.ROOT, "parse+rules %.2f s (reader thread), writer waiting %.2f s, event insert %.2f s,"
                        + " bucket upserts %.2f s, text+rejects+counters %.2f s, commit %.2f s", PARSE.sum() / 1e9,
                WAIT.sum() / 1e9, INSERT.sum() / 1e9, BUCKETS.sum() / 1e9, REST.sum() / 1e9, COMMIT.sum() / 1e9);
    }
}
