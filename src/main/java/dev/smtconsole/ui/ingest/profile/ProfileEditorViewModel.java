package dev.smtconsole.ui.ingest.profile;

import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.app.ProfileService;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.profile.Presets;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.ingest.profile.ProfileParser;
import dev.smtconsole.ui.kit.DialogService;
import dev.smtconsole.ui.kit.DialogService.FileFilter;
import dev.smtconsole.ui.kit.DialogService.FileRequest;
import dev.smtconsole.ui.kit.ErrorText;
import dev.smtconsole.ui.kit.FileDialogs;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The import-profile editor without its controls: the profile as typed, its problems in the
 * user's language, a live preview of a sample file read with it (in the background, stale answers
 * dropped), and save / delete / export / import through {@link ProfileService} and the
 * {@link DialogService}. The editor view only binds to it.
 */
public final class ProfileEditorViewModel {
    static final int PREVIEW_ROWS = 50;

    /** Reads the first rows of a sample file as a profile would (off the FX thread). */
    @FunctionalInterface
    public interface SamplePreview {
        List<SourceRow> firstRows(Profile profile, Path file, int maxRows) throws Exception;
    }

    /** The preview the application uses: the real profile parser with the current master data and factory zone. */
    public static SamplePreview parserPreview(Supplier<MasterData> master, Supplier<ZoneId> zone) {
        return (p, file, max) -> {
            List<SourceRow> rows = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                Iterator<SourceRow> it = new ProfileParser(p).rows(in,
                        new ParseContext(file.getFileName().toString(), master.get(), zone.get(), null));
                while (it.hasNext() && rows.size() < max) rows.add(it.next());
            }
            return rows;
        };
    }

    private final ProfileService profiles;
    private final SamplePreview samplePreview;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final I18n i18n;

    private final ObservableList<Profile> choices = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Profile> chosen = new ReadOnlyObjectWrapper<>();
    private final StringProperty name = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper("");
    private final StringProperty encoding = new SimpleStringProperty();
    private final StringProperty delimiter = new SimpleStringProperty();
    private final ObjectProperty<Integer> preamble = new SimpleObjectProperty<>(0);
    private final BooleanProperty header = new SimpleBooleanProperty(true);
    private final StringProperty timeFormat = new SimpleStringProperty("");
    private final StringProperty zone = new SimpleStringProperty("");
    private final ObjectProperty<Profile.Counters> counters = new SimpleObjectProperty<>();
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>();
    private final ObjectProperty<Profile.MachineSource> machineFrom = new SimpleObjectProperty<>();
    private final StringProperty machineValue = new SimpleStringProperty("");
    private final Map<Field, StringProperty> columns = new EnumMap<>(Field.class);
    private final Map<Field, StringProperty> constants = new EnumMap<>(Field.class);
    private final StringProperty rowWhen = new SimpleStringProperty("");
    private final StringProperty boardWhen = new SimpleStringProperty("");
    private final StringProperty boardOncePer = new SimpleStringProperty("");
    private final StringProperty unknownValues = new SimpleStringProperty("");
    private final ObjectProperty<Path> sampleFile = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper problems = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ObservableList<SourceRow> preview = FXCollections.observableArrayList();
    private final ObservableList<SourceRow> readOnlyPreview = FXCollections.unmodifiableObservableList(preview);

    private Supplier<String> statusSource = () -> "";
    private Profile.Detect detect;
    private Profile structure;
    private boolean loading;
    private long generation;
    /** The preset chosen last and the name/description made for its copy (they follow a language switch until edited). */
    private Profile copiedPreset;
    private String copiedName = "";
    private String copiedDescription = "";

    public ProfileEditorViewModel(ProfileService profiles, SamplePreview samplePreview, TaskExecutor tasks,
                                  DialogService dialogs, I18n i18n) {
        this.profiles = profiles;
        this.samplePreview = samplePreview;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        for (Field f : Field.values()) {
            columns.put(f, new SimpleStringProperty(""));
            constants.put(f, new SimpleStringProperty(""));
        }
        List<Observable> inputs = new ArrayList<>(List.of(name, encoding, delimiter, preamble, header, timeFormat, zone,
                counters, source, machineFrom, machineValue, rowWhen, boardWhen, boardOncePer, unknownValues, sampleFile));
        inputs.addAll(columns.values());
        inputs.addAll(constants.values());
        for (Observable o : inputs) o.addListener(x -> changed());
        i18n.localeProperty().addListener((obs, old, now) -> languageChanged());
        load(blank());
    }

    static Profile blank() {
        return new Profile("", null, false, "UTF-8", ",", 0, true, null, null, Profile.Counters.DELTA, Source.AUTO,
                new Profile.MachineFrom(Profile.MachineSource.COLUMN, "machine", null, null), Map.of(), Map.of(), null, null,
                null, null, null);
    }

    private String t(String key, Object... args) {
        return i18n.get(key, args);
    }

    // ---------- texts ----------

    /** A preset's name in the reader's language (formats.presetName.*). */
    public String presetName(Profile preset) {
        return Presets.idOf(preset).map(id -> t("formats.presetName." + id)).orElse(preset.name());
    }

    /** How a profile reads in the chooser: a preset is marked as such. */
    public String displayName(Profile p) {
        return p == null ? "" : p.builtIn() ? presetName(p) + " — " + t("formats.editor.preset") : p.name();
    }

    /** The preset's description in the reader's language, when the bundle has one. */
    private Optional<String> presetDescription(Profile preset) {
        for (String id : Presets.IDS) {
            if (Presets.find(id).map(x -> x.name().equals(preset.name())).orElse(false)) {
                return Optional.of(t("formats.preset." + id));
            }
        }
        return Optional.empty();
    }

    public String rowStatus(SourceRow r) {
        if (r.parseError() != null) return t("formats.editor.status.error");
        if (r.skipped() != null) return t("formats.editor.status.skip");
        return r.warnings().isEmpty() ? t("formats.editor.status.ok") : t("formats.editor.status.warn");
    }

    public String noteOf(SourceRow r) {
        Locale l = i18n.locale();
        if (r.parseError() != null) return RuleMessages.parseReason(l, r.rowNo(), r.parseError());
        if (r.skipped() != null) return RuleMessages.parseReason(l, r.rowNo(), r.skipped());
        return String.join("; ", r.warnings().stream().map(w -> RuleMessages.parseReason(l, r.rowNo(), w)).toList());
    }

    private void languageChanged() {
        // A copy of a preset not yet renamed or re-described follows the language too.
        if (copiedPreset != null && name.get().equals(copiedName)) {
            copiedName = t("formats.editor.copyOf", presetName(copiedPreset));
            name.set(copiedName);
        }
        if (copiedPreset != null && description.get().equals(copiedDescription)) {
            presetDescription(copiedPreset).ifPresent(description::set);
            copiedDescription = description.get();
        }
        status.set(statusSource.get());
        changed();
    }

    // ---------- the profile as typed ----------

    /** Picks a profile from the chooser: a preset is edited as a copy under a new name, a saved profile as itself. */
    public void choose(Profile p) {
        if (p == null || loading) return;
        chosen.set(p);
        if (p.builtIn()) {
            load(p.withName(t("formats.editor.copyOf", presetName(p)), false));
            presetDescription(p).ifPresent(description::set);
            copiedPreset = p;
            copiedName = name.get();
            copiedDescription = description.get();
        } else {
            copiedPreset = null;
            load(p);
        }
    }

    /** Shows a profile in the fields. */
    public void load(Profile p) {
        loading = true;
        try {
            name.set(nz(p.name()));
            description.set(nz(p.description()));
            encoding.set(p.encoding());
            delimiter.set(p.delimiterChar() == '\t' ? "TAB" : p.delimiter());
            preamble.set(p.preambleLines());
            header.set(p.header());
            timeFormat.set(nz(p.timeFormat()));
            zone.set(nz(p.zone()));
            counters.set(p.counters());
            source.set(p.source());
            Profile.MachineFrom mf = p.machine();
            machineFrom.set(mf == null ? null : mf.from());
            machineValue.set(mf == null || mf.from() == null ? "" : switch (mf.from()) {
                case COLUMN -> nz(mf.column());
                case FILE_NAME, PREAMBLE -> nz(mf.pattern());
                case CONSTANT -> nz(mf.value());
            });
            for (Field f : Field.values()) {
                columns.get(f).set(nz(p.columns().get(f)));
                constants.get(f).set(nz(p.constants().get(f)));
            }
            rowWhen.set(nz(p.rowWhen()));
            boardWhen.set(nz(p.boardWhen()));
            boardOncePer.set(String.join(", ", p.boardOncePer()));
            unknownValues.set(String.join(", ", p.unknownValues()));
            detect = p.detect();
            structure = p; // XML source, file-name values and record types: kept, not edited here
        } finally {
            loading = false;
        }
        changed();
    }

    /** The profile as the fields say now. */
    public Profile current() {
        Map<Field, String> cols = new EnumMap<>(Field.class);
        Map<Field, String> cons = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            String c = columns.get(f).get(), k = constants.get(f).get();
            if (c != null && !c.isBlank()) cols.put(f, c.strip());
            if (k != null && !k.isBlank()) cons.put(f, k.strip());
        }
        Profile.MachineSource from = machineFrom.get();
        String mv = machineValue.get() == null ? "" : machineValue.get().strip();
        Profile.MachineFrom mf = from == null ? null : switch (from) {
            case COLUMN -> new Profile.MachineFrom(from, mv, null, null);
            case FILE_NAME, PREAMBLE -> new Profile.MachineFrom(from, null, mv, null);
            case CONSTANT -> new Profile.MachineFrom(from, null, null, mv);
        };
        Integer pre = preamble.get();
        return new Profile(name.get() == null ? "" : name.get().strip(), blankToNull(description.get()), false,
                encoding.get(), delimiter.get(), pre == null ? 0 : pre, header.get(), blankToNull(timeFormat.get()),
                blankToNull(zone.get()), counters.get(), source.get(), mf, cols, cons, blankToNull(rowWhen.get()),
                blankToNull(boardWhen.get()), list(boardOncePer.get()), list(unknownValues.get()), detect)
                .withStructureOf(structure);
    }

    /** Every edit checks the profile again and re-reads the preview. */
    private void changed() {
        if (loading) return;
        Profile p = current();
        List<String> ps = p.problems(i18n.locale());
        problems.set(ps.isEmpty() ? "" : t("formats.editor.problems", String.join("; ", ps)));
        Path file = sampleFile.get();
        long gen = ++generation;
        if (file == null || !ps.isEmpty()) {
            preview.clear();
            return;
        }
        tasks.run(() -> samplePreview.firstRows(p, file, PREVIEW_ROWS), rows -> {
            if (gen == generation) preview.setAll(rows);
        }, e -> {
            if (gen == generation) {
                preview.clear();
                problems.set(t("formats.editor.previewFailed", ErrorText.reason(e, i18n)));
            }
        });
    }

    // ---------- actions ----------

    /** Reloads the chooser's list; selects {@code select} (a name) when given. */
    public void refreshList(String select) {
        tasks.run(profiles::list, list -> {
            loading = true;
            try {
                choices.setAll(list);
                if (select != null) list.stream().filter(p -> p.name().equalsIgnoreCase(select)).findFirst().ifPresent(chosen::set);
            } finally {
                loading = false;
            }
        }, this::fail);
    }

    /** Saves the profile as shown; what keeps it from being saved is said in the user's language. */
    public void save() {
        Profile p = current();
        List<String> ps = p.problems(i18n.locale());
        if (!ps.isEmpty()) {
            showStatus(() -> t("formats.editor.notSaved", String.join("; ", ps)));
            return;
        }
        if (Presets.find(p.name()).isPresent()) {
            showStatus(() -> t("formats.editor.notSaved", t("formats.editor.presetName", p.name())));
            return;
        }
        tasks.run(() -> {
            profiles.save(p);
            return p.name();
        }, saved -> {
            showStatus(() -> t("formats.editor.saved", saved));
            refreshList(saved);
        }, e -> showStatus(() -> e instanceof LocalizedException le ? le.message(i18n.locale())
                : t("formats.editor.notSaved", ErrorText.detail(e))));
    }

    public void delete() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) return;
        tasks.run(() -> profiles.delete(n), deleted -> {
            showStatus(() -> deleted ? t("formats.editor.deleted", n) : t("formats.editor.notFound", n));
            refreshList(null);
        }, this::fail);
    }

    /** Writes the profile as shown (not necessarily saved) to a JSON file. */
    public void exportTo(Path file) {
        Profile p = current();
        tasks.run(() -> {
            Files.writeString(file, p.toJson());
            return file;
        }, f -> showStatus(() -> t("formats.editor.exported", f.toString())), this::fail);
    }

    /** Reads a profile file, saves it, and shows it. */
    public void importFrom(Path file) {
        tasks.run(() -> profiles.importFrom(file), p -> {
            load(p);
            showStatus(() -> t("formats.editor.imported", p.name()));
            refreshList(p.name());
        }, this::fail);
    }

    /** Asks for a sample file; the preview reads it. */
    public void chooseSample() {
        dialogs.openFile(new FileRequest(t("formats.editor.chooseSample"), FileDialogs.IMPORT, null, List.of()))
                .ifPresent(sampleFile::set);
    }

    public void chooseExport() {
        String n = name.get() == null || name.get().isBlank() ? "profile" : name.get().strip().replaceAll("[^\\p{L}\\p{N}._-]+", "-");
        dialogs.saveFile(new FileRequest(t("formats.editor.export"), FileDialogs.EXPORT, n + ".json", List.of(JSON)))
                .ifPresent(this::exportTo);
    }

    public void chooseImport() {
        dialogs.openFile(new FileRequest(t("formats.editor.import"), FileDialogs.IMPORT, null, List.of(JSON)))
                .ifPresent(this::importFrom);
    }

    private static final FileFilter JSON = FileFilter.of("JSON", "*.json");

    private void fail(Throwable e) {
        showStatus(() -> ErrorText.of(e, i18n, "formats.editor.failed"));
    }

    private void showStatus(Supplier<String> source) {
        statusSource = source;
        status.set(source.get());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> list(String s) {
        if (s == null || s.isBlank()) return List.of();
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    // ---------- properties ----------

    public ObservableList<Profile> choices() {
        return choices;
    }

    /** The profile chosen last in the chooser (or selected after a save or import). */
    public ReadOnlyObjectProperty<Profile> chosenProperty() {
        return chosen.getReadOnlyProperty();
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    public StringProperty encodingProperty() {
        return encoding;
    }

    public StringProperty delimiterProperty() {
        return delimiter;
    }

    public ObjectProperty<Integer> preambleProperty() {
        return preamble;
    }

    public BooleanProperty headerProperty() {
        return header;
    }

    public StringProperty timeFormatProperty() {
        return timeFormat;
    }

    public StringProperty zoneProperty() {
        return zone;
    }

    public ObjectProperty<Profile.Counters> countersProperty() {
        return counters;
    }

    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    public ObjectProperty<Profile.MachineSource> machineFromProperty() {
        return machineFrom;
    }

    public StringProperty machineValueProperty() {
        return machineValue;
    }

    public StringProperty column(Field f) {
        return columns.get(f);
    }

    public StringProperty constant(Field f) {
        return constants.get(f);
    }

    public StringProperty rowWhenProperty() {
        return rowWhen;
    }

    public StringProperty boardWhenProperty() {
        return boardWhen;
    }

    public StringProperty boardOncePerProperty() {
        return boardOncePer;
    }

    public StringProperty unknownValuesProperty() {
        return unknownValues;
    }

    /** The sample file the preview reads; null clears the preview. */
    public ObjectProperty<Path> sampleFileProperty() {
        return sampleFile;
    }

    /** Why the profile cannot be used yet (or why the sample could not be read); empty when it can. */
    public ReadOnlyStringProperty problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The first rows of the sample as the profile reads them. */
    public ObservableList<SourceRow> preview() {
        return readOnlyPreview;
    }
}
