package dev.smtconsole.ui.dashboard;

import dev.smtconsole.ui.EmptyState;
import dev.smtconsole.ui.Page;
import dev.smtconsole.ui.UiContext;
import javafx.scene.Node;

/** The dashboard area. */
public final class DashboardPage implements Page {
    private final Node view;

    public DashboardPage(UiContext ctx) {
        this.view = EmptyState.of(ctx.i18n(), "dashboard.empty.title", "dashboard.empty.body");
    }

    @Override
    public String titleKey() {
        return "dashboard.title";
    }

    @Override
    public Node view() {
        return view;
    }
}
