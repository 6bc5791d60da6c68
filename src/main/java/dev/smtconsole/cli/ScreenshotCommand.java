package dev.smtconsole.cli;

import dev.smtconsole.app.AppPaths;
import dev.smtconsole.app.UserSettings;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.Screenshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "screenshot", description = "Render a view off-screen against the current database and save it as PNG.")
final class ScreenshotCommand implements Callable<Integer> {
    enum View { main, ingest, ingest_import, ingest_profiles, ingest_messages, dashboard, chart, wall, reports, inout, preview, settings, settings_sources }

    @ParentCommand
    SmtCli root;
    @Spec
    CommandSpec spec;
    @Option(names = "--view", required = true, split = ",",
            description = "One or more (comma-separated) of: ${COMPLETION-CANDIDATES}.")
    List<View> views;
    @Option(names = "--lang", defaultValue = "en", split = ",", description = "zh, en or zh,en (default ${DEFAULT-VALUE}).")
    List<String> langs;
    @Option(names = "--out", paramLabel = "FILE.png", description = "The PNG for one view in one language.")
    Path out;
    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "A folder for several: VIEW-LANG.png, or VIEW-LANG-WxH.png with --size-suffix.")
    Path outDir;
    @Option(names = "--size-suffix", description = "Add -WIDTHxHEIGHT to the names in --out-dir.")
    boolean sizeSuffix;
    @Option(names = "--width", defaultValue = "1280", description = "Window (or, for the wall, screen) width.")
    int width;
    @Option(names = "--height", defaultValue = "800", description = "Window (or, for the wall, screen) height.")
    int height;

    @Override
    public Integer call() throws Exception {
        for (String lang : langs) {
            if (!lang.equals("zh") && !lang.equals("en")) throw new IllegalArgumentException("--lang must be zh or en, was " + lang);
        }
        if ((out == null) == (outDir == null)) throw new IllegalArgumentException("give either --out or --out-dir");
        if (out != null && views.size() * langs.size() > 1) throw new IllegalArgumentException("--out takes one view in one language; use --out-dir");
        Screenshots.useHeadlessPlatform(width, height);
        UserSettings settings = new UserSettings(AppPaths.forCurrentUser().configDir());
        for (View view : views) {
            for (String lang : langs) {
                Path file = out != null ? out : outDir.resolve(view.name().replace('_', '-') + "-" + lang
                        + (sizeSuffix ? "-" + width + "x" + height : "") + ".png");
                Screenshots.render(root.services(), settings, shot(view), lang.equals("zh") ? I18n.ZH : I18n.EN, file, width, height);
                spec.commandLine().getOut().println("wrote " + file);
            }
        }
        return 0;
    }

    private static Screenshots.Shot shot(View v) {
        return switch (v) {
            case main, ingest -> Screenshots.Shot.INGEST;
            case ingest_import -> Screenshots.Shot.INGEST_IMPORT;
            case ingest_profiles -> Screenshots.Shot.INGEST_PROFILES;
            case ingest_messages -> Screenshots.Shot.MESSAGES;
            case dashboard -> Screenshots.Shot.DASHBOARD;
            case chart -> Screenshots.Shot.CHART;
            case wall -> Screenshots.Shot.WALL;
            case reports -> Screenshots.Shot.REPORTS;
            case inout -> Screenshots.Shot.INOUT;
            case preview -> Screenshots.Shot.PREVIEW;
            case settings -> Screenshots.Shot.SETTINGS;
            case settings_sources -> Screenshots.Shot.SETTINGS_SOURCES;
        };
    }
}
