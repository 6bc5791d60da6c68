package dev.smtconsole.ingest.formats;

import dev.smtconsole.ingest.FormatDetector;
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
}
