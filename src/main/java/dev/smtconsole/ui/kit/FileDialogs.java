package dev.smtconsole.ui.kit;

import dev.smtconsole.app.UserSettings;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where file dialogs open: the folder used last for the same kind of file, else the user's
 * Documents folder, else the home folder — never the process's working directory.
 */
public final class FileDialogs {
    public static final String EXPORT = "dialog.folder.export";
    public static final String IMPORT = "dialog.folder.import";

    private FileDialogs() {
    }

    public static Path initialFolder(UserSettings settings, String kind) {
        return initialFolder(settings, kind, Path.of(System.getProperty("user.home")));
    }

    static Path initialFolder(UserSettings settings, String kind, Path home) {
        String last = settings.get(kind, null);
        if (last != null && Files.isDirectory(Path.of(last))) return Path.of(last);
        Path documents = home.resolve("Documents");
        return Files.isDirectory(documents) ? documents : home;
    }

    /** Points the chooser at the folder for {@code kind}. */
    public static FileChooser at(FileChooser chooser, UserSettings settings, String kind) {
        File dir = initialFolder(settings, kind).toFile();
        if (dir.isDirectory()) chooser.setInitialDirectory(dir);
        return chooser;
    }

    /** Remembers the folder of a chosen file for next time (the settings file is written off the FX thread). */
    public static void remember(UiContext ctx, String kind, File chosen) {
        remember(ctx.settings(), ctx.tasks(), kind, chosen);
    }

    public static void remember(UserSettings settings, TaskExecutor tasks, String kind, File chosen) {
        if (chosen == null || chosen.getAbsoluteFile().getParentFile() == null) return;
        String folder = chosen.getAbsoluteFile().getParent();
        tasks.run(() -> {
            settings.put(kind, folder);
            return folder;
        }, ok -> { }, e -> { }); // a folder not remembered is not worth a message; the executor logs it
    }

    /** "L1" stays "L1"; a bare number "2" reads "LINE2" as on the paper form ("LINE: 2"); never "LINEL1". */
    public static String lineTag(String lineCode) {
        if (lineCode == null || lineCode.isBlank()) return "LINE";
        String c = lineCode.strip().replaceAll("[\\\\/:*?\"<>|\\s]+", "_");
        return Character.isDigit(c.charAt(0)) ? "LINE" + c : c;
    }
}
