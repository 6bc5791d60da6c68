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

    /**
     * Another process of this user taking the shared file over mid-call (H2: "Locked by another process", 90020 — seen
     * once in CI when the first of four importers finished): the call runs again on the file opened anew; an append
     * that did land before the answer broke is found by its token, not queued twice. Any other error is not repeated.
     */
    @Test
    void aCallCaughtInATakeoverRunsAgainOnTheReopenedFileAndAnAppendIsNotQueuedTwice() {
        try (OutboxStore o = new OutboxStore(dir.resolve("outbox"))) {
            Instant at = Instant.parse("2026-12-05T08:00:00Z");
            int[] calls = {0};
            long seq = o.withFile(() -> {
                long s = o.appendOnce("MESSAGE", 0, 1, "{}", at, "token-1");
                if (++calls[0] == 1) {
                    throw new IllegalStateException("Cannot write to the local outbox: locked",
                            new java.sql.SQLException("Locked by another process", "90020", 90020));
                }
                return s;
            });
            assertThat(calls[0]).isEqualTo(2);
            assertThat(o.waiting().entries()).as("the append that landed before the takeover is found, not repeated").isEqualTo(1);
            assertThat(o.head(10, 1000).get(0).seq()).isEqualTo(seq);
            assertThat(o.append("MESSAGE", 0, 1, "{}", at)).as("the file still works after reopening").isGreaterThan(seq);

            int[] other = {0};
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.withFile(() -> {
                other[0]++;
                throw new IllegalStateException("Cannot read the local outbox: bad SQL", new java.sql.SQLException("syntax", "42000", 42000));
            })).hasMessageContaining("bad SQL");
            assertThat(other[0]).isEqualTo(1);
        }
    }

    @Test
    void losingTheRaceForANewFilesLockIsWaitedOut() {
        // H2's words when processes start at once (the second seen in CI: one of four importers failed to start).
        assertThat(OutboxStore.lockRace(new java.sql.SQLException(
                "Error opening database: \"Another process was faster\" [8000-240]", "HY000", 8000))).isTrue();
        assertThat(OutboxStore.lockRace(new java.sql.SQLException(
                "Error opening database: \"Lock file recently modified\" [8000-240]", "HY000", 8000))).isTrue();
        assertThat(OutboxStore.lockRace(new java.sql.SQLException(
                "Error opening database: \"Concurrent update\" [8000-240]", "HY000", 8000))).isTrue();
        assertThat(OutboxStore.takenOver(new java.sql.SQLException("Database may be already in use", "90020", 90020))).isTrue();
        assertThat(OutboxStore.lockRace(new java.sql.SQLException("Wrong user name or password [28000-240]", "28000", 28000)))
                .isFalse();
    }
}
