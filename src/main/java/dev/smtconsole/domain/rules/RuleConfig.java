package dev.smtconsole.domain.rules;

import dev.smtconsole.domain.ProductionCalendar;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The factory's settings the rules depend on: job number pattern, the factory calendar (the zone
 * of times written without an offset, and the production day), the clock skew tolerated for "not
 * in the future", and the metric specs.
 */
public record RuleConfig(Pattern jobPattern, ProductionCalendar calendar, Duration futureSkew, List<MetricSpec> specs) {
    public static final String DEFAULT_JOB_PATTERN = "[A-Za-z0-9][A-Za-z0-9_\\-./]{0,63}";
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    public RuleConfig {
        specs = List.copyOf(specs);
    }

    /** A calendar whose days start at midnight in {@code zone}. */
    public RuleConfig(Pattern jobPattern, ZoneId zone, Duration futureSkew, List<MetricSpec> specs) {
        this(jobPattern, new ProductionCalendar(zone, 0), futureSkew, specs);
    }

    /** The factory's zone: times written without an offset are in it. */
    public ZoneId zone() {
        return calendar.zone();
    }

    public static RuleConfig defaults(ZoneId zone, List<MetricSpec> specs) {
        return new RuleConfig(Pattern.compile(DEFAULT_JOB_PATTERN), zone, DEFAULT_SKEW, specs);
    }
}
