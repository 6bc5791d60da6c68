package dev.smtconsole.ingest.formats;

import dev.smtconsole.domain.rules.Occurrences;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleConfig;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.domain.rules.TimeParser;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.app.ingest.IngestPipeline;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.profile.Profile;
import dev.smtconsole.ingest.profile.ProfileParser;
import dev.smtconsole.domain.Source;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parser's reasons reach the reader in their language: the same broken rows rendered as the
 * import stores them (rejected-row reasons, preview notes) in English and in Chinese, and the
 * Chinese text carries no English sentence, only the values and names from the file.
 */
class FormatsMessagesTest {
    static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    /** Two English words in a row is a sentence leaking through; names (TimeStamp, M2, L2-M1) are not. */
    static final Pattern ENGLISH = Pattern.compile("\\b[a-z]{2,}\\s+[a-z]{2,}\\b");
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    final RecordValidator validator = new RecordValidator(Samples.masterData(), RuleConfig.defaults(Samples.SHANGHAI, List.of()));

    /** Every problem of the row, rendered as the pipeline stores it. */
    String render(SourceRow row, Locale locale) {
        var v = IngestPipeline.judge(row, validator, "OP1001", "test", new Occurrences(), new TimeParser(Samples.SHANGHAI), NOW, null);
        java.util.stream.Stream<String> problems = v.problems().stream().map(p -> RuleMessages.render(locale, p));
        // A count held without a job (ADR 0027) says why as the import result and history show it.
        java.util.stream.Stream<String> held = v.unassigned() == null ? java.util.stream.Stream.empty()
                : java.util.stream.Stream.of(RuleMessages.parseReason(locale, row.rowNo(), v.unassigned()));
        return java.util.stream.Stream.concat(problems, held).collect(Collectors.joining("; "));
    }

    void assertBothLanguages(SourceRow row, String english, String chinese) {
        String en = render(row, Locale.ENGLISH);
        String zh = render(row, ZH);
        assertThat(en).contains(english);
        assertThat(zh).contains(chinese).doesNotContainPattern(ENGLISH);
        assertThat(zh).doesNotContain("formats.").doesNotContain("rules.");
    }

    static String env(String name, String source, String stamp, String body) {
        return "{\"MessageName\":\"" + name + "\",\"Source\":\"" + source + "\",\"TimeStamp\":\"" + stamp
                + "\",\"UniqueID\":\"u-" + stamp + "\",\"MessageBody\":" + body + "}";
    }

    @Test
    void truncatedCfxJson() throws IOException {
        String full = "[" + env(CfxParser.WORK_STARTED, "L2-M1", "2026-11-24T08:00:00+08:00", "{\"RecipeName\":\"1016928\",\"WorkOrderIdentifier\":{\"WorkOrderId\":\"M008358\"}}")
                + "," + env(CfxParser.WORK_COMPLETED, "L2-M1", "2026-11-24T08:01:00+08:00", "{\"Result\":\"Completed\"}") + "]";
        List<SourceRow> rows = Samples.parse(new CfxParser(), full.substring(0, full.length() - 30), "cut.json");
        SourceRow last = rows.get(rows.size() - 1);
        assertBothLanguages(last, "ends unexpectedly", "意外结束");
        assertThat(render(last, ZH)).startsWith("第 2 行").contains("从第 2 条消息起其余内容未读取");

        String lines = env(CfxParser.WORK_STARTED, "L2-M1", "2026-11-24T08:00:00+08:00", "{\"RecipeName\":\"1016928\"}") + "\n"
                + env(CfxParser.WORK_COMPLETED, "L2-M1", "2026-11-24T08:01:00+08:00", "{\"Result\":\"Completed\"}").substring(0, 60) + "\n";
        List<SourceRow> jsonl = Samples.parse(new CfxParser(), lines, "cut.jsonl");
        assertBothLanguages(jsonl.get(1), "cut off at the end of the file", "在文件末尾被截断");
    }

    @Test
    void machineWithNoRunningJobAndWrongCounts() throws IOException {
        String text = "[" + env(CfxParser.WORK_COMPLETED, "L2-M2", "2026-11-24T08:01:00+08:00", "{\"Result\":\"Completed\"}")
                + "," + env(CfxParser.WORK_STARTED, "L2-M1", "2026-11-24T08:00:00+08:00", "{\"RecipeName\":\"1016928\"}")
                + "," + env(CfxParser.COMPONENTS_PLACED, "L2-M1", "2026-11-24T08:10:00+08:00",
                "{\"EndTime\":\"2026-11-24T08:10:00+08:00\",\"TotalComponentsPlaced\":\"12x\"}")
                + "," + env(CfxParser.COMPONENTS_PLACED, "L2-M1", "2026-11-24T08:20:00+08:00",
                "{\"EndTime\":\"2026-11-24T08:20:00+08:00\",\"TotalComponentsPlaced\":\"40\"}") + "]";
        List<SourceRow> rows = Samples.parse(new CfxParser(), text, "x.json");
        assertBothLanguages(rows.get(0), "no job is running on L2-M2", "L2-M2 上没有正在生产的工单");
        assertBothLanguages(rows.get(1), "job 1016928 (1016928) runs on L2-M1", "工单 1016928");
        assertBothLanguages(rows.get(2), "TotalComponentsPlaced '12x' is not a whole number", "TotalComponentsPlaced ‘12x’ 不是整数");
        // accepted with notes: counts written as text, the not-placed count missing
        assertBothLanguages(rows.get(3), "written as text", "以文本 “40” 写入");
        assertThat(render(rows.get(3), ZH)).contains("缺少 TotalComponentsNotPlaced：按 0 计");
    }

