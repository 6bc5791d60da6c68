package dev.smtconsole.ui.dashboard;

import dev.smtconsole.TcpProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.WallFixture;
import dev.smtconsole.domain.AlarmLevel;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.smtconsole.app.WallFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The wall as a user sees it: real H2 (and PostgreSQL), real services, real JavaFX (headless). */
@ExtendWith(ApplicationExtension.class)
class DashboardPageTest {
    private static final Instant NOW = Instant.parse("2026-08-03T07:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path dir;
    private Stage stage;
    private AppServices services;
    private UiContext ctx;
    private DashboardPage page;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (page != null && page.wall() != null) WaitForAsyncUtils.asyncFx(() -> page.wall().close()).get();
        if (ctx != null) ctx.tasks().close();
        if (services != null) {
            try {
                services.close();
            } catch (RuntimeException alreadyClosed) {
                // the offline test closed the database under the page on purpose
            }
        }
    }

    private void show(DatabaseConfig config) throws Exception {
        services = new AppServices(Database.open(config), new WallFixture.MutableClock(NOW, ZONE));
        WallFixture.loadSampleLines(services);
        UserSettings settings = new UserSettings(dir.resolve("config-" + System.nanoTime()));
        WaitForAsyncUtils.asyncFx(() -> {
            ctx = UiContext.create(services, settings);
            ctx.i18n().setLocale(I18n.EN);
            page = new DashboardPage(ctx);
            stage.setScene(new Scene((javafx.scene.Parent) page.view(), 1280, 760));
            stage.show();
            page.onShow();
        }).get(10, TimeUnit.SECONDS);
        waitFor(30, () -> lookup("#boards-L1") != null);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    }

    private Node lookup(String id) {
        return stage.getScene() == null ? null : stage.getScene().getRoot().lookup(id);
    }

    private String bigText(String tileId) {
        Label value = (Label) lookup(tileId + "-value");
        return value == null ? null : value.getText();
    }

    private boolean hasClass(String id, String styleClass) {
        Node n = lookup(id);
        return n != null && n.getStyleClass().contains(styleClass);
    }

    @Test
    void tilesChangeWhenDataIsWritten(FxRobot robot) throws Exception {
        show(TestDatabases.h2(dir.resolve("write-" + System.nanoTime())));
        assertThat(fx(() -> bigText("#boards-L1"))).isEqualTo("0");

        WallFixture.write(services,
                event("L1", "L1-M1", "UI0001", "MODEL-UI", NOW.minusSeconds(300), 12, 1200, 1194),
                event("L1", "L1-M2", "UI0001", "MODEL-UI", NOW.minusSeconds(300), 12, 600, 600));

        waitFor(2, () -> "12".equals(bigText("#boards-L1")));
        assertThat(fx(() -> bigText("#job-L1"))).isEqualTo("UI0001");
        assertThat(fx(() -> bigText("#picks-L1"))).isEqualTo("1,800");
        assertThat(fx(() -> bigText("#placements-L1"))).isEqualTo("1,794");
        assertThat(fx(() -> ((Label) lookup("#machine-L1-M1")).getText())).contains("0.50\u00a0%");
        assertThat(fx(() -> ((Label) lookup("#status-L1")).getText())).isEqualTo("Running");
        assertThat(fx(() -> hasClass("#line-L1", "state-running"))).isTrue();
    }

    @Test
    void staleLineTurnsGreyWithTheTimeOfItsLastData(FxRobot robot) throws Exception {
        show(TestDatabases.h2(dir.resolve("stale-" + System.nanoTime())));
        WallFixture.write(services, event("L2", "L2-M1", "UI0002", "MODEL-UI", NOW.minusSeconds(20 * 60), 5, 500, 499));

        // 06:40Z is 14:40 in the factory's zone
        waitFor(5, () -> ((Label) lookup("#status-L2")).getText().equals("No data since 14:40"));
        assertThat(fx(() -> hasClass("#line-L2", "state-stale"))).isTrue();
        assertThat(fx(() -> lookup("#status-L2").getProperties().get("state"))).isEqualTo(LineState.STALE);

        services.dashboard().setStaleMinutes(30);
        waitFor(5, () -> !hasClass("#line-L2", "state-stale"));
        assertThat(fx(() -> ((Label) lookup("#status-L2")).getText())).isEqualTo("Running");
    }

