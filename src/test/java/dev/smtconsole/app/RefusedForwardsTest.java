package dev.smtconsole.app;

import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused forward's reason in the reader's language, whichever database said it. */
class RefusedForwardsTest {
    static final Locale EN = Locale.ENGLISH, ZH = Locale.SIMPLIFIED_CHINESE;

    @Test
    void aPostgresCheckConstraintIsNamedInBothLanguages() {
        String pg = "cannot write message (ERROR: new row for relation \"integration_message\" violates check constraint \"no_manual\")";
        assertThat(RefusedForwards.reason(EN, pg)).startsWith("The shared database does not allow this data (its constraint no_manual)");
        assertThat(RefusedForwards.reason(ZH, pg)).startsWith("共享数据库不允许这条数据（其约束 no_manual）");
    }

    @Test
    void storedRuleReasonsAndKeysAreSaidInTheReadersLanguage() {
        String packed = RuleMessages.pack(List.of(new RuleProblem(12, "picks", "12x", "rules.count.notWhole", List.of(), false)));
        assertThat(RefusedForwards.reason(ZH, packed)).isEqualTo(RuleMessages.renderStored(ZH, packed)).contains("‘12x’ 不是整数");
        assertThat(RefusedForwards.reason(EN, "database.refused.reason.voided")).isEqualTo("Its import was voided on the server meanwhile.");
    }

    @Test
    void missingRightsAVoidedImportAndAnythingElseHaveTheirOwnSentence() {
        assertThat(RefusedForwards.reason(EN, "ERROR: permission denied for table production_event"))
                .startsWith("The login of this console may not write this");
        assertThat(RefusedForwards.reason(ZH, "java.sql.SQLException: import batch 41 was voided during the import"))
                .isEqualTo("其所属的导入已在服务器上被作废。");
        assertThat(RefusedForwards.reason(EN, "something nobody foresaw")).isEqualTo("The shared database refused it; see the server message.");
    }

    @Test
    void theContentIsIndentedWithItsNumbersAsStored() {
        assertThat(RefusedForwards.readableBody("{\"at\":1795395600.000000000,\"n\":[1,2]}"))
                .contains("\"at\" : 1795395600.000000000").contains("\"n\" : [ 1, 2 ]");
        assertThat(RefusedForwards.readableBody("not json {")).isEqualTo("not json {");
    }
}
