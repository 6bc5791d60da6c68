package dev.smtconsole.ui.kit;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A {@link TaskExecutor} for view-model tests: the work and then its callback run at once on the
 * calling thread, so a test reads the outcome on the next line. Failures are recorded
 * ({@link #failures()}) as well as handed to the view model's own failure callback.
 * <p>
 * {@link #hold()} keeps submitted tasks waiting until {@link #runPending()}: a test of a form's own
 * rules holds them, so the service is not asked, and can still let them run to see the answer.
 */
public final class ImmediateTaskExecutor implements TaskExecutor {
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);
    private final List<Throwable> failures = new ArrayList<>();
    private final java.util.ArrayDeque<Runnable> pending = new java.util.ArrayDeque<>();
    private int submitted;
    private boolean held;

    /** From now on, tasks wait until {@link #runPending()}. */
    public ImmediateTaskExecutor hold() {
        held = true;
        return this;
    }

    /** Runs the waiting tasks, and those they submit, in order; returns how many ran. */
    public int runPending() {
        int n = 0;
        while (!pending.isEmpty()) {
            pending.poll().run();
            n++;
        }
        return n;
    }

    /** Tasks submitted while held and not yet run. */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public <T> Future<?> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submitted++;
        if (held) {
            CompletableFuture<T> later = new CompletableFuture<>();
            pending.add(() -> runNow(work, onSuccess, onFailure));
            return later;
        }
        return runNow(work, onSuccess, onFailure);
    }

    private <T> Future<?> runNow(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        running.set(running.get() + 1);
        T result;
        try {
            result = work.call();
        } catch (Throwable e) {
            failures.add(e);
            try {
                onFailure.accept(e);
            } finally {
                running.set(running.get() - 1);
            }
            return CompletableFuture.failedFuture(e);
        }
        try {
            onSuccess.accept(result);
        } finally {
            running.set(running.get() - 1);
        }
        return CompletableFuture.completedFuture(result);
    }

    /** Every failure of a task's work, in order. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** How many tasks were submitted so far. */
    public int submitted() {
        return submitted;
    }

    @Override
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    @Override
    public void close() {
        // nothing runs in the background
    }
}