    @Test
    void lossColourFollowsTheMetricSpec(FxRobot robot) throws Exception {
        show(TestDatabases.h2(dir.resolve("spec-" + System.nanoTime())));
        WallFixture.write(services,
                event("L3", "L3-M1", "UI0003", "MODEL-UI", NOW.minusSeconds(60), 5, 1000, 993),   // 0.7 %: warn by default
                event("L3", "L3-M2", "UI0003", "MODEL-UI", NOW.minusSeconds(60), 5, 1000, 999));  // 0.1 %
        waitFor(5, () -> hasClass("#loss-L3", "level-ok") && hasClass("#machine-L3-M1", "level-warn"));
        assertThat(fx(() -> lookup("#machine-L3-M2").getStyleClass())).contains("level-ok");
        // the line's own rate is fine, one machine's is not: the badge says which, in words
        assertThat(fx(() -> ((Label) lookup("#status-L3")).getText())).isEqualTo("L3-M1: loss 0.70\u00a0% above warn");
        assertThat(fx(() -> hasClass("#line-L3", "state-warn"))).isTrue();

        services.dashboard().setLossRateThresholds("L3", null, 0.001, 0.003);
        waitFor(2, () -> hasClass("#loss-L3", "level-alarm"));
        assertThat(fx(() -> lookup("#machine-L3-M1").getProperties().get("level"))).isEqualTo(AlarmLevel.ALARM);
        assertThat(fx(() -> ((Label) lookup("#status-L3")).getText())).isEqualTo("Loss alarm");

        services.dashboard().setLossRateThresholds("L3", "L3-M1", 0.01, 0.02);
        waitFor(2, () -> lookup("#machine-L3-M1").getStyleClass().contains("level-ok"));
        services.dashboard().setLossRateThresholds("L3", null, 0.003, 0.01);
        waitFor(2, () -> hasClass("#loss-L3", "level-warn"));
        assertThat(fx(() -> ((Label) lookup("#status-L3")).getText())).isEqualTo("Loss above warn limit");
    }

    @Test
    void showsOfflineWhenTheDatabaseIsClosedUnderThePage(FxRobot robot) throws Exception {
        show(TestDatabases.h2(dir.resolve("closed-" + System.nanoTime())));
        WallFixture.write(services, event("L1", "L1-M1", "UI0004", "MODEL-UI", NOW.minusSeconds(60), 7, 70, 70));
        waitFor(5, () -> "7".equals(bigText("#boards-L1")));

        services.database().close();
        services.liveUpdates().requestRefresh();
        waitFor(15, () -> lookup("#offlineBanner").isVisible());
        assertThat(fx(() -> ((Label) lookup("#offlineBanner")).getText())).startsWith("Offline since 15:00");
        assertThat(fx(() -> bigText("#boards-L1"))).as("the last known values stay").isEqualTo("7");

        fx(() -> {
            page.toggleWall();
            return null;
        });
        waitFor(5, () -> page.wall().stage().getScene().lookup("#wallOffline").isVisible());
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#wallOffline")).getText())).startsWith("Offline since 15:00");
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#boards-L1-value")).getText())).isEqualTo("7");
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#status-L1")).getText())).isEqualTo("Offline");
    }

