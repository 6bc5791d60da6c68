package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.SourcePasswords;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.source.SourceRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sources}: the live-feed sources every console and {@code serve} share (issue 15) — the
 * same ones Settings → Sources edits.
 */
@Command(name = "sources", description = "Live feeds: CFX broker subscriptions and watched folders that `serve` runs.",
        subcommands = {SourcesCommand.Add.class, SourcesCommand.ListSources.class, SourcesCommand.Test.class,
                SourcesCommand.Remove.class, SourcesCommand.Enable.class, SourcesCommand.Disable.class})
final class SourcesCommand {
    @ParentCommand
    SmtCli root;

    static String operator(String given) {
        String op = given != null ? given : System.getenv("SMT_CONSOLE_OPERATOR");
        if (op == null || op.isBlank()) throw new AppException("no operator: pass --operator ID or set SMT_CONSOLE_OPERATOR");
        return op.strip();
    }

    @Command(name = "add", description = "Add a source.", subcommands = {AddCfx.class, AddFolder.class})
    static final class Add {
        @ParentCommand
        SourcesCommand sources;
    }

    @Command(name = "cfx", description = "Subscribe to IPC-CFX messages on an AMQP 1.0 broker (RabbitMQ, ActiveMQ Artemis, Azure Service Bus …).")
    static final class AddCfx implements Callable<Integer> {
        @ParentCommand
        Add add;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The source's name.")
        String name;
        @Option(names = "--url", required = true, paramLabel = "amqp://HOST:PORT", description = "The broker; amqps:// for TLS.")
        String url;
        @Option(names = "--address", required = true, paramLabel = "QUEUE",
                description = "The queue or address to read, e.g. /queue/cfx (RabbitMQ) or cfx.line1 (Artemis).")
        String address;
        @Option(names = "--user", paramLabel = "U", description = "Broker user.")
        String user;
        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Environment variable holding the broker password (read from the environment of the console that runs the source).")
        String passwordEnv;
        @Option(names = "--password", interactive = true, arity = "0", prompt = "Broker password: ",
                description = "Ask for the broker password (not shown) and keep it in this PC's credential store (the Secret Service),"
                        + " as the database password is kept; where there is none, use --password-env.")
        char[] password;
        @Option(names = "--operator", paramLabel = "ID", description = "Operator of record. Default: $SMT_CONSOLE_OPERATOR.")
        String operator;
        @Option(names = "--credit", defaultValue = "200", description = "Messages the broker may send ahead (prefetch). Default: ${DEFAULT-VALUE}.")
        int credit;
        @Option(names = "--disabled", description = "Add it switched off.")
        boolean disabled;

        @Override
        public Integer call() {
            String op = operator(operator);
            SourcePasswords passwords = SourcePasswords.forThisUser();
            if (password != null) {
                if (passwordEnv != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--password and --password-env: give one of them");
                }
                if (password.length == 0) throw new dev.smtconsole.app.AppException("--password: no password typed");
                if (!passwords.keepsAcrossStarts()) {
                    throw new dev.smtconsole.app.AppException("--password: this PC has no credential store (Secret Service, Keychain, Credential Manager),"
                            + " so the password would be lost when this command ends — give it in a variable with --password-env VAR");
                }
            }
            add.sources.root.services().sources().add(new SourceService.SourceDef(name, !disabled,
                    new SourceSettings.Cfx(url, address, user, passwordEnv, op, credit)), op);
            spec.commandLine().getOut().printf("source %s added (cfx %s %s)%n", name.strip(), url.strip(), address.strip());
            if (password != null) {
                SourcePasswords.Kept kept = passwords.save(name.strip(), new String(password));
                java.util.Arrays.fill(password, ' ');
                if (kept != SourcePasswords.Kept.CREDENTIAL_STORE) {
                    throw new dev.smtconsole.app.AppException("--password: not kept — "
                            + passwords.storeProblem().map(Throwable::getMessage).orElse("the credential store refused it")
                            + " Give it in a variable with --password-env VAR, or type it in Settings → Sources.");
                }
                spec.commandLine().getOut().printf("password kept in the %s of this PC%n", passwords.storeName());
            }
            return 0;
        }
    }

    @Command(name = "folder", description = "Watch a folder (a network share works): complete files are imported, then moved to done/ or error/.")
    static final class AddFolder implements Callable<Integer> {
        @ParentCommand
        Add add;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The source's name.")
        String name;
        @Option(names = "--path", required = true, paramLabel = "DIR", description = "The folder to watch.")
        String path;
        @Option(names = "--line", paramLabel = "L", description = "Line of rows that name none. Default: from the file.")
        String line;
        @Option(names = "--format", paramLabel = "F", description = "Format of the files. Default: auto.")
        String format;
        @Option(names = "--profile", paramLabel = "P", description = "Import profile (name or .json file), instead of a format.")
        String profile;
        @Option(names = "--operator", paramLabel = "ID", description = "Operator of record. Default: $SMT_CONSOLE_OPERATOR.")
        String operator;
        @Option(names = "--stable-seconds", paramLabel = "S",
                description = "A file is complete when it has been quiet this long. Default: automatic — 1 s after its last"
                        + " write on a local disk, 5 s after this console saw it last change on a network share.")
        int stableSeconds = SourceSettings.Folder.AUTOMATIC_STABLE_SECONDS;
        @Option(names = "--poll-seconds", defaultValue = "2", description = "How often the folder is listed. Default: ${DEFAULT-VALUE}.")
        int pollSeconds;
        @Option(names = "--disabled", description = "Add it switched off.")
        boolean disabled;

