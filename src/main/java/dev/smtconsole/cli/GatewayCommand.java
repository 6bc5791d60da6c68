package dev.smtconsole.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gateway token}: generate (or rotate) the gateway's bearer token; shown once, stored hashed. */
@Command(name = "gateway", description = "Device gateway administration.", subcommands = GatewayCommand.Token.class)
final class GatewayCommand {
    @ParentCommand
    SmtCli root;

    @Command(name = "token", description = "Generate a new bearer token (the old one stops working); printed once, stored only as a hash.")
    static final class Token implements Runnable {
        @ParentCommand
        GatewayCommand gateway;

        @Option(names = "--operator", required = true, description = "Operator of record (audited).")
        String operator;

        @Override
        public void run() {
            var services = gateway.root.services();
            String token = services.gateway().newToken(operator, services.masterData().current());
            System.out.println(token);
            System.err.println("This token is shown once. Give it to the gateway as: Authorization: Bearer <token>");
        }
    }
}
