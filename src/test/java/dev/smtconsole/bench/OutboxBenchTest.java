package dev.smtconsole.bench;

import dev.smtconsole.bench.OutboxBench.Counts;
import dev.smtconsole.bench.OutboxBench.Expected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outage bench's verdict on what the server holds: nothing lost, nothing doubled. */
class OutboxBenchTest {
    final Expected expected = new Expected(1_150, 1_000, 950);

    static Counts counts(long events, long distinct, long messages, long duplicates, long devices, long eventPicks, long bucketPicks) {
        return new Counts(events, distinct, messages, duplicates, 0, devices, eventPicks, bucketPicks, 0);
    }

    @Test
    void everyEntryOnceIsAMatch() {
        assertThat(expected.matches(counts(1_150, 1_150, 1_000, 0, 950, 9_000, 9_000))).isTrue();
    }

    @Test
    void aLostEventAMessageKeptTwiceOrABucketCountedTwiceIsNot() {
        assertThat(expected.matches(counts(1_149, 1_149, 1_000, 0, 950, 9_000, 9_000))).as("an event lost").isFalse();
        assertThat(expected.matches(counts(1_150, 1_150, 1_001, 1, 950, 9_000, 9_000))).as("a message kept twice").isFalse();
        assertThat(expected.matches(counts(1_150, 1_150, 1_000, 0, 949, 9_000, 9_000))).as("a device record lost").isFalse();
        assertThat(expected.matches(counts(1_150, 1_150, 1_000, 0, 950, 9_000, 9_120))).as("a bucket counted twice").isFalse();
    }
}
