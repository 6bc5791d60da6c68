package dev.smtconsole.ui.ingest.profile;

import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.ingest.profile.ProfileParser;
import dev.smtconsole.ui.Styles;
import dev.smtconsole.ui.UiContext;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Edits an import profile with a live preview: every change re-reads the first rows of a sample
 * file with the profile on a background task and shows what the import would get. Self-contained
 * (a Node), so the import view can embed it; it talks only to {@code ctx.services().profiles()}
 * and the master-data snapshot.
 */
public final class ProfileEditor {
    static final int PREVIEW_ROWS = 50;
    private static final List<String> ENCODINGS = List.of("UTF-8", "GB18030", "Shift_JIS", "ISO-8859-1");
    private static final List<String> DELIMITERS = List.of(",", ";", "TAB", "|");
    private static final List<Field> PREVIEW_FIELDS = List.of(Field.MACHINE, Field.LINE, Field.JOB, Field.PRODUCT_MODEL,
            Field.EVENT_TIME, Field.BOARDS, Field.PICKS, Field.PLACEMENTS, Field.REJECTS);

    private final UiContext ctx;
    private final BorderPane root = new BorderPane();

    final ComboBox<Profile> choice = new ComboBox<>();
    final TextField name = new TextField();
    final Label description = new Label();
    final ComboBox<String> encoding = new ComboBox<>(FXCollections.observableArrayList(ENCODINGS));
    final ComboBox<String> delimiter = new ComboBox<>(FXCollections.observableArrayList(DELIMITERS));
    final Spinner<Integer> preamble = new Spinner<>(0, 50, 0);
    final CheckBox header = new CheckBox();
    final TextField timeFormat = new TextField();
    final TextField zone = new TextField();
    final ComboBox<Profile.Counters> counters = new ComboBox<>(FXCollections.observableArrayList(Profile.Counters.values()));
    final ComboBox<Source> source = new ComboBox<>(FXCollections.observableArrayList(Source.values()));
    final ComboBox<Profile.MachineSource> machineFrom = new ComboBox<>(FXCollections.observableArrayList(Profile.MachineSource.values()));
    final TextField machineValue = new TextField();
    final Map<Field, TextField> columns = new EnumMap<>(Field.class);
    final Map<Field, TextField> constants = new EnumMap<>(Field.class);
    final TextField rowWhen = new TextField();
    final TextField boardWhen = new TextField();
    final TextField boardOncePer = new TextField();
    final TextField unknownValues = new TextField();
    final Label problems = new Label();
    final Label status = new Label();
    final TableView<SourceRow> preview = new TableView<>();
    private final ObjectProperty<Path> sampleFile = new SimpleObjectProperty<>();
    private final Label sampleLabel = new Label();
    private Profile.Detect detect;
    private Profile structure;
    private boolean loading;
    private long generation;

    public ProfileEditor(UiContext ctx) {
        this.ctx = ctx;
        build();
        load(new Profile("", null, false, "UTF-8", ",", 0, true, null, null, Profile.Counters.DELTA, Source.AUTO,
                new Profile.MachineFrom(Profile.MachineSource.COLUMN, "machine", null, null), Map.of(), Map.of(), null, null,
                null, null, null));
        refreshList(null);
    }

    public Node view() {
        return root;
    }

    /** The sample file the preview reads; null clears the preview. */
    public ObjectProperty<Path> sampleFileProperty() {
        return sampleFile;
    }

    public void setSampleFile(Path file) {
        sampleFile.set(file);
    }

    private String t(String key, Object... args) {
        return ctx.i18n().get(key, args);
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(ctx.i18n().text(key));
        return l;
    }

