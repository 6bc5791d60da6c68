package dev.smtconsole.cli;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.AppException;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.gateway.GatewayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** {@code serve}: the device gateway without a screen, until SIGTERM (issue 14). */
@Command(name = "serve", description = "Run the device gateway (POST /api/integration/device-data) without a window, until stopped.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    SmtCli root;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE} (this PC only).")
    String bind;

    @Option(names = "--port", defaultValue = "8080", description = "Port. Default: ${DEFAULT-VALUE}; 0 = any free port.")
    int port;

    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Environment variable holding the bearer token; default: the token generated with `gateway token`.")
    String tokenEnv;

    @Override
    public Integer call() throws IOException, InterruptedException {
        AppServices services = root.services();
        GatewayService gateway = services.gateway();
        String envHash = null;
        if (tokenEnv != null) {
            String token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) throw new AppException("environment variable " + tokenEnv + " is not set");
            envHash = GatewayService.hash(token.strip());
        } else if (gateway.storedTokenHash().isEmpty()) {
            throw new AppException("no gateway token: generate one with `smt-console gateway token --operator ID`"
                    + " or give one with --token-env VAR");
        }
        String fixed = envHash;
        TokenCache cache = new TokenCache(gateway);
        GatewayServer server = new GatewayServer(gateway, new InetSocketAddress(bind, port),
                () -> fixed != null ? fixed : cache.get(),
                () -> GatewayServer.healthBody(services.databaseConfig().describe(), services.schemaVersion(),
                        gateway.lastPostAt().orElse(null))).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(5);
            stopped.countDown();
        }, "smt-serve-stop"));
        System.out.printf("gateway listening on http://%s:%d%s (Ctrl+C or SIGTERM stops it)%n", bind, server.port(),
                GatewayServer.PATH);
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** The stored token hash, read at most every few seconds (a rotated token applies within them). */
    static final class TokenCache {
        private final GatewayService gateway;
        private volatile String hash;
        private volatile long readAt;

        TokenCache(GatewayService gateway) {
            this.gateway = gateway;
        }

        String get() {
            long now = System.nanoTime();
            if (hash == null || now - readAt > 5_000_000_000L) {
                hash = gateway.storedTokenHash().orElse(null);
                readAt = now;
            }
            return hash;
        }
    }
}
