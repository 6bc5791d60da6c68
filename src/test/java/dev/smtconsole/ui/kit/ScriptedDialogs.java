package dev.smtconsole.ui.kit;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DialogService} for view-model tests: answers come from a script written before the
 * action ({@link #answer}), and every dialog asked for is recorded ({@link #shown()}) with its
 * texts, so a test can check what the user would have read. A dialog without a scripted answer is
 * answered "cancel" — and recorded, so a test can see that it was asked.
 */
public final class ScriptedDialogs implements DialogService {

    /** One dialog as the user would have seen it: its kind and its texts. */
    public record Shown(String kind, String title, String text) {
    }

    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<Shown> shown = new ArrayList<>();

    /**
     * The next answer: a Boolean for {@code confirm}, a String for a reason or text (null =
     * cancel), a Path for a file chooser (null = cancel), a List of Paths for a multiple choice.
     */
    public ScriptedDialogs answer(Object next) {
        answers.add(next == null ? NONE : next);
        return this;
    }

    private static final Object NONE = new Object();

    public List<Shown> shown() {
        return List.copyOf(shown);
    }

    public Optional<Shown> last() {
        return shown.isEmpty() ? Optional.empty() : Optional.of(shown.get(shown.size() - 1));
    }

    /** True when every scripted answer was used. */
    public boolean allAnswered() {
        return answers.isEmpty();
    }

    private Object next() {
        Object a = answers.poll();
        return a == NONE ? null : a;
    }

    @Override
    public boolean confirm(String title, String text) {
        shown.add(new Shown("confirm", title, text));
        return Boolean.TRUE.equals(next());
    }

    @Override
    public void showError(String title, String text) {
        shown.add(new Shown("error", title, text));
    }

    @Override
    public void showInfo(String title, String text) {
        shown.add(new Shown("info", title, text));
    }

    @Override
    public Optional<String> askReason(ReasonRequest request) {
        shown.add(new Shown("reason", request.title(), request.header()));
        return Optional.ofNullable((String) next()).map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public Optional<String> askText(String title, String header, String initial) {
        shown.add(new Shown("text", title, header));
        return Optional.ofNullable((String) next());
    }

    @Override
    public Optional<Path> openFile(FileRequest request) {
        shown.add(new Shown("open", request.title(), request.folderKind()));
        return Optional.ofNullable((Path) next());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Path> openFiles(FileRequest request) {
        shown.add(new Shown("openMany", request.title(), request.folderKind()));
        Object a = next();
        return a == null ? List.of() : (List<Path>) a;
    }

    @Override
    public Optional<Path> saveFile(FileRequest request) {
        shown.add(new Shown("save", request.title(), request.initialName()));
        return Optional.ofNullable((Path) next());
    }
}
