package dev.smtconsole.ui;

import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Page;
import dev.smtconsole.ui.kit.Styles;
import dev.smtconsole.ui.kit.Theme;
import dev.smtconsole.ui.kit.UiContext;

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

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.util.List;

/**
 * The console: four areas (录入 Ingest, 看板 Dashboard, 报表 Reports, 设置 Settings), an operator
 * field, a first-run panel on an empty database and a status bar naming the database.
 */
public final class MainWindow {
    public enum Area { INGEST, DASHBOARD, REPORTS, SETTINGS }

    /** Every view of the window, for screenshots and the language walk. */
    public enum View {
        INGEST_MANUAL(Area.INGEST, 0), INGEST_IMPORT(Area.INGEST, 1), INGEST_PROFILES(Area.INGEST, 2),
        INGEST_MESSAGES(Area.INGEST, 3),
        DASHBOARD(Area.DASHBOARD, 0), DASHBOARD_CHART(Area.DASHBOARD, 1),
        REPORTS_PRODUCTION(Area.REPORTS, 0), REPORTS_INOUT(Area.REPORTS, 1), SETTINGS(Area.SETTINGS, 0);

        public final Area area;
        final int sub;

        View(Area area, int sub) {
            this.area = area;
            this.sub = sub;
        }
    }

    private final UiContext ctx;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    /** The areas in tab order; each page is built when its tab is first shown (ADR 0016). */
    private final List<LazyPage> areas = List.of(
            new LazyPage("ingest.title", IngestPage::new), new LazyPage("dashboard.title", DashboardPage::new),
            new LazyPage("report.title", ReportsPage::new), new LazyPage("settings.title", SettingsPage::new));

    private record LazyPage(String titleKey, java.util.function.Function<UiContext, Page> make) {
    }
    private final Page[] pages = new Page[4];
    private final VBox top = new VBox();
    private final HBox firstRun = new HBox();
    private final MainViewModel vm;

    public MainWindow(UiContext ctx) {
        this.ctx = ctx;
        this.vm = new MainViewModel(ctx.shell(), ctx.tasks(), ctx.i18n(), ctx.operator());
        for (int i = 0; i < areas.size(); i++) {
            int index = i;
            String titleKey = areas.get(i).titleKey();
            Tab tab = new Tab();
            tab.textProperty().bind(ctx.i18n().text(titleKey));
            tab.setClosable(false);
            tab.setId("tab-" + titleKey.replace(".title", ""));
            tab.setOnSelectionChanged(e -> {
                if (tab.isSelected()) page(index).onShow();
            });
            tabs.getTabs().add(tab);
        }
        page(tabs.getSelectionModel().getSelectedIndex());
        root.setTop(top);
        top.getChildren().add(toolbar());
        root.setCenter(tabs);
        root.setBottom(statusBar());
        Theme.office(root);
        buildFirstRun();
        vm.firstRunProperty().addListener((o, was, now) -> {
            if (now && !top.getChildren().contains(firstRun)) top.getChildren().add(firstRun);
            else if (!now) top.getChildren().remove(firstRun);
        });
        vm.checkFirstRun();
    }

    public Parent root() {
        return root;
    }

    public TabPane tabs() {
        return tabs;
    }

    public void select(Area area) {
        tabs.getSelectionModel().select(area.ordinal());
        page(area.ordinal()).onShow();
    }

    /** Shows a view: its area, and the sub-tab (or the first line's chart) inside it. */
    public void select(View view) {
        select(view.area);
        Page page = page(view.area.ordinal());
        if (page instanceof IngestPage ingest) ingest.tabs().getSelectionModel().select(view.sub);
        if (page instanceof ReportsPage reports) reports.tabs().getSelectionModel().select(view.sub);
        if (page instanceof DashboardPage dashboard) {
            if (view == View.DASHBOARD_CHART) dashboard.openFirstChart();
            else dashboard.closeChart();
        }
    }

    public Page page(Area area) {
        return page(area.ordinal());
    }

    /** The page of a tab, built (and put in its tab) on first use: unseen areas cost no start-up. */
    private Page page(int index) {
        if (pages[index] == null) {
            pages[index] = areas.get(index).make().apply(ctx);
            tabs.getTabs().get(index).setContent(pages[index].view());
        }
        return pages[index];
    }

