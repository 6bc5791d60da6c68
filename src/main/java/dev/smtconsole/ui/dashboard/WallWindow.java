package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.LineSnapshot;
import dev.smtconsole.app.WallSnapshot;
import dev.smtconsole.ui.kit.Dates;
import dev.smtconsole.ui.kit.Theme;
import dev.smtconsole.ui.kit.UiContext;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The TV over the line: full screen in the dark theme, laid out by {@link WallLayout} for the
 * screen and the number of lines, a clock and the factory's production day at the top, pages
 * only when the lines do not fit (cycling every {@link #PAGE_SECONDS} s), and an "offline since"
 * banner over the last known values while the database is away.
 */
final class WallWindow {
    static final int PAGE_SECONDS = 10;

    private final UiContext ctx;
    private final DashboardViewModel model;
    private final Stage stage = new Stage();
    private final StackPane rootPane;
    private final VBox page = new VBox();
    private final Label clock = new Label();
    private final Label day = new Label();
    private final Label updated = new Label();
    private final Label pageLabel = new Label();
    private final Label offline = new Label();
    private final HBox top;
    private final Map<String, LineTileGroup> groups = new HashMap<>();
    /**
     * Pages turn and the clock ticks on a plain timer thread, not a JavaFX Timeline: a running
     * animation keeps the FX pulse going 60 times a second, which on an all-day wall costs CPU for nothing.
     */
    private ScheduledExecutorService timer;
    private final ChangeListener<WallSnapshot> onSnapshot = (o, a, b) -> render();
    private final ChangeListener<Instant> onOffline = (o, a, b) -> render();
    private final ChangeListener<java.util.Map<String, Long>> onNotYetSent = (o, a, b) -> render();
    private final ChangeListener<Locale> onLocale = (o, a, b) -> render();
    private int pageIndex;
    private WallLayout layout;

    WallWindow(UiContext ctx, DashboardViewModel model, Window owner) {
        this.ctx = ctx;
        this.model = model;
        if (owner != null) stage.initOwner(owner);
        clock.getStyleClass().add("wall-clock");
        clock.setId("wallClock");
        clock.setGraphic(new FontIcon(Material2AL.ACCESS_TIME));
        day.getStyleClass().add("wall-day");
        day.setId("wallDay");
        updated.getStyleClass().add("wall-updated");
        updated.setId("wallUpdated");
        pageLabel.getStyleClass().add("wall-page");
        pageLabel.setId("wallPage");
        offline.getStyleClass().addAll("offline-banner", "wall-offline");
        offline.setId("wallOffline");
        offline.setGraphic(new FontIcon(Material2AL.CLOUD_OFF));
        offline.setVisible(false);
        offline.setMaxWidth(Double.MAX_VALUE);
        offline.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        top = new HBox(clock, day, spacer, updated, pageLabel);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("wall-top");
        BorderPane content = new BorderPane(page);
        content.setTop(top);
        rootPane = new StackPane(content, offline);
        StackPane.setAlignment(offline, Pos.CENTER);
        rootPane.getStyleClass().addAll("dashboard", "wall");
        rootPane.setId("wallRoot");
        // As large as the screen it goes full screen on (a larger scene overflows a headless screen's buffer).
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getBounds();
        Scene scene = Theme.wall(new Scene(rootPane, screen.getWidth(), screen.getHeight()));
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.F11 || e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                close();
            }
        });
        stage.setScene(scene);
        stage.titleProperty().bind(ctx.i18n().text("dashboard.title"));
        stage.setFullScreenExitHint(ctx.i18n().get("dashboard.wall.exitHint"));
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.fullScreenProperty().addListener((o, was, is) -> {
            if (was && !is) close();
        });
        stage.setOnHidden(e -> dispose());
        rootPane.heightProperty().addListener((o, a, b) -> render());
        rootPane.widthProperty().addListener((o, a, b) -> render());
    }

    void show() {
        model.snapshotProperty().addListener(onSnapshot);
        model.offlineSinceProperty().addListener(onOffline);
        model.notYetSentProperty().addListener(onNotYetSent);
        ctx.i18n().localeProperty().addListener(onLocale);
        stage.setFullScreen(true);
        stage.show();
        render();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smt-console-wall-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> Platform.runLater(this::nextPage), PAGE_SECONDS, PAGE_SECONDS, TimeUnit.SECONDS);
        // The clock shows minutes: a tick every 5 s keeps it within seconds of the minute at no cost.
        timer.scheduleAtFixedRate(() -> Platform.runLater(this::renderClock), 5, 5, TimeUnit.SECONDS);
    }

    boolean isShowing() {
        return stage.isShowing();
    }

    void close() {
        stage.close();
    }

    private void dispose() {
        if (timer != null) timer.shutdownNow();
        model.snapshotProperty().removeListener(onSnapshot);
        model.offlineSinceProperty().removeListener(onOffline);
        model.notYetSentProperty().removeListener(onNotYetSent);
        ctx.i18n().localeProperty().removeListener(onLocale);
    }

    Stage stage() {
        return stage;
    }

    WallLayout layout() {
        return layout;
    }

    int linesPerPage() {
        return layout == null ? 1 : layout.linesPerPage();
    }

    int pageCount() {
        return layout == null ? 1 : layout.pages();
    }

    int pageIndex() {
        return pageIndex;
    }

    void nextPage() {
        if (pageCount() <= 1) return;
        pageIndex = (pageIndex + 1) % pageCount();
        render();
    }

    /** The factory's zone (one shared setting), not this PC's. */
    private ZoneId zone() {
        return ctx.dashboard().time().zone();
    }

    private void renderClock() {
        clock.setText(Dates.TIME.format(ctx.dashboard().time().now().atZone(zone())));
    }

    private void render() {
        WallSnapshot s = model.snapshotProperty().get();
        double w = rootPane.getWidth() > 0 ? rootPane.getWidth() : stage.getScene().getWidth();
        double h = rootPane.getHeight() > 0 ? rootPane.getHeight() : stage.getScene().getHeight();
        if (w <= 0 || h <= 0) return; // not laid out yet
        int lines = s == null ? 0 : s.lines().size();
        layout = WallLayout.of(w, h, lines);
        styleTop();
        renderClock();
        Instant since = model.offlineSinceProperty().get();
        offline.setVisible(since != null);
        offline.setText(since == null ? "" : ctx.i18n().get("dashboard.offlineSince", Dates.timeOrDateTime(since, zone(),
                ctx.dashboard().time().now().atZone(zone()).toLocalDate())));
        if (s == null) return;
        day.setText(ctx.i18n().get("dashboard.productionDay", Dates.date(s.day())));
        updated.setText(ctx.i18n().get("dashboard.updated", Dates.TIME_SECONDS.format(s.takenAt().atZone(zone()))));
        if (pageIndex >= layout.pages()) pageIndex = 0;
        pageLabel.setText(layout.pages() > 1 ? ctx.i18n().get("dashboard.wall.page", pageIndex + 1, layout.pages()) : "");
        TileMetrics metrics = TileMetrics.of(layout);
        List<LineTileGroup> shown = new ArrayList<>();
        List<LineSnapshot> all = s.lines();
        int per = layout.linesPerPage();
        for (int i = pageIndex * per; i < Math.min(all.size(), (pageIndex + 1) * per); i++) {
            LineSnapshot l = all.get(i);
            LineTileGroup g = groups.computeIfAbsent(l.lineCode(), LineTileGroup::new);
            g.setMetrics(metrics);
            g.update(l, s.takenAt(), since != null, ctx.i18n(), zone(), model.notYetSent(l.lineCode()));
            shown.add(g);
        }
        page.setSpacing(layout.gap());
        page.setPadding(new Insets(0, layout.gap(), layout.gap(), layout.gap()));
        if (!page.getChildren().equals(shown)) page.getChildren().setAll(shown);
    }

    private void styleTop() {
        double c = layout.caption();
        top.setMinHeight(layout.headerHeight());
        top.setPrefHeight(layout.headerHeight());
        top.setSpacing(c);
        top.setPadding(new Insets(0, layout.gap() * 2, 0, layout.gap() * 2));
        String big = String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", Math.rint(c * 2.0));
        String normal = String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", Math.rint(c * 1.3));
        clock.setStyle(big);
        ((FontIcon) clock.getGraphic()).setIconSize((int) Math.max(1, Math.round(c * 1.8)));
        day.setStyle(normal);
        updated.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", c));
        pageLabel.setStyle(normal);
        offline.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx; -fx-padding: %.0f;", Math.rint(c * 1.6), c));
        ((FontIcon) offline.getGraphic()).setIconSize((int) Math.max(1, Math.round(c * 2)));
    }
}
