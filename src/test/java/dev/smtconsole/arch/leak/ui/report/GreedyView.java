package dev.smtconsole.arch.leak.ui.report;

import dev.smtconsole.arch.leak.app.AppServices;

/** Fixture leak: a feature view handed the whole application instead of its slice. */
public final class GreedyView {
    private final AppServices services;

    public GreedyView(AppServices services) {
        this.services = services;
    }

    public String show() {
        return services.everything();
    }
}
