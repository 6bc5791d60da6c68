package dev.smtconsole.domain.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A kept message's reasons are stored packed and read in each reader's language. */
class StoredReasonsTest {
    private final List<RuleProblem> problems = List.of(
            RuleProblem.error(12, "picks", "12x", "rules.count.notWhole"),
            RuleProblem.error(0, "operatorId", "", "rules.operator.missing"));

    @Test
    void packedReasonsReadInEitherLanguage() {
        String stored = RuleMessages.pack(problems);
        assertThat(RuleMessages.renderStored(Locale.ENGLISH, stored)).isEqualTo(
                RuleMessages.render(Locale.ENGLISH, problems.get(0)) + "; " + RuleMessages.render(Locale.ENGLISH, problems.get(1)));
        assertThat(RuleMessages.renderStored(Locale.ENGLISH, stored)).startsWith("Row 12, picks: '12x' is not a whole number; ");
        assertThat(RuleMessages.renderStored(Locale.SIMPLIFIED_CHINESE, stored))
                .contains("吸料数量").contains("‘12x’ 不是整数").contains("缺少操作员").doesNotContain("whole number");
    }

    @Test
    void textStoredBeforeReasonsWerePackedIsShownAsItWas() {
        assertThat(RuleMessages.renderStored(Locale.SIMPLIFIED_CHINESE, "Row 1, picks: 'x' is not a whole number"))
                .isEqualTo("Row 1, picks: 'x' is not a whole number");
        assertThat(RuleMessages.renderStored(Locale.ENGLISH, null)).isNull();
    }

    @Test
    void aPackCutByTheColumnLengthShowsTheWholeProblems() {
        String stored = RuleMessages.pack(problems);
        String cut = stored.substring(0, stored.length() - 10);
        assertThat(RuleMessages.renderStored(Locale.ENGLISH, cut)).isEqualTo(RuleMessages.render(Locale.ENGLISH, problems.get(0)));
    }

    @Test
    void separatorsInAValueCannotBreakThePack() {
        String stored = RuleMessages.pack(List.of(RuleProblem.error(3, "picks", "1\u00032\u00043", "rules.count.notWhole")));
        assertThat(RuleMessages.renderStored(Locale.ENGLISH, stored)).isEqualTo("Row 3, picks: '1 2 3' is not a whole number");
    }
}
