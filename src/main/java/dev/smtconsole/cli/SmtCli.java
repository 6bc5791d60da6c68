package dev.smtconsole.cli;

import dev.smtconsole.app.AppException;
import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.AppServices;
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
@Command(name = "smt-console", mixinStandardHelpOptions = true, versionProvider = SmtCli.Version.class,
        description = "SMT Console: production entry, import, live counter wall and paper-form reports.",
        subcommands = {GuiCommand.class, DbCommand.class, MasterCommand.class, DemoCommand.class, ScreenshotCommand.class,
                ImportCommand.class, ReportCommand.class, SettingsCommand.class, BenchCommand.class,
                ServeCommand.class, GatewayCommand.class},
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

    private AppServices services;

    public static int run(String... args) {
        SmtCli root = new SmtCli();
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + message(ex));
            if (root.verbose) ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        try {
            return cli.execute(args);
        } finally {
            root.closeServices();
        }
    }

    static String message(Throwable ex) {
        if (ex instanceof AppException || ex instanceof DatabaseException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    @Override
    public Integer call() {
        if (!selfTest) {
            ConsoleApp.launch(config(), false);
            return 0;
        }
        try {
            ConsoleApp.launch(config(), true);
        } catch (RuntimeException e) {
            // e.g. no display: the toolkit never started, so start() could not report it
            System.err.println("self-test failed: " + message(e));
            return 1;
        }
        return ConsoleApp.selfTestExitCode();
    }

    /** The database chosen by options, environment or default, in that order. */
    public DatabaseConfig config() {
        String url = dbUrl != null ? dbUrl : System.getenv("SMT_CONSOLE_DB_URL");
        String user = dbUser != null ? dbUser : System.getenv("SMT_CONSOLE_DB_USER");
        String passwordVar = dbPasswordEnv != null ? dbPasswordEnv : "SMT_CONSOLE_DB_PASSWORD";
        String password = System.getenv(passwordVar);
        if (dbPasswordEnv != null && password == null) {
            throw new AppException("Environment variable " + dbPasswordEnv + " (named by --db-password-env) is not set");
        }
        if (url == null || url.isBlank()) {
            return DatabaseConfig.embedded(AppPaths.forCurrentUser().dataDir()).withSchema(dbSchema);
        }
        return new DatabaseConfig(url, user, password, dbSchema);
    }

    /** Opens (and migrates) the database once per run. */
    public AppServices services() {
        if (services == null) services = AppServices.open(config());
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
