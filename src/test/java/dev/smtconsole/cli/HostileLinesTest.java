package dev.smtconsole.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 3: a 200 MB line, in a JVM with a 256 MB heap, is one rejected row with a keyed
 * reason, the lines after it are imported, and the stored rejected row is bounded (the database
 * still opens in 256 MB afterwards). Real child JVMs on the built classpath, one line on stderr.
 */
class HostileLinesTest {
    static final long LONG_LINE = 200L << 20;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run child(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(ImportCrashTest.javaBinary(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.smtconsole.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the child finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A file: its first lines, then one line of {@link #LONG_LINE} characters, then its last lines. */
    static void write(Path f, String before, String longStart, String after) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write(before);
            w.write(longStart);
            char[] chunk = new char[1 << 16];
            java.util.Arrays.fill(chunk, 'x');
            for (long n = longStart.length(); n < LONG_LINE; n += chunk.length) w.write(chunk);
            w.write('\n');
            w.write(after);
        }
    }

    @Test
    void aHugeJsonLinesLineIsOneRejectedRowInA256MbHeap() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        assertThat(child("--db", db, "master", "import", "sample-data/lines.csv").exit()).isZero();
        assertThat(child("--db", db, "master", "import", "sample-data/operators.csv").exit()).isZero();
        List<String> lines = Files.readAllLines(Path.of("sample-data/cfx-line2.jsonl"));
        Path f = dir.resolve("huge.jsonl");
        write(f, String.join("\n", lines.subList(0, 20)) + "\n", "{\"MessageName\":\"", String.join("\n", lines.subList(20, 40)) + "\n");
        Run r = child("--db", db, "import", f.toString(), "--format", "cfx", "--operator", "OP1001");
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(r.out()).contains("read=41").contains("rejected=1").contains("characters long");
        Run list = child("--db", db, "batch", "list");
        assertThat(list.exit()).as("the database opens in 256 MB afterwards: " + list.err()).isZero();
    }

    @Test
    void aHugeCsvLineIsOneRejectedRowInA256MbHeap() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        assertThat(child("--db", db, "master", "import", "sample-data/lines.csv").exit()).isZero();
        assertThat(child("--db", db, "master", "import", "sample-data/operators.csv").exit()).isZero();
        String header = "event_id,event_time,line,machine,job,boards,picks,placements,operator_id,remark\n";
        String row = "HL-%d,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,100,99,OP1001,ok\n";
        Path f = dir.resolve("huge.csv");
        write(f, header + String.format(row, 1), "HL-2,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,100,99,OP1001,",
                String.format(row, 3));
        Run r = child("--db", db, "import", f.toString(), "--operator", "OP1001");
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(r.out()).contains("read=3 accepted=2 rejected=1");
        assertThat(child("--db", db, "batch", "list").exit()).isZero();
    }
}
