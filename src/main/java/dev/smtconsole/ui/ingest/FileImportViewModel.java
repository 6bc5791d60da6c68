package dev.smtconsole.ui.ingest;


import dev.smtconsole.app.IngestService;
import dev.smtconsole.app.IngestService.BatchSummary;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.ImportResult;
import dev.smtconsole.app.IngestService.Preview;
import dev.smtconsole.app.IngestService.PreviewRow;
import dev.smtconsole.app.IngestService.Problem;
import dev.smtconsole.ui.kit.I18n;
import dev.smtconsole.ui.kit.TaskExecutor;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * File import without its controls: the chosen files, the format, a preview of the first rows,
 * the running import (progress, rows/s, ETA, cooperative cancel), results and the batch history.
 */
public final class FileImportViewModel {
    /** "auto" first, then one entry per known format; a new format is one more name here. */
    public static final List<String> FORMATS = List.of(
            "auto",
            "csv",
            "cfx",
            "xlsx",
            "profile");
    static final int PREVIEW_ROWS = 200;
    static final int HISTORY_ROWS = 200;

    private final IngestService ingest;
    private final TaskExecutor tasks;
    private final I18n i18n;
    private final dev.smtconsole.ui.kit.DialogService dialogs;
    private final StringProperty operator;
    private final LongSupplier nanoClock;

    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObjectProperty<Path> selectedFile = new SimpleObjectProperty<>();
    private final StringProperty format = new SimpleStringProperty(FORMATS.get(0));
    /** What the files lack, given for this import (the CLI's --job, --line, --set FIELD=VALUE; …). */
    private final StringProperty job = new SimpleStringProperty("");
    private final StringProperty line = new SimpleStringProperty("");
    private final StringProperty set = new SimpleStringProperty("");
    private final ObservableList<PreviewRow> previewRows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper previewInfo = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper previewing = new ReadOnlyBooleanWrapper(false);
    private long previewGeneration;

    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final ObservableList<ImportResult> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    private final ObservableList<BatchSummary> history = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper historyError = new ReadOnlyStringWrapper("");

    /** How each localized line was made, so a language switch renders it again at once. */
    private final Map<ReadOnlyStringWrapper, Supplier<String>> sources = new HashMap<>();

    public FileImportViewModel(IngestService ingest, TaskExecutor tasks, dev.smtconsole.ui.kit.DialogService dialogs, I18n i18n,
                               StringProperty operator, LongSupplier nanoClock) {
        this.ingest = ingest;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.i18n = i18n;
        this.operator = operator;
        this.nanoClock = nanoClock;
        selectedFile.addListener((obs, old, now) -> preview());
        format.addListener((obs, old, now) -> preview());
        for (StringProperty given : List.of(job, line, set)) given.addListener((obs, old, now) -> preview());
        i18n.localeProperty().addListener(o -> sources.forEach((target, source) -> target.set(source.get())));
    }

    // ---------- rates (unit-tested) ----------

    /** Rows per second so far, or 0 before the first measurable interval. */
    static double rowsPerSecond(long rowsRead, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : rowsRead * 1e9 / elapsedNanos;
    }

    /** Seconds left, from the share of bytes read so far; -1 when it cannot be told yet. */
    static long etaSeconds(long bytesRead, long totalBytes, long elapsedNanos) {
        if (bytesRead <= 0 || totalBytes <= 0 || elapsedNanos <= 0) return -1;
        long left = Math.max(0, totalBytes - bytesRead);
        return Math.round(elapsedNanos / 1e9 * left / bytesRead);
    }

