package dev.smtconsole.ui.kit;

import dev.smtconsole.app.UserSettings;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JavaFX dialogs behind {@link DialogService}: owned by the console's active window, file
 * choosers opening in the folder used last for that kind of file ({@link FileDialogs}).
 */
public final class FxDialogService implements DialogService {
    private final UserSettings settings;
    private final TaskExecutor tasks;
    private final Supplier<Window> owner;

    public FxDialogService(UserSettings settings, TaskExecutor tasks) {
        this(settings, tasks, FxDialogService::activeWindow);
    }

    public FxDialogService(UserSettings settings, TaskExecutor tasks, Supplier<Window> owner) {
        this.settings = settings;
        this.tasks = tasks;
        this.owner = owner;
    }

    /** The focused window of the console, else the first one showing; null before any window is up. */
    static Window activeWindow() {
        List<Window> showing = Window.getWindows().stream().filter(Window::isShowing).toList();
        return showing.stream().filter(Window::isFocused).findFirst().orElse(showing.isEmpty() ? null : showing.get(0));
    }

    private void own(Dialog<?> d) {
        Window w = owner.get();
        if (w != null) d.initOwner(w);
    }

    @Override
    public boolean confirm(String title, String text) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.OK, ButtonType.CANCEL);
        a.setTitle(title);
        a.setHeaderText(null);
        own(a);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    @Override
    public void showError(String title, String text) {
        message(Alert.AlertType.ERROR, title, text);
    }

    @Override
    public void showInfo(String title, String text) {
        message(Alert.AlertType.INFORMATION, title, text);
    }

    private void message(Alert.AlertType type, String title, String text) {
        Alert a = new Alert(type, text, ButtonType.OK);
        a.setTitle(title);
        a.setHeaderText(null);
        own(a);
        a.showAndWait();
    }

    @Override
    public Optional<String> askReason(ReasonRequest r) {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle(r.title());
        dialog.setHeaderText(r.header());
        own(dialog);
        Label label = new Label(r.label());
        TextField reason = new TextField();
        reason.setId("voidReason");
        reason.setPromptText(r.prompt());
        reason.setPrefColumnCount(32);
        label.setLabelFor(reason);
        dialog.getDialogPane().setContent(new VBox(6, label, reason));
        ButtonType ok = new ButtonType(r.confirm(), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        Node okButton = dialog.getDialogPane().lookupButton(ok);
        okButton.setId("voidConfirm");
        okButton.disableProperty().bind(reason.textProperty().map(String::isBlank).orElse(true));
        dialog.setResultConverter(b -> b == ok ? reason.getText().strip() : null);
        Platform.runLater(reason::requestFocus);
        return dialog.showAndWait().filter(s -> !s.isBlank());
    }

    @Override
    public Optional<String> askText(String title, String header, String initial) {
        TextInputDialog d = new TextInputDialog(initial == null ? "" : initial);
        d.setTitle(title);
        d.setHeaderText(header);
        own(d);
        return d.showAndWait();
    }

    @Override
    public Optional<Path> openFile(FileRequest request) {
        File f = chooser(request).showOpenDialog(owner.get());
        remember(request, f);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public List<Path> openFiles(FileRequest request) {
        List<File> files = chooser(request).showOpenMultipleDialog(owner.get());
        if (files == null || files.isEmpty()) return List.of();
        remember(request, files.get(0));
        return files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> saveFile(FileRequest request) {
        FileChooser c = chooser(request);
        if (request.initialName() != null) c.setInitialFileName(request.initialName());
        File f = c.showSaveDialog(owner.get());
        remember(request, f);
        return Optional.ofNullable(f).map(File::toPath);
    }

    private FileChooser chooser(FileRequest r) {
        FileChooser c = new FileChooser();
        if (r.title() != null) c.setTitle(r.title());
        if (r.folderKind() != null) FileDialogs.at(c, settings, r.folderKind());
        for (FileFilter f : r.filters()) c.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.description(), f.patterns()));
        return c;
    }

    private void remember(FileRequest r, File chosen) {
        if (r.folderKind() != null && chosen != null) FileDialogs.remember(settings, tasks, r.folderKind(), chosen);
    }
}
