package dev.smtconsole.app.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Group commit for a door whose senders each wait for their own answer (the gateway's single
 * posts): what arrives while one transaction is being written is written together in the next,
 * by one writer thread. Every writer of production data takes the one change-marker row and the
 * buckets of its machines, so concurrent transactions would queue on those rows anyway; one
 * transaction of many messages takes them once and commits once (ADR 0029; measured: a
 * second writer thread, whose transactions wait on those rows, gave fewer posts/s, not more).
 * <p>
 * A caller blocks until its item's transaction is done and gets its own result. Items travel
 * together only when {@code sameGroup} says so (the same rule snapshot). When a group fails for
 * another reason than its writer can know per item, its items are written again one by one, so
 * one bad item fails alone, as it would without grouping.
 *
 * @param <I> an item as the door prepared it
 * @param <O> its result: whatever {@code writeAll} answers for it, in order
 */
public final class GroupCommit<I, O> {
    /** Items in one transaction at most (the gateway's batch form allows as many). */
    public static final int MAX_GROUP = 100;

    private final Function<List<I>, List<O>> writeAll;
    private final SameGroup<I> sameGroup;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final String threadName;
    private boolean started;

    /** Whether two items may share a transaction. */
    @FunctionalInterface
    public interface SameGroup<I> {
        boolean test(I first, I next);
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    public GroupCommit(String threadName, Function<List<I>, List<O>> writeAll, SameGroup<I> sameGroup) {
        this.threadName = threadName;
        this.writeAll = writeAll;
        this.sameGroup = sameGroup;
    }

    /** Writes {@code item} in the next group transaction and answers its result; throws what its write threw. */
    public O submit(I item) {
        Pending<I, O> p = new Pending<>(item, new CompletableFuture<>());
        startWriter();
        queue.add(p);
        try {
            return p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while its message was being written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private synchronized void startWriter() {
        if (started) return;
        started = true;
        Thread.ofPlatform().name(threadName).daemon().start(this::run);
    }

    private void run() {
        List<Pending<I, O>> group = new ArrayList<>(MAX_GROUP);
        Pending<I, O> next = null;
        while (true) {
            try {
                Pending<I, O> first = next != null ? next : queue.take();
                next = null;
                group.add(first);
                while (group.size() < MAX_GROUP) {
                    Pending<I, O> p = queue.poll();
                    if (p == null) break;
                    if (!sameGroup.test(first.item(), p.item())) {
                        next = p; // starts the next group, in arrival order
                        break;
                    }
                    group.add(p);
                }
                write(group);
            } catch (InterruptedException e) {
                return; // a daemon thread: only a JVM going down interrupts it
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending<I, O>> group) {
        try {
            List<O> out = writeAll.apply(group.stream().map(Pending::item).toList());
            for (int i = 0; i < group.size(); i++) group.get(i).result().complete(out.get(i));
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.get(0).result().completeExceptionally(e);
                return;
            }
            // One item may be the cause: each alone, so it fails alone.
            for (Pending<I, O> p : group) {
                try {
                    p.result().complete(writeAll.apply(List.of(p.item())).get(0));
                } catch (RuntimeException | Error x) {
                    p.result().completeExceptionally(x);
                }
            }
        }
    }
}
