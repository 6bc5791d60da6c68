package dev.smtconsole.domain.rules;

import java.util.List;

/**
 * A broken rule: which row and field, the value as written, the bundle key of the rule
 * ({@code rules.*}) and the rule's own arguments. Warnings do not reject the row.
 */
public record RuleProblem(long rowNo, String field, String value, String key, List<Object> extra, boolean warning) {
    public RuleProblem {
        extra = List.copyOf(extra);
    }

    public static RuleProblem error(long rowNo, String field, String value, String key, Object... extra) {
        return new RuleProblem(rowNo, field, value, key, List.of(extra), false);
    }

    public static RuleProblem warning(long rowNo, String field, String value, String key, Object... extra) {
        return new RuleProblem(rowNo, field, value, key, List.of(extra), true);
    }
}
