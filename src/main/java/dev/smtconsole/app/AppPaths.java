package dev.smtconsole.app;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Per-user folders: data (embedded database) and config (settings), following each OS's habit.
 * Both can be moved with SMT_CONSOLE_HOME (data and config then live under it), which tests use.
 */
public record AppPaths(Path dataDir, Path configDir) {

    public static AppPaths forCurrentUser() {
        String override = System.getenv("SMT_CONSOLE_HOME");
        if (override == null) override = System.getProperty("smt.home");
        if (override != null && !override.isBlank()) {
            Path home = Path.of(override);
            return new AppPaths(home.resolve("data"), home.resolve("config"));
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path userHome = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            Path base = appData != null ? Path.of(appData) : userHome.resolve("AppData").resolve("Roaming");
            return new AppPaths(base.resolve("smt-console"), base.resolve("smt-console").resolve("config"));
        }
        if (os.contains("mac")) {
            Path base = userHome.resolve("Library").resolve("Application Support").resolve("smt-console");
            return new AppPaths(base, base.resolve("config"));
        }
        String xdgData = System.getenv("XDG_DATA_HOME");
        String xdgConfig = System.getenv("XDG_CONFIG_HOME");
        Path data = (xdgData != null && !xdgData.isBlank() ? Path.of(xdgData) : userHome.resolve(".local").resolve("share"))
                .resolve("smt-console");
        Path config = (xdgConfig != null && !xdgConfig.isBlank() ? Path.of(xdgConfig) : userHome.resolve(".config"))
                .resolve("smt-console");
        return new AppPaths(data, config);
    }

    public static AppPaths under(Path home) {
        return new AppPaths(home.resolve("data"), home.resolve("config"));
    }
}
