package dev.smtconsole.ui.report;

import dev.smtconsole.ui.kit.Page;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The report area (报表): the 生产数据记录表 and the 产品出/入数记录表, each as on paper. */
public final class ReportsPage implements Page {
    private final TabPane tabs = new TabPane();
    private final ProductionReportView production;
    private final InOutView inOut;
    private boolean started;

    public ReportsPage(UiContext ctx) {
        this.production = new ProductionReportView(ctx);
        this.inOut = new InOutView(ctx);
        Tab p = new Tab();
        p.setId("tab-report-production");
        p.textProperty().bind(ctx.i18n().text("report.tab.production"));
        p.setContent(production.view());
        p.setClosable(false);
        Tab io = new Tab();
        io.setId("tab-report-inout");
        io.textProperty().bind(ctx.i18n().text("inout.title"));
        io.setContent(inOut.view());
        io.setClosable(false);
        tabs.getTabs().addAll(p, io);
        tabs.setId("reportTabs");
    }

    @Override
    public String titleKey() {
        return "report.title";
    }

    @Override
    public Node view() {
        return tabs;
    }

    public TabPane tabs() {
        return tabs;
    }

    public ProductionReportView production() {
        return production;
    }

    @Override
    public void onShow() {
        if (started) {
            production.viewModel().load();
            return;
        }
        started = true;
        production.viewModel().start();
        inOut.start();
    }
}
