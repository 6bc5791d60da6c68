package dev.smtconsole.ingest.profile;

import static dev.smtconsole.ingest.Reasons.en;

import dev.smtconsole.ingest.formats.Samples;

import dev.smtconsole.domain.Source;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: however a log is laid out (column order, delimiter, encoding, header or positions,
 * preamble, quoting, time pattern, delta or cumulative), a profile describing that layout reads
 * the same records. Seeded, so a failure names its seed and repeats.
 */
class ProfileEnginePropertyTest {
    private static final String[] DELIMITERS = {",", ";", "\t", "|"};
    private static final String[] ENCODINGS = {"UTF-8", "GB18030", "Shift_JIS", "ISO-8859-1"};
    /** Remarks each encoding can hold; the delimiter and quotes inside force quoting. */
    private static final Map<String, String[]> REMARKS = Map.of(
            "UTF-8", new String[]{"换料 C12, 飞达 3-15", "ノズル交換", "plain"},
            "GB18030", new String[]{"换料: 0603 电容", "贴装头 \"H2\" 吸嘴更换", "a;b|c"},
            "Shift_JIS", new String[]{"段取り替え", "ノズル交換, 3", "x"},
            "ISO-8859-1", new String[]{"Bestückung, Düse", "café; naïve", "ok"});
    private static final String[] PATTERNS = {"yyyy/MM/dd HH:mm:ss", "yyyyMMddHHmmss", "dd.MM.yyyy HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"};
    private static final String[] MACHINES = {"YSM20R-00123", "YSM20R-00124", "NXT-M3-4411", "L3-M1"};

    record Expected(String machine, LocalDateTime time, String job, long boards, long picks, long placements, String remark) {
    }

    @RepeatedTest(60)
    void anyLayoutDescribedByTheProfileGivesTheSameRecords(RepetitionInfo info) throws IOException {
        long seed = 0x5EED_0000L + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        String encoding = ENCODINGS[rnd.nextInt(ENCODINGS.length)];
        String delimiter = DELIMITERS[rnd.nextInt(DELIMITERS.length)];
        String pattern = PATTERNS[rnd.nextInt(PATTERNS.length)];
        boolean header = rnd.nextBoolean();
        boolean cumulative = rnd.nextBoolean();
        int preamble = rnd.nextInt(4);

        List<Expected> expected = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2026, 11, 24, 8, 0).plusMinutes(rnd.nextInt(600));
        int rows = 1 + rnd.nextInt(40);
        for (int i = 0; i < rows; i++) {
            t = t.plusSeconds(1 + rnd.nextInt(900));
            long placements = rnd.nextInt(5000);
            String[] remarks = REMARKS.get(encoding);
            expected.add(new Expected(MACHINES[rnd.nextInt(MACHINES.length)], t, "M00" + (8300 + rnd.nextInt(99)),
                    rnd.nextInt(20), placements + rnd.nextInt(50), placements, rnd.nextInt(3) == 0 ? "" : remarks[rnd.nextInt(remarks.length)]));
        }

        List<String> names = new ArrayList<>(List.of("Maschine", "Zeit", "Auftrag", "Platten", "Picks", "Bestueckt", "Notiz", "Extra"));
        Collections.shuffle(names, rnd);
        Map<String, Field> fieldOf = Map.of("Maschine", Field.MACHINE, "Zeit", Field.EVENT_TIME, "Auftrag", Field.JOB,
                "Platten", Field.BOARDS, "Picks", Field.PICKS, "Bestueckt", Field.PLACEMENTS, "Notiz", Field.REMARK);

        StringBuilder text = new StringBuilder();
        for (int i = 0; i < preamble; i++) text.append("preamble line ").append(i).append(" with ").append(delimiter).append('\n');
        if (header) text.append(String.join(delimiter, names)).append(rnd.nextBoolean() ? "\r\n" : "\n");
        Map<String, long[]> running = new java.util.HashMap<>();
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(pattern);
        for (Expected e : expected) {
            long[] totals = running.computeIfAbsent(e.machine(), k -> new long[3]);
            totals[0] += e.boards();
            totals[1] += e.picks();
            totals[2] += e.placements();
            List<String> cells = new ArrayList<>();
            for (String n : names) {
                String v = switch (n) {
                    case "Maschine" -> e.machine();
                    case "Zeit" -> e.time().format(fmt);
                    case "Auftrag" -> e.job();
                    case "Platten" -> Long.toString(cumulative ? totals[0] : e.boards());
                    case "Picks" -> Long.toString(cumulative ? totals[1] : e.picks());
                    case "Bestueckt" -> Long.toString(cumulative ? totals[2] : e.placements());
                    case "Notiz" -> e.remark();
                    default -> "x" + rnd.nextInt(9);
                };
                cells.add(quote(v, delimiter, rnd));
            }
            text.append(String.join(delimiter, cells)).append('\n');
        }

        Map<Field, String> columns = new EnumMap<>(Field.class);
        for (int i = 0; i < names.size(); i++) {
            Field f = fieldOf.get(names.get(i));
            if (f == null) continue;
            boolean byName = header && rnd.nextBoolean();
            columns.put(f, byName ? names.get(i).toLowerCase() : (rnd.nextBoolean() ? "#" : "") + (i + 1));
        }
        Profile profile = new Profile("random " + seed, null, false, encoding, delimiter.equals("\t") ? "TAB" : delimiter, preamble,
                header, pattern, "Asia/Shanghai", cumulative ? Profile.Counters.CUMULATIVE : Profile.Counters.DELTA, Source.AUTO,
                null, columns, Map.of(Field.LINE, "L1"), null, null, null, null, null);
        assertThat(profile.problems()).as("seed " + seed).isEmpty();
        // The profile itself goes through JSON, as a saved or exported one does.
        Profile reread = Profile.fromJson(profile.toJson());

        byte[] bytes = text.toString().getBytes(Charset.forName(encoding));
        List<SourceRow> out = new ArrayList<>();
        new ProfileParser(reread).rows(new ByteArrayInputStream(bytes), Samples.context("random.log")).forEachRemaining(out::add);

        assertThat(out).as("seed %d, %s, delimiter '%s', header %s, cumulative %s", seed, encoding, delimiter, header, cumulative)
                .hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            SourceRow r = out.get(i);
            String at = "seed " + seed + " row " + (i + 1) + " " + r;
            assertThat(en(r.parseError())).as(at).isNull();
            assertThat(r.get(Field.MACHINE)).as(at).isEqualTo(e.machine());
            assertThat(r.get(Field.EVENT_TIME)).as(at).isEqualTo(e.time() + (e.time().getSecond() == 0 ? ":00" : "") + "+08:00");
            assertThat(r.get(Field.JOB)).as(at).isEqualTo(e.job());
            assertThat(r.get(Field.BOARDS)).as(at).isEqualTo(Long.toString(e.boards()));
            assertThat(r.get(Field.PICKS)).as(at).isEqualTo(Long.toString(e.picks()));
            assertThat(r.get(Field.PLACEMENTS)).as(at).isEqualTo(Long.toString(e.placements()));
            assertThat(r.get(Field.REMARK)).as(at).isEqualTo(e.remark().isEmpty() ? null : e.remark());
            assertThat(r.get(Field.LINE)).as(at).isEqualTo("L1");
        }
    }

    private static String quote(String v, String delimiter, Random rnd) {
        boolean must = v.contains(delimiter) || v.contains("\"") || v.contains("\n");
        if (!must && rnd.nextInt(5) != 0) return v;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
