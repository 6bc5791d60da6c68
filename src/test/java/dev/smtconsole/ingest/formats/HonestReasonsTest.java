package dev.smtconsole.ingest.formats;

import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18 item 11: reasons that say what happened. */
class HonestReasonsTest {
    static String key(SourceRow r) {
        return ParseProblem.decode(r.parseError()).get(0);
    }

    @Test
    void aNulByteIsSaidAsANulByteNotAsBadUtf8() throws Exception {
        String text = "event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n"
                + "N-1,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,10\u000000,99,OP1001\n"
                + "N-2,2026-11-01T08:00:00+08:00,L1,L1-M1,M008358,1,100,99,OP1001\n";
        List<SourceRow> rows = Samples.parse(new NativeCsvParser(), text, "nul.csv");
        assertThat(rows).hasSize(2);
        assertThat(key(rows.get(0))).isEqualTo("rules.csv.nul");
        assertThat(ParseProblem.decode(rows.get(0).parseError())).contains("7");
        assertThat(rows.get(1).parseError()).isNull();
    }

    @Test
    void aPlacedPlusNotPlacedOverflowIsSaidAsAnOverflow() throws Exception {
        String line = Files.readAllLines(Path.of("sample-data/cfx-line2.jsonl")).stream()
                .filter(l -> l.contains("ComponentsPlaced")).findFirst().orElseThrow()
                .replaceFirst("\"TotalComponentsPlaced\":\\d+", "\"TotalComponentsPlaced\":9223372036854775000")
                .replaceFirst("\"TotalComponentsNotPlaced\":\\d+", "\"TotalComponentsNotPlaced\":1000");
        List<SourceRow> rows = Samples.parse(new CfxParser(), line + "\n", "overflow.jsonl");
        assertThat(rows).singleElement().satisfies(r -> assertThat(key(r)).isEqualTo("formats.cfx.countOverflow"));
    }

    @Test
    void aZipBombWorkbookNamesTheLimitAndTheWayOut() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "</Types>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            zip.write("<?xml version=\"1.0\"?>".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 40; i++) zip.write(spaces);
            zip.write("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>".getBytes(StandardCharsets.UTF_8));
        }
        List<SourceRow> rows = Samples.parse(new OldSheetParser(), bytes.toByteArray(), "bomb.xlsx");
        assertThat(rows).singleElement().satisfies(r -> assertThat(key(r)).isEqualTo("formats.sheet.zipBomb"));
    }

    @Test
    void poisOwnLimitMessagesBecomeOurs() {
        var bugzilla = new org.apache.poi.util.RecordFormatException("Tried to allocate an array of length 200000000, but the"
                + " maximum length for this record type is 100000000. If the file is not corrupt, please open an issue on bugzilla");
        assertThat(ParseProblem.decode(OldSheetParser.openProblem(bugzilla)).get(0)).isEqualTo("formats.sheet.tooBig");
        assertThat(ParseProblem.decode(OldSheetParser.openProblem(new java.io.IOException("not a zip"))).get(0))
                .isEqualTo("formats.sheet.notXlsx");
    }
}
