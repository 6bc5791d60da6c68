package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.DatabaseChoice;
import dev.smtconsole.app.DatabaseSettingsService;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.DatabaseException;
import dev.smtconsole.ui.ConsoleApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The command line: picocli commands over the same services as the GUI. Exit codes: 0 success,
 * 1 error (one line on stderr; the stack trace only with --verbose), 2 usage error; commands may
 * add their own (import: 3 when rows were rejected).
 */
@Command(name = "smt-console", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = SmtCli.Version.class,
        description = "SMT Console: production entry, import, live counter wall and paper-form reports.",
        usageHelpAutoWidth = true)
public final class SmtCli implements Callable<Integer> {
    /** Returned when the GUI was started and the JVM must keep running. */
    public static final int KEEP_RUNNING = -1;

    @Option(names = "--db", paramLabel = "JDBC-URL", scope = ScopeType.INHERIT,
            description = "Database (jdbc:h2:file:... or jdbc:postgresql://host/db). Default: $SMT_CONSOLE_DB_URL, else the embedded H2 database of this user.")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, description = "Database user. Default: $SMT_CONSOLE_DB_USER.")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", scope = ScopeType.INHERIT,
            description = "Name of the environment variable holding the database password. Default: SMT_CONSOLE_DB_PASSWORD.")
    String dbPasswordEnv;

    @Option(names = "--db-schema", scope = ScopeType.INHERIT, description = "Schema of our tables. Default: smt_console.")
    String dbSchema;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = "--self-test", description = "Start the GUI, open the main window, migrate, and exit 0 (or non-zero with the reason).")
    boolean selfTest;

    /**
     * The subcommands, in the order help lists them. Registered by {@link #run} only when named
     * (ADR 0016): picocli builds each command's model by reflection, ≈ 0.3 s for all of them.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(GuiCommand.class, DbCommand.class, MasterCommand.class,
            DemoCommand.class, ScreenshotCommand.class, ImportCommand.class, ReportCommand.class, SettingsCommand.class,
            BenchCommand.class, ServeCommand.class, GatewayCommand.class, BatchCommand.class,
            UnassignedCommand.class, SourcesCommand.class);

    /** Root options that take a value in the next argument (so that value is not a command name). */
    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("--db", "--db-user", "--db-password-env", "--db-schema");

    private AppServices services;

    /**
     * Memory set aside at start and given back when memory runs out, so that the one line can
     * still be formatted and written (without it a tight heap ended with nothing on stderr, a
     * stack trace, or the failure of whatever ran next).
     */
    private static volatile byte[] reserve;
    private static volatile boolean oomReported;
    /** JAVA_TOOL_OPTIONS: read by the JVM itself, so it works through every launcher (java -jar, target/smt-console, the app image). */
    private static final String OOM_HINT = "give Java more memory, e.g. JAVA_TOOL_OPTIONS=-Xmx2g, or split the file";
    /** The line ready to write, for when not even its formatting finds memory. */
    private static final byte[] OOM_LINE = ("error: out of memory: " + OOM_HINT + System.lineSeparator())
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static String outOfMemoryText(Throwable oom) {
        return "out of memory" + (oom.getMessage() == null ? "" : " (" + oom.getMessage() + ")") + ": " + OOM_HINT;
    }

    /**
     * Standard error without System.err's buffers, opened before memory runs out: writing the ready
     * line through it allocates nothing on the heap (System.err's own write can need memory, and with
     * a full heap that ended the run with nothing said — seen in CI).
     */
    private static final java.io.FileOutputStream RAW_ERR = new java.io.FileOutputStream(java.io.FileDescriptor.err);

    /**
     * The one line for running out of memory, written once per process; for {@code Main} when even
     * {@link #run} failed. Never throws: a second failure here falls back to the ready line.
     */
    public static int outOfMemory(OutOfMemoryError e, boolean verbose) {
        reserve = null;
        if (oomReported) return 1;
        try {
            System.err.flush();
            byte[] line = ("error: " + outOfMemoryText(e) + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            RAW_ERR.write(line); // one write: never half a line
            oomReported = true;
        } catch (Throwable again) {
            try {
                RAW_ERR.write(OOM_LINE);
                oomReported = true;
            } catch (Throwable ignored) {
                // stderr itself is gone: nothing left to say it on
            }
        }
        if (verbose) {
            try {
                e.printStackTrace();
            } catch (Throwable ignored) {
                // the line is out; the trace is a bonus
            }
        }
        return 1;
    }

    public static int run(String... args) {
        reserve = new byte[256 * 1024];
        SmtCli root = new SmtCli();
        CommandLine cli = new CommandLine(root);
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        // One line on stderr unless --verbose (README): the libraries' own logging (HikariCP's pool
        // failures with their stack traces, Flyway, Hibernate) stays quiet; the error handler says it once.
        if (!verbose) quietLogging();
        Class<?> named = namedSubcommand(args);
        for (Class<?> command : SUBCOMMANDS) {
            if (named == null || named == command) cli.addSubcommand(new CommandLine(command));
        }
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, commandLine.getErr(), root.verbose));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e, verbose);
        } catch (Error e) {
            // An error of the JVM's: picocli hands only exceptions to the handler above. Said the same way, never left
            // to the main thread's quiet uncaught handler.
            return failed(e, cli.getErr(), verbose);
        } finally {
            root.closeServices();
        }
    }

    /**
     * A command's failure in one line (its trace too with --verbose); out of memory as its own line wherever it is in
     * the causes. A class whose initialisation ran out of memory on another thread fails as "Could not initialize
     * class …", with only the text of that OutOfMemoryError in its causes: said as running out of memory too.
     */
    static int failed(Throwable ex, PrintWriter err, boolean verbose) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) return outOfMemory(oom, verbose);
        }
        String named = outOfMemoryNamedIn(ex);
        if (named != null) return outOfMemory(new OutOfMemoryError(named.isEmpty() ? null : named), verbose);
        try {
            err.println("error: " + message(ex));
            if (verbose) ex.printStackTrace(err);
            err.flush();
        } catch (Throwable again) {
            // stderr is gone: nothing left to say it on
        }
        return 1;
    }

    /**
     * The detail of an OutOfMemoryError named only in the causes' messages ("Exception java.lang.OutOfMemoryError:
     * Java heap space [in thread "…"]"), "" when it has none; null when no cause names one.
     */
    static String outOfMemoryNamedIn(Throwable e) {
        String name = OutOfMemoryError.class.getName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(name);
            if (at < 0) continue;
            String rest = m.substring(at + name.length());
            if (!rest.startsWith(": ")) return "";
            rest = rest.substring(2);
            int end = rest.indexOf(" [in thread");
            return (end >= 0 ? rest.substring(0, end) : rest).strip();
        }
        return null;
    }

    /** Turns the loggers configured in logback.xml (and the root) off for this run. */
    static void quietLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            for (ch.qos.logback.classic.Logger l : ctx.getLoggerList()) {
                if (l.getLevel() != null) l.setLevel(ch.qos.logback.classic.Level.OFF);
            }
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
        }
        // A background thread (an import's reader) hands its failure to the command, which reports it in one line.
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
    }

    /** The subcommand the arguments name, or null (no command, help, a typo: then all are registered). */
    static Class<?> namedSubcommand(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (a.startsWith("-")) {
                if (VALUE_OPTIONS.contains(a)) i++;
                continue;
            }
            for (Class<?> command : SUBCOMMANDS) {
                Command c = command.getAnnotation(Command.class);
                if (c.name().equals(a) || java.util.Arrays.asList(c.aliases()).contains(a)) return command;
            }
            return null;
        }
        return null;
    }

    static String message(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return outOfMemoryText(t);
            }
        }
        if (ex instanceof AppException || ex instanceof DatabaseException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    @Override
    public Integer call() {
        if (!selfTest) {
            ConsoleApp.gatewayHosts = dev.smtconsole.gateway.GatewayRunner::new;
            ConsoleApp.sourceHosts = s -> new dev.smtconsole.source.SourceRunner(s.sources(), System::getenv,
                    dev.smtconsole.app.SourcePasswords.forThisUser()::saved, s.clock());
            ConsoleApp.launch(explicitConfig(), false);
            return 0;
        }
        try {
            ConsoleApp.launch(explicitConfig(), true);
        } catch (RuntimeException e) {
            // e.g. no display: the toolkit never started, so start() could not report it
            System.err.println("self-test failed: " + message(e));
            return 1;
        }
        return ConsoleApp.selfTestExitCode();
    }

    /**
     * The database chosen by options, environment, Settings → Database or default, in that order.
     * A saved shared connection takes its password from the environment or the credential store,
     * else asks on the terminal (never an argument: ADR 0024).
     */
    public DatabaseConfig config() {
        DatabaseConfig explicit = explicitConfig();
        if (explicit != null) return explicit;
        AppPaths paths = AppPaths.forCurrentUser();
        var dbs = DatabaseSettingsService.forThisUser(new dev.smtconsole.app.UserSettings(paths.configDir()), paths);
        DatabaseChoice choice = dbs.current();
        if (!choice.isShared()) return choice.config(null).withSchema(dbSchema != null ? dbSchema : choice.schema());
        String password = dbs.password(choice).orElseGet(() -> {
            // A credential store that refused (locked, denied) says so before the password is asked.
            dbs.storeProblem().ifPresent(p -> System.err.println(p.getMessage()));
            return askPassword(choice);
        });
        DatabaseConfig c = choice.config(password);
        return dbSchema != null ? c.withSchema(dbSchema) : c;
    }

    /** The database named by options or environment; null: the user's own choice (Settings → Database). */
    DatabaseConfig explicitConfig() {
        String url = dbUrl != null ? dbUrl : System.getenv("SMT_CONSOLE_DB_URL");
        String user = dbUser != null ? dbUser : System.getenv("SMT_CONSOLE_DB_USER");
        String passwordVar = dbPasswordEnv != null ? dbPasswordEnv : DatabaseSettingsService.PASSWORD_ENV;
        String password = System.getenv(passwordVar);
        if (dbPasswordEnv != null && password == null) {
            throw new AppException("Environment variable " + dbPasswordEnv + " (named by --db-password-env) is not set");
        }
        if (url == null || url.isBlank()) return null;
        return new DatabaseConfig(url, user, password, dbSchema);
    }

    private static String askPassword(DatabaseChoice choice) {
        java.io.Console console = System.console();
        if (console == null) {
            throw new dev.smtconsole.app.LocalizedException("database.error.noPassword", choice.account(),
                    DatabaseSettingsService.PASSWORD_ENV);
        }
        char[] pw = console.readPassword("Password for %s: ", choice.account());
        if (pw == null) throw new dev.smtconsole.app.LocalizedException("database.error.noPassword", choice.account(),
                DatabaseSettingsService.PASSWORD_ENV);
        return new String(pw);
    }

    /** Opens (and migrates) the database once per run. */
    public AppServices services() {
        if (services == null) services = AppServices.open(dev.smtconsole.app.AppConfig.of(config()));
        return services;
    }

    /**
     * For a command that writes (import, serve): as {@link #services()}, but a shared database that does not answer
     * starts it on the local outbox with what this PC last knew (ADR 0032).
     */
    public AppServices writingServices() {
        if (services == null) services = AppServices.openForWriting(dev.smtconsole.app.AppConfig.of(config()));
        return services;
    }

    void closeServices() {
        if (services != null) {
            services.close();
            services = null;
        }
    }

    public static String version() {
        try (InputStream in = SmtCli.class.getResourceAsStream("/smt-console-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"smt-console " + version()};
        }
    }
}
