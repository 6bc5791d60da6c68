package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.HourlySeries;
import dev.smtconsole.app.LiveUpdates;
import dev.smtconsole.app.WallSnapshot;
import dev.smtconsole.ui.kit.UiContext;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * The wall's state for the views: the last good snapshot and, while the database cannot be read,
 * since when. Fed by the first load (a background task) and then by {@link LiveUpdates}; every
 * property changes on the FX thread only.
 */
public final class DashboardViewModel {
    private final UiContext ctx;
    private final ObjectProperty<WallSnapshot> snapshot = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> offlineSince = new SimpleObjectProperty<>();
    private final ObjectProperty<String> offlineReason = new SimpleObjectProperty<>();
    private final ObjectProperty<java.util.Map<String, Long>> notYetSent = new SimpleObjectProperty<>(java.util.Map.of());
    private final ReadOnlyObjectWrapper<HourlySeries> hourly = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper hourlyError = new ReadOnlyStringWrapper("");
    private Supplier<String> hourlyErrorSource = () -> "";
    private boolean hourlyLoading;
    private Runnable unsubscribe;

    public DashboardViewModel(UiContext ctx) {
        this.ctx = ctx;
        ctx.i18n().localeProperty().addListener(o -> hourlyError.set(hourlyErrorSource.get()));
    }

    /** Today's production day in the factory calendar (the chart's day when the wall has no snapshot yet). */
    public LocalDate productionDay() {
        return ctx.dashboard().dashboard().calendar().productionDay(ctx.dashboard().time().now());
    }

    /**
     * Loads a line's hourly output for a day in the background into {@link #hourlyProperty()}. One
     * load runs at a time; a request made meanwhile waits (only the latest one) and runs next, so
     * a day chosen while a refresh is loading is not lost.
     */
    public void loadHourly(String line, LocalDate day) {
        if (line == null || day == null) return;
        if (hourlyLoading) {
            waitingLine = line;
            waitingDay = day;
            return;
        }
        hourlyLoading = true;
        ctx.tasks().run(() -> ctx.dashboard().dashboard().hourly(line, day), series -> {
            showHourlyError(() -> "");
            hourly.set(null); // an equal series loaded again (the chart reopened) is news too
            hourly.set(series);
            hourlyDone();
        }, e -> {
            showHourlyError(() -> ctx.i18n().get("dashboard.chart.failed", dev.smtconsole.ui.kit.ErrorText.reason(e, ctx.i18n())));
            hourlyDone();
        });
    }

    private String waitingLine;
    private LocalDate waitingDay;

    private void hourlyDone() {
        hourlyLoading = false;
        String line = waitingLine;
        LocalDate day = waitingDay;
        waitingLine = null;
        waitingDay = null;
        if (line != null) loadHourly(line, day);
    }

    private void showHourlyError(Supplier<String> source) {
        hourlyErrorSource = source;
        hourlyError.set(source.get());
    }

    /** The hourly series loaded last (any line: the chart shows it only when it is the open line's). */
    public ReadOnlyObjectProperty<HourlySeries> hourlyProperty() {
        return hourly.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hourlyErrorProperty() {
        return hourlyError.getReadOnlyProperty();
    }

    /** Loads now and listens for changes from then on. */
    public void start() {
        ctx.tasks().run(() -> ctx.dashboard().dashboard().wall(), this::accept, e -> {
            if (offlineSince.get() == null) offlineSince.set(ctx.dashboard().time().now());
            offlineReason.set(e.getMessage());
        });
        if (unsubscribe == null) {
            LiveUpdates live = ctx.dashboard().live().get();
            unsubscribe = live.addListener(state -> Platform.runLater(() -> apply(state)));
            live.requestRefresh();
        }
    }

    public void stop() {
        if (unsubscribe != null) unsubscribe.run();
        unsubscribe = null;
    }

    private void apply(LiveUpdates.State state) {
        if (!state.notYetSent().equals(notYetSent.get())) notYetSent.set(state.notYetSent());
        if (state.snapshot() != null) keepNewer(state.snapshot());
        if (state.offline()) {
            if (offlineSince.get() == null) offlineSince.set(state.offlineSince());
            offlineReason.set(state.error());
        } else {
            offlineSince.set(null);
            offlineReason.set(null);
        }
    }

    private void accept(WallSnapshot s) {
        keepNewer(s);
        offlineSince.set(null);
        offlineReason.set(null);
    }

    /** The first load and the live model can finish in either order: keep the newer. */
    private void keepNewer(WallSnapshot s) {
        WallSnapshot current = snapshot.get();
        if (current == null || !s.takenAt().isBefore(current.takenAt())) snapshot.set(s);
    }

    public ReadOnlyObjectProperty<WallSnapshot> snapshotProperty() {
        return snapshot;
    }

    /** Records waiting in the local outbox by line code: shown on the line's badge as "not yet sent". */
    public ReadOnlyObjectProperty<java.util.Map<String, Long>> notYetSentProperty() {
        return notYetSent;
    }

    /** Records of this line not yet sent to the shared database (0 when none or no outbox). */
    public long notYetSent(String lineCode) {
        Long n = notYetSent.get().get(lineCode);
        return n == null ? 0 : n;
    }

    public ReadOnlyObjectProperty<Instant> offlineSinceProperty() {
        return offlineSince;
    }

    public ReadOnlyObjectProperty<String> offlineReasonProperty() {
        return offlineReason;
    }
}
