package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.HourlySeries;
import dev.smtconsole.ui.kit.I18n;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.CategoryToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A line's day as a JFreeChart: boards per hour as bars against the target per hour (a dashed
 * line), and the loss rate per hour on a second axis. Hovering a bar names its numbers.
 */
final class HourlyChart {
    private static final DateTimeFormatter HH = DateTimeFormatter.ofPattern("HH:mm");
    static final String BOARDS = "boards";
    static final String TARGET = "target";
    static final String LOSS = "loss";

    private HourlyChart() {
    }

    static JFreeChart build(HourlySeries s, I18n i18n) {
        String family = dev.smtconsole.ui.kit.Theme.fontFamily();
        DefaultCategoryDataset boards = new DefaultCategoryDataset();
        DefaultCategoryDataset target = new DefaultCategoryDataset();
        DefaultCategoryDataset loss = new DefaultCategoryDataset();
        String boardsKey = i18n.get("dashboard.chart.boards");
        String targetKey = i18n.get("dashboard.chart.target");
        String lossKey = i18n.get("dashboard.chart.loss");
        for (HourlySeries.Hour h : s.hours()) {
            String hour = HH.format(h.localStart());
            boards.addValue(h.boards(), boardsKey, hour);
            if (s.targetPerHour() != null) target.addValue(s.targetPerHour(), targetKey, hour);
            loss.addValue(h.lossRate() == null ? null : h.lossRate() * 100, lossKey, hour);
        }
        CategoryAxis hours = new CategoryAxis(i18n.get("dashboard.chart.hour"));
        hours.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis boardsAxis = new NumberAxis(i18n.get("dashboard.chart.boardsAxis"));
        boardsAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, new Color(0x1e88e5));
        bars.setDefaultToolTipGenerator(tooltips(s, i18n));
        CategoryPlot plot = new CategoryPlot(boards, hours, boardsAxis, bars);

        LineAndShapeRenderer targetLine = new LineAndShapeRenderer(true, false);
        targetLine.setSeriesPaint(0, new Color(0x2e7d32));
        targetLine.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        plot.setDataset(1, target);
        plot.setRenderer(1, targetLine);

        NumberAxis lossAxis = new NumberAxis(i18n.get("dashboard.chart.lossAxis"));
        lossAxis.setNumberFormatOverride(new DecimalFormat("0.00"));
        lossAxis.setAutoRangeIncludesZero(true);
        LineAndShapeRenderer lossLine = new LineAndShapeRenderer(true, true);
        lossLine.setSeriesPaint(0, new Color(0xe53935));
        lossLine.setDefaultToolTipGenerator(tooltips(s, i18n));
        plot.setRangeAxis(1, lossAxis);
        plot.setDataset(2, loss);
        plot.setRenderer(2, lossLine);
        plot.mapDatasetToRangeAxis(2, 1);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));

        JFreeChart chart = new JFreeChart(null, new Font(family, Font.PLAIN, 14), plot, true);
        // the page names line, day and total above the chart; no second title inside it
        Font tick = new Font(family, Font.PLAIN, 12);
        Font label = new Font(family, Font.PLAIN, 13);
        for (var axis : List.of(hours)) {
            axis.setTickLabelFont(tick);
            axis.setLabelFont(label);
        }
        for (var axis : List.of(boardsAxis, lossAxis)) {
            axis.setTickLabelFont(tick);
            axis.setLabelFont(label);
        }
        chart.getLegend().setItemFont(label);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** "16:00 – 42 boards (target 40), loss 0.45 % (1,204 picks, 1,199 placed)". */
    static CategoryToolTipGenerator tooltips(HourlySeries s, I18n i18n) {
        return (CategoryDataset dataset, int row, int column) -> tooltip(s, column, i18n);
    }

    static String tooltip(HourlySeries s, int column, I18n i18n) {
        HourlySeries.Hour h = s.hours().get(column);
        String loss = h.lossRate() == null ? "—" : String.format(Locale.ROOT, "%.2f%%", h.lossRate() * 100);
        return i18n.get("dashboard.chart.tip", HH.format(h.localStart()), h.boards(),
                s.targetPerHour() == null ? "—" : s.targetPerHour().toString(), loss, h.picks(), h.placements());
    }
}
