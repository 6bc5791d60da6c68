package dev.smtconsole.source;

import dev.smtconsole.app.SourceService;

import java.time.Clock;
import java.time.Instant;

/**
 * What one running source has done, as the Sources panel shows it: its state and since when,
 * messages (or files) and their rate, the last one, errors and the last error. Written by the
 * source's thread, read by the runner's status thread.
 */
final class SourceStats {
    private final String name;
    private final String host;
    private final Clock clock;
    private SourceService.State state = SourceService.State.STOPPED;
    private Instant since;
    private long messages;
    private long errors;
    private Instant lastMessageAt;
    private String lastError;
    private Instant lastErrorAt;
    private long rateMessages;
    private long rateAt = System.nanoTime();
    private double perSecond;

    SourceStats(String name, String host, Clock clock) {
        this.name = name;
        this.host = host;
        this.clock = clock;
        this.since = clock.instant();
    }

    synchronized void state(SourceService.State s) {
        if (s != state) {
            state = s;
            since = clock.instant();
        }
    }

    synchronized SourceService.State state() {
        return state;
    }

    synchronized void message() {
        messages++;
        lastMessageAt = clock.instant();
    }

    synchronized void error(String why) {
        errors++;
        lastError = why;
        lastErrorAt = clock.instant();
    }

    synchronized long messages() {
        return messages;
    }

    /** A snapshot; the rate is over the time since the previous snapshot. */
    synchronized SourceService.Status snapshot() {
        long now = System.nanoTime();
        double seconds = (now - rateAt) / 1e9;
        if (seconds >= 0.5) {
            perSecond = (messages - rateMessages) / seconds;
            rateMessages = messages;
            rateAt = now;
        }
        return new SourceService.Status(name, state, since, host, messages, perSecond, errors, lastMessageAt, lastError,
                lastErrorAt, clock.instant());
    }

    static String why(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m));
    }
}
