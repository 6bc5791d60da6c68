package dev.smtconsole.cli;

import dev.smtconsole.ui.ConsoleApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "gui", description = "Open the console window (the default without arguments).")
final class GuiCommand implements Callable<Integer> {
    @ParentCommand
    SmtCli root;

    @Override
    public Integer call() {
        ConsoleApp.gatewayHosts = dev.smtconsole.gateway.GatewayRunner::new;
        ConsoleApp.sourceHosts = s -> new dev.smtconsole.source.SourceRunner(s.sources(), System::getenv,
                dev.smtconsole.app.SourcePasswords.forThisUser()::saved, s.clock());
        ConsoleApp.launch(root.explicitConfig(), false);
        return 0;
    }
}
