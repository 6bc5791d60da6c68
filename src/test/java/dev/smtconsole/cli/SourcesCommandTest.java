package dev.smtconsole.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `sources add|list|test|remove` as the issue writes them, against an H2 file and the real broker. */
class SourcesCommandTest {

    @Test
    void addsListsTestsAndRemovesSources(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        assertThat(CliRunner.run("--db", url, "master", "import", "sample-data/operators.csv").exitCode()).isZero();
        assertThat(CliRunner.run("--db", url, "master", "import", "sample-data/lines.csv").exitCode()).isZero();
        Path drop = Files.createDirectories(dir.resolve("drop"));

        var cfx = CliRunner.run("--db", url, "sources", "add", "cfx", "line1", "--url", "amqp://127.0.0.1:5672",
                "--address", "/queue/smt-cli-test", "--operator", "OP1001");
        assertThat(cfx.exitCode()).as(cfx.err()).isZero();
        var folder = CliRunner.run("--db", url, "sources", "add", "folder", "office", "--path", drop.toString(), "--line", "L1",
                "--format", "csv", "--operator", "OP1001");
        assertThat(folder.exitCode()).as(folder.err()).isZero();
        var secret = CliRunner.run("--db", url, "sources", "add", "cfx", "secured", "--url", "amqps://broker.example:5671",
                "--address", "cfx", "--user", "console", "--password-env", "SMT_NO_SUCH_VAR_FOR_TEST", "--operator", "OP1001");
        assertThat(secret.exitCode()).as(secret.err()).isZero();

        // --password keeps a typed password in this PC's credential store; this machine has none, so it is refused
        // before anything is added (a password that lived only as long as the command would be no use to serve).
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("guest\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            var typed = CliRunner.run("--db", url, "sources", "add", "cfx", "typed", "--url", "amqp://127.0.0.1:5672",
                    "--address", "cfx", "--user", "guest", "--password", "--operator", "OP1001");
            assertThat(typed.exitCode()).as(typed.out() + typed.err()).isEqualTo(1);
            assertThat(typed.err()).contains("--password: this PC has no credential store (Secret Service, Keychain, Credential Manager)")
                    .contains("--password-env VAR").doesNotContain("guest\n").doesNotContain("Exception").doesNotContain("Usage:");
        } finally {
            System.setIn(stdin);
        }

        var list = CliRunner.run("--db", url, "sources", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("line1\tcfx\tenabled\tamqp://127.0.0.1:5672 /queue/smt-cli-test\tnot running")
                .contains("office\tfolder\tenabled\t" + drop + " line=L1 format=csv").contains("secured");
        assertThat(list.out()).doesNotContain("password=").doesNotContain("typed");

        var folderTest = CliRunner.run("--db", url, "sources", "test", "office");
        assertThat(folderTest.exitCode()).as(folderTest.err()).isZero();
        assertThat(folderTest.out()).contains("office: ok:");
        assertThat(drop.resolve("done")).isDirectory();
        assertThat(drop.resolve("error")).isDirectory();

        var missingPassword = CliRunner.run("--db", url, "sources", "test", "secured");
        assertThat(missingPassword.exitCode()).isEqualTo(1);
        assertThat(missingPassword.err().lines()).hasSize(1);
        assertThat(missingPassword.err()).contains("SMT_NO_SUCH_VAR_FOR_TEST");

        var off = CliRunner.run("--db", url, "sources", "disable", "office", "--operator", "OP1001");
        assertThat(off.exitCode()).as(off.err()).isZero();
        assertThat(CliRunner.run("--db", url, "sources", "list").out()).contains("office\tfolder\tdisabled");
        assertThat(CliRunner.run("--db", url, "sources", "enable", "office", "--operator", "OP1001").exitCode()).isZero();
        assertThat(CliRunner.run("--db", url, "sources", "list").out()).contains("office\tfolder\tenabled");

        var removed = CliRunner.run("--db", url, "sources", "remove", "secured", "--operator", "OP1001");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(CliRunner.run("--db", url, "sources", "list").out()).doesNotContain("secured");
    }

    @Test
    void testReachesTheRealBrokerOrSaysWhyNot(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        CliRunner.run("--db", url, "master", "import", "sample-data/operators.csv");
        // RabbitMQ's AMQP 1.0 plugin takes an anonymous connection as its default user (guest).
        CliRunner.run("--db", url, "sources", "add", "cfx", "rabbit", "--url", "amqp://127.0.0.1:5672", "--address",
                "/queue/smt-cli-probe", "--operator", "OP1001");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRunner.run("--db", url, "sources", "add", "cfx", "nowhere", "--url", "amqp://127.0.0.1:" + closedPort, "--address",
                "/queue/x", "--operator", "OP1001");

        var ok = CliRunner.run("--db", url, "sources", "test", "rabbit");
        if (ok.exitCode() != 0 && ok.err().contains("Connection refused") && System.getenv("CI") == null) {
            org.junit.jupiter.api.Assumptions.abort("no broker at 127.0.0.1:5672: " + ok.err());
        }
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("rabbit: ok: connected to amqp://127.0.0.1:5672");

        var refused = CliRunner.run("--db", url, "sources", "test", "nowhere");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: nowhere: ");
        assertThat(refused.err().lines()).hasSize(1);
    }

    @Test
    void refusesBadSourcesInOneLine(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        CliRunner.run("--db", url, "master", "import", "sample-data/operators.csv");
        var badUrl = CliRunner.run("--db", url, "sources", "add", "cfx", "x", "--url", "http://broker", "--address", "q",
                "--operator", "OP1001");
        assertThat(badUrl.exitCode()).isEqualTo(1);
        assertThat(badUrl.err()).contains("http://broker").contains("amqp://HOST:PORT");
        var both = CliRunner.run("--db", url, "sources", "add", "folder", "y", "--path", dir.toString(), "--format", "csv",
                "--profile", "yamaha-lotlog", "--operator", "OP1001");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("not both");
        var nobody = CliRunner.run("--db", url, "sources", "add", "folder", "z", "--path", dir.toString(), "--operator", "NOBODY");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("NOBODY");
        CliRunner.run("--db", url, "sources", "add", "folder", "twice", "--path", dir.toString(), "--operator", "OP1001");
        var taken = CliRunner.run("--db", url, "sources", "add", "folder", "twice", "--path", dir.toString(), "--operator", "OP1001");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).contains("exists already");
        var unknown = CliRunner.run("--db", url, "sources", "remove", "ghost", "--operator", "OP1001");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("ghost");
    }
}
