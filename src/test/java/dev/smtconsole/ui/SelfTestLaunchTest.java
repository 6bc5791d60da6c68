package dev.smtconsole.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --self-test} as the installer's smoke test and the CI use it: a separate JVM through
 * {@code Main}, so the exit code is the one the process really ends with (Platform.exit() alone
 * would always give 0), with Monocle standing in for a display.
 */
class SelfTestLaunchTest {
    private static final List<String> MONOCLE = List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
            "-Dprism.order=sw", "-Dprism.text=t2k", "-Djava.awt.headless=true");

    @TempDir
    Path tmp;

    @Test
    void opensTheMainWindowMigratesAndExitsZero() throws Exception {
        Result r = run(MONOCLE, "--self-test", "--db", "jdbc:h2:file:" + tmp.resolve("db"));

        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).containsPattern("self-test: main window shown elapsed_ms=\\d+ epoch_ms=\\d+ rss_kb=\\d+");
        assertThat(r.output).containsPattern("self-test ok: main window opened, database H2 .* at schema version \\d+");
        assertThat(tmp.resolve("db.mv.db")).exists();
        // the start-up log has no CSS warning (there were 189 with Modena plus hand CSS)
        assertThat(r.output).doesNotContain("CssStyleHelper").doesNotContain("Could not resolve").doesNotContain("ClassCastException");
    }

    @Test
    void withoutADisplayExitsNonZeroWithTheReason() throws Exception {
        Result r = run(List.of("-Dglass.platform=gtk", "-Djava.awt.headless=true"), "--self-test",
                "--db", "jdbc:h2:file:" + tmp.resolve("db"));

        assertThat(r.exitCode).as(r.output).isEqualTo(1);
        assertThat(r.output).contains("self-test failed:").containsIgnoringCase("display");
        assertThat(r.output).doesNotContain("self-test ok");
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Surefire puts the real class path here and only a manifest jar on java.class.path.
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dsmt.selftest.timeout=60", "-cp", cp, "dev.smtconsole.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = tmp.resolve("out.txt");
        pb.redirectOutput(log.toFile());
        pb.environment().put("SMT_CONSOLE_HOME", tmp.resolve("home").toString());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no exit after 90 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
