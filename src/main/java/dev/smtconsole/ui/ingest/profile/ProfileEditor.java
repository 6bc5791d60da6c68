package dev.smtconsole.ui.ingest.profile;

import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.Styles;
import dev.smtconsole.ui.kit.UiContext;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
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
import javafx.util.StringConverter;

import java.nio.file.Path;
import java.util.List;

/**
 * Edits an import profile with a live preview: every change re-reads the first rows of a sample
 * file with the profile on a background task and shows what the import would get. Self-contained
 * (a Node), so the import view can embed it. The controls only bind to
 * {@link ProfileEditorViewModel}, which talks to the services and opens the file choosers.
 */
public final class ProfileEditor {
    private static final List<String> ENCODINGS = List.of("UTF-8", "GB18030", "Shift_JIS", "ISO-8859-1");
    private static final List<String> DELIMITERS = List.of(",", ";", "TAB", "|");
    private static final List<Field> PREVIEW_FIELDS = List.of(Field.MACHINE, Field.LINE, Field.JOB, Field.PRODUCT_MODEL,
            Field.EVENT_TIME, Field.BOARDS, Field.PICKS, Field.PLACEMENTS, Field.REJECTS);

    private final I18n i18n;
    private final ProfileEditorViewModel vm;
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
    final TextField rowWhen = new TextField();
    final TextField boardWhen = new TextField();
    final TextField boardOncePer = new TextField();
    final TextField unknownValues = new TextField();
    final Label problems = new Label();
    final Label status = new Label();
    final TableView<SourceRow> preview = new TableView<>();
    private final Label sampleLabel = new Label();

    public ProfileEditor(UiContext ctx) {
        this(new ProfileEditorViewModel(ctx.ingest().profiles(),
                ProfileEditorViewModel.parserPreview(() -> ctx.ingest().masterData().current(),
                        () -> ctx.ingest().time().zone()),
                ctx.tasks(), ctx.dialogs(), ctx.i18n()), ctx.i18n());
    }

    public ProfileEditor(ProfileEditorViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        build();
        bind();
        vm.refreshList(null);
    }

    public Node view() {
        return root;
    }

    public ProfileEditorViewModel viewModel() {
        return vm;
    }

    /** The profile as the fields say now. */
    public Profile current() {
        return vm.current();
    }

    /** Shows a profile in the fields. */
    public void load(Profile p) {
        vm.load(p);
    }

    /** The sample file the preview reads; null clears the preview. */
    public void setSampleFile(Path file) {
        vm.sampleFileProperty().set(file);
    }

    private Label label(String key) {
        return i18n.label(key);
    }

