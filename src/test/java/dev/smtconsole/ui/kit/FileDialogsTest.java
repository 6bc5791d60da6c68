package dev.smtconsole.ui.kit;

import dev.smtconsole.app.UserSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Export names and where the file dialogs open (issue 17: "…-LINEL1-…", the working directory). */
class FileDialogsTest {
    @Test
    void aLineCodeIsUsedAsItIsAndABareNumberReadsLineN() {
        assertThat(FileDialogs.lineTag("L1")).isEqualTo("L1");
        assertThat(FileDialogs.lineTag("2")).isEqualTo("LINE2");
        assertThat(FileDialogs.lineTag("SMT A/2")).isEqualTo("SMT_A_2");
        assertThat(I18n.format(I18n.EN, "report.fileName", FileDialogs.lineTag("L1"), "2026-12-01", "2026-12-05"))
                .isEqualTo("Production-Data-Record-L1-2026-12-01_2026-12-05.xlsx");
    }

    @Test
    void dialogsOpenInTheFolderUsedLastElseDocumentsElseHome(@TempDir Path home) throws Exception {
        UserSettings settings = new UserSettings(home.resolve("config"));
        assertThat(FileDialogs.initialFolder(settings, FileDialogs.EXPORT, home)).isEqualTo(home);
        Path documents = Files.createDirectories(home.resolve("Documents"));
        assertThat(FileDialogs.initialFolder(settings, FileDialogs.EXPORT, home)).isEqualTo(documents);
        Path last = Files.createDirectories(home.resolve("reports"));
        settings.put(FileDialogs.EXPORT, last.toString());
        assertThat(FileDialogs.initialFolder(settings, FileDialogs.EXPORT, home)).isEqualTo(last);
        assertThat(FileDialogs.initialFolder(settings, FileDialogs.IMPORT, home)).as("each kind its own folder").isEqualTo(documents);
        Files.delete(last);
        assertThat(FileDialogs.initialFolder(settings, FileDialogs.EXPORT, home)).as("a folder since removed").isEqualTo(documents);
    }
}
