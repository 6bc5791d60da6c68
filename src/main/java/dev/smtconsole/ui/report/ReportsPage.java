package dev.smtconsole.ui.report;

import dev.smtconsole.ui.EmptyState;
import dev.smtconsole.ui.Page;
import dev.smtconsole.ui.UiContext;
import javafx.scene.Node;

/** The report area. */
public final class ReportsPage implements Page {
    private final Node view;

    public ReportsPage(UiContext ctx) {
        this.view = EmptyState.of(ctx.i18n(), "report.empty.title", "report.empty.body");
    }

    @Override
    public String titleKey() {
        return "report.title";
    }

    @Override
    public Node view() {
        return view;
    }
}
