package dev.smtconsole.ingest.formats;

import dev.smtconsole.ingest.registry.FormatDetector;
import dev.smtconsole.ingest.RecordParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sample file is recognised by its content, whatever it is called. */
class AutoDetectionTest {
    @Test
    void eachSampleFileGetsItsFormatFromContentEvenWhenRenamed() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("production-native.csv", "csv");
        expected.put("production-native-zh.csv", "csv");
        expected.put("production-native-bad.csv", "csv");
        expected.put("cfx-line1.json", "cfx");
        expected.put("cfx-line2.jsonl", "cfx");
        expected.put("production-record-L2.xlsx", "xlsx");
        expected.put("yamaha-pcblog-L1-M1.csv", "profile");
        expected.put("yamaha-lotlog-L1-M2.csv", "profile");
        expected.put("fuji-pcbcheckout-L2.txt", "profile");
        expected.put("asm-ois-board-L3.csv", "profile");
        expected.put("asm-ois-compdetail-L3.csv", "profile");
        expected.put("yamaha-lotlog+YSM20R-00125+20261125164500.xml", "profile");
        expected.put("fuji-host-events-L2.txt", "profile");
        FormatDetector detector = new FormatDetector();
        for (var e : expected.entrySet()) {
            byte[] head;
            try (InputStream in = Files.newInputStream(Samples.file(e.getKey()))) {
                head = in.readNBytes(64 * 1024);
            }
            for (String name : new String[]{e.getKey(), "upload.dat"}) {
                assertThat(detector.detect(head, name)).as(e.getKey() + " as " + name).map(RecordParser::format).contains(e.getValue());
            }
        }
    }

    @Test
    void aFileNoFormatTakesIsRefusedListingWhatEachFormatLookedFor() {
        byte[] orders = "{\"orders\": [{\"id\": 1, \"qty\": 5}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FormatDetector detector = new FormatDetector();
        assertThat(detector.detect(orders, "orders.json")).isEmpty();
        var e = detector.unknown(orders, "orders.json");
        String en = dev.smtconsole.domain.rules.RuleMessages.format(java.util.Locale.ENGLISH, e.key(), e.args().toArray());
        assertThat(en).startsWith("no format recognises this file; tried: native CSV: no header")
                .contains("IPC-CFX: JSON, but no MessageName and no CFX message in it")
                .contains("old record sheet: not an Excel .xlsx workbook")
                .contains("import profiles: no built-in preset recognises").contains("Yamaha-style lot log (XML)")
                .endsWith("Choose one with --format or --profile");
        assertThat(e.getMessage()).startsWith("orders.json: no format recognises this file");
        String zh = dev.smtconsole.domain.rules.RuleMessages.format(java.util.Locale.SIMPLIFIED_CHINESE, e.key(), e.args().toArray());
        assertThat(zh).startsWith("没有任何格式能识别此文件").contains("IPC-CFX：是 JSON，但其中没有 MessageName").contains("不是 Excel .xlsx 工作簿");
    }

    @Test
    void jsonThatLooksLikeCfxIsReadAsCfxAndSaysWhatIsMissing() throws IOException {
        byte[] almost = "[{\"Msg\": \"CFX.Production.WorkCompleted\", \"MessageBody\": {\"Result\": \"Completed\"}}]"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new FormatDetector().detect(almost, "x.json")).map(RecordParser::format).contains("cfx");
        var rows = Samples.parse(new CfxParser(), almost, "x.json");
        assertThat(dev.smtconsole.ingest.Reasons.en(rows.get(0).parseError())).startsWith("message 1 is not a CFX envelope (no MessageName at");
    }
}
