package dev.smtconsole.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `batch list` and `batch void` (issue 18): the import view's history and Void, for scripts. */
class BatchCommandTest {
    @Test
    void listsAndVoidsABatchOnceWithOneLineErrors(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        assertThat(CliRunner.run("--db", url, "master", "import", "sample-data/lines.csv").exitCode()).isZero();
        assertThat(CliRunner.run("--db", url, "master", "import", "sample-data/operators.csv").exitCode()).isZero();
        var imp = CliRunner.run("--db", url, "import", "sample-data/production-native.csv", "--operator", "OP1001");
        assertThat(imp.exitCode()).as(imp.err()).isZero();

        var list = CliRunner.run("--db", url, "batch", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).hasSize(2);
        String id = list.out().lines().skip(1).findFirst().orElseThrow().split("\t")[0];
        assertThat(list.out()).contains("COMPLETED").contains("production-native.csv").contains("OP1001");
        assertThat(CliRunner.run("--db", url, "batch", "list", "--line", "L1").out().lines()).hasSize(2);
        assertThat(CliRunner.run("--db", url, "batch", "list", "--since", "2999-01-01").out().lines()).hasSize(1);
        var badLine = CliRunner.run("--db", url, "batch", "list", "--line", "L99");
        assertThat(badLine.exitCode()).isEqualTo(1);
        assertThat(badLine.err().lines()).hasSize(1);

        var nobody = CliRunner.run("--db", url, "batch", "void", id, "--reason", "wrong file", "--operator", "NOBODY");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err().lines()).hasSize(1);
        assertThat(nobody.err()).contains("NOBODY");

        var ok = CliRunner.run("--db", url, "batch", "void", id, "--reason", "wrong file", "--operator", "OP1002");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("batch " + id + " voided");
        assertThat(CliRunner.run("--db", url, "batch", "list").out()).contains("COMPLETED VOID");

        var again = CliRunner.run("--db", url, "batch", "void", id, "--reason", "wrong file", "--operator", "OP1002");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().lines()).hasSize(1);
        assertThat(again.err()).contains("already void");
        var unknown = CliRunner.run("--db", url, "batch", "void", "999999", "--reason", "x", "--operator", "OP1002");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().lines()).hasSize(1);
        assertThat(unknown.err()).contains("999999");

        // voided data can be imported again and counts once
        var back = CliRunner.run("--db", url, "import", "sample-data/production-native.csv", "--operator", "OP1001");
        assertThat(back.out()).contains("accepted=56").contains("duplicates=0");
    }
}
