package dev.smtconsole.ingest.formats;

import static dev.smtconsole.ingest.Reasons.en;

import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static dev.smtconsole.ingest.formats.Samples.ok;
import static dev.smtconsole.ingest.formats.Samples.sum;
import static org.assertj.core.api.Assertions.assertThat;

class CfxParserTest {
    private final CfxParser parser = new CfxParser();

    @Test
    void line1ArrayGivesTheExpectedBoardsPlacementsAndPicks() throws IOException {
        List<SourceRow> rows = Samples.parse(parser, "cfx-line1.json");
        assertThat(rows).hasSize(85);
        assertThat(rows).noneMatch(r -> r.parseError() != null);
        String[] ms = {"CFX.L1.M1", "CFX.L1.M2", "CFX.L1.M3"};
        long[] boards = {20, 19, 20}, placements = {2200, 480, 640}, picks = {2217, 486, 647};
        for (int i = 0; i < 3; i++) {
            assertThat(sum(rows, Field.BOARDS, ms[i])).as("boards " + ms[i]).isEqualTo(boards[i]);
            assertThat(sum(rows, Field.PLACEMENTS, ms[i])).as("placements " + ms[i]).isEqualTo(placements[i]);
            assertThat(sum(rows, Field.PICKS, ms[i])).as("picks " + ms[i]).isEqualTo(picks[i]);
            assertThat(sum(rows, Field.REJECTS, ms[i])).isEqualTo(picks[i] - placements[i]);
        }
        assertThat(rows.stream().filter(Samples::ok)).allSatisfy(r -> {
            assertThat(r.get(Field.JOB)).isEqualTo("M008502");
            assertThat(r.get(Field.LINE)).isEqualTo("L1");
            assertThat(r.get(Field.PRODUCT_MODEL)).isEqualTo("2THT303662R3001 TOP");
            assertThat(r.get(Field.EVENT_TIME)).endsWith("+08:00");
        });
    }

    @Test
    void unusedMessagesAndFailedBoardsAreSkippedNotRejected() throws IOException {
        List<SourceRow> rows = Samples.parse(parser, "cfx-line1.json");
        assertThat(en(rows.get(0).skipped())).contains("CFX.EndpointConnected");
        assertThat(en(rows.get(1).skipped())).contains("StationStateChanged");
        assertThat(en(rows.get(44).skipped())).contains("StationStateChanged");
        assertThat(en(rows.get(34).skipped())).contains("Failed");
        // WorkStarted sets the job but carries no count
        assertThat(en(rows.get(2).skipped())).contains("M008502");
        // #5 writes workOrderID in other casing, #27 totalComponentsPlaced: both still read
        assertThat(en(rows.get(4).skipped())).contains("job M008502");
        assertThat(ok(rows.get(26))).isTrue();
        assertThat(rows.get(26).get(Field.PLACEMENTS)).isNotNull();
    }

    @Test
    void uniqueIdIsTheEventId() throws IOException {
        List<SourceRow> rows = Samples.parse(parser, "cfx-line1.json");
        assertThat(rows.get(26).rawText()).contains("\"UniqueID\":\"" + rows.get(26).get(Field.EVENT_ID) + "\"");
    }

    @Test
    void jsonLinesInUtcKeepTheInstantAndFindTheLine() throws IOException {
        List<SourceRow> rows = Samples.parse(parser, "cfx-line2.jsonl");
        assertThat(rows).hasSize(40).noneMatch(r -> r.parseError() != null);
        String[] ms = {"CFX.L2.M1", "CFX.L2.M2", "CFX.L2.M3"};
        long[] boards = {8, 7, 8}, placements = {1192, 448, 344}, notPlaced = {6, 4, 4};
        for (int i = 0; i < 3; i++) {
            assertThat(sum(rows, Field.BOARDS, ms[i])).as("boards " + ms[i]).isEqualTo(boards[i]);
            assertThat(sum(rows, Field.PLACEMENTS, ms[i])).isEqualTo(placements[i]);
            assertThat(sum(rows, Field.REJECTS, ms[i])).isEqualTo(notPlaced[i]);
        }
        assertThat(en(rows.get(15).skipped())).contains("StationStateChanged");
        assertThat(rows.get(17).get(Field.BOARDS)).isEqualTo("1"); // TransactionId casing
        assertThat(en(rows.get(25).skipped())).contains("Aborted");
        SourceRow placed = rows.stream().filter(r -> r.get(Field.PLACEMENTS) != null).findFirst().orElseThrow();
        assertThat(placed.get(Field.EVENT_TIME)).isEqualTo("2026-11-24T05:10:00.000Z"); // as written: it has an offset
        assertThat(placed.get(Field.LINE)).isEqualTo("L2");
        assertThat(placed.get(Field.JOB)).isEqualTo("M008358");
        assertThat(placed.get(Field.PRODUCT_MODEL)).isEqualTo("1016928");
    }

    @Test
    void truncatedArrayGivesOneBrokenRowForTheRest() throws IOException {
        byte[] all = Files.readAllBytes(Samples.file("cfx-line1.json"));
        byte[] cut = java.util.Arrays.copyOf(all, all.length / 2);
        List<SourceRow> rows = Samples.parse(parser, cut, "cut.json");
        SourceRow last = rows.get(rows.size() - 1);
        assertThat(en(last.parseError())).contains("ends unexpectedly").contains("rest of the file");
        assertThat(rows.subList(0, rows.size() - 1)).noneMatch(r -> r.parseError() != null);
        assertThat(rows.size()).isBetween(30, 50);
    }

