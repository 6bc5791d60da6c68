package dev.smtconsole.ui.settings;

import dev.smtconsole.ui.kit.FieldMarks;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Page;
import dev.smtconsole.ui.kit.Styles;
import dev.smtconsole.ui.kit.UiContext;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings: language; the wall's settings shared through the database (every problem shown at once,
 * each under its field); where the data is. The view only binds to {@link SettingsViewModel}.
 */
public final class SettingsPage implements Page {
    private final UiContext ctx;
    private final SettingsViewModel vm;
    private final VBox root = new VBox(16);
    private final ScrollPane view = new ScrollPane(root);
    private final GridPane wall = grid();
    private final GridPane targets = grid();
    private final GridPane counts = grid();
    private final Map<String, TextField> inputs = new HashMap<>();
    private final Map<String, Label> notes = new HashMap<>();
    /** The factory calendar (zone, day start): its own pane and save, as the lead added it. */
    private final FactoryCalendarPane calendar;
    /** Settings → Sources (issue 15): CFX broker subscriptions and watched folders. */
    private final SourcesPane sources;
    private final GatewayPane gatewayPane;

    public SettingsPage(UiContext ctx) {
        this.ctx = ctx;
        this.vm = new SettingsViewModel(ctx.factorySettings().settings(), ctx.factorySettings().info()::get, ctx.tasks(), ctx.i18n(),
                ctx.operator());
        I18n i18n = ctx.i18n();

        ComboBox<Locale> language = new ComboBox<>(FXCollections.observableArrayList(I18n.ZH, I18n.EN));
        language.setId("languageChoice");
        language.setConverter(new StringConverter<>() {
            @Override
            public String toString(Locale l) {
                return l == null ? "" : l.getLanguage().equals("zh") ? "简体中文" : "English";
            }

            @Override
            public Locale fromString(String s) {
                return s.equals("English") ? I18n.EN : I18n.ZH;
            }
        });
        language.setValue(i18n.locale());
        language.valueProperty().addListener((obs, old, now) -> {
            if (now != null) i18n.setLocale(now);
        });
        i18n.localeProperty().addListener((obs, old, now) -> language.setValue(now));

        GridPane general = grid();
        general.addRow(0, i18n.label("settings.language"), language);
        Label settingsFile = new Label(ctx.settings().file().toString());
        general.addRow(1, i18n.label("settings.settingsFile"), settingsFile);

        int r = 0;
        r = field(wall, r, SettingsViewModel.STALE, "settingsStaleMinutes", "settings.wall.staleMinutes");
        r = field(wall, r, SettingsViewModel.WARN, "settingsLossWarn", "settings.wall.lossWarn");
        field(wall, r, SettingsViewModel.ALARM, "settingsLossAlarm", "settings.wall.lossAlarm");
        vm.targets().addListener((ListChangeListener<SettingsViewModel.TargetRow>) c -> showTargets());
        vm.errors().addListener((MapChangeListener<String, String>) c -> showErrors());

        Label shared = i18n.label("settings.wall.shared");
        shared.getStyleClass().add(Styles.MUTED);
        shared.setWrapText(true);
        Button save = i18n.button("saveFactorySettings", "settings.wall.save");
        save.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        save.setGraphic(new FontIcon(Material2MZ.SAVE));
        save.disableProperty().bind(vm.savingProperty());
        save.setOnAction(e -> vm.save());
        Label status = new Label();
        status.setId("factorySettingsStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        vm.statusIsErrorProperty().addListener((o, was, now) -> {
            status.getStyleClass().remove(Styles.ERROR);
            if (now) status.getStyleClass().add(Styles.ERROR);
        });

        GridPane db = grid();
        Label location = new Label();
        location.textProperty().bind(vm.locationProperty());
        location.setWrapText(true);
        Label version = new Label();
        version.textProperty().bind(vm.schemaVersionProperty());
        db.addRow(0, i18n.label("settings.db.location"), location);
        db.addRow(1, i18n.label("settings.db.schemaVersion"), version);
        vm.counts().addListener((ListChangeListener<SettingsViewModel.Count>) c -> showCounts());
        Button refresh = i18n.button("settingsRefresh", "settings.db.refresh");
        refresh.setOnAction(e -> vm.load());

