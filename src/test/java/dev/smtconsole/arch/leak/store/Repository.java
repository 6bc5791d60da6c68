package dev.smtconsole.arch.leak.store;

/** Fixture: a store class. */
public class Repository {
    public long count() {
        return 0;
    }
}
