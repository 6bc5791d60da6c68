package dev.smtconsole.arch.leak.ingest.formats;

import dev.smtconsole.arch.leak.ingest.Registry;

/** Fixture: see {@link Registry}. */
public class Format {
    public Registry registry() {
        return new Registry();
    }
}
