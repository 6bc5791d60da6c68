package dev.smtconsole.ingest.profile;

import static dev.smtconsole.ingest.Reasons.en;

import dev.smtconsole.ingest.formats.Samples;

import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileParserTest {

    private static Profile simple(Profile.Counters counters, Profile.MachineFrom machine, Map<Field, String> columns) {
        return new Profile("test", null, false, "UTF-8", ",", 0, true, "yyyy-MM-dd HH:mm", null, counters, Source.MANUAL,
                machine, columns, Map.of(Field.JOB, "M008358"), null, null, null, null, null);
    }

    @Test
    void machineFromTheFileNameByPattern() throws IOException {
        Profile p = simple(Profile.Counters.DELTA, new Profile.MachineFrom(Profile.MachineSource.FILE_NAME, null, "_(L\\d-M\\d)\\.", null),
                Map.of(Field.EVENT_TIME, "t", Field.PICKS, "p"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "t,p\n2026-11-24 10:00,5\n", "/logs/unit_L2-M3.csv");
        assertThat(rows.get(0).get(Field.MACHINE)).isEqualTo("L2-M3");
        assertThat(rows.get(0).get(Field.LINE)).isEqualTo("L2");
        assertThat(rows.get(0).source()).isEqualTo(Source.MANUAL);
        List<SourceRow> wrong = Samples.parse(new ProfileParser(p), "t,p\n2026-11-24 10:00,5\n", "other.csv");
        assertThat(wrong).singleElement().satisfies(r -> assertThat(en(r.parseError())).contains("'other.csv' does not match"));
    }

    @Test
    void machineAsAConstantAndLineFromMasterData() throws IOException {
        Profile p = simple(Profile.Counters.DELTA, new Profile.MachineFrom(Profile.MachineSource.CONSTANT, null, null, "SIPLACE-SX2-0816"),
                Map.of(Field.EVENT_TIME, "1", Field.PICKS, "2"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "t,p\n2026-11-24 10:00,5\n", "x.csv");
        assertThat(rows.get(0).get(Field.MACHINE)).isEqualTo("SIPLACE-SX2-0816");
        assertThat(rows.get(0).get(Field.LINE)).isEqualTo("L3");
    }

    @Test
    void hostileRowsAreRejectedWithRowColumnAndValue() throws IOException {
        Profile p = simple(Profile.Counters.DELTA, new Profile.MachineFrom(Profile.MachineSource.COLUMN, "m", null, null),
                Map.of(Field.EVENT_TIME, "t", Field.PICKS, "p", Field.PLACEMENTS, "q"));
        String text = """
                m,t,p,q
                L1-M1,2026-11-24 10:00,12x,5
                L1-M1,2026-11-24 10:00
                L1-M1,2026-13-45 10:00,1,1
                L1-M1,2026-11-24 10:05,-4,1
                L1-M1,2026-11-24 10:10,"7",6
                """;
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), text, "x.csv");
        assertThat(rows).hasSize(5);
        assertThat(en(rows.get(0).parseError())).isEqualTo("PICKS (column p): '12x' is not a whole number");
        assertThat(rows.get(0).rowNo()).isEqualTo(1);
        assertThat(en(rows.get(1).parseError())).contains("column 'p' #3 is missing: the row has only 2 column(s)");
        assertThat(en(rows.get(2).parseError())).contains("'2026-13-45 10:00' is not a time (expected yyyy-MM-dd HH:mm)");
        assertThat(en(rows.get(3).parseError())).contains("-4 is negative");
        assertThat(en(rows.get(4).parseError())).isNull();
        assertThat(rows.get(4).get(Field.PICKS)).isEqualTo("7");
    }

    @Test
    void aProfileColumnMissingFromTheHeaderStopsWithOneClearRow() throws IOException {
        Profile p = simple(Profile.Counters.DELTA, null, Map.of(Field.EVENT_TIME, "finishDate", Field.PICKS, "partsConsumption"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "a,b\n1,2\n3,4\n", "x.csv");
        assertThat(rows).singleElement().satisfies(r -> assertThat(en(r.parseError()))
                .contains("[finishDate, partsConsumption] not in the header [a, b]"));
    }

    @Test
    void unusableProfileSaysWhy() throws IOException {
        Profile p = new Profile("bad", null, false, "KOI-9", ";;", -1, false, "yyyy-MM-dd QQQQQ HH", "Mars/Olympus", null, null,
                new Profile.MachineFrom(Profile.MachineSource.FILE_NAME, null, "no-group", null), Map.of(Field.PICKS, "picks"),
                null, "bogus", null, null, null, null);
        assertThat(p.problems()).anyMatch(s -> en(s).contains("encoding 'KOI-9'")).anyMatch(s -> en(s).contains("delimiter ';;'"))
                .anyMatch(s -> en(s).contains("preambleLines -1")).anyMatch(s -> en(s).contains("zone 'Mars/Olympus'"))
                .anyMatch(s -> en(s).contains("no EVENT_TIME")).anyMatch(s -> en(s).contains("needs a group"))
                .anyMatch(s -> en(s).contains("condition 'bogus'")).anyMatch(s -> en(s).contains("column 'picks' by name"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "1,2\n", "x.csv");
        assertThat(rows).singleElement().satisfies(r -> assertThat(en(r.parseError())).startsWith("profile 'bad' cannot be used"));
    }

    /** Property: cumulative series with random resets give deltas ≥ 0 whose sum is the sum of the run ends. */
    @RepeatedTest(30)
    void cumulativeCountersNeverGoNegativeAndSumToTheRunTotals(RepetitionInfo info) throws IOException {
        long seed = 77_000 + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        StringBuilder text = new StringBuilder("machine,time,count\n");
        String[] machines = {"L1-M1", "L1-M2"};
        long[] value = new long[2];
        long[] expectedTotal = new long[2];
        List<long[]> expectedDeltas = new ArrayList<>();
        boolean[] seen = new boolean[2];
        int rows = 5 + rnd.nextInt(60);
        for (int i = 0; i < rows; i++) {
            int m = rnd.nextInt(2);
            long before = value[m];
            long delta;
            if (seen[m] && before > 0 && rnd.nextInt(6) == 0) {
                value[m] = rnd.nextInt((int) Math.min(30, before)); // a reset is a drop (a rise cannot be told from growth)
                delta = value[m];
            } else {
                long step = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(500);
                value[m] += step;
                delta = seen[m] ? value[m] - before : value[m];
            }
            seen[m] = true;
            expectedTotal[m] += delta;
            expectedDeltas.add(new long[]{m, delta});
            text.append(machines[m]).append(",2026-11-25 ").append(String.format("%02d:%02d", 8 + i / 60, i % 60)).append(',')
                    .append(value[m]).append('\n');
        }
        Profile p = simple(Profile.Counters.CUMULATIVE, new Profile.MachineFrom(Profile.MachineSource.COLUMN, "machine", null, null),
                Map.of(Field.EVENT_TIME, "time", Field.PICKS, "count"));
        List<SourceRow> out = Samples.parse(new ProfileParser(p), text.toString(), "cum.csv");
        assertThat(out).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(Long.parseLong(out.get(i).get(Field.PICKS))).as("seed %d row %d", seed, i + 1).isEqualTo(expectedDeltas.get(i)[1]);
        }
        assertThat(Samples.sum(out, Field.PICKS, "L1-M1")).isEqualTo(expectedTotal[0]);
        assertThat(Samples.sum(out, Field.PICKS, "L1-M2")).isEqualTo(expectedTotal[1]);
    }
}
