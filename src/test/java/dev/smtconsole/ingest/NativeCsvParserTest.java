package dev.smtconsole.ingest;

import dev.smtconsole.ingest.registry.FormatDetector;
import dev.smtconsole.ingest.registry.Parsers;
import dev.smtconsole.domain.MasterData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeCsvParserTest {
    static final Path SAMPLES = Path.of("sample-data");
    static final String HEADER = "event_id,event_time,start_time,line,machine,job,product_model,boards,picks,placements,rejects,operator_id,remark";
    final NativeCsvParser parser = new NativeCsvParser();
    final ParseContext ctx = new ParseContext("x.csv", MasterData.empty(), ZoneId.of("Asia/Shanghai"), null);

    List<SourceRow> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return drain(parser.rows(in, ctx));
        }
    }

    List<SourceRow> read(byte[] bytes) throws IOException {
        return drain(parser.rows(new ByteArrayInputStream(bytes), ctx));
    }

    static List<SourceRow> drain(Iterator<SourceRow> it) {
        List<SourceRow> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void readsTheEnglishSampleFile() throws IOException {
        List<SourceRow> rows = read(SAMPLES.resolve("production-native.csv"));
        assertThat(rows).hasSize(56).allSatisfy(r -> assertThat(r.parseError()).isNull());
        assertThat(rows.get(0).get(Field.EVENT_ID)).isEqualTo("L1-20261123-0001");
        assertThat(rows.get(5).get(Field.REMARK)).isEqualTo("换料: 0603 电容 C12, 飞达 3-15");
        assertThat(rows.get(17).get(Field.REMARK)).isEqualTo("贴装头 \"H2\" 吸嘴更换 (CN040)");
        assertThat(rows.get(16).get(Field.EVENT_ID)).isEmpty();
        assertThat(rows.get(3).get(Field.MACHINE)).isEmpty();
    }

    @Test
    void readsTheChineseGb18030SemicolonCrlfSample() throws IOException {
        byte[] bytes = Files.readAllBytes(SAMPLES.resolve("production-native-zh.csv"));
        assertThat(TextEncoding.detect(bytes).charset()).isEqualTo(TextEncoding.GB18030);
        List<SourceRow> rows = read(bytes);
        assertThat(rows).hasSize(16).allSatisfy(r -> assertThat(r.parseError()).isNull());
        assertThat(rows.get(0).get(Field.LINE)).isEqualTo("L3");
        assertThat(rows.get(0).get(Field.JOB)).isEqualTo("M008503");
        assertThat(rows.get(0).get(Field.PICKS)).isEqualTo("10016");
        assertThat(rows.get(1).get(Field.REMARK)).contains("\n").startsWith("M2 第 5 站");
        assertThat(rows.get(1).rawText()).contains("\n");
        assertThat(rows.get(3).get(Field.MACHINE)).isEmpty();
        assertThat(rows.get(10).get(Field.REMARK)).isEqualTo("345 + 534 - 328.9 = 550.1");
        assertThat(rows.stream().filter(r -> !r.get(Field.EVENT_ID).isEmpty()).map(SourceRow::rowNo))
                .containsExactly(1L, 4L, 7L, 10L, 13L, 16L);
    }

    @Test
    void readsTheBadSampleWithOneRaggedRow() throws IOException {
        List<SourceRow> rows = read(SAMPLES.resolve("production-native-bad.csv"));
        assertThat(rows).hasSize(18);
        assertThat(rows).filteredOn(r -> r.parseError() != null).singleElement().satisfies(r -> {
            assertThat(r.rowNo()).isEqualTo(13);
            assertThat(ParseProblem.decode(r.parseError())).containsExactly("rules.csv.tooFewColumns", "9", "13");
        });
    }

    @Test
    void acceptsUtf8WithBomTabsAndChineseHeaders() throws IOException {
        String text = "\uFEFF事件ID\t时间\t线别\t机台\tJOB\t数量\t吸料数量\t贴件数量\t操作员\n"
                + "A1\t2026-11-24 09:30\tL1\tL1-M1\tM1\t1\t10\t9\tOP1\n";
        List<SourceRow> rows = read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get(Field.EVENT_ID)).isEqualTo("A1");
            assertThat(r.get(Field.JOB)).isEqualTo("M1");
            assertThat(r.get(Field.PLACEMENTS)).isEqualTo("9");
        });
    }

    @Test
    void matchesHeadersCaseInsensitivelyAndTrimmed() throws IOException {
        String text = " Event_Time , LINE,Job , boards,PICKS,Placements\r\n2026-11-24 09:30,L1,M1,1,2,2\r\n";
        assertThat(read(text.getBytes(StandardCharsets.UTF_8))).singleElement()
                .satisfies(r -> assertThat(r.get(Field.LINE)).isEqualTo("L1"));
    }

    @Test
    void refusesAFileWithoutTheRequiredColumns() {
        assertThatThrownBy(() -> read("a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FormatException.class).hasMessageContaining("event_time");
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(FormatException.class);
    }

    // ---------- hostile files ----------

    @Test
    void raggedRowsAreBrokenRowsAndReadingGoesOn() throws IOException {
        String text = HEADER + "\n,t,,L1\n" + ",t,,L1,,J,,1,1,1,,OP,,extra\n" + ",t,,L1,,J,,1,1,1,,OP,,,,\n"
                + ",t,,L1,,J,,1,1,1,,OP,\n";
        List<SourceRow> rows = read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(4);
        assertThat(ParseProblem.decode(rows.get(0).parseError()).get(0)).isEqualTo("rules.csv.tooFewColumns");
        assertThat(ParseProblem.decode(rows.get(1).parseError()).get(0)).isEqualTo("rules.csv.tooManyColumns");
        assertThat(rows.get(2).parseError()).as("trailing empty cells as Excel writes them").isNull();
        assertThat(rows.get(3).parseError()).isNull();
    }

    @Test
    void aStrayQuoteBreaksOnlyItsRow() throws IOException {
        String text = HEADER + "\n,t,,L1,,\"J\"x,,1,1,1,,OP,\n,t,,L1,,J2,,1,1,1,,OP,\n,t,,L1,,5\" tape,,1,1,1,,OP,\n";
        List<SourceRow> rows = read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(3);
        assertThat(ParseProblem.decode(rows.get(0).parseError())).containsExactly("rules.csv.strayQuote", "6");
        assertThat(rows.get(1).get(Field.JOB)).isEqualTo("J2");
        assertThat(rows.get(2).get(Field.JOB)).as("a quote inside an unquoted field is kept").isEqualTo("5\" tape");
    }

    @Test
    void anUnclosedQuoteIsOneBrokenRowNotAnException() throws IOException {
        // Issue 18: the line after it is a complete row of its own, so the quote counts as never closed.
        String text = HEADER + "\n,t,,L1,,J,,1,1,1,,OP,\"never closed\n,t,,L1,,J,,1,1,1,,OP,\n";
        List<SourceRow> rows = read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(2);
        assertThat(ParseProblem.decode(rows.get(0).parseError()).get(0)).isEqualTo("rules.csv.unclosedQuote");
        assertThat(rows.get(1).parseError()).isNull();
    }

    @Test
    void invalidBytesInAUtf8FileBreakOnlyTheirRow() throws IOException {
        byte[] head = (HEADER + "\n,t,,L1,,J,,1,1,1,,OP,ok\n").getBytes(StandardCharsets.UTF_8);
        // well past the detection sample: the file is UTF-8, this row is not
        byte[] filler = (",t,,L1,,J,,1,1,1,,OP," + "x".repeat(100) + "\n").repeat(800).getBytes(StandardCharsets.UTF_8);
        byte[] bad = ",t,,L1,,J,,1,1,1,,OP,\u00ff\u00fe\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = concat(head, filler, bad);
        List<SourceRow> rows = read(all);
        assertThat(rows).hasSize(802);
        assertThat(rows.get(801).parseError()).startsWith("rules.csv.encoding");
        assertThat(rows.subList(0, 801)).allSatisfy(r -> assertThat(r.parseError()).isNull());
    }

    @Test
    void gb18030IsChosenWhenTheHeadIsNotUtf8() throws IOException {
        String text = "时间,线别,工单,数量,吸料数量,贴件数量,备注\n2026-11-24 09:30,L1,M1,1,2,2,换料\n";
        List<SourceRow> rows = read(text.getBytes(Charset.forName("GB18030")));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.get(Field.REMARK)).isEqualTo("换料"));
    }

    @Test
    void binaryGarbageNeverThrowsFromTheIterator() throws IOException {
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[rnd.nextInt(5000)];
            rnd.nextBytes(junk);
            byte[] file = concat((HEADER + "\n").getBytes(StandardCharsets.UTF_8), junk);
            List<SourceRow> rows = read(file);
            assertThat(rows).allSatisfy(r -> assertThat(r.rowNo()).isPositive());
        }
    }

    @Test
    void detectsTheNativeFormatByItsHeader() throws IOException {
        FormatDetector d = new FormatDetector();
        for (String f : List.of("production-native.csv", "production-native-zh.csv", "production-native-bad.csv")) {
            byte[] head = Files.readAllBytes(SAMPLES.resolve(f));
            assertThat(d.detect(head, f)).map(RecordParser::format).contains("csv");
        }
        // Not claimed as CSV (with the CFX parser registered, issue 4, it is detected as cfx).
        assertThat(d.detect("{\"MessageName\":\"CFX.x\"}".getBytes(StandardCharsets.UTF_8), "a.json")).map(RecordParser::format)
                .isNotEqualTo(java.util.Optional.of("csv"));
        assertThat(Parsers.byName("CSV")).isPresent();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
