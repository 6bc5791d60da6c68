package dev.smtconsole.app;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the device gateway's listener inside this process (the console window, Settings →
 * Gateway). The HTTP door implements it ({@code gateway.GatewayRunner}); the launcher hands it
 * to {@link AppServices#setGatewayHost}, so neither the services nor the views name the door.
 */
public interface GatewayHost extends AutoCloseable {

    /**
     * Where to listen and how: {@code tlsFile} null = plain HTTP; else a PKCS#12 key store or a PEM
     * file, its password (PKCS#12) in the environment variable {@code tlsPasswordEnv} — never stored.
     */
    record Config(String bind, int port, Path tlsFile, String tlsPasswordEnv) {
    }

    /** A listener that is up: where, and whether it answers HTTPS. */
    record Running(String bind, int port, boolean tls) {
    }

    /** Starts (a running listener is stopped first); throws {@link LocalizedException} when it cannot. */
    Running start(Config config);

    void stop();

    Optional<Running> running();

    @Override
    default void close() {
        stop();
    }
}