    @Test
    void brokenJsonLineIsOneRejectedRowAndReadingGoesOn() throws IOException {
        List<String> lines = Files.readAllLines(Samples.file("cfx-line2.jsonl"), StandardCharsets.UTF_8);
        lines.set(4, lines.get(4).substring(0, 40) + "}}");
        lines.add(lines.get(39).substring(0, 50)); // truncated last line
        List<SourceRow> rows = Samples.parse(parser, String.join("\n", lines), "x.jsonl");
        assertThat(rows).hasSize(41);
        assertThat(en(rows.get(4).parseError())).contains("line 5").contains("cut off");
        assertThat(en(rows.get(5).parseError())).isNull();
        assertThat(en(rows.get(40).parseError())).contains("truncated");
    }

    @Test
    void wrongTypesAndPlaceholdersGiveClearReasons() throws IOException {
        String ws = env("CFX.Production.WorkStarted", "M1", "2026-11-24T08:00:00+08:00",
                "{\"RecipeName\":\"1016928\",\"WorkOrderIdentifier\":{\"WorkOrderId\":\"string\"}}");
        String badCount = env(CfxParser.COMPONENTS_PLACED, "M1", "2026-11-24T08:10:00+08:00",
                "{\"StartTime\":\"2026-11-24T08:00:00+08:00\",\"EndTime\":\"2026-11-24T08:10:00+08:00\",\"TotalComponentsPlaced\":\"12x\",\"TotalComponentsNotPlaced\":1}");
        String textCount = env(CfxParser.COMPONENTS_PLACED, "M1", "2026-11-24T08:20:00+08:00",
                "{\"EndTime\":\"2026-11-24T08:20:00\",\"TotalComponentsPlaced\":\"40\",\"TotalComponentsNotPlaced\":1.5}");
        String okCount = env(CfxParser.COMPONENTS_PLACED, "M1", "2026-11-24T08:30:00+08:00",
                "{\"EndTime\":\"2026-11-24T08:30:00\",\"TotalComponentsPlaced\":\"40\",\"TotalComponentsNotPlaced\":2}");
        String otherMachine = env(CfxParser.WORK_COMPLETED, "M2", "2026-11-24T08:31:00+08:00", "{\"Result\":\"Completed\"}");
        String unknown = env("CFX.Something.New", "M1", "2026-11-24T08:32:00+08:00", "{}");
        String noSource = env(CfxParser.WORK_COMPLETED, "string", "2026-11-24T08:33:00+08:00", "{\"Result\":\"Completed\"}");
        String badTime = env(CfxParser.WORK_COMPLETED, "M1", "yesterday", "{\"Result\":\"Completed\"}");
        String text = "[" + String.join(",", ws, badCount, textCount, okCount, otherMachine, unknown, noSource, badTime, "42") + "]";
        List<SourceRow> rows = Samples.parse(parser, text, "h.json");
        assertThat(rows).hasSize(9);
        assertThat(en(rows.get(0).skipped())).contains("job 1016928"); // placeholder work order: recipe is the job
        assertThat(en(rows.get(1).parseError())).contains("TotalComponentsPlaced '12x' is not a whole number");
        assertThat(en(rows.get(2).parseError())).contains("TotalComponentsNotPlaced '1.5' is not a whole number");
        assertThat(rows.get(3).get(Field.PICKS)).isEqualTo("42");
        assertThat(rows.get(3).warnings()).anyMatch(w -> en(w).contains("written as text"));
        assertThat(rows.get(3).get(Field.EVENT_TIME)).isEqualTo("2026-11-24T08:30:00+08:00"); // no offset → factory zone
        assertThat(rows.get(4).jobUnknown()).as("a count without its job is kept, with the reason").isNotNull();
        assertThat(en(rows.get(4).jobUnknown())).contains("no job is running on M2");
        assertThat(rows.get(4).get(Field.BOARDS)).isEqualTo("1");
        assertThat(en(rows.get(5).skipped())).contains("CFX.Something.New");
        assertThat(en(rows.get(6).parseError())).contains("Source is missing");
        assertThat(en(rows.get(7).parseError())).contains("TimeStamp 'yesterday'");
        assertThat(en(rows.get(8).parseError())).contains("not a JSON object");
    }

    @Test
    void missingUniqueIdGetsAStableDerivedId() throws IOException {
        String ws = env("CFX.Production.WorkStarted", "M1", "2026-11-24T08:00:00+08:00", "{\"RecipeName\":\"R\"}");
        String wc = "{\"MessageName\":\"CFX.Production.WorkCompleted\",\"Source\":\"M1\",\"TimeStamp\":\"2026-11-24T08:01:00+08:00\",\"MessageBody\":{\"Result\":\"Completed\"}}";
        String text = ws + "\n" + wc + "\n" + wc + "\n";
        List<SourceRow> a = Samples.parse(parser, text, "a.jsonl");
        List<SourceRow> b = Samples.parse(parser, text, "b.jsonl");
        assertThat(a.get(1).get(Field.EVENT_ID)).startsWith("h:").isEqualTo(b.get(1).get(Field.EVENT_ID))
                .isNotEqualTo(a.get(2).get(Field.EVENT_ID));
    }

    @Test
    void detectsCfxFromContent() throws IOException {
        byte[] head = Files.readAllBytes(Samples.file("cfx-line2.jsonl"));
        assertThat(parser.detect(head, "whatever.txt")).isGreaterThanOrEqualTo(90);
        assertThat(parser.detect("a,b,c\n1,2,3".getBytes(), "x.json")).isZero();
        assertThat(parser.detect("{\"a\":1}".getBytes(), "x.csv")).isLessThan(50);
    }

    private static int n;

    private static String env(String name, String source, String stamp, String body) {
        return "{\"MessageName\":\"" + name + "\",\"UniqueID\":\"id-" + (++n) + "\",\"Source\":\"" + source
                + "\",\"TimeStamp\":\"" + stamp + "\",\"MessageBody\":" + body + "}";
    }
}
