package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.UiContext;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.dashboard.DashboardPage;
import dev.smtconsole.ui.report.ReportsPage;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders views off-screen (Monocle headless) against a database and saves them as PNG: for the
 * docs, and to look at screens on a machine without a display.
 */
public final class Screenshots {
    /** What can be shot: every view of the main window, the TV wall and the print preview. */
    public enum Shot {
        INGEST(MainWindow.View.INGEST_MANUAL), INGEST_IMPORT(MainWindow.View.INGEST_IMPORT),
        INGEST_PROFILES(MainWindow.View.INGEST_PROFILES), MESSAGES(MainWindow.View.INGEST_MESSAGES),
        DASHBOARD(MainWindow.View.DASHBOARD),
        CHART(MainWindow.View.DASHBOARD_CHART), REPORTS(MainWindow.View.REPORTS_PRODUCTION),
        INOUT(MainWindow.View.REPORTS_INOUT), SETTINGS(MainWindow.View.SETTINGS), SETTINGS_SOURCES(MainWindow.View.SETTINGS),
        WALL(MainWindow.View.DASHBOARD), PREVIEW(MainWindow.View.REPORTS_PRODUCTION);

        final MainWindow.View view;

        Shot(MainWindow.View view) {
            this.view = view;
        }
    }

    private Screenshots() {
    }

    /** Must run before the JavaFX toolkit starts in this process; the screen is {@code width}×{@code height}. */
    public static void useHeadlessPlatform(int width, int height) {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("headless.geometry", width + "x" + height + "-32");
    }

    public static void useHeadlessPlatform() {
        useHeadlessPlatform(1600, 1000);
    }

    /** One shot: the main window at width × height, or the wall full screen, or the print preview. */
    public static void render(AppServices services, UserSettings settings, Shot shot, Locale locale, Path out,
                              double width, double height) throws Exception {
        startToolkit();
        UiContext ctx = fx(() -> UiContext.create(services, settings));
        // Settings → Database shows as in the desktop; a shot never switches.
        if (services.databaseControl().isEmpty()) {
            services.attach(new dev.smtconsole.app.DatabaseSettingsService(settings,
                    dev.smtconsole.app.AppPaths.forCurrentUser().dataDir(), dev.smtconsole.app.secrets.CredentialStore.none(),
                    System::getenv), r -> { });
        }
        fx(() -> {
            ctx.i18n().setLocale(locale);
            return null;
        });
        MainWindow window = fx(() -> {
            MainWindow w = new MainWindow(ctx);
            Stage stage = new Stage();
            stage.setScene(new Scene(w.root(), width, height));
            stage.show();
            w.select(shot.view.area);
            return w;
        });
        waitForIdle(ctx);
        if (shot.view != MainWindow.View.DASHBOARD || shot == Shot.CHART) {
            fx(() -> {
                window.select(shot.view);
                return null;
            });
            waitForIdle(ctx);
            if (shot == Shot.CHART) {
                // the chart opens once the wall has its first snapshot
                fx(() -> {
                    window.select(shot.view);
                    return null;
                });
                waitForIdle(ctx);
            }
        }
        Stage target = fx(() -> switch (shot) {
            case WALL -> {
                DashboardPage page = (DashboardPage) window.page(MainWindow.Area.DASHBOARD);
                page.toggleWall();
                yield page.wallStage();
            }
            case PREVIEW -> ((ReportsPage) window.page(MainWindow.Area.REPORTS)).production().openPreview();
            case SETTINGS_SOURCES -> {
                ((dev.smtconsole.ui.settings.SettingsPage) window.page(MainWindow.Area.SETTINGS)).showNewFolderSource();
                yield (Stage) window.root().getScene().getWindow();
            }
            default -> (Stage) window.root().getScene().getWindow();
        });
        waitForIdle(ctx);
        WritableImage img = fx(() -> target.getScene().snapshot(null));
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        if (!ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile())) {
            throw new IOException("no PNG writer");
        }
        fx(() -> {
            ((DashboardPage) window.page(MainWindow.Area.DASHBOARD)).stop(); // the services outlive this window
            for (javafx.stage.Window w : javafx.stage.Window.getWindows().toArray(javafx.stage.Window[]::new)) {
                if (w instanceof Stage s) s.close();
            }
            return null;
        });
        ctx.tasks().close();
    }

    private static void startToolkit() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Waits until background loads are done and a few pulses have drawn their results. */
    private static void waitForIdle(UiContext ctx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            int running = fx(() -> ctx.tasks().runningProperty().get());
            quiet = running == 0 ? quiet + 1 : 0;
            Thread.sleep(100);
        }
    }
}