    /** Loads the first area's data; call once the window is up. */
    public void start() {
        page(tabs.getSelectionModel().getSelectedIndex()).onShow();
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
        // What is typed is only a candidate: it becomes the console's operator once it is known (Enter or leaving the field).
        operator.setOnAction(e -> signIn(operator.getText()));
        operator.focusedProperty().addListener((o, was, now) -> {
            if (was && !now) signIn(operator.getText());
        });
        ctx.operator().addListener((o, old, now) -> {
            if (now != null && !now.isBlank() && !now.equals(operator.getText())) operator.setText(now);
        });
        operator.setText(ctx.operator().get());
        Label operatorNote = new Label();
        operatorNote.setId("operatorNote");
        operatorNote.getStyleClass().add(Styles.ERROR);
        operatorNote.setGraphic(new FontIcon(Material2MZ.WARNING));
        operatorNote.textProperty().bind(vm.operatorProblemProperty());
        operatorNote.visibleProperty().bind(vm.operatorProblemProperty().isNotEmpty());
        operatorNote.managedProperty().bind(operatorNote.visibleProperty());
        Button lang = new Button();
        lang.setId("languageToggle");
        lang.textProperty().bind(Bindings.createStringBinding(
                () -> ctx.i18n().locale().getLanguage().equals("zh") ? "English" : "简体中文", ctx.i18n().localeProperty()));
        lang.setOnAction(e -> ctx.i18n().setLocale(ctx.i18n().locale().getLanguage().equals("zh") ? I18n.EN : I18n.ZH));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        lang.setGraphic(new FontIcon(Material2AL.LANGUAGE));
        opLabel.setGraphic(new FontIcon(Material2MZ.PERSON));
        HBox bar = new HBox(10, title, spacer, operatorNote, opLabel, operator, lang);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("toolbar-bar");
        return bar;
    }

    private HBox statusBar() {
        Label db = new Label();
        db.setId("statusDatabase");
        db.textProperty().bind(ctx.i18n().text("app.status.database", ctx.shell().databaseDescription()));
        Label op = new Label();
        op.setId("statusOperator");
        op.textProperty().bind(Bindings.createStringBinding(() -> {
            String who = ctx.operator().get();
            return who == null || who.isBlank() ? ctx.i18n().get("app.status.noOperator") : ctx.i18n().get("app.status.operator", who.strip());
        }, ctx.operator(), ctx.i18n().localeProperty()));
        op.setGraphic(new FontIcon(Material2MZ.PERSON));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(ctx.tasks().runningProperty().greaterThan(0));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        OutboxStatusLabel outbox = new OutboxStatusLabel(ctx.shell().outbox(), ctx.i18n());
        outbox.onOpen(this::showRefusedForwards);
        // A forward refused while the list is open shows up in it without a click (the label reads every 2 s).
        outbox.refusedProperty().addListener((o, was, now) -> {
            if (refused != null && refused.isShowing()) refused.reload();
        });
        HBox bar = new HBox(16, db, outbox, spacer, op, busy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add(Styles.STATUS_BAR);
        return bar;
    }

    private RefusedForwardsWindow refused;

    /** The local outbox's refused forwards in a window of their own (one per main window), the list read again. */
    void showRefusedForwards() {
        if (refused == null) {
            var vm = new RefusedForwardsViewModel(ctx.shell().refused(), ctx.shell().time()::zone, ctx.tasks(), ctx.dialogs(),
                    ctx.i18n());
            refused = new RefusedForwardsWindow(vm, ctx.i18n(), root.getScene() == null ? null : root.getScene().getWindow());
        }
        refused.show();
    }

    /** The refused forwards' window once opened (tests), else null. */
    RefusedForwardsWindow refusedForwardsWindow() {
        return refused;
    }

    /** Signs in {@code typed} when it is a known operator id (see {@link MainViewModel#signIn}). */
    void signIn(String typed) {
        vm.signIn(typed);
    }

    private void buildFirstRun() {
        Label text = new Label();
        text.textProperty().bind(ctx.i18n().text("app.firstRun.text"));
        text.setWrapText(true);
        Button load = new Button();
        load.setId("loadDemo");
        load.textProperty().bind(ctx.i18n().text("app.firstRun.loadDemo"));
        load.setDefaultButton(true);
        load.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(text, Priority.ALWAYS);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(18, 18);
        progress.setVisible(false);
        Label error = new Label();
        error.getStyleClass().add(Styles.ERROR);
        load.disableProperty().bind(vm.loadingDemoProperty());
        progress.visibleProperty().bind(vm.loadingDemoProperty());
        error.textProperty().bind(vm.firstRunErrorProperty());
        load.setOnAction(e -> vm.loadDemo(() -> page(tabs.getSelectionModel().getSelectedIndex()).onShow()));
        firstRun.getChildren().setAll(text, load, progress, error);
        firstRun.setAlignment(Pos.CENTER_LEFT);
        firstRun.getStyleClass().add(Styles.FIRST_RUN);
        firstRun.setId("firstRunPanel");
    }
}