        calendar = new FactoryCalendarPane(new FactoryCalendarViewModel(ctx.factorySettings().settings(), ctx.tasks(), i18n,
                ctx.operator()), i18n);
        var gateway = ctx.factorySettings().gateway();
        gatewayPane = new GatewayPane(new GatewayViewModel(gateway.control().apply(ctx.settings()), gateway.service(),
                gateway.masterData(), ctx.tasks(), ctx.dialogs(), i18n, ctx.operator()), i18n);
        root.getChildren().addAll(heading("settings.section.general"), general,
                heading("settings.section.calendar"), calendar,
                heading("settings.section.wall"), shared, wall, i18n.label("settings.wall.targets"), targets, save, status,
                heading("sources.title"), sources = new SourcesPane(new SourcesViewModel(ctx.factorySettings().sources(),
                        ctx.factorySettings().sourcesHere(), ctx.tasks(),
                        ctx.dialogs(), i18n, ctx.operator()), i18n),
                heading("settings.section.database"), db, i18n.label("settings.db.counts"), counts, refresh,
                heading("gateway.settings.title"), gatewayPane);
        // Settings → Database (issue 16): where the desktop can switch its database
        ctx.factorySettings().database().get().ifPresent(s -> root.getChildren().add(root.getChildren().indexOf(db),
                new DatabasePane(new DatabaseViewModel(s, ctx.tasks(), ctx.dialogs(), i18n), i18n,
                        () -> ctx.operator().get())));
        root.setPadding(new Insets(20));
        view.setFitToWidth(true);
    }

    public SettingsViewModel viewModel() {
        return vm;
    }

    /** Scrolls to Settings → Sources with an empty form for a new watched folder (the screenshots' view of it). */
    public void showNewFolderSource() {
        sources.newFolder();
        root.applyCss();
        root.layout();
        double scrollable = root.getHeight() - view.getViewportBounds().getHeight();
        double at = sources.getBoundsInParent().getMinY() - 48;
        view.setVvalue(scrollable <= 0 ? 0 : Math.max(0, Math.min(1, at / scrollable)));
    }

    /** A labelled input with its problem under it; returns the next free grid row. */
    private int field(GridPane grid, int row, String field, String id, String labelKey) {
        TextField input = new TextField();
        input.setId(id);
        input.setPrefColumnCount(8);
        input.textProperty().bindBidirectional(vm.field(field));
        Label label = ctx.i18n().label(labelKey);
        label.setLabelFor(input);
        grid.addRow(row, label, input);
        addNote(grid, row + 1, field, id);
        inputs.put(field, input);
        return row + 2;
    }

    private void addNote(GridPane grid, int row, String field, String id) {
        Label note = new Label();
        note.setId(id + "-error");
        note.getStyleClass().add("field-note");
        note.setWrapText(true);
        note.setMaxWidth(520);
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        note.visibleProperty().bind(note.managedProperty());
        grid.add(note, 1, row);
        notes.put(field, note);
    }

    private void showTargets() {
        targets.getChildren().clear();
        inputs.keySet().removeIf(k -> k.startsWith("target."));
        notes.keySet().removeIf(k -> k.startsWith("target."));
        int row = 0;
        for (SettingsViewModel.TargetRow t : vm.targets()) {
            TextField input = new TextField();
            input.setId("settingsTarget-" + t.lineCode());
            input.setPrefColumnCount(8);
            input.textProperty().bindBidirectional(t.text());
            Label label = new Label();
            label.textProperty().bind(ctx.i18n().text("dashboard.line", t.lineCode()));
            targets.addRow(row, label, input);
            addNote(targets, row + 1, t.fieldId(), input.getId());
            inputs.put(t.fieldId(), input);
            row += 2;
        }
        showErrors();
    }

    private void showErrors() {
        inputs.forEach((field, input) -> FieldMarks.show(input, vm.errors().get(field), null, null));
        notes.forEach((field, note) -> note.setText(vm.errors().getOrDefault(field, "")));
    }

    private void showCounts() {
        counts.getChildren().clear();
        int row = 0;
        for (SettingsViewModel.Count c : vm.counts()) {
            Label rows = new Label(String.format(Locale.ROOT, "%,d", c.rows()));
            rows.setId("count-" + c.table());
            Label name = new Label(c.name());
            name.setId("countName-" + c.table());
            counts.addRow(row++, name, rows);
        }
    }

    private Label heading(String key) {
        Label l = ctx.i18n().label(key);
        l.getStyleClass().add(Styles.TITLE);
        return l;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(6);
        g.setAlignment(Pos.TOP_LEFT);
        return g;
    }

    @Override
    public String titleKey() {
        return "settings.title";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void onShow() {
        vm.load();
        calendar.load();
        sources.load();
        gatewayPane.load();
    }
}
