package dev.smtconsole.ingest.formats;

import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.smtconsole.ingest.Reasons.en;
import static dev.smtconsole.ingest.Reasons.zh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPC-CFX as plants really send it (files in src/test/resources/field-data, written from the
 * IPC-2591 documentation and the CFX SDK's examples): a stream split by message name, CFX before
 * 2.1, envelopes inside a bus wrapper, a carrier of two PCBs.
 */
class CfxFieldDataTest {
    static final Path DIR = Path.of("src/test/resources/field-data");
    private final CfxParser parser = new CfxParser();

    private List<SourceRow> parse(String name) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(name))) {
            return Samples.drain(parser, in, Samples.context(name));
        }
    }

    private static long count(List<SourceRow> rows, Field f, String machine) {
        return rows.stream().filter(r -> r.parseError() == null && r.skipped() == null)
                .filter(r -> machine.equalsIgnoreCase(r.get(Field.MACHINE)))
                .map(r -> r.get(f)).filter(v -> v != null).mapToLong(Long::parseLong).sum();
    }

    @Test
    void aStreamOfOnlyWorkCompletedKeepsEveryBoardWithItsJobUnknownAndWhy() throws IOException {
        List<SourceRow> rows = parse("cfx-split-workcompleted.jsonl");
        assertThat(rows).hasSize(12).noneMatch(r -> r.parseError() != null);
        List<SourceRow> counted = rows.stream().filter(r -> r.skipped() == null).toList();
        assertThat(counted).hasSize(11).allSatisfy(r -> {
            assertThat(r.get(Field.JOB)).isNull();
            assertThat(r.get(Field.BOARDS)).isEqualTo("1");
            assertThat(r.get(Field.LINE)).isEqualTo("L3");
            assertThat(r.jobUnknown()).isNotNull();
            assertThat(en(r.jobUnknown())).contains("the WorkStarted of transaction").contains("is not in this file")
                    .contains("split by message name");
            assertThat(zh(r.jobUnknown())).contains("不在此文件中");
        });
        assertThat(count(rows, Field.BOARDS, "CFX.L3.M1")).isEqualTo(4);
        assertThat(count(rows, Field.BOARDS, "CFX.L3.M3")).isEqualTo(3);
        // Result 2 (a number) is Aborted: not a board
        assertThat(en(rows.get(11).skipped())).contains("Result Aborted");
        // 7-digit fractions and the offset kept as written
        assertThat(rows.get(0).get(Field.EVENT_TIME)).isEqualTo("2026-11-20T10:00:30.1234567+08:00");
    }

    @Test
    void cfxBefore21HasNoJobNameButLinksByTransactionAndGivesTheRealStart() throws IOException {
        List<SourceRow> rows = parse("cfx-pre21.jsonl");
        assertThat(rows).hasSize(21).noneMatch(r -> r.parseError() != null);
        List<SourceRow> started = rows.stream().filter(r -> r.skipped() != null).toList();
        assertThat(started).hasSize(9).allSatisfy(r -> assertThat(en(r.skipped())).contains("without naming its job"));
        assertThat(en(started.get(0).skipped())).contains("CFX.L3.M1 (Lane 1)");
        assertThat(en(started.get(1).skipped())).contains("CFX.L3.M2 (Lane 1)"); // "Lane": 1 and "lane": "1" alike
        List<SourceRow> counts = rows.stream().filter(r -> r.skipped() == null).toList();
        assertThat(counts).hasSize(12).allSatisfy(r -> {
            assertThat(r.jobUnknown()).isNotNull();
            assertThat(en(r.jobUnknown())).contains("names no job").contains("CFX before 2.1");
        });
        SourceRow firstBoard = counts.stream().filter(r -> "1".equals(r.get(Field.BOARDS))).findFirst().orElseThrow();
        // the job's real start: the TimeStamp of the WorkStarted with the same (lower-case) transactionID
        assertThat(firstBoard.get(Field.START_TIME)).isEqualTo("2026-11-20T11:00:05.0000001+08:00");
        assertThat(firstBoard.get(Field.EVENT_TIME)).isEqualTo("2026-11-20T11:00:46.9876543+08:00");
        SourceRow placed = counts.stream().filter(r -> r.get(Field.PLACEMENTS) != null).findFirst().orElseThrow();
        assertThat(placed.get(Field.PLACEMENTS)).isEqualTo("258"); // totalComponentsPlaced in camel case
        assertThat(placed.get(Field.START_TIME)).isEqualTo("2026-11-20T11:00:00.0000000+08:00");
        assertThat(count(rows, Field.BOARDS, "CFX.L3.M2")).isEqualTo(3);
    }

    @Test
    void envelopesInsideABusWrapperAreFoundAndTheWrapperNamesTheDevice() throws IOException {
        List<SourceRow> rows = parse("cfx-wrapped.jsonl");
        assertThat(rows).hasSize(10);
        assertThat(rows.subList(0, 9)).noneMatch(r -> r.parseError() != null || r.jobUnknown() != null);
        assertThat(en(rows.get(0).skipped())).contains("job M008358 (1016928) runs on CFX.L2.M1 (Lane 1)");
        SourceRow linked = rows.get(1);
        assertThat(linked.get(Field.START_TIME)).isEqualTo("2026-11-20T12:00:00.5000000+08:00");
        // the envelope has no Source: the wrapper's Meta.DeviceID is the machine
        assertThat(rows.get(2).get(Field.MACHINE)).isEqualTo("CFX.L2.M1");
        assertThat(rows.get(2).get(Field.JOB)).isEqualTo("M008358");
        assertThat(rows.get(3).get(Field.BOARDS)).isEqualTo("1"); // envelope as an object, not as text
        assertThat(count(rows, Field.BOARDS, "CFX.L2.M1")).isEqualTo(3);
        assertThat(count(rows, Field.BOARDS, "CFX.L2.M2")).isEqualTo(3);
        assertThat(count(rows, Field.PLACEMENTS, "CFX.L2.M1")).isEqualTo(447);
        assertThat(rows).allSatisfy(r -> assertThat(r.rawText()).startsWith("{\"Meta\""));
        assertThat(en(rows.get(9).parseError())).isEqualTo("message 10 is not a CFX envelope (no MessageName at the top level "
                + "nor in a wrapper field up to 4 levels down)");
    }

    @Test
    void aWrapperSettingNamesPathsForOtherWrappers() throws IOException {
        String envelope = "{\"MessageName\":\"CFX.Production.WorkCompleted\",\"TimeStamp\":\"2026-11-20T12:01:00+08:00\","
                + "\"UniqueID\":\"u-1\",\"MessageBody\":{\"Result\":\"Completed\"}}";
        String wrapped = "{\"hdr\":{\"eq\":\"CFX.L2.M3\",\"ln\":\"L2\"},\"payload\":{\"cfx\":" + envelope + "}}\n"
                + "{\"hdr\":{\"eq\":\"CFX.L2.M3\"},\"payload\":{\"other\":" + envelope + "}}\n";
        CfxParser configured = new CfxParser(CfxWrapper.parse("envelope=payload.cfx, source=hdr.eq; line=hdr.ln"));
        List<SourceRow> rows = Samples.parse(configured, wrapped, "bus.jsonl");
        assertThat(rows.get(0).get(Field.MACHINE)).isEqualTo("CFX.L2.M3");
        assertThat(en(rows.get(0).jobUnknown())).contains("no job is running on CFX.L2.M3");
        assertThat(en(rows.get(1).parseError())).isEqualTo("message 2 is not a CFX envelope (no MessageName at payload.cfx)");
        // without the setting both are found by themselves; the device id has an unusual name
        List<SourceRow> auto = Samples.parse(parser, wrapped, "bus.jsonl");
        assertThat(auto).allSatisfy(r -> assertThat(en(r.parseError())).contains("Source is missing"));
        assertThat(CfxWrapper.parse("{\"envelope\": \"a.b\"}")).isEqualTo(new CfxWrapper("a.b", null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CfxWrapper.parse("payload.cfx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME=PATH");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CfxWrapper.parse("body=x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'body' is not known");
    }

    @Test
    void aCarrierOfTwoCircuitsIsOneBoardAndTwoPcbs() throws IOException {
        List<SourceRow> rows = parse("cfx-carrier.jsonl");
        List<SourceRow> boards = rows.stream().filter(r -> r.skipped() == null).toList();
        assertThat(boards).hasSize(3).allSatisfy(r -> {
            assertThat(r.get(Field.BOARDS)).isEqualTo("1");
            assertThat(r.get(Field.JOB)).isEqualTo("M008502");
        });
        // UnitCount 0 and no units in WorkCompleted: the WorkStarted's 2; a skipped circuit does not count; UnitCount 2
        assertThat(boards).extracting(r -> r.get(Field.PCBS)).containsExactly("2", "1", "2");
        assertThat(boards.get(0).get(Field.START_TIME)).isEqualTo("2026-11-20T13:00:00.0000000+08:00");
    }

    @Test
    void aTransactionIsCountedOnceWhetherUnitsProcessedOrWorkCompletedSaysIt() throws IOException {
        String ws = env(CfxParser.WORK_STARTED, "CFX.L1.M2", "2026-11-20T14:00:00+08:00",
                "{\"TransactionID\":\"T-1\",\"Lane\":1,\"UnitCount\":2,\"RecipeName\":\"R1\"}");
        String up = env(CfxParser.UNITS_PROCESSED, "CFX.L1.M2", "2026-11-20T14:00:40+08:00",
                "{\"TransactionId\":\"t-1\",\"OverallResult\":0,\"UnitProcessData\":[{\"UnitResult\":\"Succeeded\"},{\"UnitResult\":4}]}");
        String wc = env(CfxParser.WORK_COMPLETED, "CFX.L1.M2", "2026-11-20T14:00:45+08:00", "{\"TransactionID\":\"T-1\",\"Result\":\"Completed\"}");
        String bad = env(CfxParser.WORK_COMPLETED, "CFX.L1.M2", "2026-11-20T14:00:50+08:00", "{\"TransactionID\":\"T-2\",\"Result\":7}");
        List<SourceRow> rows = Samples.parse(parser, String.join("\n", ws, up, wc, bad), "up.jsonl");
        assertThat(rows.get(1).get(Field.BOARDS)).isEqualTo("1");
        assertThat(rows.get(1).get(Field.PCBS)).isEqualTo("1"); // one unit Succeeded, one Skipped (4)
        assertThat(rows.get(1).get(Field.JOB)).isEqualTo("R1");
        assertThat(rows.get(1).get(Field.START_TIME)).isEqualTo("2026-11-20T14:00:00+08:00");
        assertThat(en(rows.get(2).skipped())).contains("transaction T-1 on CFX.L1.M2 was counted already (message 2)");
        assertThat(en(rows.get(3).parseError())).contains("Result '7' is not one of Completed, Failed, Aborted, Skipped");
    }

    @Test
    void twoLanesRunningDifferentJobsLeaveAnUnlinkedBoardUnassigned() throws IOException {
        String a = env(CfxParser.WORK_STARTED, "CFX.L1.M3", "2026-11-20T15:00:00+08:00", "{\"TransactionID\":\"A\",\"Lane\":1,\"RecipeName\":\"R1\"}");
        String b = env(CfxParser.WORK_STARTED, "CFX.L1.M3", "2026-11-20T15:00:10+08:00", "{\"TransactionID\":\"B\",\"Lane\":\"2\",\"RecipeName\":\"R2\"}");
        String linked = env(CfxParser.WORK_COMPLETED, "CFX.L1.M3", "2026-11-20T15:01:00+08:00", "{\"TransactionID\":\"B\",\"Result\":\"Completed\"}");
        String unlinked = env(CfxParser.WORK_COMPLETED, "CFX.L1.M3", "2026-11-20T15:01:30+08:00", "{\"Result\":\"Completed\"}");
        List<SourceRow> rows = Samples.parse(parser, String.join("\n", a, b, linked, unlinked), "lanes.jsonl");
        assertThat(rows.get(2).get(Field.JOB)).isEqualTo("R2");
        assertThat(rows.get(3).get(Field.JOB)).isNull();
        assertThat(en(rows.get(3).jobUnknown())).contains("jobs R1, R2 run on its lanes");
    }

    @Test
    void detectionClaimsJsonThatLooksLikeCfxOnly() {
        assertThat(parser.detect("{\"Meta\":{},\"Data\":{\"RawData\":\"{\\\"MessageName\\\":\\\"CFX.X\\\"}\"}}".getBytes(), "x.jsonl"))
                .isEqualTo(95);
        assertThat(parser.detect("{\"MessageBody\":{\"Result\":\"Completed\"}}".getBytes(), "x.json")).isEqualTo(60);
        assertThat(parser.detect("{\"orders\":[1,2,3]}".getBytes(), "orders.json")).isZero();
    }

    private static int n;

    private static String env(String name, String source, String stamp, String body) {
        return "{\"MessageName\":\"" + name + "\",\"UniqueID\":\"fd-" + (++n) + "\",\"Source\":\"" + source
                + "\",\"TimeStamp\":\"" + stamp + "\",\"MessageBody\":" + body + "}";
    }
}