    private Button button(String key, String id, Runnable action) {
        Button b = new Button();
        b.textProperty().bind(ctx.i18n().text(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void build() {
        choice.setId("formats-profile-choice");
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Profile p) {
                return p == null ? "" : p.builtIn() ? presetName(p) + " — " + t("formats.editor.preset") : p.name();
            }

            @Override
            public Profile fromString(String s) {
                return null;
            }
        });
        choice.setOnAction(e -> {
            Profile p = choice.getValue();
            if (p == null || loading) return;
            if (p.builtIn()) {
                load(p.withName(t("formats.editor.copyOf", presetName(p)), false));
                presetDescription(p).ifPresent(description::setText);
                copiedPreset = p;
                copiedName = name.getText();
                copiedDescription = description.getText();
            } else {
                copiedPreset = null;
                load(p);
            }
        });
        counters.setConverter(enumText());
        source.setConverter(enumText());
        machineFrom.setConverter(enumText());
        ctx.i18n().localeProperty().addListener((obs, old, now) -> {
            // A copy of a preset not yet renamed or re-described follows the language too.
            if (copiedPreset != null && name.getText().equals(copiedName)) {
                name.setText(t("formats.editor.copyOf", presetName(copiedPreset)));
                copiedName = name.getText();
            }
            if (copiedPreset != null && description.getText().equals(copiedDescription)) {
                presetDescription(copiedPreset).ifPresent(description::setText);
                copiedDescription = description.getText();
            }
            var chosen = choice.getValue();
            loading = true;
            try {
                choice.setValue(null);
                choice.setValue(chosen);
            } finally {
                loading = false;
            }
            // Combo boxes render their converter's text only on a new value: refresh them.
            for (ComboBox<?> c : List.of(counters, source, machineFrom)) {
                var v = c.getValue();
                c.setValue(null);
                setRaw(c, v);
            }
        });
        name.setId("formats-name");
        encoding.setId("formats-encoding");
        encoding.setEditable(true);
        delimiter.setId("formats-delimiter");
        delimiter.setEditable(true);
        preamble.setId("formats-preamble");
        preamble.setEditable(true);
        header.setId("formats-header");
        timeFormat.setId("formats-time-format");
        timeFormat.setPromptText("yyyy/MM/dd HH:mm:ss");
        zone.setId("formats-zone");
        zone.promptTextProperty().bind(ctx.i18n().text("formats.editor.zonePrompt"));
        counters.setId("formats-counters");
        source.setId("formats-source");
        machineFrom.setId("formats-machine-from");
        machineValue.setId("formats-machine-value");
        problems.setId("formats-problems");
        problems.getStyleClass().add(Styles.ERROR);
        problems.setWrapText(true);
        status.setId("formats-status");
        status.setWrapText(true);
        description.getStyleClass().add(Styles.MUTED);
        description.setWrapText(true);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.setPadding(new Insets(8));
        int r = 0;
        form.addRow(r++, label("formats.editor.name"), name);
        form.add(description, 0, r++, 2, 1);
        form.addRow(r++, label("formats.editor.encoding"), encoding);
        form.addRow(r++, label("formats.editor.delimiter"), delimiter);
        form.addRow(r++, label("formats.editor.preamble"), preamble);
        form.addRow(r++, label("formats.editor.header"), header);
        form.addRow(r++, label("formats.editor.timeFormat"), timeFormat);
        form.addRow(r++, label("formats.editor.zone"), zone);
        form.addRow(r++, label("formats.editor.counters"), counters);
        form.addRow(r++, label("formats.editor.source"), source);
        form.addRow(r++, label("formats.editor.machineFrom"), new HBox(6, machineFrom, machineValue));
        form.addRow(r++, label("formats.editor.rowWhen"), rowWhen);
        form.addRow(r++, label("formats.editor.boardWhen"), boardWhen);
        form.addRow(r++, label("formats.editor.boardOncePer"), boardOncePer);
        form.addRow(r++, label("formats.editor.unknownValues"), unknownValues);

        GridPane mapping = new GridPane();
        mapping.setHgap(8);
        mapping.setVgap(4);
        mapping.setPadding(new Insets(8));
        mapping.addRow(0, label("formats.editor.field"), label("formats.editor.column"), label("formats.editor.constant"));
        int m = 1;
        for (Field f : Field.values()) {
            TextField col = new TextField();
            col.setId("formats-column-" + f.name());
            col.setPrefColumnCount(16);
            TextField con = new TextField();
            con.setId("formats-constant-" + f.name());
            con.setPrefColumnCount(12);
            columns.put(f, col);
            constants.put(f, con);
            mapping.addRow(m++, label("formats.field." + f.name()), col, con);
        }
        TitledPane mappingPane = new TitledPane();
        mappingPane.textProperty().bind(ctx.i18n().text("formats.editor.mapping"));
        mappingPane.setContent(mapping);
        VBox left = new VBox(form, mappingPane);
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);

