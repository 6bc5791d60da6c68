package dev.smtconsole.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;

@Command(name = "master", description = "Master data: lines, machines, operators.", subcommands = MasterCommand.Import.class)
final class MasterCommand {
    @ParentCommand
    SmtCli root;

    @Command(name = "import", description = {
            "Import lines and machines (header line,machine,position,kind,name,aliases; aliases separated by |)",
            "or operators (header operator_id,name). Re-running the same file changes nothing."})
    static final class Import implements Runnable {
        @ParentCommand
        MasterCommand master;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "1..*", paramLabel = "FILE.csv")
        List<Path> files;

        @Override
        public void run() {
            for (Path f : files) {
                var summary = master.root.services().masterData().importFile(f);
                spec.commandLine().getOut().println(f.getFileName() + ": " + summary.describe());
            }
        }
    }
}
