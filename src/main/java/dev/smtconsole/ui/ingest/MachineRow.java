package dev.smtconsole.ui.ingest;

import dev.smtconsole.domain.LossRate;
import dev.smtconsole.domain.MachineInfo;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One placement machine's row of the manual form: picks and placements as typed, rejects and loss rate derived. */
public final class MachineRow {
    private final MachineInfo machine;
    private final StringProperty picks = new SimpleStringProperty("");
    private final StringProperty placements = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper rejects = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lossRate = new ReadOnlyStringWrapper("");

    MachineRow(MachineInfo machine) {
        this.machine = machine;
        picks.addListener(o -> compute());
        placements.addListener(o -> compute());
    }

    private void compute() {
        Long p = ManualEntryForm.parseCount(picks.get());
        Long q = ManualEntryForm.parseCount(placements.get());
        // Negative rejects mean a typo, not a number worth showing: the field error says why.
        if (p == null || q == null || p < 0 || q < 0 || q > p) {
            rejects.set("");
            lossRate.set("");
            return;
        }
        rejects.set(Long.toString(LossRate.rejects(p, q)));
        lossRate.set(LossRate.format(LossRate.of(p, q)));
    }

    public MachineInfo machine() {
        return machine;
    }

    public StringProperty picksProperty() {
        return picks;
    }

    public StringProperty placementsProperty() {
        return placements;
    }

    public ReadOnlyStringProperty rejectsProperty() {
        return rejects.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lossRateProperty() {
        return lossRate.getReadOnlyProperty();
    }

    boolean isBlank() {
        return picks.get().isBlank() && placements.get().isBlank();
    }

    void clear() {
        picks.set("");
        placements.set("");
    }
}
