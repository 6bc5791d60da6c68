package dev.smtconsole.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Picocli builds only the subcommand the arguments name (ADR 0016); help and typos still see them all. */
class LazySubcommandTest {
    @Test
    void findsTheNamedSubcommandPastRootOptionsAndTheirValues() {
        assertThat(SmtCli.namedSubcommand("--db", "jdbc:h2:mem:x", "--verbose", "db", "info")).isEqualTo(DbCommand.class);
        assertThat(SmtCli.namedSubcommand("import", "--operator", "OP1", "a.csv")).isEqualTo(ImportCommand.class);
        assertThat(SmtCli.namedSubcommand("--db-schema", "db", "report")).as("a value of --db-schema is no command")
                .isEqualTo(ReportCommand.class);
        assertThat(SmtCli.namedSubcommand("--db=jdbc:h2:mem:x", "bench", "import")).isEqualTo(BenchCommand.class);
    }

    @Test
    void withoutANameAllAreRegistered() {
        assertThat(SmtCli.namedSubcommand("--help")).isNull();
        assertThat(SmtCli.namedSubcommand("nosuch")).isNull();
        assertThat(SmtCli.namedSubcommand()).isNull();
    }

    @Test
    void helpStillListsEveryCommandAndATypoStillGetsASuggestion() {
        var help = CliRunner.run("--help");
        assertThat(help.exitCode()).isZero();
        for (Class<?> c : SmtCli.SUBCOMMANDS) {
            assertThat(help.out()).contains(c.getAnnotation(picocli.CommandLine.Command.class).name());
        }
        var typo = CliRunner.run("improt");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("import");
    }

    @Test
    void inheritedOptionsReachALazilyAddedSubcommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var r = CliRunner.run("db", "info", "--db", "jdbc:h2:file:" + dir.resolve("db"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("schema version:");
    }
}
