package dev.smtconsole.cli;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.AppException;
import dev.smtconsole.app.GatewayService;
import dev.smtconsole.gateway.GatewayRunner;
import dev.smtconsole.gateway.GatewayServer;
import dev.smtconsole.source.SourceRunner;
import dev.smtconsole.gateway.Tls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code serve}: the device gateway and the live-feed sources without a screen, until SIGTERM
 * (issues 14, 15). SIGTERM stops the gateway after the requests in flight and each source after
 * the message or file in hand is committed (and, for a broker, acknowledged).
 */
@Command(name = "serve", description = "Run the device gateway (POST /api/integration/device-data) and the enabled sources "
        + "(CFX broker subscriptions, watched folders) without a window, until stopped.")
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

    @Option(names = "--no-gateway", description = "Run the sources only, without the HTTP gateway.")
    boolean noGateway;

    @Option(names = "--no-sources", description = "Run the gateway only, without the sources of `smt-console sources`.")
    boolean noSources;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Answer HTTPS with this PKCS#12 key store (.p12/.pfx) or PEM file (certificate chain + unencrypted PKCS#8 key).")
    Path tlsKeystore;

    @Option(names = "--tls-password-env", paramLabel = "VAR",
            description = "Environment variable holding the PKCS#12 password (never on the command line).")
    String tlsPasswordEnv;

    /** What serve says about its sources at start: those it runs, and those another console runs now. */
    static String startedLine(AppServices services, java.util.List<String> started) {
        java.time.Instant now = services.clock().instant();
        java.util.List<String> elsewhere = new java.util.ArrayList<>();
        for (var v : services.sources().list()) {
            if (!v.def().enabled() || started.contains(v.def().name())) continue;
            String host = v.status() != null && v.status().live(now) ? v.status().host() : null;
            elsewhere.add(v.def().name() + (host == null ? "" : " (" + host + ")"));
        }
        if (started.isEmpty() && elsewhere.isEmpty()) return "sources: none enabled yet (a source added later starts within seconds)";
        String line = started.isEmpty() ? "sources: none running here" : "sources: running " + String.join(", ", started);
        if (!elsewhere.isEmpty()) {
            line += "; run by another console now: " + String.join(", ", elsewhere)
                    + " — taken over here within seconds once it stops";
        }
        return line;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        AppServices services = root.writingServices();
        if (noGateway && noSources) throw new AppException("--no-gateway and --no-sources leave nothing to serve");
        GatewayServer server = noGateway ? null : startGateway(services);
        SourceRunner sources = null;
        if (!noSources && services.startedOffline()) {
            // Their registry lives on the shared database (ADR 0032): not known before it answers.
            System.out.println("sources: not started — the shared database does not answer; start serve again once it does");
        } else if (!noSources) {
            sources = new SourceRunner(services.sources(), System::getenv, dev.smtconsole.app.SourcePasswords.forThisUser()::saved,
                    services.clock());
            var started = sources.start();
            System.out.println(startedLine(services, started));
        }
        SourceRunner runner = sources;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server != null) server.stop(5);
            if (runner != null) runner.close();
            stopped.countDown();
        }, "smt-serve-stop"));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private GatewayServer startGateway(AppServices services) throws IOException {
        GatewayService gateway = services.gateway();
        String envHash = null;
        if (tokenEnv != null) {
            String token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) throw new AppException("environment variable " + tokenEnv + " is not set");
            envHash = GatewayService.hash(token.strip());
        } else if (services.startedOffline()) {
            throw new AppException("the shared database does not answer, and the gateway's stored token lives there:"
                    + " give the token with --token-env VAR to serve while it is away");
        } else if (gateway.storedTokenHash().isEmpty()) {
            throw new AppException("no gateway token: generate one with `smt-console gateway token --operator ID`"
                    + " or give one with --token-env VAR");
        }
        SSLContext tls = null;
        if (tlsKeystore != null) {
            if (!Files.isRegularFile(tlsKeystore)) throw new AppException("--tls-keystore " + tlsKeystore + ": no such file");
            String password = "";
            if (tlsPasswordEnv != null) {
                password = System.getenv(tlsPasswordEnv);
                if (password == null) throw new AppException("environment variable " + tlsPasswordEnv + " is not set");
            }
            tls = Tls.context(tlsKeystore, password.toCharArray());
        } else if (tlsPasswordEnv != null) {
            throw new AppException("--tls-password-env needs --tls-keystore FILE");
        }
        String fixed = envHash;
        GatewayRunner.TokenCache cache = new GatewayRunner.TokenCache(gateway);
        GatewayServer server = new GatewayServer(gateway, new InetSocketAddress(bind, port),
                () -> fixed != null ? fixed : cache.get(),
                () -> GatewayServer.healthBody(services.databaseConfig().describe(), services.schemaVersion(),
                        gateway.lastPostAt().orElse(null)), tls).start();
        System.out.printf("gateway listening on %s://%s:%d%s (Ctrl+C or SIGTERM stops it)%n", tls != null ? "https" : "http",
                bind, server.port(),
                GatewayServer.PATH);
        return server;
    }
}
