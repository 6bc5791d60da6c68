package dev.smtconsole.ui.dashboard;

import dev.smtconsole.app.LineSnapshot;
import dev.smtconsole.domain.AlarmLevel;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * A line's state on the wall, worst first. Each has a colour, an icon and a word, so it reads
 * from across the hall and without telling colours apart.
 */
enum LineState {
    OFFLINE(Material2AL.CLOUD_OFF), NO_DATA(Material2MZ.REMOVE_CIRCLE_OUTLINE), STALE(Material2AL.HOURGLASS_BOTTOM),
    ALARM(Material2AL.ERROR), WARN(Material2MZ.WARNING), RUNNING(Material2AL.CHECK_CIRCLE);

    final Ikon icon;

    LineState(Ikon icon) {
        this.icon = icon;
    }

    /** Style class on the line and its badge: state-running, state-warn … */
    String styleClass() {
        return "state-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The state of a line: the database away beats everything, then old data, then the worst loss rate. */
    static LineState of(LineSnapshot l, boolean offline) {
        if (offline) return OFFLINE;
        if (l.lastEventAt() == null) return NO_DATA;
        if (l.stale()) return STALE;
        AlarmLevel worst = worstLevel(l);
        return worst == AlarmLevel.ALARM ? ALARM : worst == AlarmLevel.WARN ? WARN : RUNNING;
    }

    /** The line's own loss level or a machine's, whichever is worse. */
    static AlarmLevel worstLevel(LineSnapshot l) {
        AlarmLevel worst = l.lossLevel() == null ? AlarmLevel.NONE : l.lossLevel();
        for (LineSnapshot.MachineLoss m : l.machines()) {
            if (m.level() != null && m.level().compareTo(worst) > 0) worst = m.level();
        }
        return worst;
    }

    /** The machine whose level is the line's worst (for "M1 loss 0.70 %"), or null when the line itself is. */
    static LineSnapshot.MachineLoss worstMachine(LineSnapshot l) {
        LineSnapshot.MachineLoss worst = null;
        for (LineSnapshot.MachineLoss m : l.machines()) {
            if (m.level() == null || m.lossRate() == null) continue;
            if (worst == null || m.level().compareTo(worst.level()) > 0
                    || m.level() == worst.level() && m.lossRate() > worst.lossRate()) worst = m;
        }
        return worst;
    }
}
