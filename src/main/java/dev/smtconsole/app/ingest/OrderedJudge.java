package dev.smtconsole.app.ingest;

import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.RowBlocks;
import dev.smtconsole.ingest.SourceRow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The parsing and the rules of an import on more than one core, with verdicts handed back in row
 * order (ADR 0017, ADR 0033). The reader thread hands blocks of rows — text cut at line ends that
 * a judge thread parses ({@link RowBlocks}), or rows the reader parsed itself — to a few judge
 * threads and takes the judged blocks back in the order it gave them, so chunks, content ids and
 * occurrence numbers come out exactly as from one thread.
 * <p>
 * Only a block whose every row names its event id (or is skipped or broken) is judged on another
 * thread: such rows never touch the file's {@code Occurrences}, the one order-dependent state of the
 * rules (the n-th identical id-less row gets occurrence n). A block with an id-less row is parsed
 * there but judged on the reader thread when its turn comes, after every earlier block, with the
 * reader's own state.
 */
final class OrderedJudge implements AutoCloseable {
    static final int BLOCK = 1_024;

    /**
     * Judge threads: one per core, at most 4; none on one core. The reader only decodes and cuts
     * the text, so the parsing and the rules may take every core while the writer waits on the database.
     */
    static int defaultThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores < 2 ? 0 : Math.min(4, cores);
    }

    private final ExecutorService pool;
    private final int maxInFlight;
    private final Function<SourceRow, IngestPipeline.Verdict> onOtherThread;
    private final Function<SourceRow, IngestPipeline.Verdict> inOrder;
    private final ArrayDeque<Future<Judged>> inFlight = new ArrayDeque<>();
    private List<SourceRow> block = new ArrayList<>(BLOCK);

    /** Where verdicts go, in row order (on the reader thread). */
    @FunctionalInterface
    interface Sink {
        void accept(IngestPipeline.Verdict verdict) throws InterruptedException;
    }

    /** A block's rows and their verdicts; verdicts null: to be judged in order, on the reader. */
    private record Judged(List<SourceRow> rows, List<IngestPipeline.Verdict> verdicts) {
    }

    /**
     * @param onOtherThread the rules for a row that names its event id; called on the judge threads
     *                      (each thread must have its own time parser: it caches)
     * @param inOrder       the rules with the reader's own state, for blocks with id-less rows
     */
    OrderedJudge(int threads, Function<SourceRow, IngestPipeline.Verdict> onOtherThread,
                 Function<SourceRow, IngestPipeline.Verdict> inOrder) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "smt-ingest-judge");
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = threads * 2;
        this.onOtherThread = onOtherThread;
        this.inOrder = inOrder;
    }

    /** Adds a row parsed on the reader; verdicts of finished earlier blocks go to {@code out}, in row order. */
    void add(SourceRow row, Sink out) throws InterruptedException {
        block.add(row);
        if (block.size() < BLOCK) return;
        List<SourceRow> rows = block;
        block = new ArrayList<>(BLOCK);
        add(() -> rows, out);
    }

    /** Adds a block (rows or text to parse); verdicts of finished earlier blocks go to {@code out}, in row order. */
    void add(RowBlocks.Block rows, Sink out) throws InterruptedException {
        if (!block.isEmpty()) { // rows added one by one before: they come first
            List<SourceRow> before = block;
            block = new ArrayList<>(BLOCK);
            submit(() -> before);
        }
        submit(rows);
        while (inFlight.size() >= maxInFlight || !inFlight.isEmpty() && inFlight.peekFirst().isDone()) takeFirst(out);
    }

    /** Every verdict still pending, in row order. */
    void finish(Sink out) throws InterruptedException {
        if (!block.isEmpty()) {
            List<SourceRow> rows = block;
            block = new ArrayList<>(BLOCK);
            submit(() -> rows);
        }
        while (!inFlight.isEmpty()) takeFirst(out);
    }

    private void submit(RowBlocks.Block rows) {
        inFlight.addLast(pool.submit(() -> judged(rows.rows())));
    }

    /** On a judge thread: the block's rows, judged there when no row needs the reader's order. */
    private Judged judged(List<SourceRow> rows) {
        boolean anywhere = true;
        for (SourceRow r : rows) anywhere &= touchesNoOrderedState(r);
        return new Judged(rows, anywhere ? judgeAll(rows, onOtherThread) : null);
    }

    private void takeFirst(Sink out) throws InterruptedException {
        Judged done;
        try {
            done = inFlight.removeFirst().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
        List<IngestPipeline.Verdict> verdicts = done.verdicts() != null ? done.verdicts() : judgeAll(done.rows(), inOrder);
        for (IngestPipeline.Verdict v : verdicts) out.accept(v);
    }
    private static List<IngestPipeline.Verdict> judgeAll(List<SourceRow> rows, Function<SourceRow, IngestPipeline.Verdict> judge) {
        List<IngestPipeline.Verdict> out = new ArrayList<>(rows.size());
        for (SourceRow r : rows) out.add(judge.apply(r));
        return out;
    }

    /** A row that can be judged out of order: skipped, broken, or naming its own event id. */
    static boolean touchesNoOrderedState(SourceRow r) {
        if (r.skipped() != null || r.parseError() != null) return true;
        String id = r.get(Field.EVENT_ID);
        return id != null && !id.isBlank();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
