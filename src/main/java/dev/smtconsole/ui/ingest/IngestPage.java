package dev.smtconsole.ui.ingest;

import dev.smtconsole.app.IngestService;
import dev.smtconsole.ui.kit.Page;
import dev.smtconsole.ui.kit.UiContext;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The ingest area: manual entry (录入) first, then file import. */
public final class IngestPage implements Page {
    static final String LAST_LINE = "ingest.manual.lastLine";

    private final Node view;
    private final ManualEntryViewModel manual;
    private final FileImportViewModel files;
    private final TabPane tabs = new TabPane();
    private final ManualEntryView manualView;

    public IngestPage(UiContext ctx) {
        this(ctx, ctx.ingest().ingest());
    }

    public IngestPage(UiContext ctx, IngestService ingest) {
        // Times typed on the form are wall-clock times of the factory, whatever this PC's zone.
        var zone = ctx.ingest().time().zone();
        var factoryClock = ctx.ingest().time().clock().withZone(zone);
        // The form has its own operator field, filled from the console's signed-in operator; what is typed
        // there is checked like every other field and never signs anybody in.
        javafx.beans.property.StringProperty formOperator = new javafx.beans.property.SimpleStringProperty(ctx.operator().get());
        ctx.operator().addListener((o, old, now) -> {
            if (now != null && !now.isBlank()) formOperator.set(now);
        });
        manual = new ManualEntryViewModel(ingest, () -> ctx.ingest().masterData().current().lines(), ctx.tasks(),
                ctx.dialogs(), ctx.i18n(), formOperator, factoryClock);
        manual.setPreferredLine(ctx.settings().get(LAST_LINE, null));
        manual.lineProperty().addListener((obs, old, now) -> {
            // settings are a file: written off the FX thread
            if (now != null) ctx.tasks().run(() -> {
                ctx.settings().put(LAST_LINE, now.code());
                return null;
            }, ok -> { }, e -> { /* the executor logs it; a forgotten line choice is not worth a dialog */ });
        });
        files = new FileImportViewModel(ingest, ctx.tasks(), ctx.dialogs(), ctx.i18n(), ctx.operator(), System::nanoTime);
        Tab manualTab = new Tab();
        manualTab.setId("tab-ingest-manual");
        manualTab.textProperty().bind(ctx.i18n().text("ingest.tab.manual"));
        manualView = new ManualEntryView(manual, ctx.i18n(), zone);
        manualTab.setContent(manualView.view());
        manualTab.setOnSelectionChanged(e -> {
            if (manualTab.isSelected()) Platform.runLater(manualView::focusStart);
        });
        Tab importTab = new Tab();
        importTab.setId("tab-ingest-import");
        importTab.textProperty().bind(ctx.i18n().text("ingest.tab.import"));
        // The other two tabs are built when first shown: the window opens sooner (ADR 0016).
        fillOnFirstShow(importTab, () -> new FileImportView(files, ctx.i18n(), zone).view());
        Tab profilesTab = new Tab();
        profilesTab.setId("tab-ingest-profiles");
        profilesTab.textProperty().bind(ctx.i18n().text("ingest.tab.profiles"));
        fillOnFirstShow(profilesTab, () -> new dev.smtconsole.ui.ingest.profile.ProfileEditor(ctx).view());
        Tab messagesTab = new Tab();
        messagesTab.setId("tab-ingest-messages");
        messagesTab.textProperty().bind(ctx.i18n().text("gateway.messages.tab"));
        fillOnFirstShow(messagesTab, () -> {
            MessagesViewModel messages = new MessagesViewModel(ctx.ingest().messages(), ctx.tasks(), ctx.dialogs(),
                    ctx.i18n(), ctx.ingest().time().calendars().cached().productionDay(ctx.ingest().time().now()));
            messages.load();
            return new MessagesView(messages, ctx.i18n(), zone).view();
        });
        tabs.getTabs().addAll(manualTab, importTab, profilesTab, messagesTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("ingest-tabs");
        this.view = tabs;
    }

    private static void fillOnFirstShow(Tab tab, java.util.function.Supplier<Node> content) {
        tab.selectedProperty().addListener((o, was, now) -> {
            if (now && tab.getContent() == null) tab.setContent(content.get());
        });
    }

    @Override
    public String titleKey() {
        return "ingest.title";
    }

    @Override
    public Node view() {
        return view;
    }

    /** The manual entry form's view model. */
    public ManualEntryViewModel manual() {
        return manual;
    }

    /** The file import's view model. */
    public FileImportViewModel fileImport() {
        return files;
    }

    public TabPane tabs() {
        return tabs;
    }

    @Override
    public void onShow() {
        manual.loadLines();
        manual.refreshRecent();
        files.refreshHistory();
        if (tabs.getSelectionModel().getSelectedIndex() == 0) Platform.runLater(manualView::focusStart);
    }
}
