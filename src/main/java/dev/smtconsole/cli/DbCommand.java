package dev.smtconsole.cli;

import dev.smtconsole.app.DatabaseInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;

@Command(name = "db", description = "Database maintenance.", subcommands = {DbCommand.Migrate.class, DbCommand.Info.class,
        DbCommand.Outbox.class})
final class DbCommand {
    @ParentCommand
    SmtCli root;

    @Command(name = "migrate", description = "Create or update the schema to this version.")
    static final class Migrate implements Runnable {
        @ParentCommand
        DbCommand db;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (var services = dev.smtconsole.app.AppServices.migrate(db.root.config())) {
                spec.commandLine().getOut().printf("migrated %s to schema version %s%n",
                        services.databaseConfig().describe(), services.schemaVersion());
            }
        }
    }

    @Command(name = "info", description = "Where the data is, its schema version and row counts.")
    static final class Info implements Runnable {
        @ParentCommand
        DbCommand db;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            DatabaseInfo info = db.root.services().info();
            PrintWriter out = spec.commandLine().getOut();
            out.println("database: " + info.location());
            out.println("schema version: " + info.schemaVersion());
            for (Map.Entry<String, Long> e : info.rowCounts().entrySet()) {
                out.printf("%-20s %,12d%n", e.getKey(), e.getValue());
            }
        }
    }

    @Command(name = "outbox", description = "The local outbox of the shared database: what waits, what the server refused; forwards what waits.")
    static final class Outbox implements Runnable {
        @ParentCommand
        DbCommand db;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            var services = db.root.services();
            PrintWriter out = spec.commandLine().getOut();
            if (!services.forwardOutbox()) {
                out.println("no outbox: " + services.databaseConfig().describe() + " is not a shared database");
                return;
            }
            var status = services.outboxStatus();
            out.println("waiting: " + status.map(s -> s.records() + " records since " + s.since()).orElse("nothing"));
            var refused = services.outboxRefused();
            out.println("refused: " + refused.size());
            for (var r : refused) {
                out.printf("  #%d %s queued %s refused %s: %s%n", r.seq(), r.kind(), r.queuedAt(), r.refusedAt(), r.reason());
            }
        }
    }
}
