package dev.smtconsole.arch.leak.app;

/** Fixture: the composition root of the leaky class set. */
public final class AppServices {
    public String everything() {
        return "all of it";
    }
}
