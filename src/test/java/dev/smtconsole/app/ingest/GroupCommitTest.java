package dev.smtconsole.app.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    @Test
    void everyCallerGetsItsOwnResultAndConcurrentItemsShareTransactions() throws Exception {
        List<List<Integer>> groups = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> gc = new GroupCommit<>("test-writer", items -> {
            groups.add(List.copyOf(items));
            sleep(1); // a transaction takes a moment: what arrives meanwhile waits for the next
            return items.stream().map(i -> i * 2).toList();
        }, (a, b) -> true);
        int threads = 16, each = 100;
        List<Future<List<Integer>>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                done.add(pool.submit(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (int i = 0; i < each; i++) got.add(gc.submit(base + i));
                    return got;
                }));
            }
        }
        for (int t = 0; t < threads; t++) {
            List<Integer> got = done.get(t).get();
            for (int i = 0; i < each; i++) assertThat(got.get(i)).isEqualTo((t * each + i) * 2);
        }
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(threads * each);
        assertThat(groups).anySatisfy(g -> assertThat(g).hasSizeGreaterThan(1));
        assertThat(groups).allSatisfy(g -> assertThat(g).hasSizeLessThanOrEqualTo(GroupCommit.MAX_GROUP));
    }

    /**
     * Senders that each wait for their answer and send again at once (a gateway's clients): the writer waits for
     * the ones it expects, so one transaction holds them all — without waiting it held about half of them (the ones
     * that came while the previous was written). A long linger here so that a slow thread wake-up on a busy machine
     * does not decide it; the product's is 0.4 ms.
     */
    @Test
    void theWriterWaitsForTheSendersItExpectsSoOneTransactionHoldsThemAll() throws Exception {
        assertThat(meanGroup(4, 50, 20_000_000L)).as("with the wait").isGreaterThanOrEqualTo(3.5);
    }

    /** A sender alone is not held for senders that are not there (the linger is long here: 5 s). */
    @Test
    void aLoneSenderIsNotHeldForOthers() throws Exception {
        GroupCommit<Integer, Integer> gc = new GroupCommit<>("test-writer", items -> items, (a, b) -> true, 5_000_000_000L);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) assertThat(gc.submit(i)).isEqualTo(i);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    /** {@code senders} threads each submit {@code each} items one after the other; the mean size of the groups written. */
    static double meanGroup(int senders, int each, long lingerNanos) throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> gc = new GroupCommit<>("test-writer", items -> {
            sizes.add(items.size());
            sleep(2);
            return items;
        }, (a, b) -> true, lingerNanos);
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        gc.submit(i);
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the answer's way back, the next post's way in
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        // The first second the writer learns how many senders there are; the rest shows what it does with that.
        List<Integer> settled = sizes.subList(sizes.size() / 2, sizes.size());
        return settled.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    @Test
    void aBadItemFailsAloneAndTheOthersOfItsGroupAreWritten() throws Exception {
        List<List<Integer>> groups = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        GroupCommit<Integer, Integer> gc = new GroupCommit<>("test-writer", items -> {
            groups.add(List.copyOf(items));
            if (items.contains(1000)) {
                busy.countDown();
                await(release); // the writer is busy: what arrives now queues up for one group
            }
            if (items.contains(-1)) throw new IllegalStateException("bad item");
            return items;
        }, (a, b) -> true);
        List<Future<Integer>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            Future<Integer> first = pool.submit(() -> gc.submit(1000));
            await(busy);
            for (int i = 0; i < 10; i++) {
                int item = i == 7 ? -1 : i;
                done.add(pool.submit(() -> gc.submit(item)));
            }
            Thread.sleep(300);
            release.countDown();
            assertThat(first.get()).isEqualTo(1000);
        }
        for (int i = 0; i < 10; i++) {
            Future<Integer> f = done.get(i);
            if (i == 7) {
                assertThatThrownBy(f::get).hasRootCauseMessage("bad item");
            } else {
                assertThat(f.get()).isEqualTo(i);
            }
        }
        // The ten queued as one group, which failed for the -1 and was then written item by item.
        assertThat(groups.get(1)).hasSize(10).contains(-1);
        assertThat(groups.subList(2, groups.size())).hasSize(10).allSatisfy(g -> assertThat(g).hasSize(1));
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void itemsOfDifferentGroupsNeverShareATransaction() throws Exception {
        List<List<Integer>> groups = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> gc = new GroupCommit<>("test-writer", items -> {
            groups.add(List.copyOf(items));
            sleep(1);
            return items;
        }, (a, b) -> a % 2 == b % 2);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 400; i++) {
                int item = i;
                pool.submit(() -> gc.submit(item));
            }
        }
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(400);
        assertThat(groups).allSatisfy(g -> assertThat(g.stream().map(i -> i % 2).distinct()).hasSize(1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
