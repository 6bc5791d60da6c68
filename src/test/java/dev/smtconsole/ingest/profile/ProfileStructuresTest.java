package dev.smtconsole.ingest.profile;

import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.Samples;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.smtconsole.ingest.Reasons.en;
import static dev.smtconsole.ingest.Reasons.zh;
import static org.assertj.core.api.Assertions.assertThat;

/** XML logs, values from the file name, positional records with a layout per record type. */
class ProfileStructuresTest {

    private static Profile xml(String records, Map<Field, String> columns, Profile.FileName fileName) {
        return new Profile("xml test", null, false, null, null, 0, null, "yyyy/MM/dd HH:mm:ss", null, null, Source.AUTO,
                new Profile.MachineFrom(Profile.MachineSource.CONSTANT, null, null, "L1-M1"), columns, Map.of(), null, null,
                null, null, null, new Profile.Xml(records), fileName, null);
    }

    static final String TWO_LOTS = """
            <?xml version="1.0"?>
            <!-- two lots in one file -->
            <Log>
              <Lot lot="M008502" end="2026/11/20 09:00:00"><Count boards="10" placed="1100" picked="1104"/></Lot>
              <Lot lot="M008503" end="2026/11/20 10:00:00"><Count boards="12" placed="1320" picked="1321"/><Note>re-run</Note></Lot>
            </Log>
            """;