    static String formatDuration(long seconds) {
        if (seconds < 0) return "–";
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** The first 12 hex digits: enough to tell files apart at a glance; the tooltip has all 64. */
    static String shortSha(String sha) {
        return sha == null ? "" : sha.length() <= 12 ? sha : sha.substring(0, 12) + "…";
    }

    /** The problem as a sentence in the user's language: "Row 4, picks: '12x' is not a whole number". */
    public String render(Problem p) {
        return p.message(i18n.locale());
    }

    public String reasons(PreviewRow row) {
        return row.problems() == null ? "" : row.problems().stream().map(this::render).collect(Collectors.joining("; "));
    }

    // ---------- actions ----------

    public void addFiles(List<Path> chosen) {
        Path first = null;
        for (Path p : chosen) {
            Path abs = p.toAbsolutePath().normalize();
            if (!files.contains(abs)) files.add(abs);
            if (first == null) first = abs;
        }
        if (first != null) {
            if (first.equals(selectedFile.get())) preview();
            else selectedFile.set(first);
        }
    }

    public void removeFile(Path p) {
        files.remove(p);
        if (p.equals(selectedFile.get())) selectedFile.set(files.isEmpty() ? null : files.get(0));
    }

    public void preview() {
        Path file = selectedFile.get();
        long generation = ++previewGeneration;
        previewRows.clear();
        if (file == null) {
            show(previewInfo, () -> "");
            previewing.set(false);
            return;
        }
        previewing.set(true);
        show(previewInfo, () -> i18n.get("ingest.import.previewing", file.getFileName()));
        ImportOptions options = options();
        tasks.run(() -> ingest.preview(file, options, PREVIEW_ROWS), p -> {
            if (generation != previewGeneration) return;
            previewing.set(false);
            previewRows.setAll(p.rows());
            show(previewInfo, () -> describe(file, p));
        }, e -> {
            if (generation != previewGeneration) return;
            previewing.set(false);
            show(previewInfo, () -> i18n.get("ingest.import.previewFailed", file.getFileName(), messageOf(e)));
        });
    }

    private String describe(Path file, Preview p) {
        long rejected = p.rows().stream().filter(r -> "REJECT".equals(r.status())).count();
        long warn = p.rows().stream().filter(FileImportViewModel::acceptedWithWarning).count();
        return i18n.get(p.autoDetected() ? "ingest.import.previewInfo.auto" : "ingest.import.previewInfo",
                file.getFileName().toString(), p.format(), p.rows().size(), rejected, warn);
    }

    /**
     * Counted as the import counts it, so preview and result agree: a row that is not rejected or
     * skipped and carries a warning of its own (a repeat of a stored row is a duplicate, not a warning).
     */
    static boolean acceptedWithWarning(PreviewRow r) {
        if ("REJECT".equals(r.status()) || "SKIP".equals(r.status()) || "UNASSIGNED".equals(r.status()) || r.problems() == null) {
            return false;
        }
        return r.problems().stream().anyMatch(p -> p.warningOnly() && !"rules.duplicate.eventId".equals(p.messageKey()));
    }

    private ImportOptions options() {
        String who = operator.get() == null ? null : operator.get().strip();
        return new ImportOptions(format.get(), who == null || who.isEmpty() ? null : who, blankToNull(line.get()), null,
                blankToNull(job.get()), setValues(set.get()), null);
    }

    /** "FIELD=VALUE; FIELD=VALUE" as the service takes it; a part without "=" is passed on for it to refuse. */
    static Map<String, String> setValues(String text) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        if (text == null) return values;
        for (String part : text.split("[;\\n]")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            values.put((eq < 0 ? part : part.substring(0, eq)).strip(), eq < 0 ? "" : part.substring(eq + 1).strip());
        }
        return values;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Imports every chosen file, one after the other, in the background. */
    public boolean startImport() {
        if (importing.get() || files.isEmpty() || !canImport().get()) return false;
        cancelRequested.set(false);
        importing.set(true);
        show(resultText, () -> "");
        show(message, () -> "");
        importNext(new ArrayDeque<>(files), options());
        return true;
    }

    private void importNext(Deque<Path> queue, ImportOptions options) {
        Path file = queue.poll();
        if (file == null || cancelRequested.get()) {
            importing.set(false);
            refreshHistory();
            return;
        }
        progress.set(0);
        show(progressText, () -> i18n.get("ingest.import.starting", file.getFileName()));
        long started = nanoClock.getAsLong();
        AtomicReference<long[]> latest = new AtomicReference<>();
        AtomicBoolean pending = new AtomicBoolean();
        IngestService.Progress onProgress = (rows, bytes, total) -> {
            latest.set(new long[]{rows, bytes, total, nanoClock.getAsLong()});
            // Coalesce: the parser may call this thousands of times a second; the screen needs a few.
            if (pending.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    pending.set(false);
                    long[] v = latest.get();
                    showProgress(file, v[0], v[1], v[2], v[3] - started);
                });
            }
        };
        tasks.run(() -> ingest.importFile(file, options, onProgress, cancelRequested::get), r -> {
            results.add(0, r);
            progress.set(1);
            show(resultText, () -> describe(r));
            if (!queue.isEmpty() && !r.cancelled()) {
                importNext(queue, options);
            } else {
                importing.set(false);
                refreshHistory();
            }
        }, e -> {
            importing.set(false);
            progress.set(0);
            show(resultText, () -> i18n.get("ingest.import.failed", file.getFileName(), messageOf(e)));
            refreshHistory();
        });
    }

    void showProgress(Path file, long rows, long bytes, long total, long elapsedNanos) {
        progress.set(total > 0 ? Math.min(1.0, (double) bytes / total) : -1);
        show(progressText, () -> i18n.get("ingest.import.progress", file.getFileName().toString(), rows,
                Math.round(rowsPerSecond(rows, elapsedNanos)), formatDuration(etaSeconds(bytes, total, elapsedNanos))));
    }

    public String describe(ImportResult r) {
        String counts = i18n.get("ingest.import.result", r.fileName(), r.read(), r.accepted(), r.rejected(), r.duplicates(),
                r.skipped(), r.batchId(), r.warnings());
        if (r.unassigned() > 0) counts = counts + " " + i18n.get("unassigned.result", r.unassigned());
        // r.message() is the pipeline's English log line; the counts above say the same in the user's language.
        return r.cancelled() ? i18n.get("ingest.import.cancelledResult", counts) : counts;
    }

    public void cancel() {
        if (importing.get()) {
            cancelRequested.set(true);
            show(progressText, () -> i18n.get("ingest.import.cancelling"));
        }
    }

    public void refreshHistory() {
        tasks.run(() -> ingest.history(HISTORY_ROWS), list -> {
            history.setAll(list);
            show(historyError, () -> "");
        }, e -> show(historyError, () -> i18n.get("ingest.import.historyFailed", messageOf(e))));
    }

    public void voidBatch(BatchSummary batch, String reason) {
        String who = operator.get() == null ? "" : operator.get().strip();
        show(message, () -> i18n.get("ingest.import.voiding", batch.batchId(), batch.fileName()));
        tasks.run(() -> {
            ingest.voidBatch(batch.batchId(), reason.strip(), who);
            return true;
        }, ok -> {
            show(message, () -> i18n.get("ingest.import.voided", batch.batchId(), batch.fileName()));
            refreshHistory();
        }, e -> show(message, () -> i18n.get("ingest.import.voidFailed", batch.batchId(), messageOf(e))));
    }

    /**
     * Asks for the job of a batch's counts held without one (issue 13, ADR 0027) and assigns it: they become accepted
     * events, audited under the signed-in operator.
     */
    public void assignJob(BatchSummary batch) {
        if (batch == null) {
            show(message, () -> i18n.get("unassigned.assign.choose"));
            return;
        }
        if (batch.unassigned() == 0) {
            show(message, () -> i18n.get("unassigned.assign.none", batch.batchId()));
            return;
        }
        var job = dialogs.askText(i18n.get("unassigned.assign.title"),
                i18n.get("unassigned.assign.prompt", batch.batchId(), batch.fileName(), batch.unassigned()), "");
        if (job.isEmpty() || job.get().isBlank()) return;
        String jobNo = job.get().strip();
        String who = operator.get() == null ? "" : operator.get().strip();
        show(message, () -> i18n.get("unassigned.assign.working", jobNo, batch.batchId()));
        tasks.run(() -> ingest.assignJob(dev.smtconsole.port.EventSink.HeldQuery.ofBatch(batch.batchId()), jobNo, who, null), a -> {
            show(message, () -> i18n.get("unassigned.assign.done", jobNo, a.claimed(), a.written(), a.duplicates()));
            refreshHistory();
        }, e -> show(message, () -> i18n.get("unassigned.assign.failed", messageOf(e))));
    }

    /** The file chooser (several files, the data formats first); the chosen ones join the list. */
    public void chooseFiles() {
        List<Path> chosen = dialogs.openFiles(new dev.smtconsole.ui.kit.DialogService.FileRequest(
                i18n.get("ingest.import.choose.title"), dev.smtconsole.ui.kit.FileDialogs.IMPORT, null, List.of(
                dev.smtconsole.ui.kit.DialogService.FileFilter.of(i18n.get("ingest.import.filter.data"),
                        "*.csv", "*.txt", "*.json", "*.jsonl", "*.xlsx"),
                dev.smtconsole.ui.kit.DialogService.FileFilter.of(i18n.get("ingest.import.filter.all"), "*.*"))));
        if (!chosen.isEmpty()) addFiles(chosen);
    }

    /** Asks why (a reason is required), then voids the batch; a cancel voids nothing. */
    public void askVoid(BatchSummary batch) {
        if (batch == null || batch.voided()) return;
        dialogs.askReason(new dev.smtconsole.ui.kit.DialogService.ReasonRequest(i18n.get("ingest.import.void.title"),
                        i18n.get("ingest.import.void.header", batch.batchId(), batch.fileName(), batch.accepted()),
                        i18n.get("ingest.void.reason"), i18n.get("ingest.void.reason.prompt"), i18n.get("ingest.void.confirm")))
                .ifPresent(reason -> voidBatch(batch, reason));
    }

    /** Asks where (named after the imported file), then writes the batch's rejected rows there. */
    public void askExportRejected(long batchId, String fileName) {
        String base = fileName == null ? "batch-" + batchId : fileName.replaceFirst("\\.[^.]*$", "");
        dialogs.saveFile(new dev.smtconsole.ui.kit.DialogService.FileRequest(i18n.get("ingest.import.exportRejected.title"),
                        dev.smtconsole.ui.kit.FileDialogs.EXPORT, base + "-rejected.csv",
                        List.of(dev.smtconsole.ui.kit.DialogService.FileFilter.of("CSV", "*.csv"))))
                .ifPresent(out -> exportRejected(batchId, out));
    }

    public void exportRejected(long batchId, Path out) {
        tasks.run(() -> {
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            return ingest.exportRejected(batchId, out);
        }, n -> show(message, () -> i18n.get("ingest.import.exported", n, out.toString())),
                e -> show(message, () -> i18n.get("ingest.import.exportFailed", out.toString(), messageOf(e))));
    }

    private void show(ReadOnlyStringWrapper target, Supplier<String> source) {
        sources.put(target, source);
        target.set(source.get());
    }

    /** A keyed failure in the user's language (an import refused, a void refused), else its own detail. */
    private String messageOf(Throwable e) {
        return dev.smtconsole.ui.kit.ErrorText.reason(e, i18n);
    }

    /** Importing needs files and an operator (the MANUAL operator of the batch). */
    public BooleanBinding canImport() {
        return Bindings.createBooleanBinding(() -> !files.isEmpty() && operator.get() != null && !operator.get().isBlank(),
                files, operator);
    }

    // ---------- properties ----------

    public ObservableList<Path> files() {
        return files;
    }

    public ObjectProperty<Path> selectedFileProperty() {
        return selectedFile;
    }

    public StringProperty formatProperty() {
        return format;
    }

    public StringProperty jobProperty() {
        return job;
    }

    public StringProperty lineProperty() {
        return line;
    }

    public StringProperty setProperty() {
        return set;
    }

    public ObservableList<PreviewRow> previewRows() {
        return previewRows;
    }

    public ReadOnlyStringProperty previewInfoProperty() {
        return previewInfo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty previewingProperty() {
        return previewing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty importingProperty() {
        return importing.getReadOnlyProperty();
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ObservableList<ImportResult> results() {
        return results;
    }

    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<BatchSummary> history() {
        return history;
    }

    public ReadOnlyStringProperty historyErrorProperty() {
        return historyError.getReadOnlyProperty();
    }

    public StringProperty operatorProperty() {
        return operator;
    }
}
