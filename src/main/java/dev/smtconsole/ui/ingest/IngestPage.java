package dev.smtconsole.ui.ingest;

import dev.smtconsole.ui.EmptyState;
import dev.smtconsole.ui.Page;
import dev.smtconsole.ui.UiContext;
import javafx.scene.Node;

/** The ingest area. */
public final class IngestPage implements Page {
    private final Node view;

    public IngestPage(UiContext ctx) {
        this.view = EmptyState.of(ctx.i18n(), "ingest.empty.title", "ingest.empty.body");
    }

    @Override
    public String titleKey() {
        return "ingest.title";
    }

    @Override
    public Node view() {
        return view;
    }
}
