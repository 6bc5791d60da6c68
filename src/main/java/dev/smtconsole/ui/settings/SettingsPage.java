package dev.smtconsole.ui.settings;

import dev.smtconsole.app.DatabaseInfo;
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
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

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
        general.addRow(0, label("settings.language"), language);
        general.addRow(1, label("settings.settingsFile"), settingsFile);
        settingsFile.setText(ctx.settings().file().toString());

        GridPane db = grid();
        db.addRow(0, label("settings.db.location"), location);
        db.addRow(1, label("settings.db.schemaVersion"), version);
        Button refresh = new Button();
        refresh.textProperty().bind(i18n.text("settings.db.refresh"));
        refresh.setOnAction(e -> onShow());
        counts.setHgap(16);
        counts.setVgap(4);

        root.getChildren().addAll(heading("settings.section.general"), general,
                heading("settings.section.database"), db, counts, refresh);
        root.setPadding(new Insets(20));
        view.setFitToWidth(true);
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(ctx.i18n().text(key));
        return l;
    }

    private Label heading(String key) {
        Label l = label(key);
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
