package dev.smtconsole.app.ingest;

import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;

import dev.smtconsole.domain.Source;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules on judge threads, verdicts in row order; rows without an id judged in order on the reader (ADR 0017). */
class OrderedJudgeTest {
    private static SourceRow row(long n, boolean withId) {
        return new SourceRow(n, "row " + n, Source.MANUAL, withId ? Map.of(Field.EVENT_ID, "E" + n) : Map.of(Field.LINE, "L1"),
                null, null, List.of());
    }

    @Test
    void verdictsComeBackInRowOrderAndIdLessRowsAreJudgedInOrderOnTheReader() throws Exception {
        int rows = OrderedJudge.BLOCK * 7 + 123;
        List<SourceRow> input = new ArrayList<>();
        for (long n = 1; n <= rows; n++) {
            // blocks 2 and 5 hold one id-less row each; everything else names its id
            long block = (n - 1) / OrderedJudge.BLOCK;
            boolean idLess = (block == 2 || block == 5) && (n - 1) % OrderedJudge.BLOCK == 17;
            input.add(row(n, !idLess));
        }
        Thread reader = Thread.currentThread();
        List<Long> inOrderRows = Collections.synchronizedList(new ArrayList<>());
        List<String> otherThreads = Collections.synchronizedList(new ArrayList<>());
        List<Long> out = new ArrayList<>();
        try (OrderedJudge judge = new OrderedJudge(3, r -> {
            otherThreads.add(Thread.currentThread().getName());
            if (ThreadLocalRandom.current().nextInt(50) == 0) Thread.onSpinWait(); // uneven pace
            return new IngestPipeline.Verdict(r, null, List.of(), false);
        }, r -> {
            assertThat(Thread.currentThread()).isSameAs(reader);
            inOrderRows.add(r.rowNo());
            return new IngestPipeline.Verdict(r, null, List.of(), false);
        })) {
            for (SourceRow r : input) judge.add(r, v -> out.add(v.row().rowNo()));
            judge.finish(v -> out.add(v.row().rowNo()));
        }
        List<Long> expected = input.stream().map(SourceRow::rowNo).toList();
        assertThat(out).containsExactlyElementsOf(expected);
        // the two blocks with an id-less row, whole, in row order, on the reader thread
        assertThat(inOrderRows).hasSize(2 * OrderedJudge.BLOCK).isSorted();
        assertThat(inOrderRows.get(0)).isEqualTo(2L * OrderedJudge.BLOCK + 1);
        assertThat(otherThreads).hasSize(rows - 2 * OrderedJudge.BLOCK).allMatch(n -> n.equals("smt-ingest-judge"));
    }

    @Test
    void aFailureOnAJudgeThreadReachesTheReader() {
        try (OrderedJudge judge = new OrderedJudge(2, r -> {
            throw new IllegalStateException("rule blew up at row " + r.rowNo());
        }, r -> new IngestPipeline.Verdict(r, null, List.of(), false))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                for (long n = 1; n <= 3 * OrderedJudge.BLOCK; n++) judge.add(row(n, true), v -> { });
                judge.finish(v -> { });
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("rule blew up at row 1");
        }
    }

    @Test
    void skippedAndBrokenRowsNeedNoOrder() {
        assertThat(OrderedJudge.touchesNoOrderedState(new SourceRow(1, "x", Source.MANUAL, Map.of(), "broken", null, List.of()))).isTrue();
        assertThat(OrderedJudge.touchesNoOrderedState(new SourceRow(1, "x", Source.MANUAL, Map.of(), null, "note", List.of()))).isTrue();
        assertThat(OrderedJudge.touchesNoOrderedState(row(1, false))).isFalse();
        assertThat(OrderedJudge.touchesNoOrderedState(new SourceRow(1, "x", Source.MANUAL, Map.of(Field.EVENT_ID, "  "), null, null,
                List.of()))).isFalse();
    }
}