    private Button button(String key, String id, Runnable action) {
        Button b = i18n.button(id, key);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void bind() {
        choice.setItems(vm.choices());
        choice.setOnAction(e -> vm.choose(choice.getValue()));
        vm.chosenProperty().addListener((o, was, now) -> {
            if (choice.getValue() != now) choice.setValue(now);
        });
        name.textProperty().bindBidirectional(vm.nameProperty());
        description.textProperty().bind(vm.descriptionProperty());
        encoding.valueProperty().bindBidirectional(vm.encodingProperty());
        delimiter.valueProperty().bindBidirectional(vm.delimiterProperty());
        preamble.getValueFactory().valueProperty().bindBidirectional(vm.preambleProperty());
        header.selectedProperty().bindBidirectional(vm.headerProperty());
        timeFormat.textProperty().bindBidirectional(vm.timeFormatProperty());
        zone.textProperty().bindBidirectional(vm.zoneProperty());
        counters.valueProperty().bindBidirectional(vm.countersProperty());
        source.valueProperty().bindBidirectional(vm.sourceProperty());
        machineFrom.valueProperty().bindBidirectional(vm.machineFromProperty());
        machineValue.textProperty().bindBidirectional(vm.machineValueProperty());
        rowWhen.textProperty().bindBidirectional(vm.rowWhenProperty());
        boardWhen.textProperty().bindBidirectional(vm.boardWhenProperty());
        boardOncePer.textProperty().bindBidirectional(vm.boardOncePerProperty());
        unknownValues.textProperty().bindBidirectional(vm.unknownValuesProperty());
        problems.textProperty().bind(vm.problemsProperty());
        status.textProperty().bind(vm.statusProperty());
        preview.setItems(vm.preview());
        sampleLabel.textProperty().bind(vm.sampleFileProperty().map(p -> p.getFileName().toString()).orElse(""));
        followLanguage(choice);
        followLanguage(counters);
        followLanguage(source);
        followLanguage(machineFrom);
    }

    /** Combo boxes render their converter's text only on a new value: their shown text also follows the language. */
    private <T> void followLanguage(ComboBox<T> combo) {
        combo.setButtonCell(languageCell(combo));
    }

    private <T> javafx.scene.control.ListCell<T> languageCell(ComboBox<T> combo) {
        javafx.scene.control.ListCell<T> cell = new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : combo.getConverter().toString(item));
            }
        };
        i18n.localeProperty().addListener((o, was, now) ->
                cell.setText(cell.getItem() == null ? "" : combo.getConverter().toString(cell.getItem())));
        return cell;
    }

    private void build() {
        choice.setId("formats-profile-choice");
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(Profile p) {
                return vm.displayName(p);
            }

            @Override
            public Profile fromString(String s) {
                return null;
            }
        });
        counters.setConverter(enumText());
        source.setConverter(enumText());
        machineFrom.setConverter(enumText());
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
        zone.promptTextProperty().bind(i18n.text("formats.editor.zonePrompt"));
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
            mapping.addRow(m++, label("formats.field." + f.name()), mapped("formats-column-" + f.name(), 16, vm.column(f)),
                    mapped("formats-constant-" + f.name(), 12, vm.constant(f)));
        }
        TitledPane mappingPane = new TitledPane();
        mappingPane.textProperty().bind(i18n.text("formats.editor.mapping"));
        mappingPane.setContent(mapping);
        VBox left = new VBox(form, mappingPane);
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);

        preview.setId("formats-preview");
        preview.setPlaceholder(label("formats.editor.previewEmpty"));
        preview.getColumns().add(column("formats.editor.row", r0 -> String.valueOf(r0.rowNo())));
        preview.getColumns().add(column("formats.editor.rowStatus", vm::rowStatus));
        for (Field f : PREVIEW_FIELDS) preview.getColumns().add(column("formats.field." + f.name(), row -> row.get(f)));
        TableColumn<SourceRow, String> note = column("formats.editor.note", vm::noteOf);
        note.setPrefWidth(320);
        preview.getColumns().add(note);

        Button chooseSample = button("formats.editor.chooseSample", "formats-choose-sample", vm::chooseSample);
        sampleLabel.getStyleClass().add(Styles.MUTED);
        VBox right = new VBox(6, new HBox(8, chooseSample, sampleLabel), problems, preview);
        right.setPadding(new Insets(8));
        VBox.setVgrow(preview, javafx.scene.layout.Priority.ALWAYS);

        SplitPane split = new SplitPane(scroll, right);
        split.setDividerPositions(0.38);

        HBox top = new HBox(8, label("formats.editor.profile"), choice,
                button("formats.editor.save", "formats-save", vm::save),
                button("formats.editor.delete", "formats-delete", vm::delete),
                button("formats.editor.export", "formats-export", vm::chooseExport),
                button("formats.editor.import", "formats-import", vm::chooseImport));
        top.setPadding(new Insets(8));
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        root.setTop(top);
        root.setCenter(split);
        HBox bottom = new HBox(status);
        bottom.setPadding(new Insets(4, 8, 4, 8));
        bottom.getStyleClass().add(Styles.STATUS_BAR);
        root.setBottom(bottom);
    }

    private static TextField mapped(String id, int columns, StringProperty value) {
        TextField tf = new TextField();
        tf.setId(id);
        tf.setPrefColumnCount(columns);
        tf.textProperty().bindBidirectional(value);
        return tf;
    }

    /** A preview column whose header follows the language; its cells are rendered again when the rows are. */
    private TableColumn<SourceRow, String> column(String key, java.util.function.Function<SourceRow, String> text) {
        TableColumn<SourceRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(text.apply(d.getValue())));
        return c;
    }

    private <E extends Enum<E>> StringConverter<E> enumText() {
        return new StringConverter<>() {
            @Override
            public String toString(E e) {
                return e == null ? "" : i18n.get("formats.enum." + e.name());
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        };
    }
}
