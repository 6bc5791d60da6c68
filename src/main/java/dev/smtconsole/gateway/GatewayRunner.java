package dev.smtconsole.gateway;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.GatewayHost;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.app.LocalizedException;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/** The gateway listener inside the console window (Settings → Gateway): one {@link GatewayServer} at a time. */
public final class GatewayRunner implements GatewayHost {
    private final AppServices services;
    private GatewayServer server;
    private Running running;

    public GatewayRunner(AppServices services) {
        this.services = services;
    }

    @Override
    public synchronized Running start(Config config) {
        stop();
        SSLContext tls = null;
        if (config.tlsFile() != null) {
            String password = config.tlsPasswordEnv() == null ? "" : System.getenv(config.tlsPasswordEnv());
            if (password == null) throw new LocalizedException("gateway.settings.error.passwordEnv", config.tlsPasswordEnv());
            try {
                tls = Tls.context(config.tlsFile(), password.toCharArray());
            } catch (IOException e) {
                throw new LocalizedException("gateway.settings.error.tls", config.tlsFile(), e.getMessage());
            }
        }
        GatewayService gateway = services.gateway();
        try {
            server = new GatewayServer(gateway, new InetSocketAddress(config.bind(), config.port()),
                    new TokenCache(gateway)::get,
                    () -> GatewayServer.healthBody(services.databaseConfig().describe(), services.schemaVersion(),
                            gateway.lastPostAt().orElse(null)), tls).start();
        } catch (IOException | RuntimeException e) {
            throw new LocalizedException("gateway.settings.error.bind", config.bind(), String.valueOf(config.port()), e.getMessage());
        }
        running = new Running(config.bind(), server.port(), tls != null);
        return running;
    }

    @Override
    public synchronized void stop() {
        if (server != null) server.stop(2);
        server = null;
        running = null;
    }

    @Override
    public synchronized Optional<Running> running() {
        return Optional.ofNullable(running);
    }

    /** The stored token hash, read at most every few seconds (a rotated token applies within them). */
    public static final class TokenCache {
        private final GatewayService gateway;
        private volatile String hash;
        private volatile long readAt;

        public TokenCache(GatewayService gateway) {
            this.gateway = gateway;
        }

        public String get() {
            long now = System.nanoTime();
            if (hash == null || now - readAt > 5_000_000_000L) {
                hash = gateway.storedTokenHash().orElse(null);
                readAt = now;
            }
            return hash;
        }
    }
}
