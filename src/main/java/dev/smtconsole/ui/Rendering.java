package dev.smtconsole.ui;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the window draws, chosen before the toolkit starts (issue 19, docs/bench/startup.md). On a Linux PC with no
 * graphics device — a virtual machine, a remote desktop, a thin client without a GPU — OpenGL is Mesa's software
 * rasterizer: JavaFX's GPU pipeline then draws on the CPU all the same, through LLVM, and the libraries cost the
 * window ≈ 55 MB of memory. There the console uses JavaFX's own software pipeline instead, and keeps GTK from loading
 * OpenGL for nothing ({@code GDK_GL=disable}). Anywhere else, and whenever the user chose ({@code -Dprism.order=…} or
 * {@code SMT_CONSOLE_RENDERING=gpu|software}), nothing is changed.
 */
final class Rendering {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Rendering.class);

    private Rendering() {
    }

    /** What was decided, for the log and tests. */
    enum Choice { UNCHANGED, SOFTWARE }

    /** Decides for this process; call once, before JavaFX starts. */
    static Choice chooseBeforeToolkit() {
        Choice c = choose(System.getProperty("os.name", ""), System.getProperty("prism.order"),
                System.getenv("SMT_CONSOLE_RENDERING"), Path.of("/dev"));
        if (c == Choice.SOFTWARE) {
            System.setProperty("prism.order", "sw");
            if (System.getenv("GDK_GL") == null) setenv("GDK_GL", "disable");
            log.info("no graphics device: the window draws with JavaFX's software pipeline (SMT_CONSOLE_RENDERING=gpu to change)");
        }
        return c;
    }

    static Choice choose(String osName, String prismOrder, String asked, Path dev) {
        if (prismOrder != null) return Choice.UNCHANGED; // the user's, or a test's (Monocle)
        String a = asked == null ? "" : asked.strip().toLowerCase(Locale.ROOT);
        if (a.equals("gpu")) return Choice.UNCHANGED;
        if (a.equals("software")) return Choice.SOFTWARE;
        if (!osName.startsWith("Linux")) return Choice.UNCHANGED;
        return hasGraphicsDevice(dev) ? Choice.UNCHANGED : Choice.SOFTWARE;
    }

    /** A DRM device (Intel, AMD, Nouveau, virtio-gpu: {@code /dev/dri/card*}, {@code renderD*}) or NVIDIA's own driver. */
    static boolean hasGraphicsDevice(Path dev) {
        if (Files.exists(dev.resolve("nvidia0"))) return true;
        Path dri = dev.resolve("dri");
        if (!Files.isDirectory(dri)) return false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dri)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.startsWith("card") || n.startsWith("renderD")) return true;
            }
        } catch (IOException e) {
            return true; // cannot tell: leave JavaFX to decide, as always
        }
        return false;
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** For GTK, which reads it when the toolkit starts (Java cannot change its own process's environment). */
    private static void setenv(String name, String value) {
        try {
            Native.load("c", LibC.class).setenv(name, value, 0);
        } catch (LinkageError | RuntimeException e) {
            log.debug("could not set {}: {}", name, e.toString()); // only memory is lost: GTK loads OpenGL
        }
    }
}
