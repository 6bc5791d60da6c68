package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.UiContext;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.app.WallFixture;
import dev.smtconsole.ui.dashboard.DashboardPage;
import dev.smtconsole.ui.report.ReportsPage;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every view of the window, the wall and the print preview in both languages, as a user who
 * switches language halfway would: no string of the other language's script may show (CJK in
 * English; a list of English UI words in Chinese), and JavaFX logs no CSS warning on the way.
 * Test data is ASCII on purpose, so anything Chinese in English mode is ours.
 */
@ExtendWith(ApplicationExtension.class)
class ViewTourTest {
    private static final Instant NOW = Instant.parse("2026-08-03T07:00:00Z");
    private static final Pattern CJK = Pattern.compile("[\\u3000-\\u303F\\u3400-\\u9FFF\\uFF00-\\uFFEF]+");
    /** English words of our UI; the paper's own JOB, LINE, IN, BY (upper case) are Chinese-form words too. */
    private static final Pattern ENGLISH = Pattern.compile("\\b(Save|Cancel|Refresh|Import|Export|Print|Preview|Settings|Dashboard|"
            + "Reports|Ingest|Operator|Boards|boards|Picks|picks|Placements|Loss|rate|rows|events|Stale|since|Page|target|warn|"
            + "alarm|Updated|Load|Day|Back|Line|Job|the|of|and|with|for|not|Running|Offline|Production|Language|Database|"
            + "Location|Dates|Void|Remark|Start|End|Machine|Quantity|Checkers|Format|File|History|Add|Remove|Choose|Name|"
            + "Encoding|Delimiter|Header|Total|Model|Plan|Data|Wall|Hour|Saved|Enter|saved|no)\\b");
    /** The other language's name on the switch is meant to be in its own script. */
    private static final Set<String> EXEMPT_IDS = Set.of("languageToggle", "languageChoice");

    @TempDir
    static Path home;
    private AppServices services;
    private UiContext ctx;
    private MainWindow window;
    private Stage stage;
    private final List<String> cssWarnings = new CopyOnWriteArrayList<>();
    private final Handler cssLog = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) cssWarnings.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** Data first (off the FX thread: a loaded machine must not time out TestFX's set-up), then the window. */
    private void open() throws Exception {
        Logger.getLogger("javafx.css").addHandler(cssLog);
        AppPaths paths = AppPaths.under(home.resolve("h" + System.nanoTime()));
        services = new AppServices(dev.smtconsole.store.Database.open(TestDatabases.h2(paths.dataDir())),
                new WallFixture.MutableClock(NOW, ZoneId.of("Asia/Shanghai")));
        String lines = "line,machine,position,kind,name,aliases\nL1,L1-M1,1,PLACEMENT,Mounter one,\nL1,L1-M2,2,PLACEMENT,Mounter two,\n"
                + "L2,L2-M1,1,PLACEMENT,Mounter three,\n";
        services.masterData().importCsv(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), "lines.csv");
        services.masterData().importCsv(new ByteArrayInputStream("operator_id,name\nOP1001,Zhang Li\n".getBytes(StandardCharsets.UTF_8)),
                "operators.csv");
        WallFixture.write(services,
                WallFixture.event("L1", "L1-M1", "JOB001", "MODEL-A", NOW.minusSeconds(600), 20, 2000, 1990),
                WallFixture.event("L1", "L1-M2", "JOB001", "MODEL-A", NOW.minusSeconds(600), 20, 1000, 1000));
        UserSettings settings = new UserSettings(paths.configDir());
        settings.setLanguage(I18n.ZH);
        fx(() -> {
            ctx = UiContext.create(services, settings);
            window = new MainWindow(ctx);
            stage.setScene(new Scene(window.root(), 1280, 760)); // within the headless screen (1280×800)
            stage.show();
            window.start();
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        Logger.getLogger("javafx.css").removeHandler(cssLog);
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                if (w != stage && w instanceof Stage s) s.close();
            }
        }).get();
        if (ctx != null) ctx.tasks().close();
        if (services != null) services.close();
    }

    @Test
    void everyViewInBothLanguagesShowsOnlyThatLanguageAndNoCssWarning() throws Exception {
        open();
        List<String> problems = new ArrayList<>();
        tour(Locale.SIMPLIFIED_CHINESE, problems);
        // switch while the last view is open: what is on screen must follow at once
        fx(() -> {
            ctx.i18n().setLocale(I18n.EN);
            return null;
        });
        tour(Locale.ENGLISH, problems);
        assertThat(problems).isEmpty();
        assertThat(cssWarnings).as("CSS warnings logged by JavaFX").isEmpty();
    }

    private void tour(Locale locale, List<String> problems) throws Exception {
        boolean zh = locale.getLanguage().equals("zh");
        for (MainWindow.View view : MainWindow.View.values()) {
            fx(() -> {
                window.select(view);
                return null;
            });
            idle();
            if (view == MainWindow.View.DASHBOARD_CHART) {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> window.root().lookup("#hourlyChart") != null
                        || ((DashboardPage) window.page(MainWindow.Area.DASHBOARD)).openFirstChart()));
                idle();
            }
            check(view.name(), stage.getScene().getRoot(), zh, problems);
        }
        Stage wall = fx(() -> {
            DashboardPage page = (DashboardPage) window.page(MainWindow.Area.DASHBOARD);
            page.toggleWall();
            return page.wallStage();
        });
        idle();
        check("WALL", wall.getScene().getRoot(), zh, problems);
        fx(() -> {
            wall.close();
            window.select(MainWindow.View.REPORTS_PRODUCTION);
            return null;
        });
        idle();
        // the preview shows the paper form, bilingual by design: only its window is checked for CSS
        Stage preview = fx(() -> ((ReportsPage) window.page(MainWindow.Area.REPORTS)).production().openPreview());
        idle();
        check("PREVIEW (title)", new javafx.scene.control.Label(preview.getTitle()), zh, problems);
        fx(() -> {
            preview.close();
            return null;
        });
    }

    private void idle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> ctx.tasks().runningProperty().get() == 0));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void check(String where, Node root, boolean zh, List<String> problems) throws Exception {
        List<String> texts = fx(() -> {
            List<String> out = new ArrayList<>();
            collect(root, out);
            return out;
        });
        for (String t : texts) {
            if (t == null || t.isBlank()) continue;
            Matcher m = (zh ? ENGLISH : CJK).matcher(t);
            if (m.find()) problems.add(where + (zh ? " (zh): English '" : " (en): Chinese '") + m.group() + "' in \"" + t + "\"");
        }
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible() || n.getId() != null && EXEMPT_IDS.contains(n.getId())) return;
        if (n instanceof Labeled l) out.add(l.getText());
        if (n instanceof TextInputControl t) out.add(t.getPromptText());
        if (n instanceof Control c && c.getTooltip() != null) out.add(c.getTooltip().getText());
        if (n instanceof TabPane tp) for (Tab t : tp.getTabs()) out.add(t.getText());
        if (n instanceof TableView<?> tv) collectColumns(tv.getColumns(), out);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, out);
    }

    private static void collectColumns(List<? extends TableColumnBase<?, ?>> columns, List<String> out) {
        for (TableColumnBase<?, ?> c : columns) {
            out.add(c.getText());
            collectColumns(c.getColumns(), out);
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
