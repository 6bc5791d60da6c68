package dev.smtconsole.source;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of a test's own, so the test may stop and kill it: the machine's shared broker
 * (127.0.0.1:5672) is never touched. Its own node name, AMQP and distribution ports (free loopback
 * ports), data, logs, config, Erlang cookie ({@code HOME}) and enabled plugins (only
 * {@code rabbitmq_amqp1_0}), all under one temp directory that {@link #close()} deletes. The data
 * directory outlives {@link #kill()}, so a restarted node has its durable queues and persistent
 * messages back.
 *
 * <p>The node runs in the foreground as a child process: the package's {@code rabbitmq-server}
 * script traps SIGTERM into a clean stop, and its Erlang VM is a child of it.
 */
final class RabbitNode implements AutoCloseable {
    private static final long START_SECONDS = 120;

    private final Path server;
    private final Path dir;
    private final String nodeName;
    private final int port;
    private final int distPort;
    private final Thread cleanupOnExit = new Thread(this::destroyForcibly, "rabbit-node-cleanup");
    private Process process;
    private int starts;

    private RabbitNode(Path server) throws IOException {
        this.server = server;
        this.dir = Files.createTempDirectory("smt-rabbit-");
        this.nodeName = "smt-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        this.port = freePort();
        int dist;
        do dist = freePort(); while (dist == port);
        this.distPort = dist;
        Files.createDirectories(dir.resolve("mnesia"));
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_amqp1_0].\n");
        // Loopback only; guest may log in from loopback (RabbitMQ's default), which is all we need.
        Files.writeString(dir.resolve("rabbitmq.conf"), """
                listeners.tcp.1 = 127.0.0.1:%d
                log.console = false
                log.file.level = info
                """.formatted(port));
        // An empty env file: /etc/rabbitmq/rabbitmq-env.conf names the shared node, which must not be ours.
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /**
     * A new node, started and accepting AMQP 1.0. Skips the test (visibly) when RabbitMQ is not
     * installed, unless broker tests are required (CI, -Dsmt.broker.required=true): then it fails.
     */
    static RabbitNode start() throws Exception {
        Optional<Path> server = findServer();
        if (server.isEmpty()) {
            String msg = "broker restart tests SKIPPED: rabbitmq-server is not installed (not on PATH, /usr/sbin or "
                    + "/usr/lib/rabbitmq/bin)";
            if (Boolean.getBoolean("smt.broker.required") || System.getenv("CI") != null) throw new IllegalStateException(msg);
            Assumptions.abort(msg);
        }
        RabbitNode node = new RabbitNode(server.get());
        try {
            node.up();
        } catch (Exception | AssertionError e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * The script that runs a node as the calling user. Debian's {@code /usr/sbin/rabbitmq-server}
     * is a wrapper that runs it as the {@code rabbitmq} user (who cannot write our temp directory)
     * with its output in the shared node's {@code /var/log/rabbitmq/startup_log}; the script it
     * wraps is beside it.
     */
    static Optional<Path> findServer() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)), Stream.of("/usr/sbin", "/usr/lib/rabbitmq/bin"))
                .filter(p -> !p.isBlank())
                .map(p -> Path.of(p, "rabbitmq-server"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(p -> {
                    try {
                        Path real = p.toRealPath();
                        if (real.getFileName().toString().equals("rabbitmq-script-wrapper")) {
                            Path wrapped = real.resolveSibling("rabbitmq-server");
                            if (Files.isExecutable(wrapped)) return wrapped;
                        }
                        return p;
                    } catch (IOException e) {
                        return p;
                    }
                });
    }

    int port() {
        return port;
    }

    String nodeName() {
        return nodeName;
    }

    /** Its own directory: data, logs, config and the Erlang cookie ({@code home/}). */
    Path dir() {
        return dir;
    }

    String url() {
        return "amqp://127.0.0.1:" + port;
    }

    /** Starts the node (again: same name, port and data) and waits until it accepts AMQP 1.0. */
    synchronized void up() throws Exception {
        if (process != null && process.isAlive()) throw new IllegalStateException(nodeName + " is already running");
        starts++;
        ProcessBuilder pb = new ProcessBuilder(server.toString());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RABBITMQ_") || k.startsWith("ERL_"));
        env.putAll(nodeEnv());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("log").resolve("console-" + starts + ".txt").toFile());
        long began = System.nanoTime();
        process = pb.start();
        long deadline = began + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("RabbitMQ node " + nodeName + " exited (" + process.exitValue() + ") while starting:\n"
                        + tail(dir.resolve("log").resolve("console-" + starts + ".txt")));
            }
            if (acceptsAmqp10()) {
                System.out.printf("RabbitMQ node %s (start %d) accepts AMQP 1.0 on 127.0.0.1:%d after %.1f s%n", nodeName, starts, port,
                        (System.nanoTime() - began) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                destroyForcibly();
                throw new AssertionError("RabbitMQ node " + nodeName + " did not accept AMQP 1.0 on port " + port + " within "
                        + START_SECONDS + " s:\n" + tail(dir.resolve("log").resolve("console-" + starts + ".txt")));
            }
            TimeUnit.MILLISECONDS.sleep(250); // a node's boot has no event to wait on from here
        }
    }

    private Map<String, String> nodeEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString()); // the node's Erlang cookie goes here, not in the user's home
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        // Distribution (and an epmd the node may have to start) on loopback only.
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        return env;
    }

    private boolean acceptsAmqp10() {
        try (Client client = Client.create();
             Connection c = client.connect(Broker.HOST, port, Broker.options().openTimeout(2, TimeUnit.SECONDS))) {
            c.openFuture().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The node crashes: its Erlang VM is killed (SIGKILL), nothing flushed, nothing closed cleanly. */
    synchronized void kill() throws InterruptedException {
        destroyForcibly();
        awaitPortClosed();
    }

    /** A clean stop (SIGTERM: the script stops the node as {@code rabbitmqctl stop} would). */
    synchronized void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        List<ProcessHandle> vm = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) destroyForcibly();
        for (ProcessHandle h : vm) h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
        destroyForcibly();
        awaitPortClosed();
    }

    private synchronized void destroyForcibly() {
        if (process == null) return;
        // The VM first: killing only the script would leave the node running, orphaned.
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        for (ProcessHandle h : children) h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPortClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var s = new java.net.Socket(Broker.HOST, port)) {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("port " + port + " of " + nodeName + " still accepts connections after the node was stopped");
    }

    /** Stops the node and deletes its directory. */
    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            destroyForcibly();
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills the node too
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no console output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
