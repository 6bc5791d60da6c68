package dev.smtconsole.ui.report;

import dev.smtconsole.report.DateStyle;
import dev.smtconsole.report.FormText;
import dev.smtconsole.domain.InOutEntryData;
import dev.smtconsole.report.InOutReport;
import dev.smtconsole.report.InOutRow;
import dev.smtconsole.report.MachineCell;
import dev.smtconsole.report.ProductionReport;
import dev.smtconsole.report.ProductionRow;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The printed form: pages of a fixed size (A4 landscape in points), the header repeated on each,
 * page breaks only between form rows — a job's stacked machine lines are never split over two pages.
 * Row heights are computed from line counts, not measured, so pagination is the same on screen and paper.
 */
public final class PrintLayout {
    /** A4 landscape minus default margins, in points. */
    public static final double A4_LANDSCAPE_WIDTH = 770, A4_LANDSCAPE_HEIGHT = 523;
    private static final double LINE = 13.5, ROW_PAD = 6, HEADER = 32, TITLE = 48, FOOTER = 18;

    /** A printable table: headers (two lines: 中文 / English), relative column widths, rows of cells (\n = stacked). */
    public record Table(String title, String subtitle, List<String> headers, double[] widths, List<List<String>> rows,
                        List<String> totals) {
    }

    private PrintLayout() {
    }

    /** A font that has the Chinese headers: the platform's default often has none (boxes on paper). */
    private static final String FAMILY = pickFamily();

    private static String pickFamily() {
        List<String> installed = Font.getFamilies();
        for (String f : List.of("Microsoft YaHei", "Noto Sans CJK SC", "PingFang SC", "SimSun", "WenQuanYi Micro Hei",
                "Source Han Sans SC")) {
            if (installed.contains(f)) return f;
        }
        return Font.getDefault().getFamily();
    }

    private static Font font(boolean bold, double size) {
        return Font.font(FAMILY, bold ? FontWeight.BOLD : FontWeight.NORMAL, size);
    }

    public static Table production(ProductionReport r, DateStyle style) {
        List<List<String>> rows = new ArrayList<>();
        for (ProductionRow row : r.rows()) {
            rows.add(List.of(style.format(row.day()), nz(row.productModel()), row.jobNo(),
                    row.quantity() + (row.quantityEdited() ? "*" : ""), row.checkers(),
                    FormText.time(row.start(), row.day(), r.zone()) + (row.startEdited() ? "*" : ""),
                    FormText.time(row.end(), row.day(), r.zone()) + (row.endEdited() ? "*" : ""),
                    FormText.stacked(row.machines(), MachineCell::machineCode),
                    FormText.stacked(row.machines(), c -> Long.toString(c.picks())),
                    FormText.stacked(row.machines(), c -> Long.toString(c.placements())),
                    FormText.stacked(row.machines(), MachineCell::lossRateText), row.remark()));
        }
        List<String> totals = new ArrayList<>(List.of("合计 Total", "", "", Long.toString(r.totalQuantity()), "", "", ""));
        StringBuilder m = new StringBuilder(), p = new StringBuilder(), pl = new StringBuilder(), l = new StringBuilder();
        for (int i = 0; i < r.machineCodes().size(); i++) {
            String nl = i == 0 ? "" : "\n";
            m.append(nl).append(r.machineCodes().get(i));
            p.append(nl).append(r.totalPicks(i));
            pl.append(nl).append(r.totalPlacements(i));
            l.append(nl).append(dev.smtconsole.domain.LossRate.format(r.totalLossRate(i)));
        }
        totals.addAll(List.of(m.toString(), p.toString(), pl.toString(), l.toString(), ""));
        return new Table("生产数据记录表 / Production Data Record",
                "LINE: " + r.lineCode() + "     " + style.format(r.from()) + " – " + style.format(r.to()),
                List.of("日期\nDate", "产品型号\nProduct model", "JOB", "数量\nQty", "物料核对人\nCheckers", "开始时间\nStart",
                        "结束时间\nEnd", "机台\nMachine", "吸料数量\nPicks", "贴件数量\nPlacements", "抛料率\nLoss", "备注\nRemark"),
                new double[]{6, 13, 7, 5, 7, 5, 5, 6, 7, 8, 5, 15}, rows, totals);
    }

