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
