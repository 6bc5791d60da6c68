package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file shipped in sample-data/ imports with the README's own command lines, as a newcomer
 * would type them (issue 11 item 7): the lines are read from README.md and run in this JVM against
 * a fresh database; a line whose comment says "exits 3" is expected to reject rows on purpose.
 */
class ReadmeSampleCommandsTest {
    private static final String JAR = "target/smt-console ";

    @TempDir
    Path dir;

    record Command(List<String> args, int expectedExit, String text) {
    }

    /** The README's {@code master import} and {@code import} lines, continuation lines joined. */
    static List<Command> readmeCommands() throws IOException {
        List<Command> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            String l = line.strip();
            if (current == null) {
                if (!l.startsWith(JAR)) continue;
                current = new StringBuilder();
            }
            String code = withoutComment(l);
            boolean more = code.endsWith("\\");
            current.append(' ').append(more ? code.substring(0, code.length() - 1) : code);
            if (l.contains("exits 3")) current.append(" #exits3");
            if (more) continue;
            String text = current.toString().strip();
            current = null;
            boolean exits3 = text.endsWith("#exits3");
            if (exits3) text = text.substring(0, text.length() - "#exits3".length()).strip();
            List<String> args = shellWords(text.substring(JAR.length() - 1).strip());
            if (args.isEmpty() || !(args.get(0).equals("import") || (args.get(0).equals("master") && args.get(1).equals("import")))) {
                continue;
            }
            out.add(new Command(args, exits3 ? 3 : 0, text));
        }
        return out;
    }

    private static String withoutComment(String l) {
        boolean quoted = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(l.charAt(i - 1)))) return l.substring(0, i).strip();
        }
        return l;
    }

    /** Words as a POSIX shell splits them, for the quoting the README uses ("…", no escapes). */
    private static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                if (w == null) w = new StringBuilder();
            } else if (Character.isWhitespace(c) && !quoted) {
                if (w != null) words.add(w.toString());
                w = null;
            } else {
                if (w == null) w = new StringBuilder();
                w.append(c);
            }
        }
        if (w != null) words.add(w.toString());
        return words;
    }

    @Test
    void everySampleFileImportsWithTheReadmesCommandLines() throws IOException {
        String db = TestDatabases.h2(dir).url();
        List<Command> commands = readmeCommands();
        Set<String> named = new TreeSet<>();
        // master data first, as the README says
        commands.sort((a, b) -> Boolean.compare(!a.args().get(0).equals("master"), !b.args().get(0).equals("master")));
        for (Command c : commands) {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < c.args().size(); i++) {
                String a = c.args().get(i);
                if (a.startsWith("sample-data/")) named.add(a.substring("sample-data/".length()));
                boolean output = i > 0 && c.args().get(i - 1).equals("--rejects-out");
                args.add(output ? dir.resolve("out-" + i + "-" + a).toString() : a);
            }
            args.add("--db");
            args.add(db);
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(c.text() + "\n" + r.out() + r.err()).isEqualTo(c.expectedExit());
            if (c.args().get(0).equals("import")) {
                long files = c.args().stream().filter(a -> a.startsWith("sample-data/")).count();
                assertThat(r.out().lines().filter(l -> l.contains(" read=") && l.contains(" accepted="))).as(c.text()).hasSize((int) files);
                assertThat(r.out()).as(c.text()).doesNotContain("accepted=0 ");
            }
        }
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("sample-data"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")).forEach(shipped::add);
        }
        assertThat(named).as("sample files without a README command line").containsAll(shipped);
    }

    @Test
    void aFileThatLacksItsJobSaysHowToGiveIt() {
        String db = TestDatabases.h2(dir).url();
        CliRunner.run("master", "import", "sample-data/lines.csv", "sample-data/operators.csv", "--db", db);
        CliRunner.Result r = CliRunner.run("import", "sample-data/asm-ois-board-L3.csv", "--operator", "OP1001", "--db", db);
        // Held, not rejected (ADR 0027): exit 0, and the summary says how they get their job.
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("read=18 accepted=0 rejected=0 duplicates=0 skipped=0 unassigned=18")
                .contains("18 count(s) held without a job").contains("unassigned assign --job JOB").contains("--job");
        CliRunner.Result list = CliRunner.run("unassigned", "list", "--line", "L3", "--db", db);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().count()).isEqualTo(19);
        assertThat(list.out()).contains("profile 'ASM SIPLACE OIS BOARD' has no JOB column or constant");
        CliRunner.Result report = CliRunner.run("report", "production", "--line", "L3", "--from", "2026-11-25", "--to", "2026-11-25",
                "--db", db);
        assertThat(report.out()).containsPattern("line L3: \\d+ boards? on L3-M\\d without a job");
        CliRunner.Result again = CliRunner.run("import", "sample-data/asm-ois-board-L3.csv", "--job", "M008503", "--operator", "OP1001",
                "--db", db);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("read=18 accepted=18 rejected=0");
        assertThat(CliRunner.run("unassigned", "list", "--db", db).out().lines().count())
                .as("importing with --job resolves the held counts").isEqualTo(1);
        CliRunner.Result noTime = CliRunner.run("import", "sample-data/asm-ois-compdetail-L3.csv", "--profile", "asm-ois-compdetail",
                "--operator", "OP1001", "--db", db);
        assertThat(noTime.exitCode()).isEqualTo(1);
        assertThat(noTime.err()).contains("no EVENT_TIME").contains("--set EVENT_TIME=");
    }
}
