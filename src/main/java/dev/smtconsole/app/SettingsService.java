package dev.smtconsole.app;

import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.store.SettingsRepository;
import dev.smtconsole.store.SettingsRepository.Values;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Factory-wide settings shared by every console on the database: the factory calendar (time zone
 * and day start), the wall's stale minutes, the default loss-rate limits, line targets per hour
 * and the job number pattern. Changes need a known operator and are audited.
 * <p>
 * {@link #check} names every problem of the wall settings at once, each on its field (and line),
 * so a form can show them all beside their fields; {@link #save} refuses with all of them.
 */
public final class SettingsService {
    public static final int DEFAULT_STALE_MINUTES = 15;
    /** Field names of {@link Problem#field()}: the settings page's fields. */
    public static final String OPERATOR = "operator", STALE_MINUTES = "staleMinutes", LOSS_WARN = "lossWarn",
            LOSS_ALARM = "lossAlarm", TARGET = "target";

    /** The settings the command line reads and writes by name ({@code settings get|set NAME VALUE}). */
    public static final List<String> NAMES = List.of(FactoryCalendarService.ZONE_KEY, FactoryCalendarService.DAY_START_KEY,
            "wall.stale-minutes", "ingest.job-pattern");

    private final SettingsRepository repository;
    private final MasterDataService masterData;
    private final FactoryCalendarService calendars;

    public SettingsService(SettingsRepository repository, MasterDataService masterData, FactoryCalendarService calendars) {
        this.repository = repository;
        this.masterData = masterData;
        this.calendars = calendars;
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

    /**
     * Thrown by {@link #save} with every problem; nothing was saved. As a {@link LocalizedException}
     * it reads as the first problem (the command line sets one value at a time).
     */
    public static final class InvalidSettingsException extends LocalizedException {
        private final List<Problem> problems;

        public InvalidSettingsException(List<Problem> problems) {
            super(problems.get(0).key(), sentenceArgs(problems.get(0)));
            this.problems = List.copyOf(problems);
        }

        /** The field's name (a bundle key, read in the sentence's language; a target's line code), then the rule's values. */
        private static Object[] sentenceArgs(Problem p) {
            Object[] a = new Object[p.args().size() + 1];
            a[0] = p.lineCode() != null ? p.lineCode() : switch (p.field()) {
                case STALE_MINUTES -> "settings.wall.staleMinutes";
                case LOSS_WARN -> "settings.wall.lossWarn";
                case LOSS_ALARM -> "settings.wall.lossAlarm";
                default -> "settings.field.operator";
            };
            for (int i = 0; i < p.args().size(); i++) a[i + 1] = p.args().get(i);
            return a;
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
        String operator = requireOperator(operatorId);
        int n = repository.save(new Values(s.staleMinutes(), s.lossWarnAbove(), s.lossAlarmAbove(), s.lineTargets()),
                operator, "settings page");
        if (n > 0) masterData.reload();
        return n;
    }

    /** The factory calendar as stored now. */
    public ProductionCalendar calendar() {
        return calendars.current();
    }

    /** Changes the factory calendar (audited, shared by every console); returns the number of changed values. */
    public int saveCalendar(String zoneText, String dayStartText, String operatorId) {
        String operator = requireOperator(operatorId);
        ZoneId zone = FactoryCalendarService.parseZone(zoneText);
        LocalTime dayStart = FactoryCalendarService.parseDayStart(dayStartText);
        return calendars.set(zone, dayStart, operator, "settings");
    }

    /** Every named setting with its value in effect (defaults where nothing is stored). */
    public Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : NAMES) out.put(name, get(name));
        return out;
    }

    public String get(String name) {
        return switch (known(name)) {
            case FactoryCalendarService.ZONE_KEY -> calendars.current().zone().getId();
            case FactoryCalendarService.DAY_START_KEY -> calendars.current().dayStartText();
            case "wall.stale-minutes" -> Integer.toString(current().staleMinutes());
            case "ingest.job-pattern" -> {
                String p = repository.get(DefaultIngestService.SETTING_JOB_PATTERN);
                yield p == null || p.isBlank() ? dev.smtconsole.domain.rules.RuleConfig.DEFAULT_JOB_PATTERN : p;
            }
            default -> throw new IllegalStateException(name);
        };
    }

    /** Sets one named setting (validated, audited, shared); returns whether it changed. */
    public boolean set(String name, String value, String operatorId) {
        String key = known(name);
        String operator = requireOperator(operatorId);
        return switch (key) {
            case FactoryCalendarService.ZONE_KEY ->
                    calendars.set(FactoryCalendarService.parseZone(value), calendars.current().dayStart(), operator, "settings") > 0;
            case FactoryCalendarService.DAY_START_KEY ->
                    calendars.set(calendars.current().zone(), FactoryCalendarService.parseDayStart(value), operator, "settings") > 0;
            case "wall.stale-minutes" -> {
                int minutes;
                try {
                    minutes = Integer.parseInt(value == null ? "" : value.strip());
                } catch (NumberFormatException e) {
                    throw new LocalizedException("settings.error.notWhole", "settings.wall.staleMinutes", value);
                }
                FactorySettings s = current();
                yield save(new FactorySettings(minutes, s.lossWarnAbove(), s.lossAlarmAbove(), Map.of()), operator) > 0;
            }
            case "ingest.job-pattern" -> {
                String p = value == null ? "" : value.strip();
                try {
                    Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    throw new LocalizedException("settings.error.jobPattern", p, e.getDescription());
                }
                if (p.isEmpty()) throw new LocalizedException("settings.error.jobPattern", p, "empty");
                yield repository.put(Map.of(DefaultIngestService.SETTING_JOB_PATTERN, p), operator, "settings") > 0;
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static String known(String name) {
        String n = name == null ? "" : name.strip();
        if (!NAMES.contains(n)) throw new LocalizedException("settings.error.unknownName", n, String.join(", ", NAMES));
        return n;
    }

    /** Every audited change names a person: an operator id that is known where an operator list exists. */
    String requireOperator(String operatorId) {
        if (operatorId == null || operatorId.isBlank()) throw new LocalizedException("settings.error.operator");
        String op = operatorId.strip();
        if (!masterData.isAcceptableOperator(op)) throw new LocalizedException("settings.error.unknownOperator", op);
        return op;
    }
}
