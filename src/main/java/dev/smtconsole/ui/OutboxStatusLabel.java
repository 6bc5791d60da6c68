package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The status bar's word on the local outbox (ADR 0025): "offline — N records waiting since HH:mm"
 * while the shared database is away, the forward while it drains, refused forwards. Hidden when
 * nothing waits. Read every two seconds on a thread of its own (the outbox is a local file).
 */
public final class OutboxStatusLabel extends Label {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private final java.util.function.Supplier<Optional<AppServices.OutboxStatus>> outbox;
    private final I18n i18n;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-status");
        t.setDaemon(true);
        return t;
    });
    private final Timeline poll;
    private Optional<AppServices.OutboxStatus> last = Optional.empty();

    public OutboxStatusLabel(java.util.function.Supplier<Optional<AppServices.OutboxStatus>> outbox, I18n i18n) {
        this.outbox = outbox;
        this.i18n = i18n;
        setId("statusOutbox");
        setGraphic(new FontIcon(Material2AL.CLOUD_OFF));
        managedProperty().bind(visibleProperty());
        setVisible(false);
        poll = new Timeline(new KeyFrame(Duration.seconds(2), e -> read()));
        poll.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((o, was, now) -> {
            if (now == null) {
                poll.stop();
                reader.shutdownNow();
            }
        });
        i18n.localeProperty().addListener(o -> show(last));
        poll.play();
        read();
    }

    /** Opens the refused list: Ctrl+Shift+O anywhere in the window. */
    static final javafx.scene.input.KeyCombination OPEN = new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.O,
            javafx.scene.input.KeyCombination.SHORTCUT_DOWN, javafx.scene.input.KeyCombination.SHIFT_DOWN);

    /**
     * What a click on the label opens (the refused forwards): also Enter or Space once the label has the focus (Tab
     * reaches it), and {@link #OPEN} anywhere in its window.
     */
    public void onOpen(Runnable open) {
        setFocusTraversable(true);
        setCursor(javafx.scene.Cursor.HAND);
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(i18n.text("database.refused.open"));
        setTooltip(tip);
        setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY) open.run();
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                e.consume();
                open.run();
            }
        });
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) was.getAccelerators().remove(OPEN);
            if (now != null) now.getAccelerators().put(OPEN, open);
        });
        if (getScene() != null) getScene().getAccelerators().put(OPEN, open);
    }

    private void read() {
        if (reader.isShutdown()) return;
        reader.execute(() -> {
            Optional<AppServices.OutboxStatus> s;
            try {
                s = outbox.get();
            } catch (RuntimeException e) {
                return; // closed by a switch of the database; the next window has its own label
            }
            Platform.runLater(() -> show(s));
        });
    }

    /** How many forwards the server has refused, as last read: an open refused-forwards window follows it. */
    public javafx.beans.property.ReadOnlyIntegerProperty refusedProperty() {
        return refused.getReadOnlyProperty();
    }

    private final javafx.beans.property.ReadOnlyIntegerWrapper refused = new javafx.beans.property.ReadOnlyIntegerWrapper();

    private void show(Optional<AppServices.OutboxStatus> status) {
        last = status;
        refused.set(status.map(AppServices.OutboxStatus::refused).orElse(0));
        if (status.isEmpty()) {
            setVisible(false);
            return;
        }
        AppServices.OutboxStatus s = status.get();
        ZoneId zone = s.zone();
        String since = s.since() == null ? "—" : HH_MM.format(s.since().atZone(zone));
        String text = s.offline() ? i18n.get("database.status.offline", s.records(), since)
                : s.records() > 0 ? i18n.get("database.status.forwarding", s.records(), since) : "";
        if (s.refused() > 0) text = (text.isEmpty() ? "" : text + " · ") + i18n.get("database.status.refused", s.refused());
        if (s.held() != null) {
            text = (text.isEmpty() ? "" : text + " · ") + i18n.get("database.status.held", s.held().message(i18n.locale()));
        }
        setText(text);
        getStyleClass().remove(Styles.ERROR);
        if (s.offline() || s.refused() > 0) getStyleClass().add(Styles.ERROR);
        setVisible(!text.isEmpty());
    }
}
