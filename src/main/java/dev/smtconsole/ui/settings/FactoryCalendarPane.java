package dev.smtconsole.ui.settings;

import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.ui.I18n;
import dev.smtconsole.ui.Styles;
import dev.smtconsole.ui.UiContext;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.util.List;

/**
 * The factory calendar in Settings: the time zone and the hour a production day starts. Shared
 * by every console on the database and audited; every door and every report follows it.
 */
final class FactoryCalendarPane extends VBox {
    private final UiContext ctx;
    private final ComboBox<String> zone = new ComboBox<>();
    private final TextField dayStart = new TextField();
    private final Button save = new Button();
    private final Label status = new Label();

    FactoryCalendarPane(UiContext ctx) {
        super(8);
        this.ctx = ctx;
        I18n i18n = ctx.i18n();
        List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().toList();
        zone.setItems(FXCollections.observableArrayList(zones));
        zone.setEditable(true);
        zone.setId("factoryZone");
        zone.setPrefWidth(260);
        dayStart.setId("factoryDayStart");
        dayStart.setPrefColumnCount(6);
        dayStart.setPromptText("06:00");
        save.setId("saveFactoryCalendar");
        save.textProperty().bind(i18n.text("settings.calendar.save"));
        save.setOnAction(e -> save());
        status.setId("factoryCalendarStatus");
        status.setWrapText(true);

        Label note = i18n.label("settings.calendar.note");
        note.getStyleClass().add(Styles.MUTED);
        note.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        grid.addRow(0, i18n.label("settings.calendar.zone"), zone);
        grid.addRow(1, i18n.label("settings.calendar.dayStart"), dayStart);
        getChildren().addAll(note, grid, save, status);
    }

    void show(ProductionCalendar c) {
        zone.setValue(c.zone().getId());
        zone.getEditor().setText(c.zone().getId());
        dayStart.setText(c.dayStartText());
    }

    /** Loads the stored calendar (off the GUI thread). */
    void load() {
        ctx.tasks().run(() -> ctx.services().settings().calendar(), this::show, this::fail);
    }

    private void save() {
        String zoneText = zone.isEditable() ? zone.getEditor().getText() : zone.getValue();
        String startText = dayStart.getText();
        String operator = ctx.operator().get();
        status.getStyleClass().remove(Styles.ERROR);
        save.setDisable(true);
        ctx.tasks().run(() -> {
            int n = ctx.services().settings().saveCalendar(zoneText, startText, operator);
            return new Object[]{n, ctx.services().settings().calendar()};
        }, r -> {
            save.setDisable(false);
            ProductionCalendar c = (ProductionCalendar) r[1];
            show(c);
            status.setText(ctx.i18n().get("settings.calendar.saved", c.zone().getId(), c.dayStartText()));
        }, e -> {
            save.setDisable(false);
            fail(e);
        });
    }

    private void fail(Throwable e) {
        status.setText(e instanceof LocalizedException le ? le.message(ctx.i18n().locale())
                : ctx.i18n().get("settings.wall.failed", e.getMessage()));
        if (!status.getStyleClass().contains(Styles.ERROR)) status.getStyleClass().add(Styles.ERROR);
    }
}
