package dev.smtconsole.app;

import dev.smtconsole.store.SettingsRepository;
import dev.smtconsole.store.SettingsRepository.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Factory-wide settings shared by every console on the database (the wall's stale minutes, the
 * default loss-rate limits, line targets per hour). Changes need an operator and are audited.
 * <p>
 * {@link #check} names every problem at once, each on its field (and line), so a form can show
 * them all beside their fields; {@link #save} refuses with all of them.
 */
public final class SettingsService {
    public static final int DEFAULT_STALE_MINUTES = 15;
    /** Field names of {@link Problem#field()}: the settings page's fields. */
    public static final String OPERATOR = "operator", STALE_MINUTES = "staleMinutes", LOSS_WARN = "lossWarn",
            LOSS_ALARM = "lossAlarm", TARGET = "target";

    private final SettingsRepository repository;
    private final MasterDataService masterData;

    public SettingsService(SettingsRepository repository, MasterDataService masterData) {
        this.repository = repository;
        this.masterData = masterData;
    }

    /** Limits are fractions (0.005 = 0.5 %). */
    public record FactorySettings(int staleMinutes, Double lossWarnAbove, Double lossAlarmAbove, Map<String, Integer> lineTargets) {
    }

    /**
     * One wrong value: the field, the line it belongs to (targets; else null), the bundle key of the
     * rule (settings_*.properties) and the key's arguments.
     */
    public record Problem(String field, String lineCode, String key, List<Object> args) {
        public Problem {
            args = List.copyOf(args);
        }
    }

    /** Thrown by {@link #save} with every problem; nothing was saved. */
    public static final class InvalidSettingsException extends AppException {
        private final List<Problem> problems;

        public InvalidSettingsException(List<Problem> problems) {
            super(problems.size() + " settings problem(s): " + problems);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    public FactorySettings current() {
        Values v = repository.read();
        return new FactorySettings(v.staleMinutes() == null ? DEFAULT_STALE_MINUTES : v.staleMinutes(), v.lossWarnAbove(),
                v.lossAlarmAbove(), v.lineTargets());
    }

    /** Every rule the values break, in the order of the page's fields; empty when they may be saved. */
    public static List<Problem> check(FactorySettings s, String operatorId) {
        List<Problem> p = new ArrayList<>();
        if (operatorId == null || operatorId.isBlank()) p.add(new Problem(OPERATOR, null, "settings.error.operator", List.of()));
        if (s.staleMinutes() < 1 || s.staleMinutes() > 24 * 60) {
            p.add(new Problem(STALE_MINUTES, null, "settings.error.stale", List.of(s.staleMinutes())));
        }
        boolean warnOk = inRange(s.lossWarnAbove()), alarmOk = inRange(s.lossAlarmAbove());
        if (!warnOk) p.add(new Problem(LOSS_WARN, null, "settings.error.lossRange", List.of(s.lossWarnAbove() * 100)));
        if (!alarmOk) p.add(new Problem(LOSS_ALARM, null, "settings.error.lossRange", List.of(s.lossAlarmAbove() * 100)));
        if (warnOk && alarmOk && s.lossWarnAbove() != null && s.lossAlarmAbove() != null && s.lossWarnAbove() > s.lossAlarmAbove()) {
            p.add(new Problem(LOSS_WARN, null, "settings.error.lossOrder", List.of(s.lossWarnAbove() * 100, s.lossAlarmAbove() * 100)));
        }
        for (var e : s.lineTargets().entrySet()) {
            Integer t = e.getValue();
            if (t != null && (t < 0 || t > 100_000)) p.add(new Problem(TARGET, e.getKey(), "settings.error.target", List.of(t)));
        }
        return p;
    }

    private static boolean inRange(Double fraction) {
        return fraction == null || fraction >= 0 && fraction <= 1;
    }

    /** Saves and audits what changed; returns the number of changed values. */
    public int save(FactorySettings s, String operatorId) {
        List<Problem> problems = check(s, operatorId);
        if (!problems.isEmpty()) throw new InvalidSettingsException(problems);
        int n = repository.save(new Values(s.staleMinutes(), s.lossWarnAbove(), s.lossAlarmAbove(), s.lineTargets()),
                operatorId.strip(), "settings page");
        if (n > 0) masterData.reload();
        return n;
    }
}
