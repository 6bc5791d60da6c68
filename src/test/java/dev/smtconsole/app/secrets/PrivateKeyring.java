package dev.smtconsole.app.secrets;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Secret Service of the test's own: a private D-Bus session bus ({@code dbus-daemon}) with an
 * unlocked GNOME Keyring on it, its files in a temp folder. Never the user's own keyring: the store
 * under test gets this bus's address in its environment. Closing stops both processes (ours, by handle).
 *
 * <p>Needs {@code dbus-daemon}, {@code gnome-keyring-daemon} and {@code secret-tool} (Debian:
 * dbus-daemon, gnome-keyring, libsecret-tools; {@code .ci/run} installs them). Without them the tests
 * are skipped with a visible message, unless {@code -Dsmt.keyring.required=true} or {@code CI=true},
 * which make them fail.
 */
public final class PrivateKeyring implements AutoCloseable {
    private final Process bus;
    private final Process keyring;
    private final Map<String, String> env;

    private PrivateKeyring(Process bus, Process keyring, Map<String, String> env) {
        this.bus = bus;
        this.keyring = keyring;
        this.env = env;
    }

    /** CI must run them: {@code -Dsmt.keyring.required=true} (.ci/run), or CI=true as the broker tests read it. */
    public static boolean required() {
        return Boolean.getBoolean("smt.keyring.required") || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Starts a bus and an unlocked keyring in {@code dir}; skips (or fails when required) without the tools. */
    public static PrivateKeyring start(Path dir) throws IOException, InterruptedException {
        for (String tool : new String[]{"dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool"}) {
            if (!onPath(tool)) {
                String why = "Secret Service tests SKIPPED: no " + tool
                        + " (apt-get install dbus-daemon dbus-bin gnome-keyring libsecret-tools)";
                if (required()) throw new AssertionError(why.replace("SKIPPED", "required (smt.keyring.required)"));
                System.out.println(why);
                Assumptions.abort(why);
            }
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        // XDG_RUNTIME_DIR must be the user's alone, as on a desktop (the keyring keeps its control socket there).
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Process bus = startBus(dir);
        String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (address == null || address.isBlank()) {
            bus.destroyForcibly();
            throw new AssertionError("dbus-daemon printed no address");
        }
        Map<String, String> env = Map.of("DBUS_SESSION_BUS_ADDRESS", address.strip(), "HOME", home.toString(),
                "XDG_DATA_HOME", home.resolve(".local/share").toString(), "XDG_RUNTIME_DIR", runtime.toString(),
                "DISPLAY", "");
        ProcessBuilder kb = new ProcessBuilder("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gnome-keyring.log").toFile());
        kb.environment().putAll(env);
        Process keyring = kb.start();
        // --unlock: the login keyring's password on standard input (created with it on first start).
        try (OutputStream in = keyring.getOutputStream()) {
            in.write("test-keyring-password".getBytes(StandardCharsets.UTF_8));
        }
        PrivateKeyring k = new PrivateKeyring(bus, keyring, env);
        // The keyring claims its bus name a moment after start: wait for a round trip (10 s at most).
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!k.store().available()) {
            if (System.nanoTime() > until) {
                k.close();
                throw new AssertionError("GNOME Keyring did not answer on the private bus within 10 s: "
                        + Files.readString(dir.resolve("gnome-keyring.log")));
            }
            Thread.sleep(100);
        }
        return k;
    }

    /**
     * A session bus of our own that starts nothing by itself (no service directories): only the keyring
     * this class starts serves secrets on it, never a second one started by D-Bus activation.
     */
    static Process startBus(Path dir) throws IOException {
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(dir.resolve("bus")));
        return new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** A store on this bus, found anew (its "available" is asked once per instance). */
    public SecretToolStore store() {
        return new SecretToolStore("secret-tool", env);
    }

    /** The environment that points a tool at this bus and keyring. */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Locks the login collection, as the desktop does on a screen lock or an idle timeout: the Secret
     * Service's own Lock call ({@code secret-tool lock} waits for a prompt nobody answers here).
     */
    public void lock() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dbus-send Lock did not answer in 10 s");
        }
        if (p.exitValue() != 0) throw new AssertionError("dbus-send Lock failed: exit " + p.exitValue());
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    @Override
    public void close() {
        keyring.destroy();
        bus.destroy();
        try {
            if (!keyring.waitFor(5, TimeUnit.SECONDS)) keyring.destroyForcibly();
            if (!bus.waitFor(5, TimeUnit.SECONDS)) bus.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
