package dev.smtconsole.source;

/** A source at work on its own thread until {@link #stop()}. */
interface RunningSource {
    String name();

    /** The settings it runs with, as stored (a change restarts it). */
    String fingerprint();

    SourceStats stats();

    void start();

    /** Stops taking new work, finishes (commits and acknowledges) what is in hand, then returns. */
    void stop() throws InterruptedException;
}
