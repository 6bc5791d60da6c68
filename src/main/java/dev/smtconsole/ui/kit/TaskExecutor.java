package dev.smtconsole.ui.kit;

import javafx.beans.property.ReadOnlyIntegerProperty;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Where view models send database and file work: {@code work} runs off the FX thread and exactly
 * one of {@code onSuccess} / {@code onFailure} runs afterwards on the FX thread. The application
 * uses {@link FxTaskExecutor}; view-model tests use a same-thread executor, so no test passes null
 * and no production code asks whether there is an executor.
 */
public interface TaskExecutor extends AutoCloseable {

    <T> Future<?> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Work that has no result worth handing back. */
    default Future<?> run(Callable<?> work, Consumer<Throwable> onFailure) {
        return run(work, ok -> { }, onFailure);
    }

    /** Tasks submitted and not yet finished (tests and the screenshot command wait for zero). */
    ReadOnlyIntegerProperty runningProperty();

    @Override
    void close();
}
