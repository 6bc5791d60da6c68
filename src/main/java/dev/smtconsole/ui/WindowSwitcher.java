package dev.smtconsole.ui;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.ui.kit.UiContext;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's services and the switch of Settings → Database (issue 16): the requested
 * database is opened off the FX thread, then the window is rebuilt over it (pages, status bar)
 * and the old services are closed. On failure the old ones stay — or, when they were closed for a
 * restore, are opened again — and the request is told why.
 */
public final class WindowSwitcher {
    private static final Logger log = LoggerFactory.getLogger(WindowSwitcher.class);

    private final Stage stage;
    private final UserSettings settings;
    private final DatabaseSettingsService databaseSettings;
    private volatile AppServices services;
    private volatile UiContext ctx;
    /** Makes the runner of the enabled sources for each database the window opens; null: the window runs none. */
    private java.util.function.Function<AppServices, dev.smtconsole.app.SourceHost> sourceHosts;
    /** Makes the in-process gateway listener for each database the window opens; null: the window listens for none. */
    private java.util.function.Function<AppServices, dev.smtconsole.app.GatewayHost> gatewayHosts;

    public WindowSwitcher(Stage stage, UserSettings settings, DatabaseSettingsService databaseSettings) {
        this.stage = stage;
        this.settings = settings;
        this.databaseSettings = databaseSettings;
    }

    /**
     * The window runs the enabled sources of whichever database it shows (issue 15): started off
     * the FX thread when it opens; stopped with its services (a switch, the window closing), each
     * source after committing and acknowledging what it has in hand.
     */
    public void runSourcesWith(java.util.function.Function<AppServices, dev.smtconsole.app.SourceHost> hosts) {
        this.sourceHosts = hosts;
    }

    /**
     * The window listens as Settings → Gateway says (issue 14), posting into whichever database it shows: the
     * listener is started off the FX thread when the window opens; after a switch the old database's listener is
     * stopped first (the port is the same) and the new one's started; it stops with its services.
     */
    public void runGatewayWith(java.util.function.Function<AppServices, dev.smtconsole.app.GatewayHost> hosts) {
        this.gatewayHosts = hosts;
    }

    /** The window over these services (the first one). */
    public MainWindow open(AppServices opened) {
        return open(opened, null);
    }

    /** The window over these services; {@code previous}: the services it replaces (a switch), or null. */
    private MainWindow open(AppServices opened, AppServices previous) {
        UiContext before = ctx;
        services = opened;
        ctx = UiContext.create(opened, settings);
        if (before != null) {
            ctx.operator().set(before.operator().get());
            ctx.i18n().setLocale(before.i18n().locale());
        }
        opened.attach(databaseSettings, this::switchTo);
        MainWindow window = new MainWindow(ctx);
        startSources(opened);
        startGateway(opened, previous);
        return window;
    }

    private void startGateway(AppServices opened, AppServices previous) {
        var hosts = gatewayHosts;
        if (hosts == null || opened.gatewayHost().isPresent()) return;
        dev.smtconsole.app.GatewayHost host = hosts.apply(opened);
        opened.setGatewayHost(host);
        var before = previous == null ? java.util.Optional.<dev.smtconsole.app.GatewayHost>empty() : previous.gatewayHost();
        // Settings → Gateway said on: listen, off the FX thread; a failure is shown on that page.
        ctx.tasks().run(() -> {
            before.ifPresent(dev.smtconsole.app.GatewayHost::stop);
            return opened.gatewayControl(settings).applySaved();
        }, e -> log.warn("gateway did not start: {}", e.toString()));
    }

    private void startSources(AppServices opened) {
        var hosts = sourceHosts;
        if (hosts == null || opened.sourceHost().isPresent()) return;
        dev.smtconsole.app.SourceHost host = hosts.apply(opened);
        opened.setSourceHost(host);
        ctx.tasks().run(host::start, started -> {
            if (!started.isEmpty()) log.info("this window runs the sources {}", started);
        }, e -> log.warn("sources did not start: {}", e.toString()));
    }

    public AppServices services() {
        return services;
    }

    public UiContext context() {
        return ctx;
    }

    /** Called on the FX thread by Settings → Database. */
    public void switchTo(dev.smtconsole.app.DatabaseControl.SwitchRequest request) {
        AppServices old = services;
        UiContext oldCtx = ctx;
        DatabaseConfig oldConfig = old.databaseConfig();
        Thread t = new Thread(() -> {
            boolean closed = false;
            try {
                if (request.whileClosed() != null) {
                    // The old window still shows until the new one replaces it: its tasks stay open till then.
                    old.close();
                    closed = true;
                    request.whileClosed().run();
                }
                AppServices fresh = AppServices.open(request.target());
                boolean closeOld = !closed; // a restore closed them already
                Platform.runLater(() -> install(fresh, old, oldCtx, closeOld));
            } catch (RuntimeException e) {
                log.warn("Database switch failed: {}", e.getMessage());
                if (closed) {
                    AppServices again = AppServices.open(oldConfig);
                    Platform.runLater(() -> {
                        install(again, old, oldCtx, false);
                        request.failed().accept(e);
                    });
                } else {
                    Platform.runLater(() -> request.failed().accept(e));
                }
            }
        }, "database-switch");
        t.setDaemon(true);
        t.start();
    }

    private void install(AppServices fresh, AppServices old, UiContext oldCtx, boolean closeOld) {
        MainWindow window = open(fresh, old);
        stage.titleProperty().unbind();
        stage.titleProperty().bind(ctx.i18n().text("app.title"));
        stage.getScene().setRoot(window.root());
        window.start();
        oldCtx.tasks().close();
        if (closeOld) {
            Thread closer = new Thread(old::close, "database-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** At exit: the current window's tasks and services. */
    public void close() {
        if (ctx != null) ctx.tasks().close();
        if (services != null) services.close();
    }
}
