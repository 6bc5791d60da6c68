package dev.smtconsole.arch.leak.ingest;

import dev.smtconsole.arch.leak.ingest.formats.Format;

/** Fixture: a parser registry in the formats' base package, which the formats use: a cycle. */
public class Registry {
    public Format first() {
        return new Format();
    }
}
