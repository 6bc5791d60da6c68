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

    /**
     * How long the writer waits, at most, for the senders it expects before it writes a group smaller than their
     * number. Senders that each wait for their answer (a gateway's posts) come back about a round trip after it:
     * without waiting, a transaction held the half of them that arrived while the previous one was written and
     * each sender waited for two transactions; with it, one transaction holds them all.
     */
    static final long LINGER_NANOS = 400_000;
    /** How long a number of concurrent senders is remembered: the most seen in flight in this window. */
    private static final long CONCURRENCY_WINDOW_NANOS = 1_000_000_000L;

    private final Function<List<I>, List<O>> writeAll;
    private final long lingerNanos;
    /** Items submitted and not yet answered. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** The most items in flight at once lately (the writer's thread only). */
    private int expected = 1, seenInWindow;
    private long windowStart = System.nanoTime();
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
        this(threadName, writeAll, sameGroup, LINGER_NANOS);
    }

    GroupCommit(String threadName, Function<List<I>, List<O>> writeAll, SameGroup<I> sameGroup, long lingerNanos) {
        this.lingerNanos = lingerNanos;
        this.threadName = threadName;
        this.writeAll = writeAll;
        this.sameGroup = sameGroup;
    }

    /** Writes {@code item} in the next group transaction and answers its result; throws what its write threw. */
    public O submit(I item) {
        Pending<I, O> p = new Pending<>(item, new CompletableFuture<>());
        startWriter();
        inFlight.incrementAndGet();
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
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The senders to wait for: the most seen in flight during the last window (the writer's thread only). */
    private int expected() {
        seenInWindow = Math.max(seenInWindow, inFlight.get());
        long now = System.nanoTime();
        if (now - windowStart >= CONCURRENCY_WINDOW_NANOS) {
            expected = Math.max(1, seenInWindow);
            seenInWindow = inFlight.get();
            windowStart = now;
        }
        return Math.max(expected, seenInWindow);
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
                int expect = Math.min(MAX_GROUP, expected());
                long lingerUntil = System.nanoTime() + lingerNanos;
                while (group.size() < MAX_GROUP) {
                    Pending<I, O> p = queue.poll();
                    if (p == null && group.size() < expect && lingerNanos > 0) {
                        long left = lingerUntil - System.nanoTime();
                        if (left > 0) p = queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                    }
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
