package dev.smtconsole.ui;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
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

    private AppServices services;
    private UserSettings settings;
    private UiContext ctx;
    private String startupError;

    public static void launch(DatabaseConfig config, boolean selfTestMode, String... args) {
        databaseConfig = config;
        selfTest = selfTestMode;
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void init() {
        AppPaths paths = AppPaths.forCurrentUser();
        settings = new UserSettings(paths.configDir());
        try {
            DatabaseConfig config = databaseConfig != null ? databaseConfig : DatabaseConfig.embedded(paths.dataDir());
            services = AppServices.open(config);
        } catch (RuntimeException e) {
            log.error("Cannot open the database", e);
            startupError = e.getMessage();
        }
    }

    @Override
    public void start(Stage stage) {
        if (startupError != null) {
            if (selfTest) {
                System.err.println("self-test failed: " + startupError);
                Platform.exit();
                System.exit(1);
            }
            Locale l = settings.language();
            Alert alert = new Alert(Alert.AlertType.ERROR, startupError);
            alert.setHeaderText(I18n.format(l, "app.startupFailed"));
            alert.setTitle("SMT Console");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        ctx = UiContext.create(services, settings);
        MainWindow window = new MainWindow(ctx);
        Scene scene = new Scene(window.root(), settings.getDouble("window.width", 1280), settings.getDouble("window.height", 800));
        stage.setScene(scene);
        stage.titleProperty().bind(ctx.i18n().text("app.title"));
        restorePosition(stage);
        stage.setOnCloseRequest(e -> rememberGeometry(stage));
        stage.show();
        window.start();
        if (selfTest) {
            log.info("self-test: main window shown on {}", services.databaseConfig().describe());
            System.out.println("self-test ok: main window opened, database " + services.databaseConfig().describe()
                    + " at schema version " + services.schemaVersion());
            Platform.exit();
        }
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
        if (ctx != null) ctx.tasks().close();
        if (services != null) services.close();
    }
}
