package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Theme;
import dev.smtconsole.ui.kit.UiContext;
import dev.smtconsole.ui.kit.Windows;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.store.DatabaseConfig;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The desktop application. The database is opened and migrated in {@link #init()} (not the FX
 * thread); a failure there is shown as a sentence, not a stack trace.
 */
public final class ConsoleApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(ConsoleApp.class);

    /** Set by the launcher before {@code launch}: which database to open. */
    static volatile DatabaseConfig databaseConfig;
    /** --self-test: open the window, then exit with 0 (or non-zero and the reason). */
    static volatile boolean selfTest;
    /**
     * The self-test's verdict, read by the launcher once {@code launch} returns. Platform.exit()
     * itself carries no exit code, so it lives here; it stays 2 when start() never got to judge.
     */
    private static final AtomicInteger selfTestCode = new AtomicInteger(2);

    private AppServices services;
    private UserSettings settings;
    private UiContext ctx;
    private String startupError;
    private DatabaseSettingsService databaseSettings;
    private boolean askPassword;
    /** Owns the window's services from the first window on (Settings → Database may replace them). */
    private WindowSwitcher switcher;

    /** Set by the launcher: the in-process gateway listener for these services (Settings → Gateway), or null. */
    public static volatile java.util.function.Function<AppServices, dev.smtconsole.app.GatewayHost> gatewayHosts;

    /**
     * Set by the launcher: the runner of the enabled sources for these services (issue 15: the window
     * runs them while it is open, as {@code serve} does), or null (--self-test, tests).
     */
    public static volatile java.util.function.Function<AppServices, dev.smtconsole.app.SourceHost> sourceHosts;

    /** The database being opened while the toolkit starts (ADR 0016); taken by {@link #init()}. */
    private static volatile java.util.concurrent.CompletableFuture<AppServices> opening;

    public static void launch(DatabaseConfig config, boolean selfTestMode, String... args) {
        databaseConfig = config;
        selfTest = selfTestMode;
        if (selfTestMode) SelfTest.startWatchdog();
        Rendering.chooseBeforeToolkit();
        // Two cores, two jobs: the database opens on its own thread while JavaFX starts its toolkit.
        // Settings → Database unless options or the environment named one; a shared database whose
        // password is in no store is opened once it has been asked (start()).
        AppPaths here = AppPaths.forCurrentUser();
        DatabaseConfig chosen = config != null ? config
                : DatabaseSettingsService.forThisUser(new UserSettings(here.configDir()), here).config().orElse(null);
        if (chosen == null) {
            opening = null;
            Application.launch(ConsoleApp.class, args);
            return;
        }
        opening = java.util.concurrent.CompletableFuture.supplyAsync(() -> AppServices.openForWriting(dev.smtconsole.app.AppConfig.of(chosen)), r -> {
            Thread t = new Thread(r, "database-open");
            t.setDaemon(true);
            t.start();
        });
        Application.launch(ConsoleApp.class, args);
    }

    /** Exit code of the last --self-test run: 0 ok, 1 failed with a reason printed, 2 never finished. */
    public static int selfTestExitCode() {
        return selfTestCode.get();
    }

    @Override
    public void init() {
        AppPaths paths = AppPaths.forCurrentUser();
        settings = new UserSettings(paths.configDir());
        databaseSettings = DatabaseSettingsService.forThisUser(settings, paths);
        var started = opening;
        opening = null;
        try {
            DatabaseConfig config = databaseConfig != null ? databaseConfig : databaseSettings.config().orElse(null);
            if (started == null && config == null) {
                askPassword = true;
                return;
            }
            services = started != null ? join(started) : AppServices.openForWriting(dev.smtconsole.app.AppConfig.of(config));
        } catch (RuntimeException e) {
            log.error("Cannot open the database", e);
            startupError = e instanceof dev.smtconsole.app.LocalizedException l ? l.message(settings.language()) : e.getMessage();
        }
    }

    private static AppServices join(java.util.concurrent.CompletableFuture<AppServices> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    @Override
    public void start(Stage stage) {
        if (askPassword && !selfTest) {
            askPasswordThenStart(stage);
            return;
        }
        if (askPassword) startupError = I18n.format(Locale.ENGLISH, "database.error.noPassword", databaseSettings.current().account(),
                DatabaseSettingsService.PASSWORD_ENV);
        if (startupError != null) {
            if (selfTest) {
                failSelfTest("cannot open the database: " + startupError);
                return;
            }
            Locale l = settings.language();
            Theme.installOffice();
            Alert alert = new Alert(Alert.AlertType.ERROR, startupError);
            alert.setHeaderText(I18n.format(l, "app.startupFailed"));
            alert.setTitle("SMT Console");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        try {
            showMainWindow(stage);
        } catch (RuntimeException e) {
            if (!selfTest) throw e;
            log.error("self-test: main window failed", e);
            failSelfTest("main window failed: " + e);
        }
    }

    /** A saved shared database whose password is in no store: asked now, kept in memory (ADR 0024). */
    private void askPasswordThenStart(Stage stage) {
        Locale l = settings.language();
        Theme.installOffice();
        var choice = databaseSettings.current();
        javafx.scene.control.Dialog<String> dialog = new javafx.scene.control.Dialog<>();
        dialog.setTitle("SMT Console");
        // A credential store that refused (locked, denied) says why it is asked, above the field.
        dialog.setHeaderText(I18n.format(l, "database.askPassword", choice.account())
                + databaseSettings.storeProblem().map(p -> "\n" + p.message(l)).orElse(""));
        javafx.scene.control.PasswordField field = new javafx.scene.control.PasswordField();
        field.setId("startPassword");
        dialog.getDialogPane().setContent(field);
        dialog.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK ? field.getText() : null);
        Platform.runLater(field::requestFocus);
        var typed = dialog.showAndWait();
        if (typed.isEmpty()) {
            Platform.exit();
            return;
        }
        databaseSettings.rememberForSession(choice, typed.get());
        DatabaseConfig config = choice.config(typed.get());
        Thread t = new Thread(() -> {
            try {
                AppServices opened = AppServices.openForWriting(dev.smtconsole.app.AppConfig.of(config));
                Platform.runLater(() -> {
                    services = opened;
                    showMainWindow(stage);
                });
            } catch (RuntimeException e) {
                log.error("Cannot open the database", e);
                String text = e instanceof dev.smtconsole.app.LocalizedException le ? le.message(l) : e.getMessage();
                Platform.runLater(() -> {
                    Alert alert = new Alert(Alert.AlertType.ERROR, text);
                    alert.setHeaderText(I18n.format(l, "app.startupFailed"));
                    alert.showAndWait();
                    Platform.exit();
                });
            }
        }, "database-open");
        t.setDaemon(true);
        t.start();
    }

    private void showMainWindow(Stage stage) {
        switcher = new WindowSwitcher(stage, settings, databaseSettings);
        if (!selfTest) {
            switcher.runSourcesWith(sourceHosts);
            switcher.runGatewayWith(gatewayHosts);
        }
        MainWindow window = switcher.open(services);
        ctx = switcher.context();
        Scene scene = new Scene(window.root(), settings.getDouble("window.width", 1280), settings.getDouble("window.height", 800));
        stage.setScene(scene);
        stage.titleProperty().bind(ctx.i18n().text("app.title"));
        restorePosition(stage);
        stage.setOnCloseRequest(e -> rememberGeometry(stage));
        Windows.show(stage);
        window.start();
        if (selfTest) {
            // "Usable" = laid out with CSS applied, i.e. the first layout pulse after show().
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                Platform.runLater(() -> passSelfTest(stage));
            };
            scene.addPostLayoutPulseListener(once[0]);
        }
    }

    private void passSelfTest(Stage stage) {
        if (!stage.isShowing() || stage.getScene().getRoot().getChildrenUnmodifiable().isEmpty()) {
            failSelfTest("main window is not showing");
            return;
        }
        long shownAt = System.currentTimeMillis();
        // /proc and the database are read off the FX thread, like any file or query.
        ctx.tasks().run(() -> new String[]{SelfTest.rssKb(), switcher.services().databaseConfig().describe(),
                        String.valueOf(switcher.services().schemaVersion())},
                r -> {
                    System.out.println(SelfTest.shownLine(shownAt, r[0]));
                    System.out.println("self-test ok: main window opened, database " + r[1] + " at schema version " + r[2]);
                    System.out.flush();
                    selfTestCode.set(0);
                    Platform.exit();
                },
                e -> failSelfTest("cannot read the schema version: " + e));
    }

    private static void failSelfTest(String reason) {
        System.err.println("self-test failed: " + reason);
        System.err.flush();
        selfTestCode.set(1);
        Platform.exit();
    }

    private void restorePosition(Stage stage) {
        double x = settings.getDouble("window.x", Double.NaN);
        double y = settings.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            // Only where the spot is still on a screen (a monitor may have been unplugged).
            boolean visible = Screen.getScreens().stream().map(Screen::getVisualBounds)
                    .anyMatch((Rectangle2D b) -> b.contains(x + 40, y + 20));
            if (visible) {
                stage.setX(x);
                stage.setY(y);
            }
        }
        stage.setMaximized(Boolean.parseBoolean(settings.get("window.maximized", "false")));
    }

    private void rememberGeometry(Stage stage) {
        settings.put("window.maximized", Boolean.toString(stage.isMaximized()));
        if (!stage.isMaximized()) {
            settings.put("window.x", Double.toString(stage.getX()));
            settings.put("window.y", Double.toString(stage.getY()));
            settings.put("window.width", Double.toString(stage.getScene().getWidth()));
            settings.put("window.height", Double.toString(stage.getScene().getHeight()));
        }
    }

    @Override
    public void stop() {
        if (switcher != null) {
            switcher.close();
            return;
        }
        if (ctx != null) ctx.tasks().close();
        if (services != null) services.close();
    }
}
