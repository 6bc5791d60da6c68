package dev.smtconsole.domain.rules;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The factory's settings the rules depend on: job number pattern, the zone of times written
 * without an offset, the clock skew tolerated for "not in the future", and the metric specs.
 */
public record RuleConfig(Pattern jobPattern, ZoneId zone, Duration futureSkew, List<MetricSpec> specs) {
    public static final String DEFAULT_JOB_PATTERN = "[A-Za-z0-9][A-Za-z0-9_\\-./]{0,63}";
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    public RuleConfig {
        specs = List.copyOf(specs);
    }

    public static RuleConfig defaults(ZoneId zone, List<MetricSpec> specs) {
        return new RuleConfig(Pattern.compile(DEFAULT_JOB_PATTERN), zone, DEFAULT_SKEW, specs);
    }
}
