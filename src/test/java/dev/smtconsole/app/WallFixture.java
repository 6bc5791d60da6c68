package dev.smtconsole.app;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.Source;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Test data for the wall: the sample lines, a clock the test moves, and events written through the real writer. */
public final class WallFixture {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private WallFixture() {
    }

    /** A clock tests can set; the wall reads "now" from it. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        public MutableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        public void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new MutableClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public static void loadSampleLines(AppServices services) throws Exception {
        for (String name : List.of("lines.csv", "operators.csv")) {
            try (InputStream in = WallFixture.class.getResourceAsStream("/sample-data/" + name)) {
                services.masterData().importCsv(in, name);
            }
        }
    }

    public static IngestRecord event(String line, String machine, String job, String model, Instant at,
                                     long boards, long picks, long placements) {
        return new IngestRecord(0, "test:" + SEQ.incrementAndGet() + ":" + at, at, null, Source.AUTO, line, machine, job, model,
                boards, picks, placements, picks - placements, null, null, null);
    }

    /** Writes and tells this process's listeners, as the ingest pipeline does after its commit. */
    public static void write(AppServices services, IngestRecord... records) {
        services.eventWriter().write(List.of(records), services.masterData().current(), null, null);
        services.database().changeFeed().publish();
    }
}
