package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.LineSnapshot;
import dev.smtconsole.app.WallSnapshot;
import dev.smtconsole.ui.UiContext;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The TV over the line: full screen, tiles large enough to read from five metres, one page of lines
 * at a time cycling every {@link #PAGE_SECONDS} s when they do not all fit, and an "offline since"
 * banner over the last known values while the database is away.
 */
final class WallWindow {
    static final int PAGE_SECONDS = 10;
    /** Room a group needs besides its tiles: header, machine strip, padding. */
    private static final double GROUP_EXTRA_H = 150;

    private final UiContext ctx;
    private final DashboardViewModel model;
    private final Stage stage = new Stage();
    private final VBox page = new VBox(14);
    private final Label clock = new Label();
    private final Label pageLabel = new Label();
    private final Label offline = new Label();
    private final Map<String, LineTileGroup> groups = new HashMap<>();
    /**
     * Pages turn on a plain timer thread, not a JavaFX Timeline: a running animation keeps the FX
     * pulse going 60 times a second, which on an all-day wall costs CPU for nothing.
     */
    private ScheduledExecutorService cycle;
    private final ChangeListener<WallSnapshot> onSnapshot = (o, a, b) -> render();
    private final ChangeListener<Instant> onOffline = (o, a, b) -> renderOffline();
    private int pageIndex;

    WallWindow(UiContext ctx, DashboardViewModel model, Window owner) {
        this.ctx = ctx;
        this.model = model;
        if (owner != null) stage.initOwner(owner);
        clock.getStyleClass().add("wall-clock");
        pageLabel.getStyleClass().add("wall-page");
        pageLabel.setId("wallPage");
        offline.getStyleClass().addAll("offline-banner", "wall-offline");
        offline.setId("wallOffline");
        offline.setVisible(false);
        offline.setMaxWidth(Double.MAX_VALUE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(20, clock, spacer, pageLabel);
        top.setAlignment(Pos.CENTER_LEFT);
        BorderPane content = new BorderPane(page);
        content.setTop(top);
        content.setPadding(new Insets(16, 24, 16, 24));
        StackPane rootPane = new StackPane(content, offline);
        StackPane.setAlignment(offline, Pos.TOP_CENTER);
        rootPane.getStyleClass().addAll("dashboard", "wall");
        rootPane.setId("wallRoot");
        rootPane.getStylesheets().add(WallWindow.class.getResource("/ui/dashboard.css").toExternalForm());
        Scene scene = new Scene(rootPane, 1600, 900);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.F11 || e.getCode() == KeyCode.ESCAPE) close();
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
        stage.setFullScreen(true);
        stage.show();
        render();
        renderOffline();
        cycle = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smt-console-wall-pages");
            t.setDaemon(true);
            return t;
        });
        cycle.scheduleAtFixedRate(() -> Platform.runLater(this::nextPage), PAGE_SECONDS, PAGE_SECONDS, TimeUnit.SECONDS);
    }

    boolean isShowing() {
        return stage.isShowing();
    }

    void close() {
        stage.close();
    }

    private void dispose() {
        if (cycle != null) cycle.shutdownNow();
        model.snapshotProperty().removeListener(onSnapshot);
        model.offlineSinceProperty().removeListener(onOffline);
    }

    Stage stage() {
        return stage;
    }

    /** Seven tiles across the screen, as large as fit (at most 320 px wide). */
    double tileWidth() {
        double w = stage.getScene().getWidth() - 2 * 24 - 20 - 6 * 8;
        return Math.max(120, Math.min(320, Math.floor(w / 7)));
    }

    double tileHeight() {
        return Math.round(tileWidth() * 0.85);
    }

    int linesPerPage() {
        double h = stage.getScene().getHeight() - 90;
        return Math.max(1, (int) (h / (tileHeight() + GROUP_EXTRA_H)));
    }

    int pageCount() {
        WallSnapshot s = model.snapshotProperty().get();
        int n = s == null ? 0 : s.lines().size();
        return Math.max(1, (n + linesPerPage() - 1) / linesPerPage());
    }

    int pageIndex() {
        return pageIndex;
    }

    void nextPage() {
        pageIndex = (pageIndex + 1) % pageCount();
        render();
    }

    private void render() {
        WallSnapshot s = model.snapshotProperty().get();
        clock.setText(s == null ? "" : ctx.i18n().get("dashboard.updated",
                DashboardPage.HH_MM.format(s.takenAt().atZone(ctx.services().calendars().cached().zone()))));
        if (s == null) return;
        int per = linesPerPage();
        int pages = pageCount();
        if (pageIndex >= pages) pageIndex = 0;
        pageLabel.setText(pages > 1 ? ctx.i18n().get("dashboard.wall.page", pageIndex + 1, pages) : "");
        List<LineTileGroup> shown = new ArrayList<>();
        List<LineSnapshot> lines = s.lines();
        for (int i = pageIndex * per; i < Math.min(lines.size(), (pageIndex + 1) * per); i++) {
            LineSnapshot l = lines.get(i);
            LineTileGroup g = groups.computeIfAbsent(l.lineCode(), LineTileGroup::new);
            g.setTileSize(tileWidth(), tileHeight());
            g.update(l, s.takenAt(), ctx.i18n(), ctx.services().calendars().cached().zone());
            shown.add(g);
        }
        if (!page.getChildren().equals(shown)) page.getChildren().setAll(shown);
    }

    private void renderOffline() {
        Instant since = model.offlineSinceProperty().get();
        offline.setVisible(since != null);
        if (since != null) {
            offline.setText(ctx.i18n().get("dashboard.offlineSince",
                    DashboardPage.HH_MM.format(since.atZone(ctx.services().calendars().cached().zone()))));
        }
    }
}
