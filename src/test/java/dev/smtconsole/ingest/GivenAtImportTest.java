package dev.smtconsole.ingest;

import dev.smtconsole.app.ingest.IngestPipeline;
import dev.smtconsole.domain.Source;
import dev.smtconsole.domain.rules.Occurrences;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleConfig;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.TimeParser;
import dev.smtconsole.ingest.formats.Samples;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the import gives (a job, a line) fills what a row lacks, never its derived id; PCBs reach the record. */
class GivenAtImportTest {
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    final RecordValidator validator = new RecordValidator(Samples.masterData(), RuleConfig.defaults(Samples.SHANGHAI, List.of()));

    IngestPipeline.Verdict judge(SourceRow row, String line, String job) {
        return IngestPipeline.judge(row, validator, "OP1001", "csv", new Occurrences(), new TimeParser(Samples.SHANGHAI), NOW, line, job);
    }

    static Map<Field, String> counts() {
        Map<Field, String> v = new EnumMap<>(Field.class);
        v.put(Field.EVENT_TIME, "2026-11-20T10:00:00+08:00");
        v.put(Field.MACHINE, "L3-M1");
        v.put(Field.BOARDS, "1");
        v.put(Field.PCBS, "2");
        return v;
    }

    @Test
    void aRowWhoseJobIsNotKnownIsHeldBackWithItsReasonUntilAJobIsGiven() {
        SourceRow row = SourceRow.jobUnknown(7, "raw", Source.AUTO, counts(), List.of(),
                ParseProblem.encode("formats.prof.noJob", "ASM SIPLACE OIS BOARD"));
        IngestPipeline.Verdict held = judge(row, "L3", null);
        // Held as unassigned (ADR 0027): every other rule checked, the record kept without a job, the reason with it.
        assertThat(held.jobUnknown()).isTrue();
        assertThat(held.rejected()).isFalse();
        assertThat(held.record().hasJob()).isFalse();
        assertThat(held.record().boards()).isEqualTo(1);
        assertThat(RuleMessages.parseReason(Locale.ENGLISH, 7, held.unassigned()))
                .isEqualTo("profile 'ASM SIPLACE OIS BOARD' has no JOB column or constant");
        assertThat(RuleMessages.parseReason(Locale.SIMPLIFIED_CHINESE, 7, held.unassigned()))
                .contains("配置 ‘ASM SIPLACE OIS BOARD’ 没有 JOB 列或固定值");

        IngestPipeline.Verdict given = judge(row, "L3", " M008503 ");
        assertThat(given.jobUnknown()).isFalse();
        assertThat(given.record().jobNo()).isEqualTo("M008503");
        assertThat(given.record().boards()).isEqualTo(1);
        assertThat(given.record().pcbs()).isEqualTo(2);
    }

    @Test
    void aJobTheFileNamesIsNeverReplaced() {
        Map<Field, String> v = counts();
        v.put(Field.JOB, "M008502");
        IngestPipeline.Verdict r = judge(new SourceRow(1, "raw", Source.AUTO, v, null, null, List.of()), "L3", "M008503");
        assertThat(r.record().jobNo()).isEqualTo("M008502");
    }

    @Test
    void valuesGivenAtImportAreNotPartOfTheDerivedId() {
        Map<Field, String> v = counts();
        v.remove(Field.PCBS);
        v.put(Field.MACHINE, "");
        v.put(Field.LINE, "");
        v.put(Field.JOB, "");
        SourceRow row = new SourceRow(1, "raw", Source.MANUAL, v, null, null, List.of());
        var a = judge(row, "L1", "M008502").record();
        var b = judge(row, "L2", "M008510").record();
        assertThat(a.lineCode()).isEqualTo("L1");
        assertThat(b.jobNo()).isEqualTo("M008510");
        assertThat(a.eventId()).isEqualTo(b.eventId());
        assertThat(a.pcbs()).as("no PCB count: as many as boards").isEqualTo(a.boards());
    }
}
