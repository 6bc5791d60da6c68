package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.HourlySeries;
import dev.smtconsole.app.LineSnapshot;
import dev.smtconsole.app.WallSnapshot;
import dev.smtconsole.ui.kit.Dates;
import dev.smtconsole.ui.kit.EmptyState;
import dev.smtconsole.ui.kit.Page;
import dev.smtconsole.ui.kit.UiContext;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 看板: a tile group per active line, live; selecting a line opens its hourly chart; F11 or the
 * toolbar button opens the full-screen wall for a TV over the line.
 */
public final class DashboardPage implements Page {
    private final UiContext ctx;
    private final DashboardViewModel model;
    private final BorderPane root = new BorderPane();
    private final VBox linesBox = new VBox(8);
    private final ScrollPane scroll = new ScrollPane(linesBox);
    private final Node empty;
    private final StackPane center = new StackPane();
    private final Label updated = new Label();
    private final Label offline = new Label();
    private final Map<String, LineTileGroup> groups = new LinkedHashMap<>();
    // the hourly chart of the selected line
    private final VBox chartPane = new VBox(8);
    private final Label chartTitle = new Label();
    private final Label chartError = new Label();
    private final DatePicker chartDay = Dates.picker();
    private final ChartViewer chartViewer = new ChartViewer();
    private String chartLine;
    private HourlySeries chartSeries;
    private WallWindow wall;
    private final DeviceValuesViewModel deviceValues;
    private final javafx.event.EventHandler<KeyEvent> keyFilter = this::onKey;

    public DashboardPage(UiContext ctx) {
        this.ctx = ctx;
        this.model = new DashboardViewModel(ctx);
        this.deviceValues = new DeviceValuesViewModel(ctx.dashboard().deviceData(), ctx.tasks(), ctx.i18n());
        model.hourlyProperty().addListener((o, was, series) -> {
            if (series != null && series.lineCode().equalsIgnoreCase(chartLine)) showChart(series);
        });
        chartError.textProperty().bind(model.hourlyErrorProperty());
        root.setId("dashboardPage");
        root.getStyleClass().add("dashboard");
        empty = EmptyState.of(ctx.i18n(), "dashboard.empty.title", "dashboard.empty.body");

        Button wallButton = new Button();
        wallButton.setId("wallModeButton");
        wallButton.textProperty().bind(ctx.i18n().text("dashboard.wallMode"));
        wallButton.setGraphic(new FontIcon(Material2AL.FULLSCREEN));
        wallButton.setOnAction(e -> toggleWall());
        updated.setId("dashboardUpdated");
        updated.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(12, updated, spacer, wallButton);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(6, 12, 6, 12));
        offline.setId("offlineBanner");
        offline.getStyleClass().add("offline-banner");
        offline.setMaxWidth(Double.MAX_VALUE);
        offline.setVisible(false);
        offline.setManaged(false);
        root.setTop(new VBox(toolbar, offline));

        linesBox.setPadding(new Insets(4, 12, 12, 12));
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("wall-scroll");
        buildChartPane();
        center.getChildren().setAll(empty);
        root.setCenter(center);

