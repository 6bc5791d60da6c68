package dev.smtconsole.cli;

import dev.smtconsole.app.SettingsService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Factory-wide settings shared through the database (the same values the Settings page edits):
 * {@code settings get [NAME]}, {@code settings set NAME VALUE --operator ID}.
 */
@Command(name = "settings", description = "Read or change the factory-wide settings shared by every console on the database.",
        subcommands = {SettingsCommand.Get.class, SettingsCommand.Set.class})
final class SettingsCommand {
    @ParentCommand
    SmtCli root;

    @Command(name = "get", description = "Print one setting, or all of them (NAME=VALUE per line).")
    static final class Get implements Runnable {
        @ParentCommand
        SettingsCommand settings;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "factory.zone, factory.day-start, wall.stale-minutes, ingest.job-pattern")
        String name;

        @Override
        public void run() {
            SettingsService service = settings.root.services().settings();
            PrintWriter out = spec.commandLine().getOut();
            if (name != null) {
                out.println(service.get(name));
                return;
            }
            for (Map.Entry<String, String> e : service.all().entrySet()) out.println(e.getKey() + "=" + e.getValue());
        }
    }

    @Command(name = "set", description = "Change one setting for every console on the database (audited).")
    static final class Set implements Runnable {
        @ParentCommand
        SettingsCommand settings;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "factory.zone, factory.day-start, wall.stale-minutes, ingest.job-pattern")
        String name;
        @Parameters(index = "1", paramLabel = "VALUE", description = "e.g. Asia/Shanghai, 06:00")
        String value;
        @Option(names = "--operator", paramLabel = "ID", description = "Who makes the change (audited). Default: $SMT_CONSOLE_OPERATOR.")
        String operator;

        @Override
        public void run() {
            SettingsService service = settings.root.services().settings();
            String op = operator != null ? operator : System.getenv("SMT_CONSOLE_OPERATOR");
            boolean changed = service.set(name, value, op);
            spec.commandLine().getOut().println(name + "=" + service.get(name) + (changed ? "" : " (unchanged)"));
        }
    }
}
