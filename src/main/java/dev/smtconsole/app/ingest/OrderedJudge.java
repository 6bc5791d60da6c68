package dev.smtconsole.app.ingest;

import dev.smtconsole.ingest.Field;
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
 * The rules of an import on more than one core, with verdicts handed back in row order (ADR 0017).
 * The reader thread still parses (tokenizes) every row; it hands blocks of rows to a few judge
 * threads and takes the judged blocks back in the order it gave them, so chunks, content ids and
 * occurrence numbers come out exactly as from one thread.
 * <p>
 * Only a block whose every row names its event id (or is skipped or broken) is judged on another
 * thread: such rows never touch the file's {@code Occurrences}, the one order-dependent state of the
 * rules (the n-th identical id-less row gets occurrence n). A block with an id-less row is judged
 * on the reader thread when its turn comes, after every earlier block, with the reader's own state.
 */
final class OrderedJudge implements AutoCloseable {
    static final int BLOCK = 1_024;

    /** Judges on other threads: {@code cores - 1} (the writer has a core too), at most 3; 0 = none. */
    static int defaultThreads() {
        return Math.min(3, Runtime.getRuntime().availableProcessors() - 1);
    }

    private final ExecutorService pool;
    private final int maxInFlight;
    private final Function<SourceRow, IngestPipeline.Verdict> onOtherThread;
    private final Function<SourceRow, IngestPipeline.Verdict> inOrder;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private List<SourceRow> block = new ArrayList<>(BLOCK);

    /** Where verdicts go, in row order (on the reader thread). */
    @FunctionalInterface
    interface Sink {
        void accept(IngestPipeline.Verdict verdict) throws InterruptedException;
    }

    private record Pending(List<SourceRow> rows, Future<List<IngestPipeline.Verdict>> judged) {
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

    /** Adds a parsed row; verdicts of finished earlier blocks go to {@code out}, in row order. */
    void add(SourceRow row, Sink out) throws InterruptedException {
        block.add(row);
        if (block.size() < BLOCK) return;
        submit();
        while (inFlight.size() >= maxInFlight || !inFlight.isEmpty() && inFlight.peekFirst().judged() == null) {
            takeFirst(out);
        }
    }

    /** Every verdict still pending, in row order. */
    void finish(Sink out) throws InterruptedException {
        if (!block.isEmpty()) submit();
        while (!inFlight.isEmpty()) takeFirst(out);
    }

    private void submit() {
        List<SourceRow> rows = block;
        block = new ArrayList<>(BLOCK);
        boolean anywhere = rows.stream().allMatch(OrderedJudge::touchesNoOrderedState);
        inFlight.addLast(new Pending(rows, anywhere ? pool.submit(() -> judgeAll(rows, onOtherThread)) : null));
    }

    private void takeFirst(Sink out) throws InterruptedException {
        Pending p = inFlight.removeFirst();
        List<IngestPipeline.Verdict> verdicts;
        if (p.judged() == null) {
            verdicts = judgeAll(p.rows(), inOrder);
        } else {
            try {
                verdicts = p.judged().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
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