        model.snapshotProperty().addListener((obs, old, now) -> render());
        model.offlineSinceProperty().addListener((obs, old, now) -> renderOffline());
        model.notYetSentProperty().addListener((obs, old, now) -> render());
        ctx.i18n().localeProperty().addListener((obs, old, now) -> {
            render();
            renderOffline();
            if (chartSeries != null) showChart(chartSeries);
        });
        // A tab's content leaves and re-enters the scene when areas are switched: keep exactly one
        // filter, or F11 toggles the wall twice per press (open, close) and nothing seems to happen.
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) old.removeEventFilter(KeyEvent.KEY_PRESSED, keyFilter);
            if (scene != null) scene.addEventFilter(KeyEvent.KEY_PRESSED, keyFilter);
        });
    }

    private void onKey(KeyEvent e) {
        if (e.getCode() == KeyCode.F11 && isShowing()) {
            toggleWall();
            e.consume();
        }
    }

    /** True when the page is actually on screen (its tab selected). */
    private boolean isShowing() {
        for (Parent p = root; p != null; p = p.getParent()) {
            if (!p.isVisible()) return false;
        }
        return root.getScene() != null;
    }

    @Override
    public String titleKey() {
        return "dashboard.title";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void onShow() {
        model.start();
        if (chartLine != null) loadChart();
    }

    /** Stops following the live wall (a window that is going away). */
    public void stop() {
        model.stop();
    }

    DashboardViewModel model() {
        return model;
    }

    /** The factory's zone (one shared setting), not this PC's. */
    private ZoneId zone() {
        return ctx.dashboard().time().zone();
    }

    private void render() {
        WallSnapshot s = model.snapshotProperty().get();
        if (s == null) return;
        updated.setText(ctx.i18n().get("dashboard.productionDay", Dates.date(s.day())) + "   "
                + ctx.i18n().get("dashboard.updated", Dates.TIME_SECONDS.format(s.takenAt().atZone(zone()))));
        if (s.lines().isEmpty()) {
            if (chartLine == null) center.getChildren().setAll(empty);
            return;
        }
        List<Node> ordered = new ArrayList<>();
        for (LineSnapshot l : s.lines()) {
            LineTileGroup g = groups.computeIfAbsent(l.lineCode(), code -> {
                LineTileGroup ng = new LineTileGroup(code);
                ng.setCursor(Cursor.HAND);
                Tooltip tip = new Tooltip();
                tip.textProperty().bind(ctx.i18n().text("dashboard.openChart"));
                Tooltip.install(ng, tip);
                ng.setOnMouseClicked(e -> openChart(code));
                ng.setOnKeyPressed(e -> {
                    if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) openChart(code);
                });
                return ng;
            });
            g.update(l, s.takenAt(), model.offlineSinceProperty().get() != null, ctx.i18n(), zone(), model.notYetSent(l.lineCode()));
            ordered.add(g);
        }
        groups.keySet().retainAll(s.lines().stream().map(LineSnapshot::lineCode).toList());
        if (!linesBox.getChildren().equals(ordered)) linesBox.getChildren().setAll(ordered);
        if (chartLine == null) {
            if (center.getChildren().size() != 1 || center.getChildren().get(0) != scroll) center.getChildren().setAll(scroll);
        } else if (chartDay.getValue() != null && chartDay.getValue().equals(s.day())) {
            loadChart(); // today's chart follows the live data
        }
    }

    private void renderOffline() {
        var since = model.offlineSinceProperty().get();
        boolean isOffline = since != null;
        offline.setVisible(isOffline);
        offline.setManaged(isOffline);
        offline.setText(isOffline ? ctx.i18n().get("dashboard.offlineSince", Dates.timeOrDateTime(since, zone(),
                ctx.dashboard().time().now().atZone(zone()).toLocalDate())) : "");
        render();
    }

    // ---- hourly chart ----

    private void buildChartPane() {
        Button back = new Button();
        back.setId("chartBack");
        back.textProperty().bind(ctx.i18n().text("dashboard.chart.back"));
        back.setGraphic(new FontIcon(Material2AL.ARROW_BACK));
        back.setOnAction(e -> closeChart());
        Label dayLabel = new Label();
        dayLabel.textProperty().bind(ctx.i18n().text("dashboard.chart.day"));
        chartDay.setId("chartDay");
        chartDay.setOnAction(e -> loadChart());
        chartTitle.getStyleClass().add("chart-title");
        chartTitle.setId("chartTitle");
        chartError.getStyleClass().add("error-text");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, back, chartTitle, spacer, dayLabel, chartDay);
        bar.setAlignment(Pos.CENTER_LEFT);
        chartViewer.setId("hourlyChart");
        VBox.setVgrow(chartViewer, Priority.ALWAYS);
        chartPane.getChildren().addAll(bar, chartError, chartViewer, new DeviceValuesPane(deviceValues, ctx.i18n(), this::zone));
        chartPane.setPadding(new Insets(8, 12, 12, 12));
        chartPane.setId("chartPane");
    }

    void openChart(String lineCode) {
        chartLine = lineCode;
        WallSnapshot s = model.snapshotProperty().get();
        chartDay.setValue(s != null ? s.day() : model.productionDay());
        chartSeries = null;
        chartViewer.setVisible(false); // until this line's chart is loaded
        center.getChildren().setAll(chartPane);
        loadChart();
    }

    /** The chart of the first line on the wall (for screenshots and the language walk); false when there is none yet. */
    public boolean openFirstChart() {
        WallSnapshot s = model.snapshotProperty().get();
        if (s == null || s.lines().isEmpty()) return false;
        openChart(s.lines().get(0).lineCode());
        return true;
    }

    /** Back to the wall, with the keyboard focus on the line whose chart was open (not the first field of the window). */
    public void closeChart() {
        String line = chartLine;
        chartLine = null;
        chartSeries = null;
        center.getChildren().setAll(groups.isEmpty() ? empty : scroll);
        LineTileGroup g = line == null ? null : groups.get(line);
        if (g != null) g.requestFocus();
        else root.requestFocus();
    }

    private void loadChart() {
        model.loadHourly(chartLine, chartDay.getValue());
        deviceValues.load(chartLine, chartDay.getValue());
    }

    private void showChart(HourlySeries series) {
        chartSeries = series;
        chartTitle.setText(ctx.i18n().get("dashboard.chart.title", series.lineCode(), Dates.date(series.day()), series.totalBoards()));
        chartViewer.setChart(HourlyChart.build(series, ctx.i18n()));
        chartViewer.setVisible(true);
    }

    HourlySeries chartSeries() {
        return chartSeries;
    }

    // ---- wall mode ----

    /** Opens the full-screen wall, or closes it when open (F11 and the toolbar button). */
    public void toggleWall() {
        if (wall != null && wall.isShowing()) {
            wall.close();
            wall = null;
            return;
        }
        Scene owner = root.getScene();
        wall = new WallWindow(ctx, model, owner == null ? null : owner.getWindow());
        wall.show();
    }

    /** The wall's window while it is open, else null. */
    public javafx.stage.Stage wallStage() {
        return wall == null || !wall.isShowing() ? null : wall.stage();
    }

    WallWindow wall() {
        return wall;
    }
}
