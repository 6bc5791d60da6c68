package dev.smtconsole.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "demo", description = "Load the sample master data and N days of realistic production (3 lines x 3 placement machines), ending now.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    SmtCli root;
    @Spec
    CommandSpec spec;
    @Option(names = "--days", defaultValue = "7", description = "Days of production (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        var result = root.services().demo().load(days, n -> { });
        spec.commandLine().getOut().printf("demo: %d days, %d events written, %d already present%n",
                days, result.events(), result.duplicates());
        return 0;
    }
}
