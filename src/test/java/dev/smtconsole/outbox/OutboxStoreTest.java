package dev.smtconsole.outbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local outbox file on its own: what a forward pass reads, and what it deletes. */
class OutboxStoreTest {
    @TempDir
    Path dir;

    @Test
    void aPassStopsOnceItsEntriesCarryTheRecordBudgetButTakesAtLeastOne() {
        try (OutboxStore o = new OutboxStore(dir.resolve("outbox"))) {
            Instant at = Instant.parse("2026-12-05T10:00:00Z");
            long first = o.append("MESSAGE", 0, 1, "{\"m\":1}", at);
            long chunk = o.append("CHUNK", -1, 20_000, "{\"records\":[]}", at);
            o.append("MESSAGE", 0, 1, "{\"m\":2}", at);

            assertThat(o.head(1_000, 20_000)).extracting(OutboxStore.Entry::seq).containsExactly(first, chunk);
            assertThat(o.head(1_000, 1)).extracting(OutboxStore.Entry::seq).containsExactly(first);
            assertThat(o.head(2, 1_000_000)).extracting(OutboxStore.Entry::seq).containsExactly(first, chunk);
            assertThat(o.head(1_000, 20_000).get(1).records()).isEqualTo(20_000);
        }
    }

    @Test
    void forwardedEntriesLeaveInOneCommitAndTheRestWaits() {
        try (OutboxStore o = new OutboxStore(dir.resolve("outbox"))) {
            Instant at = Instant.parse("2026-12-05T10:00:00Z");
            String big = "x".repeat(OutboxStore.INPLACE_BODY * 2); // kept as a LOB
            for (int i = 0; i < 5; i++) o.append("MESSAGE", 0, 1, i == 2 ? big : "{\"m\":" + i + "}", at);
            List<OutboxStore.Entry> head = o.head(1_000, 20_000);

            o.forwarded(head.subList(0, 3), Map.of());

            assertThat(o.head(1_000, 20_000)).extracting(OutboxStore.Entry::body).containsExactly("{\"m\":3}", "{\"m\":4}");
            assertThat(o.waiting().entries()).isEqualTo(2);
            assertThat(head.get(2).body()).isEqualTo(big);
        }
    }
}
