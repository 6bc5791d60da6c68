package dev.smtconsole.ui.kit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every window a view model needs to open: questions, messages, a reason, file choosers. The
 * application shows JavaFX dialogs ({@link FxDialogService}); view-model tests answer from a
 * script. Texts arrive already in the user's language; a view model never creates a Stage.
 */
public interface DialogService {

    /** A group of file name patterns shown in a chooser ("Excel (*.xlsx)", "*.xlsx"). */
    record FileFilter(String description, List<String> patterns) {
        public FileFilter {
            patterns = List.copyOf(patterns);
        }

        public static FileFilter of(String description, String... patterns) {
            return new FileFilter(description, List.of(patterns));
        }
    }

    /**
     * A file chooser: its title, which remembered folder it opens in ({@link FileDialogs#IMPORT},
     * {@link FileDialogs#EXPORT}, or null for the default), the suggested name when saving.
     */
    record FileRequest(String title, String folderKind, String initialName, List<FileFilter> filters) {
        public FileRequest {
            filters = List.copyOf(filters);
        }
    }

    /** A required reason (voids and corrections are audited): the confirm button waits for text. */
    record ReasonRequest(String title, String header, String label, String prompt, String confirm) {
    }

    /** OK / Cancel; true on OK. */
    boolean confirm(String title, String text);

    void showError(String title, String text);

    void showInfo(String title, String text);

    /** A reason, stripped; empty when cancelled. */
    Optional<String> askReason(ReasonRequest request);

    /** Free text with a starting value; empty when cancelled. */
    Optional<String> askText(String title, String header, String initial);

    Optional<Path> openFile(FileRequest request);

    List<Path> openFiles(FileRequest request);

    Optional<Path> saveFile(FileRequest request);
}
