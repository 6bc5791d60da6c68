package dev.smtconsole.arch.leak.domain;

import dev.smtconsole.arch.leak.store.Repository;

/** Fixture: a domain rule that reaches into the store — the leak the layers must catch. */
public class Rule {
    public boolean holds(Repository repository) {
        return repository.count() >= 0;
    }
}
