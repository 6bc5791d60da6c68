package dev.smtconsole.ui.settings;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
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
 * by every console on the database and audited; every door and every report follows it. The pane
 * only binds to {@link FactoryCalendarViewModel}.
 */
final class FactoryCalendarPane extends VBox {
    private final FactoryCalendarViewModel vm;
    private final ComboBox<String> zone = new ComboBox<>();
    private final TextField dayStart = new TextField();
    private final Button save = new Button();
    private final Label status = new Label();

    FactoryCalendarPane(FactoryCalendarViewModel vm, I18n i18n) {
        super(8);
        this.vm = vm;
        List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().toList();
        zone.setItems(FXCollections.observableArrayList(zones));
        zone.setEditable(true);
        zone.setId("factoryZone");
        zone.setPrefWidth(260);
        // The editor holds what is typed; a pick from the list lands there too.
        zone.getEditor().textProperty().bindBidirectional(vm.zoneProperty());
        vm.zoneProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(zone.getValue()) && zones.contains(now)) zone.setValue(now);
        });
        dayStart.setId("factoryDayStart");
        dayStart.setPrefColumnCount(6);
        dayStart.setPromptText("06:00");
        dayStart.textProperty().bindBidirectional(vm.dayStartProperty());
        save.setId("saveFactoryCalendar");
        save.textProperty().bind(i18n.text("settings.calendar.save"));
        save.disableProperty().bind(vm.savingProperty());
        save.setOnAction(e -> vm.save());
        status.setId("factoryCalendarStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });

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

    void load() {
        vm.load();
    }
}
