package dev.smtconsole.app;

import dev.smtconsole.store.SettingsRepository;
import dev.smtconsole.store.SettingsRepository.Values;

import java.util.Map;

/**
 * Factory-wide settings shared by every console on the database (the wall's stale minutes, the
 * default loss-rate limits, line targets per hour). Changes need an operator and are audited.
 */
public final class SettingsService {
    public static final int DEFAULT_STALE_MINUTES = 15;

    private final SettingsRepository repository;
    private final MasterDataService masterData;

    public SettingsService(SettingsRepository repository, MasterDataService masterData) {
        this.repository = repository;
        this.masterData = masterData;
    }

    /** Limits are fractions (0.005 = 0.5 %). */
    public record FactorySettings(int staleMinutes, Double lossWarnAbove, Double lossAlarmAbove, Map<String, Integer> lineTargets) {
    }

    public FactorySettings current() {
        Values v = repository.read();
        return new FactorySettings(v.staleMinutes() == null ? DEFAULT_STALE_MINUTES : v.staleMinutes(), v.lossWarnAbove(),
                v.lossAlarmAbove(), v.lineTargets());
    }

    /** Saves and audits what changed; returns the number of changed values. */
    public int save(FactorySettings s, String operatorId) {
        if (operatorId == null || operatorId.isBlank()) throw new AppException("settings.error.operator");
        if (s.staleMinutes() < 1 || s.staleMinutes() > 24 * 60) throw new AppException("settings.error.stale");
        if (s.lossWarnAbove() != null && (s.lossWarnAbove() < 0 || s.lossWarnAbove() > 1)
                || s.lossAlarmAbove() != null && (s.lossAlarmAbove() < 0 || s.lossAlarmAbove() > 1)) {
            throw new AppException("settings.error.lossRange");
        }
        if (s.lossWarnAbove() != null && s.lossAlarmAbove() != null && s.lossWarnAbove() > s.lossAlarmAbove()) {
            throw new AppException("settings.error.lossOrder");
        }
        for (Integer t : s.lineTargets().values()) {
            if (t != null && (t < 0 || t > 100_000)) throw new AppException("settings.error.target");
        }
        int n = repository.save(new Values(s.staleMinutes(), s.lossWarnAbove(), s.lossAlarmAbove(), s.lineTargets()),
                operatorId.strip(), "settings page");
        if (n > 0) masterData.reload();
        return n;
    }
}
