package dev.smtconsole.cli;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.I18n;
import dev.smtconsole.ui.MainWindow;
import dev.smtconsole.ui.Screenshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "screenshot", description = "Render a view off-screen against the current database and save it as PNG.")
final class ScreenshotCommand implements Callable<Integer> {
    enum View { main, ingest, dashboard, reports, settings }

    @ParentCommand
    SmtCli root;
    @Spec
    CommandSpec spec;
    @Option(names = "--view", required = true, description = "One of: ${COMPLETION-CANDIDATES}.")
    View view;
    @Option(names = "--lang", defaultValue = "en", description = "zh or en (default ${DEFAULT-VALUE}).")
    String lang;
    @Option(names = "--out", required = true, paramLabel = "FILE.png")
    Path out;
    @Option(names = "--width", defaultValue = "1280")
    double width;
    @Option(names = "--height", defaultValue = "800")
    double height;

    @Override
    public Integer call() throws Exception {
        if (!lang.equals("zh") && !lang.equals("en")) {
            throw new IllegalArgumentException("--lang must be zh or en, was " + lang);
        }
        Screenshots.useHeadlessPlatform();
        MainWindow.Area area = switch (view) {
            case main, dashboard -> MainWindow.Area.DASHBOARD;
            case ingest -> MainWindow.Area.INGEST;
            case reports -> MainWindow.Area.REPORTS;
            case settings -> MainWindow.Area.SETTINGS;
        };
        if (view == View.main) area = MainWindow.Area.INGEST;
        UserSettings settings = new UserSettings(AppPaths.forCurrentUser().configDir()) ;
        Screenshots.render(root.services(), settings, area, lang.equals("zh") ? I18n.ZH : I18n.EN, out, width, height);
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }
}
