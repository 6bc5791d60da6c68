package dev.smtconsole.ui.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileImportViewModelTest {
    @Test
    void rowsPerSecondFromRowsAndElapsedTime() {
        assertThat(FileImportViewModel.rowsPerSecond(50_000, 2_000_000_000L)).isEqualTo(25_000.0);
        assertThat(FileImportViewModel.rowsPerSecond(10, 0)).isZero();
    }

    @Test
    void etaFromTheShareOfBytesRead() {
        // a quarter of the file in 10 s → 30 s to go
        assertThat(FileImportViewModel.etaSeconds(250, 1000, 10_000_000_000L)).isEqualTo(30);
        assertThat(FileImportViewModel.etaSeconds(1000, 1000, 10_000_000_000L)).isZero();
        assertThat(FileImportViewModel.etaSeconds(0, 1000, 10_000_000_000L)).as("unknown before the first bytes").isEqualTo(-1);
        assertThat(FileImportViewModel.etaSeconds(10, 0, 10_000_000_000L)).as("unknown size").isEqualTo(-1);
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(FileImportViewModel.formatDuration(-1)).isEqualTo("–");
        assertThat(FileImportViewModel.formatDuration(7)).isEqualTo("0:07");
        assertThat(FileImportViewModel.formatDuration(125)).isEqualTo("2:05");
        assertThat(FileImportViewModel.formatDuration(3725)).isEqualTo("1:02:05");
    }

    @Test
    void shaIsShortenedToTwelveDigits() {
        String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assertThat(FileImportViewModel.shortSha(sha)).isEqualTo("9f86d081884c…");
        assertThat(FileImportViewModel.shortSha(null)).isEmpty();
    }

    @Test
    void profileValuesAreReadAsFieldEqualsValueSeparatedBySemicolons() {
        assertThat(FileImportViewModel.setValues(" EVENT_TIME = 2026-11-25 09:03:00 ; JOB=M008503;;")).containsExactly(
                java.util.Map.entry("EVENT_TIME", "2026-11-25 09:03:00"), java.util.Map.entry("JOB", "M008503"));
        assertThat(FileImportViewModel.setValues("BOARDS")).containsExactly(java.util.Map.entry("BOARDS", ""));
        assertThat(FileImportViewModel.setValues("  ")).isEmpty();
    }

    @Test
    void autoComesFirstThenEachKnownFormat() {
        assertThat(FileImportViewModel.FORMATS).startsWith("auto").contains("csv").doesNotHaveDuplicates();
    }

    @Test
    void aRowWithWarningsIsCountedAsTheImportCountsIt() {
        var note = new dev.smtconsole.app.IngestService.Problem(3, "model", "", "rules.row.note", java.util.List.of(), true);
        var dup = new dev.smtconsole.app.IngestService.Problem(4, "event_id", "x", "rules.duplicate.eventId", java.util.List.of(), true);
        var error = new dev.smtconsole.app.IngestService.Problem(5, "picks", "12x", "rules.notWhole", java.util.List.of(), false);
        // an accepted row with a note, and a stored duplicate that has a note of its own: both count, as in the import
        assertThat(FileImportViewModel.acceptedWithWarning(new dev.smtconsole.app.IngestService.PreviewRow(3, "", "WARN", java.util.List.of(note)))).isTrue();
        assertThat(FileImportViewModel.acceptedWithWarning(new dev.smtconsole.app.IngestService.PreviewRow(4, "", "DUPLICATE", java.util.List.of(note, dup)))).isTrue();
        // a duplicate alone, a rejected row and a clean row do not
        assertThat(FileImportViewModel.acceptedWithWarning(new dev.smtconsole.app.IngestService.PreviewRow(4, "", "DUPLICATE", java.util.List.of(dup)))).isFalse();
        assertThat(FileImportViewModel.acceptedWithWarning(new dev.smtconsole.app.IngestService.PreviewRow(5, "", "REJECT", java.util.List.of(note, error)))).isFalse();
        assertThat(FileImportViewModel.acceptedWithWarning(new dev.smtconsole.app.IngestService.PreviewRow(6, "", "ACCEPT", java.util.List.of()))).isFalse();
    }
}
