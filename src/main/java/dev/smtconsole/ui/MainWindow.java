package dev.smtconsole.ui;

import dev.smtconsole.ui.dashboard.DashboardPage;
import dev.smtconsole.ui.ingest.IngestPage;
import dev.smtconsole.ui.report.ReportsPage;
import dev.smtconsole.ui.settings.SettingsPage;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The console: four areas (录入 Ingest, 看板 Dashboard, 报表 Reports, 设置 Settings), an operator
 * field, a first-run panel on an empty database and a status bar naming the database.
 */
public final class MainWindow {
    public enum Area { INGEST, DASHBOARD, REPORTS, SETTINGS }

    private final UiContext ctx;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final List<Page> pages;
    private final VBox top = new VBox();
    private final HBox firstRun = new HBox();

    public MainWindow(UiContext ctx) {
        this.ctx = ctx;
        this.pages = List.of(new IngestPage(ctx), new DashboardPage(ctx), new ReportsPage(ctx), new SettingsPage(ctx));
        for (Page page : pages) {
            Tab tab = new Tab();
            tab.textProperty().bind(ctx.i18n().text(page.titleKey()));
            tab.setContent(page.view());
            tab.setClosable(false);
            tab.setId("tab-" + page.titleKey().replace(".title", ""));
            tab.setOnSelectionChanged(e -> {
                if (tab.isSelected()) page.onShow();
            });
            tabs.getTabs().add(tab);
        }
        root.setTop(top);
        top.getChildren().add(toolbar());
        root.setCenter(tabs);
        root.setBottom(statusBar());
        root.getStylesheets().add(MainWindow.class.getResource("/ui/console.css").toExternalForm());
        buildFirstRun();
        checkFirstRun();
    }

    public Parent root() {
        return root;
    }

    public TabPane tabs() {
        return tabs;
    }

    public void select(Area area) {
        tabs.getSelectionModel().select(area.ordinal());
        pages.get(area.ordinal()).onShow();
    }

    /** Loads the first area's data; call once the window is up. */
    public void start() {
        pages.get(tabs.getSelectionModel().getSelectedIndex()).onShow();
    }

    private HBox toolbar() {
        Label title = new Label();
        title.textProperty().bind(ctx.i18n().text("app.title"));
        title.getStyleClass().add(Styles.TITLE);
        Label opLabel = new Label();
        opLabel.textProperty().bind(ctx.i18n().text("app.operator"));
        TextField operator = new TextField();
        operator.setId("operatorField");
        operator.setPrefColumnCount(10);
        operator.promptTextProperty().bind(ctx.i18n().text("app.operator.prompt"));
        operator.textProperty().bindBidirectional(ctx.operator());
        Button lang = new Button();
        lang.setId("languageToggle");
        lang.textProperty().bind(Bindings.createStringBinding(
                () -> ctx.i18n().locale().getLanguage().equals("zh") ? "English" : "简体中文", ctx.i18n().localeProperty()));
        lang.setOnAction(e -> ctx.i18n().setLocale(ctx.i18n().locale().getLanguage().equals("zh") ? I18n.EN : I18n.ZH));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, title, spacer, opLabel, operator, lang);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        return bar;
    }

    private HBox statusBar() {
        Label db = new Label();
        db.setId("statusDatabase");
        db.textProperty().bind(ctx.i18n().text("app.status.database", ctx.services().databaseConfig().describe()));
        Label op = new Label();
        op.setId("statusOperator");
        op.textProperty().bind(Bindings.createStringBinding(() -> {
            String who = ctx.operator().get();
            return who == null || who.isBlank() ? ctx.i18n().get("app.status.noOperator") : ctx.i18n().get("app.status.operator", who.strip());
        }, ctx.operator(), ctx.i18n().localeProperty()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(ctx.tasks().runningProperty().greaterThan(0));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(16, db, spacer, op, busy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add(Styles.STATUS_BAR);
        return bar;
    }

    private void buildFirstRun() {
        Label text = new Label();
        text.textProperty().bind(ctx.i18n().text("app.firstRun.text"));
        text.setWrapText(true);
        Button load = new Button();
        load.setId("loadDemo");
        load.textProperty().bind(ctx.i18n().text("app.firstRun.loadDemo"));
        load.setDefaultButton(true);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.setVisible(false);
        Label error = new Label();
        error.getStyleClass().add(Styles.ERROR);
        load.setOnAction(e -> {
            load.setDisable(true);
            progress.setVisible(true);
            ctx.tasks().run(() -> ctx.services().demo().load(7, n -> { }),
                    r -> {
                        top.getChildren().remove(firstRun);
                        pages.get(tabs.getSelectionModel().getSelectedIndex()).onShow();
                    },
                    ex -> {
                        load.setDisable(false);
                        progress.setVisible(false);
                        error.setText(ctx.i18n().get("app.firstRun.failed", ex.getMessage()));
                    });
        });
        firstRun.getChildren().setAll(text, load, progress, error);
        firstRun.setAlignment(Pos.CENTER_LEFT);
        firstRun.getStyleClass().add(Styles.FIRST_RUN);
        firstRun.setId("firstRunPanel");
    }

    private void checkFirstRun() {
        ctx.tasks().run(() -> ctx.services().isEmpty(), empty -> {
            if (empty && !top.getChildren().contains(firstRun)) top.getChildren().add(firstRun);
        }, e -> { });
    }
}
