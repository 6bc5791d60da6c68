package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.UserSettings;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a view off-screen (Monocle headless) against a database and saves it as PNG: for the
 * docs, and to look at screens on a machine without a display.
 */
public final class Screenshots {
    private Screenshots() {
    }

    /** Must run before the JavaFX toolkit starts in this process. */
    public static void useHeadlessPlatform() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("headless.geometry", "1600x1000-32");
    }

    public static void render(AppServices services, UserSettings settings, MainWindow.Area area, Locale locale, Path out,
                              double width, double height) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);

        CompletableFuture<UiContext> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                UiContext ctx = UiContext.create(services, settings);
                ctx.i18n().setLocale(locale);
                MainWindow window = new MainWindow(ctx);
                Stage stage = new Stage();
                stage.setScene(new Scene(window.root(), width, height));
                stage.show();
                window.select(area);
                shown.complete(ctx);
            } catch (Throwable t) {
                shown.completeExceptionally(t);
            }
        });
        UiContext ctx = shown.get(30, TimeUnit.SECONDS);
        waitForIdle(ctx);
        CompletableFuture<WritableImage> image = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Stage stage = (Stage) javafx.stage.Window.getWindows().get(0);
                image.complete(stage.getScene().snapshot(null));
            } catch (Throwable t) {
                image.completeExceptionally(t);
            }
        });
        WritableImage img = image.get(30, TimeUnit.SECONDS);
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        if (!ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile())) {
            throw new IOException("no PNG writer");
        }
        ctx.tasks().close();
    }

    /** Waits until background loads are done and a few pulses have drawn their results. */
    private static void waitForIdle(UiContext ctx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            CompletableFuture<Integer> running = new CompletableFuture<>();
            Platform.runLater(() -> running.complete(ctx.tasks().runningProperty().get()));
            quiet = running.get(30, TimeUnit.SECONDS) == 0 ? quiet + 1 : 0;
            Thread.sleep(100);
        }
    }
}
