package dev.smtconsole.app.ingest;

import dev.smtconsole.domain.Causes;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.Occurrences;
import dev.smtconsole.domain.rules.RawRecord;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.domain.rules.TimeParser;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.port.IngestPhases;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.registry.FormatDetector;
import dev.smtconsole.ingest.FormatException;
import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.RowBlocks;
import dev.smtconsole.ingest.SourceRow;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one pipeline of file imports (DESIGN §5): bytes → parser rows → rules → chunks of events,
 * buckets, rejected rows and batch counters, each chunk one transaction → integration message.
 * For every batch read = accepted + rejected + duplicates + skipped + unassigned; a rejected row is stored
 * with every reason, so nothing read is dropped without a trace.
 */
public final class IngestPipeline {
    /**
     * H2 commits a chunk by visiting every index entry it wrote, and with random event ids every
     * chunk rewrites pages of the primary key all over the tree: 50,000 rows per chunk write each
     * such page once for many rows (1M random ids: 2.2x CSVREAD's rows/s, 1.3x with 5,000-row
     * chunks). Three chunks in flight stay within a 512 MB heap.
     */
    public static final int H2_CHUNK = 50_000;
    /**
     * PostgreSQL pays a fixed cost per chunk (round trips, commit flush) that 5,000 rows do not
     * amortise; beyond 20,000 rows nothing measurable was won (commits overlap the next chunk).
     */
    public static final int PG_CHUNK = 20_000;
    private static final int HEAD_BYTES = 64 * 1024;

    private final EventSink sink;
    private final Clock clock;
    private final Parallelism parallelism;

    public IngestPipeline(EventSink sink, Clock clock) {
        this(sink, clock, Parallelism.byCores());
    }

    public IngestPipeline(EventSink sink, Clock clock, Parallelism parallelism) {
        this.sink = sink;
        this.clock = clock;
        this.parallelism = parallelism;
    }

    /**
     * How a file's parsing and rules spread over threads (ADR 0017, ADR 0033): {@code judgeThreads}
     * beside the reader (0 = everything on the reader) for files of at least {@code fromBytes}.
     * The rows, ids and reasons are the same either way; only the speed differs.
     */
    public record Parallelism(int judgeThreads, long fromBytes) {
        /** One judge thread per core (none on one core), for files of 1 MiB and more. */
        public static Parallelism byCores() {
            return new Parallelism(OrderedJudge.defaultThreads(), PARALLEL_FROM_BYTES);
        }

        /** Everything on the reader thread. */
        public static Parallelism serial() {
            return new Parallelism(0, Long.MAX_VALUE);
        }
    }

    /** What to import and how. {@code parser} null = auto-detect. */
    public record Request(Path file, RecordParser parser, ParseContext context, RecordValidator validator, String operatorId,
                          Locale locale, int chunkSize) {
    }

    public interface Progress {
        void update(long rowsRead, long bytesRead, long totalBytes);
    }

    /** @param firstRejected the first rejected row and its reasons (as stored), for a one-line hint; null when none */
    public record Result(long batchId, String fileName, String format, long read, long accepted, long rejected,
                         long duplicates, long skipped, long warnings, boolean cancelled, String status, String message,
                         String sha256, EventSink.Rejected firstRejected, long unassigned) {
    }