    @Test
    void goesOfflineWhenPostgresGoesAwayAndRecoversByItself(FxRobot robot) throws Exception {
        DatabaseConfig direct = TestDatabases.postgres();
        URI uri = URI.create(direct.url().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort())) {
            int port = proxy.port();
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + port + uri.getPath();
            show(new DatabaseConfig(viaProxy, direct.user(), direct.password(), direct.schema()));
            WallFixture.write(services, event("L1", "L1-M1", "UI0005", "MODEL-UI", NOW.minusSeconds(60), 9, 90, 90));
            waitFor(5, () -> "9".equals(bigText("#boards-L1")));

            proxy.cut();
            services.liveUpdates().requestRefresh();
            waitFor(30, () -> lookup("#offlineBanner").isVisible());
            assertThat(fx(() -> bigText("#boards-L1"))).isEqualTo("9");

            proxy.restore();
            waitFor(40, () -> !lookup("#offlineBanner").isVisible());
            try (AppServices other = new AppServices(Database.open(direct), new WallFixture.MutableClock(NOW, ZONE))) {
                WallFixture.write(other, event("L1", "L1-M1", "UI0005", "MODEL-UI", NOW.minusSeconds(30), 4, 40, 40));
            }
            waitFor(5, () -> "13".equals(bigText("#boards-L1")));
        } finally {
            TestDatabases.dropSchema(direct);
        }
    }

    @Test
    void selectingALineOpensItsHourlyChartWithTooltips(FxRobot robot) throws Exception {
        show(TestDatabases.h2(dir.resolve("chart-" + System.nanoTime())));
        WallFixture.write(services,
                event("L1", "L1-M1", "UI0006", "MODEL-UI", Instant.parse("2026-08-03T02:10:00Z"), 30, 3000, 2985),
                event("L1", "L1-M1", "UI0006", "MODEL-UI", Instant.parse("2026-08-03T03:20:00Z"), 42, 4200, 4200));
        services.masterData().setLineTarget("L1", 40);
        waitFor(5, () -> "72".equals(bigText("#boards-L1")));

        dev.smtconsole.ui.kit.FxClick.on(robot, stage.getScene(), "#title-L1");
        waitFor(5, () -> page.chartSeries() != null && lookup("#hourlyChart") != null);
        var series = fx(page::chartSeries);
        assertThat(series.totalBoards()).isEqualTo(72);
        assertThat(series.hours().get(10).boards()).isEqualTo(30);   // 02:10Z = 10:10 in Shanghai
        String tip = HourlyChart.tooltip(series, 10, ctx.i18n());
        assertThat(tip).isEqualTo("10:00: 30 boards (target 40), loss rate 0.50% (3,000 picks, 2,985 placed)");
        var chart = fx(() -> ((org.jfree.chart.fx.ChartViewer) lookup("#hourlyChart")).getChart());
        var plot = chart.getCategoryPlot();
        assertThat(plot.getRenderer().getDefaultToolTipGenerator().generateToolTip(plot.getDataset(), 0, 11))
                .startsWith("11:00: 42 boards");

        fx(() -> {
            ((javafx.scene.control.DatePicker) lookup("#chartDay")).setValue(java.time.LocalDate.parse("2026-08-02"));
            ((javafx.scene.control.DatePicker) lookup("#chartDay")).fireEvent(new javafx.event.ActionEvent());
            return null;
        });
        waitFor(5, () -> page.chartSeries() != null && page.chartSeries().day().toString().equals("2026-08-02"));
        assertThat(fx(page::chartSeries).totalBoards()).isZero();
        dev.smtconsole.ui.kit.FxClick.on(robot, stage.getScene(), "#chartBack");
        waitFor(5, () -> lookup("#line-L1") != null && lookup("#line-L1").isVisible());
        // back on the wall, the keyboard is on the line whose chart was open (not on a field of the window)
        assertThat(fx(() -> stage.getScene().getFocusOwner())).isSameAs(fx(() -> lookup("#line-L1")));
    }

    @Test
    void wallShowsUpToFiveLinesOnOnePageAndPagesBeyond(FxRobot robot) throws Exception {
        show(TestDatabases.h2(dir.resolve("wall-" + System.nanoTime())));
        fx(() -> {
            page.toggleWall();
            return null;
        });
        waitFor(5, () -> page.wall().isShowing() && page.wall().stage().getScene().lookup("#line-L3") != null);
        assertThat(fx(() -> page.wall().pageCount())).as("three lines fit one screen").isEqualTo(1);
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#wallPage")).getText())).isEmpty();
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#wallDay")).getText())).isEqualTo("Production day 2026-08-03");
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#wallClock")).getText())).isEqualTo("15:00");

        StringBuilder csv = new StringBuilder("line,machine,position,kind,name,aliases\n");
        for (int i = 4; i <= 9; i++) csv.append("L").append(i).append(",L").append(i).append("-M1,1,PLACEMENT,,\n");
        services.masterData().importCsv(new java.io.ByteArrayInputStream(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "more.csv");
        services.liveUpdates().requestRefresh();
        waitFor(10, () -> page.wall().pageCount() == 2);
        assertThat(fx(() -> page.wall().linesPerPage())).as("nine lines: 5 + 4").isEqualTo(5);
        assertThat(fx(() -> ((Label) page.wall().stage().getScene().lookup("#wallPage")).getText())).isEqualTo("Page 1 / 2");
        fx(() -> {
            page.wall().nextPage();
            return null;
        });
        waitFor(2, () -> page.wall().stage().getScene().lookup("#line-L6") != null
                && page.wall().stage().getScene().lookup("#line-L1") == null);
        fx(() -> {
            page.toggleWall();
            return null;
        });
        assertThat(fx(() -> page.wall())).isNull();
    }
}
