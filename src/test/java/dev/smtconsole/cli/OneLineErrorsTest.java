package dev.smtconsole.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 10: a database that is away and an out-of-memory are one line on stderr, unless
 * --verbose. Child JVMs, because the libraries log to the process's real stderr.
 */
class OneLineErrorsTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {
    }

    Run child(String heap, String... args) throws Exception {
        return run(heap, "dev.smtconsole.Main", args);
    }

    Run run(String heap, String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ImportCrashTest.javaBinary(), heap, "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(err));
    }

    @Test
    void aPostgresqlServerThatIsAwayIsOneLine() throws Exception {
        Run r = child("-Xmx256m", "--db", "jdbc:postgresql://127.0.0.1:1/smt", "import", "sample-data/production-native.csv",
                "--operator", "OP1001");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("error: ");
        Run verbose = child("-Xmx256m", "--db", "jdbc:postgresql://127.0.0.1:1/smt", "batch", "list", "--verbose");
        assertThat(verbose.err().lines().count()).as("--verbose shows the trace").isGreaterThan(1);
    }

    @Test
    void outOfMemoryIsOneLine() throws Exception {
        // A heap too small for the database and the workbook: out of memory somewhere on the way. Before memory
        // was set aside for the line, this run ended now and then with nothing on stderr (seen in CI).
        Run r = child("-Xmx16m", "--db", "jdbc:h2:file:" + dir.resolve("db"), "import", "sample-data/production-record-L2.xlsx",
                "--operator", "OP1001");
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("error: out of memory");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void outOfMemoryWhileReadingFilesAheadIsOneLine() throws Exception {
        // Several files: read ahead on reader threads (ADR 0035/0036). Out of memory there used to leave a class
        // half initialised for the importing thread, whose "Could not initialize class" then ended the run silently.
        for (int i = 0; i < 3; i++) {
            Run r = child("-Xmx16m", "--db", "jdbc:h2:file:" + dir.resolve("db-" + i), "import",
                    "sample-data/production-record-L2.xlsx", "sample-data/production-native.csv", "--operator", "OP1001");
            assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("error: out of memory");
            assertThat(r.exit()).isEqualTo(1);
        }
    }

    @Test
    void anErrorOfTheJvmIsOneLineAndOutOfMemoryFoundInItsCauses() throws Exception {
        Run r = run("-Xmx64m", ThrowsErrors.class.getName());
        assertThat(r.err().lines().toList()).as(r.err()).containsExactly(
                "error: out of memory (Java heap space): give Java more memory, e.g. JAVA_TOOL_OPTIONS=-Xmx2g, or split the file",
                "error: StackOverflowError: deep");
        assertThat(r.exit()).isEqualTo(1);
    }

    /** The two kinds of error {@code SmtCli.failed} meets from the JVM, as the JVM makes them. */
    public static final class ThrowsErrors {
        public static void main(String[] args) {
            SmtCli.quietLogging();
            // What the importing thread sees of a class whose initialiser ran out of memory on a reader thread.
            NoClassDefFoundError poisoned = new NoClassDefFoundError("Could not initialize class org.example.Helper");
            poisoned.initCause(new ExceptionInInitializerError(
                    "Exception java.lang.OutOfMemoryError: Java heap space [in thread \"smt-ingest-read-1\"]"));
            java.io.PrintWriter err = new java.io.PrintWriter(System.err);
            int a = SmtCli.failed(poisoned, err, false);
            int b = SmtCli.failed(new StackOverflowError("deep"), err, false);
            System.exit(a == 1 && b == 1 ? 1 : 3);
        }
    }

    @Test
    void theLineIsSaidWithTheHeapStillFull() throws Exception {
        // What the run above hits now and then: memory freed by the failure is taken again by another
        // thread before the line is out. Here nothing is freed at all, and the line must still appear.
        Run r = run("-Xmx16m", FullHeap.class.getName());
        assertThat(r.err().lines().toList()).as(r.err()).containsExactly(
                "error: out of memory: give Java more memory, e.g. JAVA_TOOL_OPTIONS=-Xmx2g, or split the file");
        assertThat(r.exit()).isEqualTo(1);
    }

    /** Fills the heap, keeps all of it, and only then reports. */
    public static final class FullHeap {
        public static void main(String[] args) throws Exception {
            Class.forName(SmtCli.class.getName()); // loaded, as it is when a command runs
            SmtCli.quietLogging();
            List<Object> kept = new ArrayList<>();
            OutOfMemoryError oom = null;
            try {
                while (true) kept.add(new long[1024]);
            } catch (OutOfMemoryError e) {
                oom = e;
            }
            try {
                while (true) kept.add(new Object());
            } catch (OutOfMemoryError e) {
                // the last crumbs gone too
            }
            int code = SmtCli.outOfMemory(oom, false);
            System.exit(kept.isEmpty() ? 2 : code);
        }
    }
}
