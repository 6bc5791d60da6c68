package dev.smtconsole.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Measurements and the watchdog of {@code --self-test}. The "shown" line is what the installer
 * smoke test and docs/bench/installer.md read: time since the process started (so launcher and JVM
 * boot count, not just our code) and the resident memory at that moment.
 */
final class SelfTest {
    /** Generous: a cold start on a loaded CI box takes seconds, a hang takes forever. */
    private static final long DEFAULT_TIMEOUT_SECONDS = 120;

    private SelfTest() {
    }

    /**
     * Without a verdict in time the process is halted with 3: a self-test that hangs (a modal
     * dialog, a stuck toolkit) must fail the CI run instead of blocking it.
     */
    static void startWatchdog() {
        long seconds = Long.getLong("smt.selftest.timeout", DEFAULT_TIMEOUT_SECONDS);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(seconds));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("self-test failed: no main window after " + seconds + " s");
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }, "self-test-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** {@code shownAt}: when the window was laid out; {@code rssKb}: read right after, off the FX thread. */
    static String shownLine(long shownAt, String rssKb) {
        String elapsed = ProcessHandle.current().info().startInstant()
                .map(start -> Long.toString(shownAt - start.toEpochMilli()))
                .orElse("?");
        return "self-test: main window shown elapsed_ms=" + elapsed + " epoch_ms=" + shownAt + " rss_kb=" + rssKb;
    }

    /** VmRSS from /proc (Linux); "?" elsewhere, where the bench is not run. */
    static String rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return line.replaceAll("\\D+", "");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return "?";
    }
}
