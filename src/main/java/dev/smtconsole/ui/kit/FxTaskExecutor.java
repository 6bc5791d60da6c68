package dev.smtconsole.ui.kit;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The application's {@link TaskExecutor}: a small pool of daemon worker threads; results and
 * failures are handed back through {@link Platform#runLater}.
 */
public final class FxTaskExecutor implements TaskExecutor {
    private static final Logger log = LoggerFactory.getLogger(FxTaskExecutor.class);

    private final ExecutorService executor = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "smt-console-worker");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);

    @Override
    public <T> Future<?> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        if (executor.isShutdown()) {
            // The window this belongs to is gone (Settings → Database replaced it): a late callback of its pages
            // asks for work nobody will see. Not run, and no exception on the FX thread.
            log.debug("task of a closed window not run");
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        changeRunning(+1);
        return executor.submit(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> {
                    try {
                        onSuccess.accept(result);
                    } finally {
                        running.set(running.get() - 1);
                    }
                });
            } catch (Throwable e) {
                log.warn("Background task failed: {}", e.toString());
                log.debug("Background task failure", e);
                Platform.runLater(() -> {
                    try {
                        onFailure.accept(e);
                    } finally {
                        running.set(running.get() - 1);
                    }
                });
            }
        });
    }

    private void changeRunning(int delta) {
        if (Platform.isFxApplicationThread()) running.set(running.get() + delta);
        else Platform.runLater(() -> running.set(running.get() + delta));
    }

    @Override
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