    /**
     * Imports one file. A file that cannot be read at all (missing, no known format, no header)
     * throws {@link FormatException} or {@link UncheckedIOException} before anything is written.
     */
    public Result run(Request req, Progress progress, BooleanSupplier cancelled) {
        Path file = req.file();
        String fileName = file.getFileName().toString();
        long totalBytes;
        MessageDigest sha = dev.smtconsole.domain.EventIds.sha256();
        CountingStream counting;
        InputStream raw;
        try {
            totalBytes = Files.size(file);
            raw = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counting = new CountingStream(new DigestInputStream(raw, sha));
        try (BufferedInputStream in = new BufferedInputStream(counting, HEAD_BYTES)) {
            RecordParser parser = req.parser() != null ? req.parser() : detect(in, fileName);
            Iterator<SourceRow> rows = parser.rows(in, req.context());
            Instant now = clock.instant();
            long batchId = sink.openBatch(fileName, parser.format(), req.operatorId(), now,
                    NativeCsvParser.headerOf(rows));
            Totals run = new Totals(req.context().masterData(), req.operatorId());
            // Rows so far, never going back: the reader reports every few thousand rows it has read,
            // the commits report what they committed (behind the reader); the larger one is shown.
            AtomicLong shownRows = new AtomicLong();
            LongConsumer report = rowsSoFar ->
                    progress.update(shownRows.accumulateAndGet(rowsSoFar, Math::max), counting.count, totalBytes);
            Reader reader = new Reader(req, parser.format(), now, rows, in, totalBytes, batchId, report);
            Thread thread = new Thread(reader, "smt-ingest-reader");
            thread.setDaemon(true);
            thread.start();
            boolean wasCancelled = false;
            Committer committer = new Committer(run, batchId, () -> report.accept(run.read));
            try {
                while (true) {
                    long w0 = System.nanoTime();
                    Judged item = reader.queue.take();
                    IngestPhases.WAIT.add(System.nanoTime() - w0);
                    if (item instanceof Judged.End) break;
                    if (item instanceof Judged.Failure f) throw f.error();
                    Chunk chunk = ((Judged.Full) item).chunk();
                    committer.submit(chunk, sink.begin(run.work(batchId, chunk)));
                    if (cancelled.getAsBoolean()) {
                        Judged next = reader.queue.take();
                        if (next instanceof Judged.End) break;
                        if (next instanceof Judged.Failure f) throw f.error();
                        wasCancelled = true;
                        reader.stop = true;
                        thread.interrupt();
                        break;
                    }
                }
                committer.drain();
            } catch (RuntimeException | InterruptedException e) {
                reader.stop = true;
                thread.interrupt();
                committer.abort();
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                String failure = e instanceof UncheckedIOException u ? u.getCause().getMessage() : Causes.rootMessage(e);
                try {
                    sink.finishBatch(batchId, "FAILED", null, "failed after row " + run.committedRows + ": " + failure,
                            "FAILED", req.operatorId(), clock.instant());
                    sink.changed();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                if (e instanceof RuntimeException re) throw re;
                throw new IllegalStateException("import interrupted", e);
            }
            progress.update(run.read, counting.count, totalBytes);
            String digest = wasCancelled ? null : HexFormat.of().formatHex(sha.digest());
            String batchStatus = wasCancelled ? "CANCELLED" : "COMPLETED";
            EventSink.FileTotals totals = new EventSink.FileTotals(run.read, run.accepted, run.rejected, run.duplicates,
                    run.skipped, run.unassigned, run.warnings);
            String msgStatus = totals.messageStatus();
            String message = wasCancelled
                    ? String.format(Locale.ROOT, "cancelled: rows 1-%d committed (read=%d accepted=%d rejected=%d duplicates=%d skipped=%d unassigned=%d)",
                    run.committedRows, run.read, run.accepted, run.rejected, run.duplicates, run.skipped, run.unassigned)
                    : totals.message();
            sink.finishBatch(batchId, batchStatus, digest, message, msgStatus, req.operatorId(), clock.instant());
            sink.changed();
            return new Result(batchId, fileName, parser.format(), run.read, run.accepted, run.rejected, run.duplicates,
                    run.skipped, run.warnings, wasCancelled, batchStatus, message, digest, run.firstRejected, run.unassigned);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file of at most this many bytes may be read to its end before anything is written and go, with the small
     * files around it, into one transaction (ADR 0035): 1 MiB, where a file's parsing stays on the reader alone.
     */
    static final long WHOLE_FILE_BYTES = 1 << 20;
    /** At most this many whole files share a transaction (three receipts each through an outbox, claimed in one statement). */
    static final int WHOLE_FILES_PER_GROUP = 500;

    /** What became of one file of {@link #runAll}. */
    public interface Outcomes {
        /** File {@code index}'s result, or (result null) why it failed. Called in file order. */
        void done(int index, Result result, RuntimeException failure);
    }

    /**
     * Imports files one after the other, each its own batch, and reports each, in file order. Where the sink writes
     * whole files ({@link EventSink#writesWholeFiles}, ADR 0035), a small file whose rows are one chunk is read to its
     * end first and written with the small files after it — up to a chunk's rows — in one transaction, on a writer
     * thread while the next files are read; any other file goes through {@link #run} once those before it are
     * written. A crash loses whole files: a group's batches appear COMPLETED at its commit, or not at all.
     *
     * @param requests file i's request, made when its turn comes (it may throw: that file fails, the rest go on)
     * @param progress told each file's rows once they are written (whole files), or as {@link #run} tells them
     * @param cancelled polled between files (and between a large file's chunks): the files after are not imported
     */
    public void runAll(List<Supplier<Request>> requests, Progress progress, BooleanSupplier cancelled,
                       Outcomes outcomes) {
        // One file has no others to share a transaction with: read and written as it always was, on this thread.
        if (!sink.writesWholeFiles() || requests.size() == 1) {
            for (int i = 0; i < requests.size() && !cancelled.getAsBoolean(); i++) {
                Request req;
                try {
                    req = requests.get(i).get();
                } catch (RuntimeException e) {
                    outcomes.done(i, null, e);
                    continue;
                }
                runOne(i, req, progress, cancelled, outcomes);
            }
            return;
        }
        try (WholeFiles whole = new WholeFiles(progress, outcomes); ReadAhead ahead = new ReadAhead(requests)) {
            try {
                while (!cancelled.getAsBoolean()) {
                    ReadAhead.Next next = ahead.next();
                    if (next == null) break;
                    if (next.failure() != null) {
                        whole.drain();
                        outcomes.done(next.index(), null, next.failure());
                    } else if (next.whole() != null) {
                        whole.add(next.index(), next.whole());
                    } else {
                        whole.drain();
                        runOne(next.index(), next.request(), progress, cancelled, outcomes);
                    }
                }
            } catch (RuntimeException | Error e) {
                whole.discard(); // the run ends here, as a loop over the files would: nothing more is written
                throw e;
            }
        }
    }

    private void runOne(int index, Request req, Progress progress, BooleanSupplier cancelled, Outcomes outcomes) {
        Result r;
        try {
            r = run(req, progress, cancelled);
        } catch (RuntimeException e) {
            outcomes.done(index, null, e);
            return;
        }
        outcomes.done(index, r, null);
    }

    /**
     * Small files read whole a few files ahead, on reader threads of their own (a file's rows are judged on one
     * thread, as ADR 0033 has it for files under 1 MiB: here the files spread over the cores instead), and handed
     * out in file order. A request is made on the calling thread, in order, when its file enters the window.
     */
    private final class ReadAhead implements AutoCloseable {
        /** File {@code index}: read whole, or its request to import the chunked way (whole null), or why it failed. */
        record Next(int index, Request request, Whole whole, RuntimeException failure) {
        }

        private record Pending(int index, Request request, Future<Whole> whole, RuntimeException failure) {
        }

        private final List<Supplier<Request>> requests;
        private final ArrayDeque<Pending> window = new ArrayDeque<>();
        private final ExecutorService readers;
        private final int size;
        private int made;

        ReadAhead(List<Supplier<Request>> requests) {
            this.requests = requests;
            int threads = Math.max(1, parallelism.judgeThreads());
            this.size = 2 * threads;
            AtomicInteger n = new AtomicInteger();
            this.readers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "smt-ingest-read-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        /** The next file in order, or null after the last. */
        Next next() {
            while (window.size() < size && made < requests.size()) {
                int i = made++;
                Request req;
                try {
                    req = requests.get(i).get();
                } catch (RuntimeException e) {
                    window.add(new Pending(i, null, null, e));
                    continue;
                }
                window.add(new Pending(i, req, readers.submit(() -> readWhole(req)), null));
            }
            Pending p = window.poll();
            if (p == null) return null;
            if (p.failure() != null) return new Next(p.index(), null, null, p.failure());
            try {
                return new Next(p.index(), p.request(), p.whole().get(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            } catch (ExecutionException e) {
                // The JVM's own failure (out of memory) ends the run here, on the importing thread, as it would have
                // there: read again, the file would meet what the reader left (a class whose initialisation failed).
                if (e.getCause() instanceof Error err) throw err;
                return new Next(p.index(), p.request(), null, null); // read the usual way, which reports it
            }
        }

        @Override
        public void close() {
            readers.shutdownNow();
        }
    }

    /** A small file read to its end, nothing written yet: its one chunk, header line and digest. */
    private record Whole(Request request, String fileName, String format, Instant startedAt, String header, String sha256,
                         Chunk chunk, long bytes) {
    }

    /**
     * Reads a small file to its end on this thread, writing nothing; null when it is not one whose rows are one chunk
     * (too large, more rows than a chunk) or when reading it failed — {@link #run} reads it then, and reports the
     * failure as it always has (a file that cannot be read at all, a batch FAILED after some rows).
     */
    private Whole readWhole(Request req) {
        Path file = req.file();
        try {
            long totalBytes = Files.size(file);
            if (totalBytes > WHOLE_FILE_BYTES) return null;
            MessageDigest sha = dev.smtconsole.domain.EventIds.sha256();
            try (BufferedInputStream in = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), sha), HEAD_BYTES)) {
                String fileName = file.getFileName().toString();
                RecordParser parser = req.parser() != null ? req.parser() : detect(in, fileName);
                Iterator<SourceRow> rows = parser.rows(in, req.context());
                Instant now = clock.instant();
                String header = NativeCsvParser.headerOf(rows);
                Reader reader = new Reader(req, parser.format(), now, rows, in, totalBytes, 0, n -> {
                }, true);
                reader.run();
                Judged first = reader.queue.poll();
                Chunk chunk;
                if (first instanceof Judged.End) {
                    chunk = new Chunk();
                } else if (first instanceof Judged.Full full && reader.queue.poll() instanceof Judged.End) {
                    chunk = full.chunk();
                } else {
                    return null; // more than one chunk, or a failure
                }
                return new Whole(req, fileName, parser.format(), now, header, HexFormat.of().formatHex(sha.digest()), chunk,
                        totalBytes);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whole files gathered into groups of up to a chunk's rows; each group is one {@link EventSink#writeFiles}
     * transaction on a writer thread while the importing thread reads the next files (at most one group waits).
     * Outcomes come from the writer thread, in order; {@link #drain} waits for them before any other file's.
     */
    private final class WholeFiles implements AutoCloseable {
        private record Item(int index, Whole whole) {
        }

        private final Progress progress;
        private final Outcomes outcomes;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "smt-ingest-files");
            t.setDaemon(true);
            return t;
        });
        private Future<?> pending;
        private List<Item> group = new ArrayList<>();
        private long rows;

        WholeFiles(Progress progress, Outcomes outcomes) {
            this.progress = progress;
            this.outcomes = outcomes;
        }

        void add(int index, Whole w) {
            if (!group.isEmpty() && (w.request().context().masterData() != group.get(0).whole().request().context().masterData()
                    || rows + w.chunk().read > w.request().chunkSize())) {
                flush();
            }
            group.add(new Item(index, w));
            rows += w.chunk().read;
            if (rows >= w.request().chunkSize() || group.size() >= WHOLE_FILES_PER_GROUP) flush();
        }

        /** Hands the group gathered so far to the writer thread, once the one before it is written. */
        private void flush() {
            if (group.isEmpty()) return;
            List<Item> g = group;
            group = new ArrayList<>();
            rows = 0;
            await();
            pending = writer.submit(() -> write(g));
        }

        /** Writes everything gathered and waits until it is written and reported. */
        void drain() {
            flush();
            await();
        }

        /** Drops the files gathered and not handed over, and waits for the writer without asking how it went. */
        void discard() {
            group = new ArrayList<>();
            rows = 0;
            if (pending == null) return;
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // reported by whoever failed first
            } finally {
                pending = null;
            }
        }

        private void await() {
            if (pending == null) return;
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted", e);
            } catch (ExecutionException e) {
                // write() tells every failure of a file as its outcome: this one came from the outcome itself.
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            } finally {
                pending = null;
            }
        }

        private void write(List<Item> g) {
            List<EventSink.FileWritten> written;
            try {
                written = sink.writeFiles(g.stream().map(x -> work(x.whole())).toList());
            } catch (RuntimeException e) {
                if (g.size() > 1) {
                    // One file the database refuses must not take the others with it: each on its own.
                    for (Item x : g) write(List.of(x));
                    return;
                }
                // Alone, the file goes the usual way: a batch that fails keeps its FAILED history row, as always.
                Item x = g.get(0);
                try {
                    outcomes.done(x.index(), run(x.whole().request(), progress, () -> false), null);
                } catch (RuntimeException again) {
                    outcomes.done(x.index(), null, again);
                }
                return;
            }
            sink.changed();
            for (int i = 0; i < g.size(); i++) {
                Result r = result(g.get(i).whole(), written.get(i));
                progress.update(r.read(), g.get(i).whole().bytes(), g.get(i).whole().bytes());
                outcomes.done(g.get(i).index(), r, null);
            }
        }

        private EventSink.FileWork work(Whole w) {
            Chunk c = w.chunk();
            Request req = w.request();
            EventSink.ChunkWork chunk = new EventSink.ChunkWork(0, c.records, req.context().masterData(), c.rejected,
                    new EventSink.BatchDelta(c.read, c.rejectedCount, c.skipped, c.warned), c.handwriting, req.operatorId(),
                    clock.instant(), null, c.unassigned);
            return new EventSink.FileWork(w.fileName(), w.format(), w.startedAt(), w.header(), w.sha256(), chunk);
        }

        private Result result(Whole w, EventSink.FileWritten written) {
            Chunk c = w.chunk();
            EventSink.WriteResult r = written.result();
            EventSink.FileTotals t = new EventSink.FileTotals(c.read, r.accepted(), c.rejectedCount, r.duplicates().size(),
                    c.skipped, r.unassigned(), c.warned);
            return new Result(written.batchId(), w.fileName(), w.format(), c.read, r.accepted(), c.rejectedCount,
                    r.duplicates().size(), c.skipped, c.warned, false, "COMPLETED", t.message(), w.sha256(),
                    c.rejected.isEmpty() ? null : c.rejected.get(0), r.unassigned());
        }

        @Override
        public void close() {
            try {
                drain();
            } finally {
                writer.shutdown();
            }
        }
    }

    private static RecordParser detect(BufferedInputStream in, String fileName) throws IOException {
        in.mark(HEAD_BYTES + 1);
        byte[] head = in.readNBytes(HEAD_BYTES);
        in.reset();
        FormatDetector detector = new FormatDetector();
        return detector.detect(head, fileName).orElseThrow(() -> detector.unknown(head, fileName));
    }

    /**
     * One row's verdict, before writing.
     *
     * @param unassigned the parser's reason (encoded, {@code ingest.ParseProblem}) why the job of a count is not
     *                   known, when its record is held as unassigned ({@link IngestRecord#NO_JOB}); else null
     */
    public record Verdict(SourceRow row, IngestRecord record, List<RuleProblem> problems, boolean skipped, String unassigned) {
        public Verdict(SourceRow row, IngestRecord record, List<RuleProblem> problems, boolean skipped) {
            this(row, record, problems, skipped, null);
        }

        public boolean rejected() {
            return record == null && !skipped;
        }

        /**
         * A count whose job neither the file nor the import says, valid otherwise: held as unassigned
         * (issue 13, ADR 0027) with the parser's reason, until a job is assigned.
         */
        public boolean jobUnknown() {
            return unassigned != null;
        }
    }

    /** Rules for one parsed row; used by the import and by the preview. */
    public static Verdict judge(SourceRow row, RecordValidator validator, String operatorId, String format,
                                Occurrences occurrences, TimeParser times, Instant now, String defaultLine) {
        return judge(row, validator, operatorId, format, occurrences, times, now, defaultLine, null);
    }

    /**
     * Rules for one parsed row, with the line and job given at import for rows that do not say.
     * A row whose job the file cannot tell ({@link SourceRow#jobUnknown()}) and that no job given at
     * import fills is checked by every other rule and, when it passes, held as unassigned with the
     * parser's reason (ADR 0027); a job is never guessed. Values given at import are not part of derived ids.
     */
    public static Verdict judge(SourceRow row, RecordValidator validator, String operatorId, String format,
                                Occurrences occurrences, TimeParser times, Instant now, String defaultLine,
                                String defaultJob) {
        if (row.skipped() != null) {
            return new Verdict(row, null, List.of(parseProblem(row.rowNo(), row.skipped(), "rules.row.note", true)), true);
        }
        if (row.parseError() != null) {
            return new Verdict(row, null, List.of(parseProblem(row.rowNo(), row.parseError(), "rules.row.broken", false)), false);
        }
        RawRecord asWritten = toRaw(row, null, null);
        RawRecord raw = toRaw(row, defaultLine, defaultJob);
        List<RuleProblem> problems = new ArrayList<>();
        if (row.jobUnknown() != null && (raw.job() == null || raw.job().isBlank())) {
            RecordValidator.Outcome o = validator.validateWithoutJob(raw, asWritten.contentFields(), operatorId, format,
                    occurrences, times, now);
            problems.addAll(o.problems());
            for (String w : row.warnings()) problems.add(parseProblem(row.rowNo(), w, "rules.row.note", true));
            return o.record() == null ? new Verdict(row, null, problems, false)
                    : new Verdict(row, o.record(), problems, false, row.jobUnknown());
        }
        RecordValidator.Outcome o = validator.validate(raw, asWritten.contentFields(), operatorId, format, occurrences, times, now);
        problems.addAll(o.problems());
        for (String w : row.warnings()) problems.add(parseProblem(row.rowNo(), w, "rules.row.note", true));
        return new Verdict(row, o.record(), problems, false);
    }


    /**
     * A parser's reason as a rule problem: a {@link ParseProblem} key renders in the reader's
     * language with its arguments from {2}; a plain sentence goes under {@code plainKey}.
     */
    public static RuleProblem parseProblem(long rowNo, String encoded, String plainKey, boolean warning) {
        List<String> p = ParseProblem.decode(encoded);
        String key = p.get(0) == null ? plainKey : p.get(0);
        String value = p.size() > 1 ? p.get(1) : "";
        Object[] extra = p.get(0) != null && p.size() > 2 ? p.subList(2, p.size()).toArray() : new Object[0];
        return warning ? RuleProblem.warning(rowNo, "", value, key, extra) : RuleProblem.error(rowNo, "", value, key, extra);
    }

    public static RawRecord toRaw(SourceRow r, String defaultLine, String defaultJob) {
        return new RawRecord(r.rowNo(), r.source(), r.get(Field.EVENT_ID), r.get(Field.EVENT_TIME), r.get(Field.START_TIME),
                orDefault(r.get(Field.LINE), defaultLine), r.get(Field.MACHINE), orDefault(r.get(Field.JOB), defaultJob),
                r.get(Field.PRODUCT_MODEL), r.get(Field.BOARDS), r.get(Field.PICKS), r.get(Field.PLACEMENTS),
                r.get(Field.REJECTS), r.get(Field.OPERATOR_ID), r.get(Field.REMARK), r.rawText(), r.get(Field.PCBS));
    }

    private static String orDefault(String value, String given) {
        return (value == null || value.isBlank()) && given != null && !given.isBlank() ? given.strip() : value;
    }

    private static final int PROGRESS_ROWS = 5_000;
    /**
     * A file smaller than this (a board's log of a few hundred rows) is parsed and judged on the
     * reader alone: threads and hand-offs would cost more than they save.
     */
    static final long PARALLEL_FROM_BYTES = 1 << 20;

    /** What the reader thread hands the importing thread: a judged chunk, the end of the file, or its failure. */
    private sealed interface Judged {
        record Full(Chunk chunk) implements Judged {
        }

        record Failure(RuntimeException error) implements Judged {
        }

        enum End implements Judged { INSTANCE }
    }

    /** Rows of one transaction, judged by the reader thread, written by the importing thread. */
    private static final class Chunk {
        final List<IngestRecord> records = new ArrayList<>();
        final List<EventSink.Rejected> rejected = new ArrayList<>();
        /** Checkers and remarks of accepted rows, for job_record in the same transaction. */
        final List<EventSink.Handwriting> handwriting = new ArrayList<>();
        /** Counts held without a job (ADR 0027), with why. */
        final List<EventSink.Unassigned> unassigned = new ArrayList<>();
        /** What the writer can do for this chunk ahead of its transaction, here on the reader thread. */
        EventSink.Prepared prepared;
        long read, rejectedCount, skipped, warned;

        /** {@code sink} null: the chunk of a whole file (ADR 0035), written with its batch, nothing to prepare. */
        Chunk done(EventSink sink, MasterData master, long batchId) {
            prepared = sink == null ? null : sink.prepare(records, master, batchId);
            return this;
        }
    }

    /**
     * Reads the file on its own thread, a chunk ahead of the writer, so reading and rule checking
     * overlap with the database's work; a large file's parsing and rules run on judge threads and
     * come back here in row order (ADR 0017, ADR 0033). At most one finished chunk waits: memory stays bounded.
     */
    private final class Reader implements Runnable {
        final BlockingQueue<Judged> queue;
        /** Read to its end on the calling thread, before anything is written (ADR 0035): the queue holds it all. */
        private final boolean whole;
        volatile boolean stop;
        private final Request req;
        private final String format;
        private final Instant now;
        private final Iterator<SourceRow> rows;
        private final InputStream in;
        private final long totalBytes;
        /** The factory calendar: the production day as the manual form and the reports count it. */
        private final dev.smtconsole.domain.ProductionCalendar calendar;

        private final long batchId;
        /** Told the rows read so far every {@link #PROGRESS_ROWS} rows (large chunks commit seldom). */
        private final LongConsumer progress;
        private long readSoFar;

        Reader(Request req, String format, Instant now, Iterator<SourceRow> rows, InputStream in, long totalBytes, long batchId,
               LongConsumer progress) {
            this(req, format, now, rows, in, totalBytes, batchId, progress, false);
        }

        Reader(Request req, String format, Instant now, Iterator<SourceRow> rows, InputStream in, long totalBytes, long batchId,
               LongConsumer progress, boolean whole) {
            this.whole = whole;
            // A whole file is small (WHOLE_FILE_BYTES): its chunks wait here in full, nobody takes them meanwhile.
            this.queue = whole ? new LinkedBlockingQueue<>() : new ArrayBlockingQueue<>(1);
            this.totalBytes = totalBytes;
            this.batchId = batchId;
            this.progress = progress;
            this.req = req;
            this.format = format;
            this.now = now;
            this.rows = rows;
            this.in = in;
            this.calendar = req.validator().config().calendar();
        }

        @Override
        public void run() {
            Occurrences occurrences = new Occurrences();
            TimeParser times = new TimeParser(req.context().zone());
            int judges = !whole && totalBytes >= parallelism.fromBytes() ? parallelism.judgeThreads() : 0;
            try {
                if (judges > 0) {
                    // Parsing and rules on more than one core, verdicts back in row order (ADR 0017, ADR 0033).
                    ThreadLocal<TimeParser> ownTimes = ThreadLocal.withInitial(() -> new TimeParser(req.context().zone()));
                    try (OrderedJudge judge = new OrderedJudge(judges, row -> judge(row, null, ownTimes.get()),
                            row -> judge(row, occurrences, times))) {
                        if (rows instanceof RowBlocks blocks) {
                            for (RowBlocks.Block b; !stop && (b = blocks.nextBlock()) != null; ) judge.add(b, this::take);
                        } else {
                            while (!stop && rows.hasNext()) judge.add(rows.next(), this::take);
                        }
                        if (!stop) judge.finish(this::take);
                    }
                } else {
                    while (!stop && rows.hasNext()) take(judge(rows.next(), occurrences, times));
                }
                if (stop) return;
                IngestPhases.PARSE.add(System.nanoTime() - t0);
                if (chunk.read > 0) queue.put(new Judged.Full(chunk.done(whole ? null : sink, req.context().masterData(), batchId)));
                in.transferTo(OutputStreamNull.INSTANCE); // the digest covers the whole file
                queue.put(Judged.End.INSTANCE);
            } catch (InterruptedException e) {
                // cancelled or failed on the writer's side: stop reading
            } catch (RuntimeException e) {
                offer(new Judged.Failure(e));
            } catch (Error e) {
                // The writer waits on the queue: it must hear of any death of this thread.
                offer(new Judged.Failure(new IllegalStateException("reading the file failed: " + e, e)));
                throw e;
            } catch (IOException e) {
                offer(new Judged.Failure(new UncheckedIOException(e)));
            }
        }

        private Chunk chunk = new Chunk();
        private long t0 = System.nanoTime();

        /** A row's verdict into the current chunk, in row order; a full chunk goes to the writer. */
        private void take(Verdict v) throws InterruptedException {
            add(chunk, v);
            if (chunk.read >= req.chunkSize()) {
                chunk.done(whole ? null : sink, req.context().masterData(), batchId);
                IngestPhases.PARSE.add(System.nanoTime() - t0);
                queue.put(new Judged.Full(chunk));
                t0 = System.nanoTime();
                chunk = new Chunk();
            }
        }

        /** The rules for one row; {@code occurrences} null on a judge thread (rows that name their id only). */
        private Verdict judge(SourceRow row, Occurrences occurrences, TimeParser times) {
            return IngestPipeline.judge(row, req.validator(), req.operatorId(), format, occurrences, times, now,
                    req.context().defaultLine(), req.context().defaultJob());
        }

        private void offer(Judged o) {
            try {
                queue.put(o);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }

        private void add(Chunk chunk, Verdict v) {
            SourceRow row = v.row();
            chunk.read++;
            if (++readSoFar % PROGRESS_ROWS == 0) progress.accept(readSoFar);
            if (v.skipped()) {
                chunk.skipped++;
            } else if (v.jobUnknown()) {
                if (!v.problems().isEmpty()) chunk.warned++;
                chunk.unassigned.add(new EventSink.Unassigned(v.record(),
                        RuleMessages.parseReason(req.locale(), row.rowNo(), v.unassigned())));
            } else if (v.record() == null) {
                chunk.rejectedCount++;
                String reasons = v.problems().stream().filter(p -> !p.warning())
                        .map(p -> RuleMessages.render(req.locale(), p)).collect(Collectors.joining("; "));
                chunk.rejected.add(new EventSink.Rejected(row.rowNo(), row.rawText(), reasons));
            } else {
                if (!v.problems().isEmpty()) chunk.warned++;
                chunk.records.add(v.record());
                // The hand-written columns of a form row travel with its line-level row: 物料核对人 and 备注.
                IngestRecord r = v.record();
                String checkers = row.get(Field.CHECKERS);
                String remark = r.machineCode() == null ? r.remark() : null;
                if (checkers != null && !checkers.isBlank() || remark != null && !remark.isBlank()) {
                    chunk.handwriting.add(new EventSink.Handwriting(r.lineCode(), r.jobNo(),
                            calendar.productionDay(r.eventTime()), checkers, remark));
                }
            }
        }
    }

    /** What the batch has committed so far. */
    private final class Totals {
        final MasterData master;
        final String operatorId;
        long read, accepted, rejected, duplicates, skipped, warnings, unassigned, committedRows;
        EventSink.Rejected firstRejected;

        Totals(MasterData master, String operatorId) {
            this.master = master;
            this.operatorId = operatorId;
        }

        EventSink.ChunkWork work(long batchId, Chunk c) {
            return new EventSink.ChunkWork(batchId, c.records, master, c.rejected,
                    new EventSink.BatchDelta(c.read, c.rejectedCount, c.skipped, c.warned), c.handwriting, operatorId,
                    clock.instant(), c.prepared, c.unassigned);
        }

        /** Counts a committed chunk (on the committer thread; read by the importing thread after it is joined). */
        void committed(Chunk c, EventSink.WriteResult r) {
            read += c.read;
            accepted += r.accepted();
            duplicates += r.duplicates().size();
            unassigned += r.unassigned();
            rejected += c.rejectedCount;
            if (firstRejected == null && !c.rejected.isEmpty()) firstRejected = c.rejected.get(0);
            skipped += c.skipped;
            warnings += c.warned;
            committedRows = read;
            sink.changed();
        }
    }

    /**
     * Finishes and commits chunks on its own thread, in the order they were begun, while the
     * importing thread already inserts the next chunk's events on another connection: a chunk's
     * commit (the database flushing its log) and its bucket upserts no longer hold up the next
     * chunk. At most one begun chunk waits, so at most three connections are in use. Only where
     * the writer says so (PostgreSQL: row locks only); elsewhere each chunk is finished right here.
     */
    private final class Committer {
        private final Totals run;
        private final Runnable progress;
        private final BlockingQueue<Handover> queue = new ArrayBlockingQueue<>(1);
        private final Thread thread;
        private volatile RuntimeException failure;
        private volatile boolean aborting;

        Committer(Totals run, long batchId, Runnable progress) {
            this.run = run;
            this.progress = progress;
            if (sink.pipelinesCommits()) {
                this.thread = new Thread(this::loop, "smt-ingest-commit-" + batchId);
                thread.setDaemon(true);
                thread.start();
            } else {
                this.thread = null;
            }
        }

        private void loop() {
            while (true) {
                Handover item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (!(item instanceof Handover.Begun begun)) return; // Handover.Stop
                if (failure != null || aborting) {
                    abandonQuietly(begun.open());
                    continue;
                }
                try {
                    run.committed(begun.chunk(), sink.finish(begun.open()));
                    progress.run();
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) {
                    failure = new IllegalStateException("committing a chunk failed: " + e, e);
                    throw e;
                }
            }
        }

        /** Hands a begun chunk over; throws the failure of an earlier chunk (and rolls this one back). */
        void submit(Chunk chunk, EventSink.OpenChunk open) throws InterruptedException {
            if (thread == null) { // not pipelined: finish here, as one transaction after the other
                run.committed(chunk, sink.finish(open));
                progress.run();
                return;
            }
            RuntimeException f = failure;
            if (f != null) {
                abandonQuietly(open);
                throw f;
            }
            try {
                if (!hand(new Handover.Begun(chunk, open))) {
                    abandonQuietly(open);
                    throw failure != null ? failure : new IllegalStateException("the import's commit thread ended");
                }
            } catch (InterruptedException e) {
                abandonQuietly(open);
                throw e;
            }
        }

        /** Puts an item in the queue unless the thread has died. */
        private boolean hand(Handover item) throws InterruptedException {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) return false;
            }
            return true;
        }

        /** Waits until every handed-over chunk is committed; throws if one failed. */
        void drain() throws InterruptedException {
            if (thread == null) return;
            hand(Handover.Stop.INSTANCE);
            thread.join();
            if (failure != null) throw failure;
        }

        /** Rolls back what is not committed yet and waits for the thread: the totals are final after this. */
        void abort() {
            if (thread == null) return;
            aborting = true;
            // Only this thread puts and only the commit thread takes: once emptied here, STOP fits.
            for (Handover left = queue.poll(); left != null; left = queue.poll()) {
                if (left instanceof Handover.Begun begun) abandonQuietly(begun.open());
            }
            queue.offer(Handover.Stop.INSTANCE);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void abandonQuietly(EventSink.OpenChunk open) {
            try {
                sink.abandon(open);
            } catch (RuntimeException ignored) {
                // the connection is gone with the failure that brought us here
            }
        }
    }

    /** What the importing thread hands the commit thread: a begun chunk, or the end of the run. */
    private sealed interface Handover {
        record Begun(Chunk chunk, EventSink.OpenChunk open) implements Handover {
        }

        enum Stop implements Handover { INSTANCE }
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must still reach the digest.
            long done = 0;
            byte[] buf = new byte[8192];
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) break;
                done += r;
            }
            return done;
        }
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