    public static Table inOut(InOutReport r, DateStyle style) {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("H:mm");
        List<List<String>> rows = new ArrayList<>();
        for (InOutRow row : r.rows()) {
            InOutEntryData e = row.entry();
            rows.add(List.of(style.format(e.date()), hm.format(e.time()), nz(e.jobNo()), Long.toString(e.inQty()),
                    Long.toString(row.inTotal()), nz(e.signedBy()), Long.toString(row.warehouseTotal()), nz(e.remark())));
        }
        return new Table("产品出/入数记录表 / Product In/Out Count Record",
                "LINE: " + r.lineCode() + "     " + style.format(r.from()) + " – " + style.format(r.to()),
                List.of("日期\nDATE", "时间\nTIME", "JOB", "转入数量\nIN", "转入累计\nIN TOTAL", "签收\nBY", "入仓累计\nWarehouse", "备注\nREMARKS"),
                new double[]{8, 5, 8, 7, 7, 7, 7, 20}, rows,
                List.of("合计 Total", "", "", Long.toString(r.totalIn()), "", "", "", ""));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static int lines(List<String> cells) {
        int max = 1;
        for (String c : cells) max = Math.max(max, (int) c.chars().filter(ch -> ch == '\n').count() + 1);
        return max;
    }

    public static double rowHeight(List<String> cells) {
        return lines(cells) * LINE + ROW_PAD;
    }

    /** Row indices per page: whole rows only, as many as fit under the repeated header. */
    public static List<List<Integer>> paginate(Table t, double pageHeight) {
        double room = pageHeight - TITLE - HEADER - FOOTER;
        List<List<Integer>> pages = new ArrayList<>();
        List<Integer> page = new ArrayList<>();
        double used = 0;
        for (int i = 0; i < t.rows().size(); i++) {
            double h = rowHeight(t.rows().get(i));
            if (!page.isEmpty() && used + h > room) {
                pages.add(page);
                page = new ArrayList<>();
                used = 0;
            }
            page.add(i);
            used += h;
        }
        // The totals row goes on the last page if it fits, else on a page of its own.
        double totals = rowHeight(t.totals());
        if (used + totals > room && !page.isEmpty()) {
            pages.add(page);
            page = new ArrayList<>();
        }
        pages.add(page);
        return pages;
    }

    /** The page nodes, each exactly {@code width} × {@code height} points. */
    public static List<Node> pages(Table t, double width, double height, Instant printedAt, ZoneId zone) {
        List<List<Integer>> split = paginate(t, height);
        List<Node> out = new ArrayList<>();
        String printed = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(printedAt.atZone(zone));
        for (int p = 0; p < split.size(); p++) {
            boolean last = p == split.size() - 1;
            out.add(page(t, split.get(p), last, width, height,
                    "第 " + (p + 1) + " 页 / 共 " + split.size() + " 页   Page " + (p + 1) + " of " + split.size()
                            + "      打印时间 Printed " + printed));
        }
        return out;
    }

    private static Node page(Table t, List<Integer> rows, boolean withTotals, double width, double height, String footer) {
        Label title = new Label(t.title());
        title.setFont(font(true, 15));
        Label sub = new Label(t.subtitle());
        sub.setFont(font(false, 10));
        GridPane grid = new GridPane();
        double sum = 0;
        for (double w : t.widths()) sum += w;
        for (double w : t.widths()) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPrefWidth(width * w / sum);
            cc.setMaxWidth(width * w / sum);
            grid.getColumnConstraints().add(cc);
        }
        int r = 0;
        addRow(grid, r++, t.headers(), true, HEADER);
        for (int i : rows) addRow(grid, r++, t.rows().get(i), false, rowHeight(t.rows().get(i)));
        if (withTotals) addRow(grid, r, t.totals(), true, rowHeight(t.totals()));
        Label foot = new Label(footer);
        foot.setFont(font(false, 8));
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        VBox page = new VBox(2, title, sub, grid, spacer, foot);
        page.setAlignment(Pos.TOP_CENTER);
        page.setPrefSize(width, height);
        page.setMinSize(width, height);
        page.setMaxSize(width, height);
        page.setStyle("-fx-background-color: white;");
        page.setPadding(Insets.EMPTY);
        return page;
    }

    private static void addRow(GridPane grid, int r, List<String> cells, boolean bold, double height) {
        for (int c = 0; c < cells.size(); c++) {
            Label l = new Label(cells.get(c));
            l.setFont(font(bold, 8.5));
            l.setWrapText(false);
            l.setMinHeight(height);
            l.setPrefHeight(height);
            l.setMaxHeight(height);
            l.setMaxWidth(Double.MAX_VALUE);
            l.setAlignment(c == cells.size() - 1 || c < 2 ? Pos.CENTER_LEFT : Pos.CENTER);
            l.setPadding(new Insets(0, 2, 0, 2));
            l.setStyle("-fx-border-color: black; -fx-border-width: 0.5; -fx-text-fill: black;");
            grid.add(l, c, r);
        }
    }
}
