package dev.smtconsole.cli;

import dev.smtconsole.app.AppServices;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;

@Command(name = "db", description = "Database maintenance.", subcommands = {DbCommand.Migrate.class, DbCommand.Info.class,
        DbCommand.Outbox.class, DbCommand.Copy.class})
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
            PrintWriter out = spec.commandLine().getOut();
            AppServices.info(db.root.config(), info -> { // the database only: no services (issue 19)
                out.println("database: " + info.location());
                out.println("schema version: " + info.schemaVersion());
                for (Map.Entry<String, Long> e : info.rowCounts().entrySet()) {
                    out.printf("%-20s %,12d%n", e.getKey(), e.getValue());
                }
                out.flush(); // out before the database closes
            });
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
            var services = db.root.writingServices(); // what waits is shown also while the server is away (ADR 0032)
            PrintWriter out = spec.commandLine().getOut();
            if (!services.forwardOutbox()) {
                out.println("no outbox: " + services.databaseConfig().describe() + " is not a shared database");
                return;
            }
            var status = services.outboxStatus();
            out.println("waiting: " + status.map(s -> s.records() + " records since " + s.since()).orElse("nothing")
                    + (status.filter(AppServices.OutboxStatus::offline).isPresent() ? " (offline: the shared database does not answer)" : ""));
            var refused = services.outboxRefused();
            out.println("refused: " + refused.size());
            for (var r : refused) {
                out.printf("  #%d %s queued %s refused %s: %s%n", r.seq(), r.kind(), r.queuedAt(), r.refusedAt(), r.reason());
            }
        }
    }

    @Command(name = "copy", description = "Copy an embedded (H2) database into the shared one: lines, machines, operators and every live event."
            + " Idempotent: running it again copies nothing twice.")
    static final class Copy implements Runnable {
        @ParentCommand
        DbCommand db;
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Option(names = "--from", required = true, paramLabel = "H2-URL",
                description = "The embedded database to copy, e.g. jdbc:h2:file:/home/me/.local/share/smt-console/smt-console")
        String from;
        @picocli.CommandLine.Option(names = "--to", paramLabel = "JDBC-URL",
                description = "The shared database (user from --db-user, password from --db-password-env or $SMT_CONSOLE_DB_PASSWORD)."
                        + " Default: the database of --db.")
        String to;
        @picocli.CommandLine.Option(names = "--operator", required = true, paramLabel = "ID", description = "Operator of record for the copy's batch.")
        String operator;

        @Override
        public void run() {
            var source = new dev.smtconsole.store.DatabaseConfig(from, null, null, null);
            if (!source.isH2()) throw new IllegalArgumentException("--from must be an H2 database (jdbc:h2:...): " + from);
            SmtCli root = db.root;
            var target = to == null ? root.config() : new dev.smtconsole.store.DatabaseConfig(to,
                    root.dbUser != null ? root.dbUser : System.getenv("SMT_CONSOLE_DB_USER"),
                    System.getenv(root.dbPasswordEnv != null ? root.dbPasswordEnv : "SMT_CONSOLE_DB_PASSWORD"), root.dbSchema);
            PrintWriter err = spec.commandLine().getErr();
            var r = dev.smtconsole.app.DatabaseCopyService.copy(source, target, operator, java.time.Clock.systemDefaultZone(),
                    (done, total) -> {
                        err.printf("copy: %,d / %,d events%n", done, total);
                        err.flush();
                    });
            spec.commandLine().getOut().printf("copied %s into %s: %d machines, %d operators; events %d, new %d, already there %d%n",
                    source.describe(), target.describe(), r.machines(), r.operators(), r.events(), r.copied(), r.alreadyThere());
        }
    }
}
