package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code import FILE...}: one line per file, exit 0 / 3 / 1, operator required. */
class ImportCommandTest {
    @TempDir
    Path dir;
    DatabaseConfig config;
    String out, err;

    @BeforeEach
    void masterData() {
        config = TestDatabases.h2(dir);
        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
        }
    }

    int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db");
        all.add(config.url());
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return SmtCli.run(all.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void printsOneLinePerFileAndExitsZeroWhenNothingIsRejected() {
        int code = run("import", "sample-data/production-native.csv", "sample-data/production-native-zh.csv", "--operator", "OP1001");
        assertThat(code).as(err).isZero();
        assertThat(out).containsPattern("production-native\\.csv: read=56 accepted=56 rejected=0 duplicates=0 skipped=0 unassigned=0 batch=\\d+")
                .containsPattern("production-native-zh\\.csv: read=16 accepted=16 rejected=0 duplicates=0 skipped=0 unassigned=0 batch=\\d+");
        assertThat(run("import", "sample-data/production-native.csv", "--operator", "OP1001", "--format", "csv")).isZero();
        assertThat(out).contains("read=56 accepted=0 rejected=0 duplicates=56");
    }

    @Test
    void exitsThreeWhenRowsWereRejectedAndWritesThem() throws Exception {
        Path rejects = dir.resolve("rejects.csv");
        int code = run("import", "sample-data/production-native-bad.csv", "--operator", "OP1001", "--rejects-out", rejects.toString());
        assertThat(code).isEqualTo(3);
        assertThat(out).contains("read=18 accepted=8 rejected=9 duplicates=1");
        assertThat(Files.readAllLines(rejects, StandardCharsets.UTF_8)).hasSize(10);
    }

    @Test
    void exitsOneOnAFatalErrorAndOnUnknownFormats() throws Exception {
        assertThat(run("import", dir.resolve("missing.csv").toString(), "--operator", "OP1001")).isEqualTo(1);
        assertThat(err).contains("missing.csv");
        assertThat(run("import", "sample-data/production-native.csv", "--operator", "OP1001", "--format", "nope")).isEqualTo(1);
        assertThat(err).contains("unknown format 'nope'");
        Path junk = dir.resolve("junk.csv");
        Files.writeString(junk, "a,b\n1,2\n");
        assertThat(run("import", junk.toString(), "--operator", "OP1001")).isEqualTo(1);
        assertThat(err).contains("no format recognises this file; tried:").contains("IPC-CFX: not JSON");
    }

    @Test
    void refusesWithoutAnOperator() {
        assumeTrue(System.getenv("SMT_CONSOLE_OPERATOR") == null, "SMT_CONSOLE_OPERATOR is set in this environment");
        assertThat(run("import", "sample-data/production-native.csv")).isEqualTo(1);
        assertThat(err).contains("--operator").contains("SMT_CONSOLE_OPERATOR");
    }

    @Test
    void anUnknownOperatorRefusesTheWholeRunInOneLine() {
        int code = run("import", "sample-data/production-native.csv", "sample-data/production-native-zh.csv", "--operator", "NOBODY");
        assertThat(code).isEqualTo(1);
        assertThat(err.lines().filter(l -> l.startsWith("error:"))).hasSize(1).allMatch(l -> l.contains("NOBODY"));
        assertThat(out).doesNotContain("read=");
    }
}
