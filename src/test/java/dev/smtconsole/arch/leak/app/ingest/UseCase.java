package dev.smtconsole.arch.leak.app.ingest;

import dev.smtconsole.arch.leak.store.Repository;

/** Fixture: the ingest use case writing through a store class instead of its port. */
public class UseCase {
    private final Repository repository = new Repository();

    public long run() {
        return repository.count();
    }
}
