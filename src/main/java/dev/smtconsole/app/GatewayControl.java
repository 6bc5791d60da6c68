package dev.smtconsole.app;

import java.nio.file.Path;
import java.util.Optional;

/**
 * This console's gateway settings (Settings → Gateway): on or off, bind address, port, TLS file
 * and the environment variable holding its password. Kept in the user's settings file, not the
 * shared database: they describe this PC's listener (every console on the database would try to
 * bind otherwise). The bearer token is shared (app_setting, hashed): see {@link GatewayService}.
 */
public final class GatewayControl {
    public static final String ENABLED = "gateway.enabled", BIND = "gateway.bind", PORT = "gateway.port",
            TLS_FILE = "gateway.tls.file", TLS_PASSWORD_ENV = "gateway.tls.passwordEnv";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    private final UserSettings settings;
    private final Optional<GatewayHost> host;

    public GatewayControl(UserSettings settings, Optional<GatewayHost> host) {
        this.settings = settings;
        this.host = host;
    }

    /** Whether this build can run the gateway in the window (false in tests and tools without the door). */
    public boolean available() {
        return host.isPresent();
    }

    public boolean enabled() {
        return Boolean.parseBoolean(settings.get(ENABLED, "false"));
    }

    public GatewayHost.Config saved() {
        int port;
        try {
            port = Integer.parseInt(settings.get(PORT, String.valueOf(DEFAULT_PORT)));
        } catch (NumberFormatException e) {
            port = DEFAULT_PORT;
        }
        String tls = settings.get(TLS_FILE, "");
        return new GatewayHost.Config(settings.get(BIND, DEFAULT_BIND), port, tls.isBlank() ? null : Path.of(tls),
                blankToNull(settings.get(TLS_PASSWORD_ENV, "")));
    }

    /**
     * Checks and keeps the settings, then starts or stops the listener to match. Returns where it
     * listens, or empty when off.
     */
    public Optional<GatewayHost.Running> apply(boolean enabled, String bind, String portText, String tlsFile, String passwordEnv) {
        String b = bind == null || bind.isBlank() ? DEFAULT_BIND : bind.strip();
        int port;
        try {
            port = Integer.parseInt(portText == null ? "" : portText.strip());
        } catch (NumberFormatException e) {
            throw new LocalizedException("gateway.settings.error.port", portText == null ? "" : portText);
        }
        if (port < 1 || port > 65535) throw new LocalizedException("gateway.settings.error.port", portText);
        Path tls = tlsFile == null || tlsFile.isBlank() ? null : Path.of(tlsFile.strip());
        if (tls != null && !java.nio.file.Files.isRegularFile(tls)) throw new LocalizedException("gateway.settings.error.tlsFile", tls);
        settings.put(ENABLED, String.valueOf(enabled));
        settings.put(BIND, b);
        settings.put(PORT, String.valueOf(port));
        settings.put(TLS_FILE, tls == null ? "" : tls.toString());
        settings.put(TLS_PASSWORD_ENV, passwordEnv == null ? "" : passwordEnv.strip());
        return applySaved();
    }

    /** Starts the listener when the saved settings say on (the window's start), else stops it. */
    public Optional<GatewayHost.Running> applySaved() {
        if (host.isEmpty()) {
            if (enabled()) throw new LocalizedException("gateway.settings.error.unavailable");
            return Optional.empty();
        }
        if (!enabled()) {
            host.get().stop();
            return Optional.empty();
        }
        return Optional.of(host.get().start(saved()));
    }

    public Optional<GatewayHost.Running> running() {
        return host.flatMap(GatewayHost::running);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
