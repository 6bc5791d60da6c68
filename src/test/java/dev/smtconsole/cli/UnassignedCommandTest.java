package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code unassigned list|assign} (issue 13, ADR 0027): the held counts of a file imported without its job. */
class UnassignedCommandTest {
    @TempDir
    Path dir;

    @Test
    void listThenAssignByMachineAndTimeThenTheRestOnce() {
        String db = TestDatabases.h2(dir).url();
        CliRunner.run("master", "import", "sample-data/lines.csv", "sample-data/operators.csv", "--db", db);
        CliRunner.Result imported = CliRunner.run("import", "sample-data/asm-ois-board-L3.csv", "--operator", "OP1001", "--db", db);
        assertThat(imported.out()).contains("unassigned=18");

        CliRunner.Result list = CliRunner.run("unassigned", "list", "--machine", "L3-M1", "--db", db);
        assertThat(list.exitCode()).as(list.err()).isZero();
        long onM1 = list.out().lines().count() - 1;
        assertThat(onM1).isPositive();

        CliRunner.Result none = CliRunner.run("unassigned", "assign", "--job", "M008503", "--operator", "OP1001", "--db", db);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).startsWith("error: say which counts").hasLineCount(1);
        CliRunner.Result nobody = CliRunner.run("unassigned", "assign", "--job", "M008503", "--line", "L3", "--operator", "NOBODY",
                "--db", db);
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("'NOBODY' is not in the operator list").hasLineCount(1);

        CliRunner.Result m1 = CliRunner.run("unassigned", "assign", "--job", "M008503", "--machine", "L3-M1", "--from", "2026-11-25",
                "--to", "2026-11-25", "--reason", "setup sheet", "--operator", "OP1001", "--db", db);
        assertThat(m1.exitCode()).as(m1.err()).isZero();
        assertThat(m1.out()).contains("job M008503: assigned=" + onM1 + " written=" + onM1 + " duplicates=0");
        CliRunner.Result rest = CliRunner.run("unassigned", "assign", "--job", "M008503", "--line", "L3", "--operator", "OP1001",
                "--db", db);
        assertThat(rest.out()).contains("assigned=" + (18 - onM1));
        CliRunner.Result again = CliRunner.run("unassigned", "assign", "--job", "M008503", "--line", "L3", "--operator", "OP1001",
                "--db", db);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("assigned=0").contains("no held counts matched");
        assertThat(CliRunner.run("unassigned", "list", "--db", db).out().lines().count()).isEqualTo(1);
        assertThat(CliRunner.run("batch", "list", "--db", db).out()).contains("\t18\t18\t0\t0\t0\t0\t");
    }
}