    @Test
    void oldSheetWithANonNumericCellAndABadTime() throws IOException {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream bos = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("记录");
            s.createRow(0).createCell(0).setCellValue("LINE: L2");
            String[] head = {"日期", "产品型号", "JOB", "数量", "物料核对人", "开始时间", "结束时间", "吸料数量", "贴件数量"};
            Row h = s.createRow(1);
            for (int i = 0; i < head.length; i++) h.createCell(i).setCellValue(head[i]);
            Object[][] data = {
                    {"11.2.26", "1016928", "M008321", "162", "礼、珍", "8:00", "10:00", "1000/12x/3000", "990/1990/2990"},
                    {"11.3.26", "1016928", "M008321", "100", "", "25:99", "10:00", "1/2/3", "1/2/3"},
            };
            for (int r = 0; r < data.length; r++) {
                Row x = s.createRow(2 + r);
                for (int c = 0; c < data[r].length; c++) x.createCell(c).setCellValue((String) data[r][c]);
            }
            wb.write(bos);
            xlsx = bos.toByteArray();
        }
        List<SourceRow> rows = Samples.parse(new OldSheetParser(), xlsx, "old.xlsx");
        SourceRow m2 = rows.stream().filter(r -> "L2-M2".equals(r.get(Field.MACHINE))).findFirst().orElseThrow();
        assertBothLanguages(m2, "is not a whole number", "不是整数");
        assertThat(render(m2, ZH)).contains("12x");
        SourceRow badTime = rows.stream().filter(r -> r.parseError() != null).findFirst().orElseThrow();
        assertBothLanguages(badTime, "开始时间 '25:99' is not a time", "开始时间 ‘25:99’ 不是时间");
        assertThat(render(badTime, ZH)).contains("工作表 ‘记录’ 第 4 行");
        // the checkers travel as a field, not as a note
        assertThat(rows.get(0).get(Field.CHECKERS)).isEqualTo("礼、珍");
    }

    @Test
    void profileMissingARequiredColumnAndAnUnusableProfile() throws IOException {
        Profile p = new Profile("vendor-x", null, false, "UTF-8", ",", 0, true, "yyyy-MM-dd HH:mm", null, Profile.Counters.DELTA,
                Source.AUTO, new Profile.MachineFrom(Profile.MachineSource.CONSTANT, null, null, "L2-M1"),
                Map.of(Field.EVENT_TIME, "time", Field.PICKS, "picked"), Map.of(Field.JOB, "M008358"), null, null, null, null, null);
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "time,placed\n2026-11-24 10:00,5\n", "x.csv");
        assertBothLanguages(rows.get(0), "column(s) [picked] not in the header [time, placed]", "表头 [time, placed] 中没有列 [picked]");

        RecordParser bad = new ProfileParser(new Profile("broken", null, false, "NOPE-8", ",", 0, true, null, null,
                Profile.Counters.DELTA, Source.AUTO, null, Map.of(Field.PICKS, "p"), Map.of(), null, null, null, null, null));
        List<SourceRow> unusable = Samples.parse(bad, "p\n1\n", "y.csv");
        assertBothLanguages(unusable.get(0), "profile 'broken' cannot be used: encoding 'NOPE-8' is not known", "配置 ‘broken’ 无法使用");
        assertThat(render(unusable.get(0), ZH)).contains("NOPE-8");
    }

    @Test
    void everyParserKeyHasBothLanguagesWithTheSameArguments() {
        var en = java.util.ResourceBundle.getBundle("i18n/formats", Locale.ENGLISH);
        var zh = java.util.ResourceBundle.getBundle("i18n/formats", ZH);
        Pattern arg = Pattern.compile("\\{(\\d)}");
        for (String k : en.keySet()) {
            if (!k.startsWith("formats.cfx.") && !k.startsWith("formats.sheet.") && !k.startsWith("formats.prof.")) continue;
            assertThat(zh.getString(k)).as(k).isNotEqualTo(en.getString(k)).doesNotContainPattern(ENGLISH);
            assertThat(arg.matcher(zh.getString(k)).results().map(m -> m.group(1)).collect(Collectors.toSet())).as(k)
                    .isEqualTo(arg.matcher(en.getString(k)).results().map(m -> m.group(1)).collect(Collectors.toSet()));
        }
    }
}