        @Override
        public Integer call() {
            String op = operator(operator);
            String dir = java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
            add.sources.root.services().sources().add(new SourceService.SourceDef(name, !disabled,
                    new SourceSettings.Folder(dir, line, format, profile, op, stableSeconds, pollSeconds)), op);
            spec.commandLine().getOut().printf("source %s added (folder %s)%n", name.strip(), dir);
            return 0;
        }
    }

    @Command(name = "list", description = "The sources, with what the console running each last reported.")
    static final class ListSources implements Callable<Integer> {
        @ParentCommand
        SourcesCommand sources;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var all = sources.root.services().sources().list();
            if (all.isEmpty()) {
                out.println("no sources (add one with: smt-console sources add cfx|folder NAME ...)");
                return 0;
            }
            Instant now = Instant.now();
            for (SourceService.SourceView v : all) {
                out.println(line(v, now));
            }
            return 0;
        }

        static String line(SourceService.SourceView v, Instant now) {
            SourceService.SourceDef d = v.def();
            String target = switch (d.settings()) {
                case SourceSettings.Cfx c -> c.url() + " " + c.address();
                case SourceSettings.Folder f -> f.path() + (f.line() == null ? "" : " line=" + f.line())
                        + (f.profile() != null ? " profile=" + f.profile() : f.format() != null ? " format=" + f.format() : "");
            };
            StringBuilder sb = new StringBuilder();
            sb.append(d.name()).append('\t').append(d.settings().kind()).append('\t').append(d.enabled() ? "enabled" : "disabled")
                    .append('\t').append(target).append('\t');
            SourceService.Status s = v.status();
            if (s == null || !s.live(now)) {
                sb.append("not running").append(s == null ? "" : " (last seen " + time(s.heartbeatAt()) + " on " + s.host() + ")");
            } else {
                sb.append(s.state().name().toLowerCase(Locale.ROOT)).append(" since ").append(time(s.since()))
                        .append(String.format(Locale.ROOT, " messages=%d rate=%.1f/s errors=%d", s.messages(), s.perSecond(), s.errors()));
                if (s.lastMessageAt() != null) sb.append(" last=").append(time(s.lastMessageAt()));
                if (s.lastError() != null) sb.append(" lastError=\"").append(s.lastError()).append('"');
                sb.append(" on ").append(s.host());
            }
            return sb.toString();
        }

        private static String time(Instant t) {
            return t == null ? "-" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(t);
        }
    }

    @Command(name = "test", description = "Connect to the source's broker (or look at its folder) and say what was found; reads no message.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        SourcesCommand sources;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            SourceService.SourceDef d = sources.root.services().sources().find(name)
                    .orElseThrow(() -> new dev.smtconsole.app.LocalizedException("sources.error.noSuchSource", name));
            try {
                spec.commandLine().getOut().println(d.name() + ": ok: " + SourceRunner.test(d, System::getenv,
                        dev.smtconsole.app.SourcePasswords.forThisUser()::saved));
                return 0;
            } catch (AppException e) {
                throw e;
            } catch (Exception e) {
                Throwable t = e;
                while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
                throw new AppException(d.name() + ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()), e);
            }
        }
    }

    @Command(name = "remove", description = "Remove a source (what it wrote stays; a running `serve` stops it within seconds).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        SourcesCommand sources;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--operator", paramLabel = "ID", description = "Who removes it (audited). Default: $SMT_CONSOLE_OPERATOR.")
        String operator;

        @Override
        public Integer call() {
            sources.root.services().sources().remove(name, operator(operator));
            var kept = SourcePasswords.forThisUser().forget(name.strip());
            spec.commandLine().getOut().printf("source %s removed%n", name.strip());
            kept.ifPresent(p -> spec.commandLine().getErr().println("its password is still in the credential store: " + p.getMessage()));
            return 0;
        }
    }

    /** Switches a source on or off (audited); a running `serve` follows within seconds. */
    abstract static class Switch implements Callable<Integer> {
        @ParentCommand
        SourcesCommand sources;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--operator", paramLabel = "ID", description = "Who switches it (audited). Default: $SMT_CONSOLE_OPERATOR.")
        String operator;

        abstract boolean on();

        @Override
        public Integer call() {
            SourceService service = sources.root.services().sources();
            SourceService.SourceDef d = service.find(name)
                    .orElseThrow(() -> new dev.smtconsole.app.LocalizedException("sources.error.noSuchSource", name));
            service.update(new SourceService.SourceDef(d.name(), on(), d.settings()), operator(operator));
            spec.commandLine().getOut().printf("source %s %s%n", d.name(), on() ? "enabled" : "disabled");
            return 0;
        }
    }

    @Command(name = "enable", description = "Switch a source on.")
    static final class Enable extends Switch {
        @Override
        boolean on() {
            return true;
        }
    }

    @Command(name = "disable", description = "Switch a source off (kept; `serve` stops it within seconds).")
    static final class Disable extends Switch {
        @Override
        boolean on() {
            return false;
        }
    }
}
