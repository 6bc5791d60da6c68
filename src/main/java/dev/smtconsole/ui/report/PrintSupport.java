package dev.smtconsole.ui.report;

import dev.smtconsole.ui.kit.UiContext;
import javafx.print.PageLayout;
import javafx.print.PageOrientation;
import javafx.print.Paper;
import javafx.print.Printer;
import javafx.print.PrinterJob;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Pagination;
import javafx.scene.layout.StackPane;
import javafx.scene.transform.Scale;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Consumer;

/** Print preview (the pages as they will print) and printing through JavaFX, A4 landscape. */
final class PrintSupport {
    private PrintSupport() {
    }

    static List<Node> pages(UiContext ctx, PrintLayout.Table table, double width, double height) {
        return PrintLayout.pages(table, width, height, ctx.reports().time().now(),
                ctx.reports().time().zone());
    }

    static Stage preview(UiContext ctx, Window owner, PrintLayout.Table table) {
        List<Node> pages = pages(ctx, table, PrintLayout.A4_LANDSCAPE_WIDTH, PrintLayout.A4_LANDSCAPE_HEIGHT);
        Pagination pagination = new Pagination(pages.size(), 0);
        pagination.setId("printPreview");
        pagination.setPageFactory(i -> {
            StackPane sheet = new StackPane(new Group(pages.get(i)));
            sheet.getStyleClass().add("print-sheet");
            return sheet;
        });
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle(ctx.i18n().get("report.preview.title", pages.size()));
        stage.setScene(dev.smtconsole.ui.kit.Theme.office(new Scene(pagination, PrintLayout.A4_LANDSCAPE_WIDTH + 60,
                PrintLayout.A4_LANDSCAPE_HEIGHT + 90)));
        dev.smtconsole.ui.kit.Windows.show(stage);
        return stage;
    }

    /** Prints on the chosen printer; without any printer installed, says so instead of failing. */
    static void print(UiContext ctx, Window owner, PrintLayout.Table table, Consumer<String> ok, Consumer<Throwable> fail) {
        if (Printer.getDefaultPrinter() == null && Printer.getAllPrinters().isEmpty()) {
            fail.accept(new dev.smtconsole.app.ReportException("report.error.noPrinter"));
            return;
        }
        PrinterJob job = PrinterJob.createPrinterJob();
        if (job == null) {
            fail.accept(new dev.smtconsole.app.ReportException("report.error.noPrinter"));
            return;
        }
        if (!job.showPrintDialog(owner)) {
            job.cancelJob();
            return;
        }
        Printer printer = job.getPrinter();
        PageLayout layout = printer.createPageLayout(Paper.A4, PageOrientation.LANDSCAPE, Printer.MarginType.DEFAULT);
        job.getJobSettings().setPageLayout(layout);
        double w = layout.getPrintableWidth(), h = layout.getPrintableHeight();
        List<Node> pages = pages(ctx, table, w, h);
        int printed = 0;
        for (Node page : pages) {
            Group g = new Group(page);
            g.getTransforms().add(new Scale(1, 1));
            if (!job.printPage(layout, g)) break;
            printed++;
        }
        if (printed == pages.size() && job.endJob()) ok.accept(ctx.i18n().get("report.status.printed", printed, printer.getName()));
        else fail.accept(new dev.smtconsole.app.ReportException("report.error.printFailed", printer.getName()));
    }
}
