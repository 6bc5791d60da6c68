package dev.smtconsole.ui.dashboard;

import dev.smtconsole.domain.DeviceValueRow;
import dev.smtconsole.ui.kit.Dates;
import dev.smtconsole.ui.kit.I18n;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Under a line's hourly chart: a small table per device spec (time, machine, job, value) —
 * what the gateway stored that is not a counter. Hidden while the line has none that day.
 */
final class DeviceValuesPane extends VBox {
    private final DeviceValuesViewModel model;
    private final I18n i18n;
    private final Supplier<ZoneId> zone;
    private final FlowPane tables = new FlowPane(10, 10);

    DeviceValuesPane(DeviceValuesViewModel model, I18n i18n, Supplier<ZoneId> zone) {
        super(6);
        this.model = model;
        this.i18n = i18n;
        this.zone = zone;
        setId("deviceValues");
        Label title = i18n.label("gateway.values.title");
        title.getStyleClass().add("chart-title");
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        ScrollPane scroll = new ScrollPane(tables);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(34 + 26 * DeviceValuesViewModel.PER_SPEC + 24);
        scroll.setMaxHeight(34 + 26 * DeviceValuesViewModel.PER_SPEC + 30);
        getChildren().addAll(title, error, scroll);
        setPadding(new Insets(4, 0, 0, 0));
        model.bySpecProperty().addListener((o, was, now) -> render());
        i18n.localeProperty().addListener((o, was, now) -> render());
        render();
    }

    private void render() {
        Map<String, List<DeviceValueRow>> groups = model.bySpecProperty().get();
        boolean any = !groups.isEmpty();
        setVisible(any || !model.errorProperty().get().isEmpty());
        setManaged(isVisible());
        tables.getChildren().clear();
        for (var e : groups.entrySet()) tables.getChildren().add(table(e.getKey(), e.getValue()));
    }

    private VBox table(String spec, List<DeviceValueRow> rows) {
        TableView<DeviceValueRow> t = new TableView<>();
        t.getStyleClass().add("device-values-table");
        t.setId("deviceValues-" + spec.replaceAll("[^A-Za-z0-9]", "_"));
        t.getColumns().add(column("gateway.values.time", r -> Dates.TIME_SECONDS.format(r.collectedAt().atZone(zone.get())), 82));
        t.getColumns().add(column("gateway.values.machine", r -> r.machineCode() == null ? "" : r.machineCode(), 82));
        t.getColumns().add(column("gateway.values.job", r -> r.jobNo() == null ? "" : r.jobNo(), 90));
        t.getColumns().add(column("gateway.values.value", r -> r.valueText() + (r.unit() == null ? "" : " " + r.unit()), 100));
        t.getItems().setAll(rows);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setFixedCellSize(26);
        t.setPrefSize(372, 34 + 26 * Math.max(1, rows.size()));
        Label name = new Label(spec);
        name.getStyleClass().add("muted");
        return new VBox(2, name, t);
    }

    private TableColumn<DeviceValueRow, String> column(String key, Function<DeviceValueRow, String> value, double width) {
        TableColumn<DeviceValueRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }
}