    @Test
    void anXmlFileWithManyRecordsGivesOneRowEachFromAttributesAndElements() throws IOException {
        Profile p = xml("//Lot", Map.of(Field.EVENT_TIME, "@end", Field.JOB, "@lot", Field.BOARDS, "Count/@boards",
                Field.PLACEMENTS, "Count/@placed", Field.PICKS, "Count/@picked", Field.REMARK, "Note"), null);
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), TWO_LOTS, "lots.xml");
        assertThat(rows).hasSize(2).noneMatch(r -> r.parseError() != null);
        assertThat(rows).extracting(r -> r.get(Field.JOB)).containsExactly("M008502", "M008503");
        assertThat(rows.get(1).get(Field.PICKS)).isEqualTo("1321");
        assertThat(rows.get(1).get(Field.REMARK)).isEqualTo("re-run");
        assertThat(rows.get(0).get(Field.REMARK)).isNull();
        assertThat(rows.get(0).get(Field.EVENT_TIME)).isEqualTo("2026-11-20T09:00:00+08:00");
        assertThat(rows.get(0).rawText()).startsWith("<Lot ").contains("lot=\"M008502\"").contains("boards=\"10\"");
        assertThat(rows.get(0).rowNo()).isEqualTo(1);
        List<SourceRow> again = Samples.parse(new ProfileParser(p), TWO_LOTS, "copy-of-lots.xml");
        assertThat(again).extracting(r -> r.get(Field.EVENT_ID)).isEqualTo(rows.stream().map(r -> r.get(Field.EVENT_ID)).toList());
    }

    @Test
    void valuesFromTheFileNameAndWhatIsWrongWithAnXmlFile() throws IOException {
        Profile p = xml("/Log/Lot", Map.of(Field.JOB, "@lot", Field.BOARDS, "Count/@boards"),
                new Profile.FileName("^(\\w+)_(\\d{8})", Map.of(Field.PRODUCT_MODEL, 1, Field.EVENT_TIME, 2)));
        assertThat(p.problems()).isEmpty();
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), TWO_LOTS, "1016928_20261120.xml");
        // a pattern with optional sections would read both; this one has no time of day: ISO date alone is no time
        assertThat(en(rows.get(0).parseError())).contains("EVENT_TIME (column (file name)): '20261120' is not a time");

        Profile dated = new Profile("xml test", null, false, null, null, 0, null, "[yyyy/MM/dd HH:mm:ss][yyyyMMddHHmm]", null,
                null, Source.AUTO, null, Map.of(Field.JOB, "@lot", Field.BOARDS, "Count/@boards"), Map.of(), null, null, null,
                null, null, new Profile.Xml("/Log/Lot"),
                new Profile.FileName("^([\\w-]+)\\+(\\d{12})", Map.of(Field.MACHINE, 1, Field.EVENT_TIME, 2)), null);
        List<SourceRow> ok = Samples.parse(new ProfileParser(dated), TWO_LOTS, "YSM20R-00124+202611201130.xml");
        assertThat(ok).hasSize(2).allSatisfy(r -> {
            assertThat(r.get(Field.MACHINE)).isEqualTo("YSM20R-00124");
            assertThat(r.get(Field.LINE)).isEqualTo("L1");
            assertThat(r.get(Field.EVENT_TIME)).isEqualTo("2026-11-20T11:30:00+08:00");
        });
        assertThat(en(Samples.parse(new ProfileParser(dated), TWO_LOTS, "no-plus.xml").get(0).parseError()))
                .contains("'no-plus.xml' does not match");
        assertThat(en(Samples.parse(new ProfileParser(dated), "<Log><Lot>", "YSM20R-00124+202611201130.xml").get(0).parseError()))
                .contains("not well-formed XML at line 1");
        assertThat(en(Samples.parse(new ProfileParser(dated), "<Other/>", "YSM20R-00124+202611201130.xml").get(0).parseError()))
                .isEqualTo("no element matches the record path /Log/Lot (the root element is Other)");
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE Log [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Log><Lot lot=\"&x;\"/></Log>";
        assertThat(en(Samples.parse(new ProfileParser(dated), doctype, "YSM20R-00124+202611201130.xml").get(0).parseError()))
                .contains("not well-formed XML").doesNotContain("root:");
    }

    @Test
    void badPathsAndPatternsAreProblemsOfTheProfile() {
        Profile p = new Profile("broken xml", null, false, null, null, 0, null, null, null, null, Source.AUTO, null,
                Map.of(Field.EVENT_TIME, "@t[", Field.PICKS, "Count/@n"), Map.of(), null, null, null, null, null,
                new Profile.Xml(""), new Profile.FileName("(a", Map.of(Field.JOB, 3)), null);
        assertThat(p.problems()).anyMatch(s -> s.contains("needs a record path"))
                .anyMatch(s -> s.startsWith("EVENT_TIME: '@t[' is not an XPath path"))
                .anyMatch(s -> s.contains("file-name pattern '(a' is not a regular expression"));
        assertThat(p.problems(java.util.Locale.SIMPLIFIED_CHINESE)).anyMatch(s -> s.contains("记录路径"));
    }

    private static Profile hostEvents(Map<Field, String> constants) {
        return Presets.find("fuji-host-events").orElseThrow().withConstants(constants);
    }

    @Test
    void positionalRecordsChooseTheirLayoutByTypeAndOtherTypesAreSkipped() throws IOException {
        String text = "MCSTATECHANGE\t20261124143800\tLINE2\tNXT-M3-4411\t1\tIDLE\tRUN\n"
                + "PRODSTARTED\t20261124144000\tLINE2\tNXT-M3-4411\t1\t1\t0\t1016928\tPNL1\n"
                + "PRODSTARTED\t20261124144010\tLINE2\tNXT-M3-4411\t1\t2\t0\t1016928\tPNL2\n"
                + "PRODCOMPLETED\t20261124144050\tLINE2\tNXT-M3-4411\t1\t2\t0\t1016928\tPNL2\t4\t1\n"
                + "PRODCOMPLETED\t20261124144055\tLINE2\tNXT-M3-4411\t1\t1\t0\t1016928\tPNL1\t4\n";
        List<SourceRow> rows = Samples.parse(new ProfileParser(hostEvents(Map.of())), text, "host.log");
        assertThat(en(rows.get(0).skipped())).isEqualTo("row 1: record type MCSTATECHANGE is not used by this profile");
        assertThat(en(rows.get(1).skipped())).contains("start of NXT-M3-4411 1 PNL1 at 2026-11-24T14:40:00+08:00");
        SourceRow lane2 = rows.get(3);
        assertThat(lane2.get(Field.BOARDS)).isEqualTo("1");
        assertThat(lane2.get(Field.PCBS)).isEqualTo("3");
        assertThat(lane2.get(Field.BLOCK_SKIPS)).isEqualTo("1");
        assertThat(lane2.get(Field.START_TIME)).isEqualTo("2026-11-24T14:40:10+08:00"); // its own lane's start
        assertThat(lane2.get(Field.JOB)).isNull();
        assertThat(en(lane2.jobUnknown())).isEqualTo("profile 'Fuji Nexim-style host events' has no JOB column or constant");
        assertThat(zh(lane2.jobUnknown())).contains("没有 JOB 列或固定值");
        // a line with fewer fields than its layout names
        assertThat(en(rows.get(4).parseError())).contains("column #11 is missing: the row has only 10 column(s)");
        List<SourceRow> withJob = Samples.parse(new ProfileParser(null, Map.of(Field.JOB, "M008358")), text, "host.log");
        assertThat(withJob.get(3).get(Field.JOB)).isEqualTo("M008358");
        assertThat(withJob.get(3).warnings()).anyMatch(w -> en(w).contains("built-in preset 'Fuji Nexim-style host events'"));
    }

    @Test
    void aColumnUsedByTwoFieldsMissingFromTheHeaderIsNamedOnce() throws IOException {
        Profile p = Presets.find("fuji-pcbcheckout").orElseThrow();
        String header = "event\ttime\tline\tmachine\tprogram\tpanel_id\tstatus\tpickups\n";
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), header + "PCBCHECKOUT\t20261124143005\tL2\tNXT-M3-4411\t1016928\tP1\tOK\t4\n",
                "x.txt");
        assertThat(en(rows.get(0).parseError())).contains("column(s) [rejects, dislodged] not in the header");
    }

    @Test
    void theJobColumnEmptyInARowSaysSo() throws IOException {
        Profile p = new Profile("jobs", null, false, "UTF-8", ",", 0, true, "yyyy-MM-dd HH:mm", null, null, Source.AUTO,
                new Profile.MachineFrom(Profile.MachineSource.CONSTANT, null, null, "L1-M1"),
                Map.of(Field.EVENT_TIME, "t", Field.JOB, "lot", Field.BOARDS, "n"), Map.of(), null, null, null, null, null);
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "t,lot,n\n2026-11-20 10:00,,3\n2026-11-20 11:00,M1,2\n", "x.csv");
        assertThat(en(rows.get(0).jobUnknown())).isEqualTo("the job column lot is empty");
        assertThat(rows.get(1).get(Field.JOB)).isEqualTo("M1");
    }
}