        preview.setId("formats-preview");
        preview.setPlaceholder(label("formats.editor.previewEmpty"));
        TableColumn<SourceRow, String> rowCol = new TableColumn<>();
        rowCol.textProperty().bind(ctx.i18n().text("formats.editor.row"));
        rowCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue().rowNo())));
        preview.getColumns().add(rowCol);
        TableColumn<SourceRow, String> statusCol = new TableColumn<>();
        statusCol.textProperty().bind(ctx.i18n().text("formats.editor.rowStatus"));
        statusCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(rowStatus(c.getValue())));
        preview.getColumns().add(statusCol);
        for (Field f : PREVIEW_FIELDS) {
            TableColumn<SourceRow, String> col = new TableColumn<>();
            col.textProperty().bind(ctx.i18n().text("formats.field." + f.name()));
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().get(f)));
            preview.getColumns().add(col);
        }
        TableColumn<SourceRow, String> note = new TableColumn<>();
        note.textProperty().bind(ctx.i18n().text("formats.editor.note"));
        note.setCellValueFactory(c -> new ReadOnlyStringWrapper(noteOf(c.getValue())));
        note.setPrefWidth(320);
        preview.getColumns().add(note);

        Button chooseSample = button("formats.editor.chooseSample", "formats-choose-sample", this::chooseSample);
        sampleLabel.getStyleClass().add(Styles.MUTED);
        VBox right = new VBox(6, new HBox(8, chooseSample, sampleLabel), problems, preview);
        right.setPadding(new Insets(8));
        VBox.setVgrow(preview, javafx.scene.layout.Priority.ALWAYS);

        SplitPane split = new SplitPane(scroll, right);
        split.setDividerPositions(0.38);

        HBox top = new HBox(8, label("formats.editor.profile"), choice,
                button("formats.editor.save", "formats-save", this::save),
                button("formats.editor.delete", "formats-delete", this::delete),
                button("formats.editor.export", "formats-export", this::chooseExport),
                button("formats.editor.import", "formats-import", this::chooseImport));
        top.setPadding(new Insets(8));
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        root.setTop(top);
        root.setCenter(split);
        HBox bottom = new HBox(status);
        bottom.setPadding(new Insets(4, 8, 4, 8));
        bottom.getStyleClass().add(Styles.STATUS_BAR);
        root.setBottom(bottom);

        // Every edit re-reads the preview.
        List<javafx.beans.Observable> inputs = new ArrayList<>(List.of(name.textProperty(), encoding.valueProperty(),
                delimiter.valueProperty(), preamble.valueProperty(), header.selectedProperty(), timeFormat.textProperty(),
                zone.textProperty(), counters.valueProperty(), source.valueProperty(), machineFrom.valueProperty(),
                machineValue.textProperty(), rowWhen.textProperty(), boardWhen.textProperty(), boardOncePer.textProperty(),
                unknownValues.textProperty(), sampleFile, ctx.i18n().localeProperty()));
        columns.values().forEach(tf -> inputs.add(tf.textProperty()));
        constants.values().forEach(tf -> inputs.add(tf.textProperty()));
        for (javafx.beans.Observable o : inputs) o.addListener(x -> changed());
        sampleFile.addListener((obs, old, now) -> sampleLabel.setText(now == null ? "" : now.getFileName().toString()));
    }

    @SuppressWarnings("unchecked")
    private static <T> void setRaw(ComboBox<T> c, Object v) {
        c.setValue((T) v);
    }

    private <E extends Enum<E>> StringConverter<E> enumText() {
        return new StringConverter<>() {
            @Override
            public String toString(E e) {
                return e == null ? "" : t("formats.enum." + e.name());
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        };
    }

    /** The preset chosen last and the name/description made for its copy (they follow a language switch until edited). */
    private Profile copiedPreset;
    private String copiedName = "";
    private String copiedDescription = "";

    /** A preset's name in the reader's language (formats.presetName.*). */
    private String presetName(Profile preset) {
        return dev.smtconsole.ingest.profile.Presets.idOf(preset).map(id -> t("formats.presetName." + id)).orElse(preset.name());
    }

    /** The preset's description in the reader's language, when the bundle has one. */
    private java.util.Optional<String> presetDescription(Profile preset) {
        for (String id : dev.smtconsole.ingest.profile.Presets.IDS) {
            if (dev.smtconsole.ingest.profile.Presets.find(id).map(x -> x.name().equals(preset.name())).orElse(false)) {
                return java.util.Optional.of(t("formats.preset." + id));
            }
        }
        return java.util.Optional.empty();
    }

    private String rowStatus(SourceRow r) {
        if (r.parseError() != null) return t("formats.editor.status.error");
        if (r.skipped() != null) return t("formats.editor.status.skip");
        return r.warnings().isEmpty() ? t("formats.editor.status.ok") : t("formats.editor.status.warn");
    }

    private String noteOf(SourceRow r) {
        java.util.Locale l = ctx.i18n().locale();
        if (r.parseError() != null) return dev.smtconsole.domain.rules.RuleMessages.parseReason(l, r.rowNo(), r.parseError());
        if (r.skipped() != null) return dev.smtconsole.domain.rules.RuleMessages.parseReason(l, r.rowNo(), r.skipped());
        return String.join("; ", r.warnings().stream()
                .map(w -> dev.smtconsole.domain.rules.RuleMessages.parseReason(l, r.rowNo(), w)).toList());
    }

    /** Shows a profile in the fields. */
    public void load(Profile p) {
        loading = true;
        try {
            name.setText(p.name() == null ? "" : p.name());
            description.setText(p.description() == null ? "" : p.description());
            encoding.setValue(p.encoding());
            delimiter.setValue(p.delimiterChar() == '\t' ? "TAB" : p.delimiter());
            preamble.getValueFactory().setValue(p.preambleLines());
            header.setSelected(p.header());
            timeFormat.setText(nz(p.timeFormat()));
            zone.setText(nz(p.zone()));
            counters.setValue(p.counters());
            source.setValue(p.source());
            Profile.MachineFrom mf = p.machine();
            machineFrom.setValue(mf == null ? null : mf.from());
            machineValue.setText(mf == null || mf.from() == null ? "" : switch (mf.from()) {
                case COLUMN -> nz(mf.column());
                case FILE_NAME, PREAMBLE -> nz(mf.pattern());
                case CONSTANT -> nz(mf.value());
            });
            for (Field f : Field.values()) {
                columns.get(f).setText(nz(p.columns().get(f)));
                constants.get(f).setText(nz(p.constants().get(f)));
            }
            rowWhen.setText(nz(p.rowWhen()));
            boardWhen.setText(nz(p.boardWhen()));
            boardOncePer.setText(String.join(", ", p.boardOncePer()));
            unknownValues.setText(String.join(", ", p.unknownValues()));
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
            if (!columns.get(f).getText().isBlank()) cols.put(f, columns.get(f).getText().strip());
            if (!constants.get(f).getText().isBlank()) cons.put(f, constants.get(f).getText().strip());
        }
        Profile.MachineSource from = machineFrom.getValue();
        String mv = machineValue.getText() == null ? "" : machineValue.getText().strip();
        Profile.MachineFrom mf = from == null ? null : switch (from) {
            case COLUMN -> new Profile.MachineFrom(from, mv, null, null);
            case FILE_NAME, PREAMBLE -> new Profile.MachineFrom(from, null, mv, null);
            case CONSTANT -> new Profile.MachineFrom(from, null, null, mv);
        };
        Integer pre = preamble.getValue();
        return new Profile(name.getText() == null ? "" : name.getText().strip(), blankToNull(description.getText()), false,
                encoding.getValue(), delimiter.getValue(), pre == null ? 0 : pre, header.isSelected(), blankToNull(timeFormat.getText()),
                blankToNull(zone.getText()), counters.getValue(), source.getValue(), mf, cols, cons, blankToNull(rowWhen.getText()),
                blankToNull(boardWhen.getText()), list(boardOncePer.getText()), list(unknownValues.getText()), detect)
                .withStructureOf(structure);
    }

    private void changed() {
        if (loading) return;
        Profile p = current();
        List<String> ps = p.problems(ctx.i18n().locale());
        problems.setText(ps.isEmpty() ? "" : t("formats.editor.problems", String.join("; ", ps)));
        Path file = sampleFile.get();
        long gen = ++generation;
        if (file == null || !ps.isEmpty()) {
            preview.getItems().clear();
            return;
        }
        ctx.tasks().run(() -> firstRows(p, file), rows -> {
            if (gen == generation) preview.getItems().setAll(rows);
        }, e -> {
            if (gen == generation) {
                preview.getItems().clear();
                problems.setText(t("formats.editor.previewFailed", String.valueOf(e.getMessage())));
            }
        });
    }

    /** Off the FX thread: the first rows of the sample as this profile reads them. */
    private List<SourceRow> firstRows(Profile p, Path file) throws Exception {
        MasterData master = ctx.services().masterData().current();
        ZoneId zoneId = ctx.services().calendars().cached().zone();
        List<SourceRow> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Iterator<SourceRow> it = new ProfileParser(p).rows(in, new ParseContext(file.getFileName().toString(), master, zoneId, null));
            while (it.hasNext() && rows.size() < PREVIEW_ROWS) rows.add(it.next());
        }
        return rows;
    }

    private void refreshList(String select) {
        ctx.tasks().run(() -> ctx.services().profiles().list(), list -> {
            loading = true;
            try {
                choice.setItems(FXCollections.observableArrayList(list));
                if (select != null) list.stream().filter(p -> p.name().equalsIgnoreCase(select)).findFirst().ifPresent(choice::setValue);
            } finally {
                loading = false;
            }
        }, e -> status.setText(t("formats.editor.failed", String.valueOf(e.getMessage()))));
    }

    void save() {
        Profile p = current();
        List<String> ps = p.problems(ctx.i18n().locale());
        if (!ps.isEmpty()) {
            status.setText(t("formats.editor.notSaved", String.join("; ", ps)));
            return;
        }
        ctx.tasks().run(() -> {
            ctx.services().profiles().save(p);
            return p.name();
        }, saved -> {
            status.setText(t("formats.editor.saved", saved));
            refreshList(saved);
        }, e -> status.setText(t("formats.editor.notSaved", String.valueOf(e.getMessage()))));
    }

    void delete() {
        String n = name.getText() == null ? "" : name.getText().strip();
        if (n.isEmpty()) return;
        ctx.tasks().run(() -> ctx.services().profiles().delete(n), deleted -> {
            status.setText(deleted ? t("formats.editor.deleted", n) : t("formats.editor.notFound", n));
            refreshList(null);
        }, e -> status.setText(t("formats.editor.failed", String.valueOf(e.getMessage()))));
    }

    /** Writes the profile as shown (not necessarily saved) to a JSON file. */
    void exportTo(Path file) {
        Profile p = current();
        ctx.tasks().run(() -> {
            Files.writeString(file, p.toJson());
            return file;
        }, f -> status.setText(t("formats.editor.exported", f.toString())),
                e -> status.setText(t("formats.editor.failed", String.valueOf(e.getMessage()))));
    }

    /** Reads a profile file, saves it, and shows it. */
    void importFrom(Path file) {
        ctx.tasks().run(() -> ctx.services().profiles().importFrom(file), p -> {
            load(p);
            status.setText(t("formats.editor.imported", p.name()));
            refreshList(p.name());
        }, e -> status.setText(t("formats.editor.failed", String.valueOf(e.getMessage()))));
    }

    private FileChooser chooser(String titleKey, boolean json) {
        FileChooser fc = new FileChooser();
        fc.setTitle(t(titleKey));
        if (json) fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        return fc;
    }

    private void chooseSample() {
        var f = chooser("formats.editor.chooseSample", false).showOpenDialog(root.getScene().getWindow());
        if (f != null) setSampleFile(f.toPath());
    }

    private void chooseExport() {
        FileChooser fc = chooser("formats.editor.export", true);
        fc.setInitialFileName((name.getText().isBlank() ? "profile" : name.getText().strip().replaceAll("[^\\p{L}\\p{N}._-]+", "-")) + ".json");
        var f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) exportTo(f.toPath());
    }

    private void chooseImport() {
        var f = chooser("formats.editor.import", true).showOpenDialog(root.getScene().getWindow());
        if (f != null) importFrom(f.toPath());
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

}
