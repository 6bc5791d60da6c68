package dev.smtconsole.ui.ingest;

import dev.smtconsole.domain.IntegrationMessageRow;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.ui.kit.Dates;
import dev.smtconsole.ui.kit.I18n;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.util.function.Function;

/** 录入 → Messages: filters, the list, the selected message's payload and a Retry button. Binds only. */
public final class MessagesView {
    private final MessagesViewModel vm;
    private final I18n i18n;
    private final ZoneId zone;
    private final BorderPane root = new BorderPane();
    private final TableView<IntegrationMessageRow> table = new TableView<>();

    public MessagesView(MessagesViewModel vm, I18n i18n, ZoneId zone) {
        this.vm = vm;
        this.i18n = i18n;
        this.zone = zone;
        root.setId("messagesView");

        ComboBox<String> status = new ComboBox<>(vm.statuses());
        status.setId("messagesStatus");
        status.valueProperty().bindBidirectional(vm.statusProperty());
        status.setCellFactory(l -> statusCell());
        status.setButtonCell(statusCell());
        i18n.localeProperty().addListener((o, was, now) -> status.setButtonCell(statusCell()));
        TextField machine = new TextField();
        machine.setId("messagesMachine");
        machine.setPrefColumnCount(8);
        machine.textProperty().bindBidirectional(vm.machineProperty());
        machine.setOnAction(e -> vm.load());
        DatePicker from = Dates.picker(), to = Dates.picker();
        from.setId("messagesFrom");
        to.setId("messagesTo");
        from.valueProperty().bindBidirectional(vm.fromProperty());
        to.valueProperty().bindBidirectional(vm.toProperty());
        Button show = i18n.button("messagesShow", "gateway.messages.show");
        show.setDefaultButton(true);
        show.setOnAction(e -> vm.load());
        Button retry = i18n.button("messagesRetry", "gateway.messages.retry");
        retry.disableProperty().bind(vm.canRetryProperty().not());
        retry.setOnAction(e -> vm.retry());
        FlowPane filters = new FlowPane(8, 6, i18n.label("gateway.messages.status"), status, i18n.label("gateway.messages.machine"),
                machine, i18n.label("gateway.messages.from"), from, i18n.label("gateway.messages.to"), to, show, retry);
        filters.setAlignment(Pos.CENTER_LEFT);
        filters.setPadding(new Insets(8, 12, 6, 12));

        table.setId("messagesTable");
        table.setItems(vm.rows());
        table.getColumns().add(column("gateway.messages.col.id", r -> Long.toString(r.id()), 56));
        table.getColumns().add(column("gateway.messages.col.received", r -> Dates.dateTime(r.receivedAt(), zone), 140));
        table.getColumns().add(column("gateway.messages.col.channel", r -> known(i18n.get("gateway.messages.channel." + r.channel()), r.channel()), 80));
        table.getColumns().add(column("gateway.messages.col.status", r -> i18n.get("gateway.messages.state." + r.status())
                + (r.retriedAs() == null ? "" : " → " + r.retriedAs()), 100));
        table.getColumns().add(column("gateway.messages.col.externalId", r -> r.externalId() == null ? "" : r.externalId(), 150));
        table.getColumns().add(column("gateway.messages.col.operator", r -> r.operatorId() == null ? "" : r.operatorId(), 80));
        table.getColumns().add(column("gateway.messages.col.error", r -> r.error() == null ? "" : RuleMessages.renderStored(i18n.locale(), r.error()), 320));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != table.getSelectionModel().getSelectedItem()) {
                if (now == null) table.getSelectionModel().clearSelection();
                else table.getSelectionModel().select(now);
            }
        });
        table.setPlaceholder(i18n.label("gateway.messages.empty"));

        TextArea json = new TextArea();
        json.setId("messagesPayload");
        json.setEditable(false);
        json.setWrapText(true);
        json.getStyleClass().add("monospace");
        json.setStyle("-fx-font-family: monospace");
        json.textProperty().bind(vm.payloadProperty());
        // The whole reason of the selected message (the table's cell shows its start), in the reader's language.
        Label reason = new Label();
        reason.setId("messagesReason");
        reason.setWrapText(true);
        reason.getStyleClass().add("error-text");
        Runnable showReason = () -> {
            IntegrationMessageRow r = table.getSelectionModel().getSelectedItem();
            String text = r == null || r.error() == null ? "" : RuleMessages.renderStored(i18n.locale(), r.error());
            reason.setText(text);
            reason.setVisible(!text.isEmpty());
            reason.setManaged(!text.isEmpty());
        };
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showReason.run());
        i18n.localeProperty().addListener((o, was, now) -> showReason.run());
        showReason.run();
        VBox detail = new VBox(4, reason, i18n.label("gateway.messages.payload"), json);
        VBox.setVgrow(json, javafx.scene.layout.Priority.ALWAYS);
        detail.setPadding(new Insets(0, 0, 0, 6));
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.62);

        Label statusLine = new Label();
        statusLine.setId("messagesStatusLine");
        statusLine.textProperty().bind(vm.statusLineProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            statusLine.getStyleClass().remove("error-text");
            if (now) statusLine.getStyleClass().add("error-text");
        });
        statusLine.setPadding(new Insets(4, 12, 8, 12));
        statusLine.setWrapText(true);

        root.setTop(filters);
        root.setCenter(split);
        root.setBottom(statusLine);
        BorderPane.setMargin(split, new Insets(0, 12, 0, 12));
        i18n.localeProperty().addListener((o, was, now) -> table.refresh());
    }

    /** A door this build has no word for (another branch's channel) shows its code. */
    private static String known(String text, String code) {
        return text.startsWith("!") ? code : text;
    }

    private ListCell<String> statusCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : vm.statusText(item));
            }
        };
    }

    private TableColumn<IntegrationMessageRow, String> column(String key, Function<IntegrationMessageRow, String> value,
                                                              double width) {
        TableColumn<IntegrationMessageRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public Node view() {
        return root;
    }
}
