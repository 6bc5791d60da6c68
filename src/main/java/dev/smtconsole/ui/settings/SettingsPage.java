package dev.smtconsole.ui.settings;

import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.app.DatabaseInfo;
import dev.smtconsole.app.SettingsService;
import dev.smtconsole.ui.I18n;
import dev.smtconsole.ui.Page;
import dev.smtconsole.ui.Styles;
import dev.smtconsole.ui.UiContext;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Settings: language, and where the data is (database, schema version, row counts). */
public final class SettingsPage implements Page {
    private final UiContext ctx;
    private final VBox root = new VBox(16);
    private final Label location = new Label();
    private final Label version = new Label();
    private final GridPane counts = new GridPane();
    private final Label settingsFile = new Label();
    private final ScrollPane view = new ScrollPane(root);
    private final TextField staleMinutes = numberField("settingsStaleMinutes");
    private final TextField lossWarn = numberField("settingsLossWarn");
    private final TextField lossAlarm = numberField("settingsLossAlarm");
    private final GridPane targets = grid();
    private final Map<String, TextField> targetFields = new LinkedHashMap<>();
    private final Label factoryStatus = new Label();
    private final Button saveFactory = new Button();
    private final FactoryCalendarPane calendar;

    public SettingsPage(UiContext ctx) {
        this.ctx = ctx;
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
        general.addRow(0, ctx.i18n().label("settings.language"), language);
        general.addRow(1, ctx.i18n().label("settings.settingsFile"), settingsFile);
        settingsFile.setText(ctx.settings().file().toString());

        GridPane db = grid();
        db.addRow(0, ctx.i18n().label("settings.db.location"), location);
        db.addRow(1, ctx.i18n().label("settings.db.schemaVersion"), version);
        Button refresh = new Button();
        refresh.textProperty().bind(i18n.text("settings.db.refresh"));
        refresh.setOnAction(e -> onShow());
        counts.setHgap(16);
        counts.setVgap(4);

        GridPane wall = grid();
        wall.addRow(0, ctx.i18n().label("settings.wall.staleMinutes"), staleMinutes);
        wall.addRow(1, ctx.i18n().label("settings.wall.lossWarn"), lossWarn);
        wall.addRow(2, ctx.i18n().label("settings.wall.lossAlarm"), lossAlarm);
        Label targetsNote = ctx.i18n().label("settings.wall.targets");
        Label shared = ctx.i18n().label("settings.wall.shared");
        shared.getStyleClass().add(Styles.MUTED);
        shared.setWrapText(true);
        saveFactory.setId("saveFactorySettings");
        saveFactory.textProperty().bind(i18n.text("settings.wall.save"));
        saveFactory.setOnAction(e -> saveFactory());
        factoryStatus.setId("factorySettingsStatus");
        factoryStatus.setWrapText(true);

        calendar = new FactoryCalendarPane(ctx);
        root.getChildren().addAll(heading("settings.section.general"), general,
                heading("settings.section.calendar"), calendar,
                heading("settings.section.wall"), shared, wall, targetsNote, targets, saveFactory, factoryStatus,
                heading("settings.section.database"), db, counts, refresh);
        root.setPadding(new Insets(20));
        view.setFitToWidth(true);
    }

    private static TextField numberField(String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(8);
        return f;
    }

    private void showFactory(SettingsService.FactorySettings f) {
        staleMinutes.setText(Integer.toString(f.staleMinutes()));
        lossWarn.setText(percent(f.lossWarnAbove()));
        lossAlarm.setText(percent(f.lossAlarmAbove()));
        targets.getChildren().clear();
        targetFields.clear();
        int row = 0;
        for (var e : f.lineTargets().entrySet()) {
            TextField t = numberField("settingsTarget-" + e.getKey());
            t.setText(e.getValue() == null ? "" : e.getValue().toString());
            targetFields.put(e.getKey(), t);
            targets.addRow(row++, new Label(e.getKey()), t);
        }
    }

    private static String percent(Double fraction) {
        return fraction == null ? "" : new java.math.BigDecimal(Double.toString(fraction * 100)).stripTrailingZeros().toPlainString();
    }

    /** Parses what was typed; a wrong value is named in the status line and nothing is saved. */
    private void saveFactory() {
        I18n i18n = ctx.i18n();
        factoryStatus.getStyleClass().remove(Styles.ERROR);
        try {
            int stale = parseInt(staleMinutes, "settings.wall.staleMinutes");
            Double warn = parsePercent(lossWarn, "settings.wall.lossWarn");
            Double alarm = parsePercent(lossAlarm, "settings.wall.lossAlarm");
            Map<String, Integer> lineTargets = new LinkedHashMap<>();
            for (var e : targetFields.entrySet()) {
                lineTargets.put(e.getKey(), e.getValue().getText().isBlank() ? null : parseInt(e.getValue(), "settings.wall.targets"));
            }
            var wanted = new SettingsService.FactorySettings(stale, warn, alarm, lineTargets);
            String operator = ctx.operator().get();
            saveFactory.setDisable(true);
            ctx.tasks().run(() -> {
                int n = ctx.services().settings().save(wanted, operator);
                return new Object[]{n, ctx.services().settings().current()};
            }, r -> {
                saveFactory.setDisable(false);
                showFactory((SettingsService.FactorySettings) r[1]);
                factoryStatus.setText(i18n.get("settings.wall.saved", r[0]));
            }, e -> {
                saveFactory.setDisable(false);
                fail(e instanceof LocalizedException le ? le.message(i18n.locale())
                        : i18n.get("settings.wall.failed", e.getMessage()));
            });
        } catch (IllegalArgumentException bad) {
            fail(bad.getMessage());
        }
    }

    private void fail(String message) {
        factoryStatus.setText(message);
        if (!factoryStatus.getStyleClass().contains(Styles.ERROR)) factoryStatus.getStyleClass().add(Styles.ERROR);
    }

    private int parseInt(TextField f, String fieldKey) {
        try {
            return Integer.parseInt(f.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ctx.i18n().get("settings.error.notWhole", ctx.i18n().get(fieldKey), f.getText()));
        }
    }

    private Double parsePercent(TextField f, String fieldKey) {
        String t = f.getText().strip().replace("%", "").replace("％", "");
        if (t.isEmpty()) return null;
        try {
            return Double.parseDouble(t) / 100;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ctx.i18n().get("settings.error.notNumber", ctx.i18n().get(fieldKey), f.getText()));
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
        g.setVgap(8);
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
        ctx.tasks().run(() -> ctx.services().info(), this::show, e -> location.setText(e.getMessage()));
        ctx.tasks().run(() -> ctx.services().settings().current(), this::showFactory, e -> fail(e.getMessage()));
        calendar.load();
    }

    private void show(DatabaseInfo info) {
        location.setText(info.location());
        version.setText(info.schemaVersion());
        counts.getChildren().clear();
        int row = 0;
        for (Map.Entry<String, Long> e : info.rowCounts().entrySet()) {
            counts.addRow(row++, new Label(e.getKey()), new Label(String.format("%,d", e.getValue())));
        }
    }
}
