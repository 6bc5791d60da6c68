package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `import --format cfx|xlsx|profile` and `--profile NAME|FILE` from the command line, with exit codes. */
class FormatsCliTest {
    @TempDir
    Path dir;
    private String db;

    @BeforeEach
    void masterData() {
        try (AppServices s = new AppServices(Database.open(TestDatabases.h2(dir)), Clock.systemDefaultZone())) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
        }
        db = "jdbc:h2:file:" + dir.resolve("test-db").toAbsolutePath();
    }

    record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = SmtCli.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void profileByNameAndTheSummaryLine() {
        Run r = cli("import", "sample-data/yamaha-lotlog-L1-M2.csv", "--profile", "yamaha-lotlog", "--operator", "OP1001", "--db", db);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("read=25 accepted=25 rejected=0 duplicates=0 skipped=0");
        Run again = cli("import", "sample-data/yamaha-lotlog-L1-M2.csv", "--format", "profile", "--profile", "Yamaha-style LotLog",
                "--operator", "OP1001", "--db", db);
        assertThat(again.out()).contains("accepted=0 rejected=0 duplicates=25");
    }

    @Test
    void profileFromAFileAndAnUnknownProfile() throws Exception {
        Path profile = dir.resolve("asm.json");
        Files.writeString(profile, dev.smtconsole.ingest.profile.Presets.find("asm-ois-board").orElseThrow()
                .withConstants(java.util.Map.of(dev.smtconsole.ingest.Field.JOB, "M008503")).withName("ASM L3", false).toJson());
        Run r = cli("import", "sample-data/asm-ois-board-L3.csv", "--profile", profile.toString(), "--operator", "OP1001", "--db", db);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("read=18 accepted=18");
        Run bad = cli("import", "sample-data/asm-ois-board-L3.csv", "--profile", "nope", "--operator", "OP1001", "--db", db);
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("No import profile 'nope'");
    }

    @Test
    void autoDetectsCfxAndXlsxAndRejectedRowsGiveExit3() throws Exception {
        Run cfx = cli("import", "sample-data/cfx-line2.jsonl", "sample-data/production-record-L2.xlsx", "--operator", "OP1001", "--db", db);
        assertThat(cfx.exit()).as(cfx.err()).isZero();
        assertThat(cfx.out()).contains("cfx-line2.jsonl: read=40 accepted=35 rejected=0 duplicates=0 skipped=5")
                .contains("production-record-L2.xlsx: read=33 accepted=32 rejected=0 duplicates=0 skipped=1");

        List<String> lines = Files.readAllLines(Path.of("sample-data/cfx-line2.jsonl"));
        Path hostile = dir.resolve("hostile.jsonl");
        Files.write(hostile, List.of(lines.get(0), lines.get(17).replace("\"Result\":\"Completed\"", "\"Result\":42").substring(0, 80),
                "{\"MessageName\":\"CFX.Unknown\"}"));
        Path rejects = dir.resolve("rejects.csv");
        Run h = cli("import", hostile.toString(), "--format", "cfx", "--operator", "OP1001", "--rejects-out", rejects.toString(), "--db", db);
        assertThat(h.exit()).as(h.err()).isEqualTo(3);
        assertThat(h.out()).contains("read=3 accepted=0 rejected=1 duplicates=0 skipped=2");
        assertThat(Files.readString(rejects)).contains("truncated");
    }
}
