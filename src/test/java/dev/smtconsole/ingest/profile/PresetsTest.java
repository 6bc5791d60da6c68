package dev.smtconsole.ingest.profile;

import static dev.smtconsole.ingest.Reasons.en;

import dev.smtconsole.ingest.formats.Samples;

import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static dev.smtconsole.ingest.formats.Samples.sum;
import static org.assertj.core.api.Assertions.assertThat;

class PresetsTest {

    private static Profile preset(String id) {
        return Presets.find(id).orElseThrow();
    }

    @Test
    void everyPresetIsLabelledAndValidOrSaysWhatIsMissing() {
        assertThat(Presets.all()).hasSize(7).allSatisfy(p -> {
            assertThat(p.description()).contains("per public documentation");
            assertThat(p.builtIn()).isTrue();
        });
        assertThat(preset("asm-ois-compdetail").problems())
                .containsExactly("no EVENT_TIME: map a time column or set a constant time (for one import: --set EVENT_TIME=...)");
        assertThat(Presets.all().stream().filter(p -> !p.name().contains("CompDetail"))).allSatisfy(p -> assertThat(p.problems()).isEmpty());
    }

    @Test
    void yamahaPcbLogCountsFinishedBoardsOnly() throws IOException {
        List<SourceRow> rows = Samples.parse(new ProfileParser(preset("yamaha-pcblog")), "yamaha-pcblog-L1-M1.csv");
        assertThat(rows).hasSize(40).noneMatch(r -> r.parseError() != null);
        assertThat(en(rows.get(17).skipped())).contains("not a produced board");
        assertThat(sum(rows, Field.BOARDS, "YSM20R-00123")).isEqualTo(39);
        SourceRow first = rows.get(0);
        assertThat(first.get(Field.LINE)).isEqualTo("L1");
        assertThat(first.get(Field.JOB)).isEqualTo("M008502");
        assertThat(first.get(Field.EVENT_TIME)).isEqualTo("2026-11-24T14:10:27+08:00");
        assertThat(first.get(Field.START_TIME)).isEqualTo("2026-11-24T14:10:03+08:00");
        assertThat(first.get(Field.EVENT_ID)).startsWith("h:");
    }

    @Test
    void yamahaLotLogCumulativeCountersBecomeDeltasAndTheResetIsNotNegative() throws IOException {
        List<SourceRow> rows = Samples.parse(new ProfileParser(preset("yamaha-lotlog")), "yamaha-lotlog-L1-M2.csv");
        assertThat(rows).hasSize(25).noneMatch(r -> r.parseError() != null || r.skipped() != null);
        SourceRow lunch = rows.get(10);
        assertThat(lunch.get(Field.BOARDS)).isEqualTo("0");
        assertThat(lunch.get(Field.PICKS)).isEqualTo("0");
        SourceRow reset = rows.get(13);
        assertThat(reset.get(Field.BOARDS)).isEqualTo("7");
        assertThat(reset.get(Field.PLACEMENTS)).isEqualTo("336");
        assertThat(reset.get(Field.PICKS)).isEqualTo("339");
        assertThat(reset.get(Field.JOB)).isEqualTo("M008361");
        assertThat(reset.warnings()).anyMatch(w -> en(w).contains("counter reset"));
        assertThat(rows).allSatisfy(r -> assertThat(Long.parseLong(r.get(Field.PICKS))).isNotNegative());
        List<SourceRow> run1 = rows.subList(0, 13), run2 = rows.subList(13, 25);
        assertThat(sum(run1, Field.BOARDS, null)).isEqualTo(598);
        assertThat(sum(run1, Field.PLACEMENTS, null)).isEqualTo(14352);
        assertThat(sum(run1, Field.PICKS, null)).isEqualTo(14443);
        assertThat(sum(run2, Field.BOARDS, null)).isEqualTo(173);
        assertThat(sum(run2, Field.PLACEMENTS, null)).isEqualTo(8304);
        assertThat(sum(run2, Field.PICKS, null)).isEqualTo(8363);
        assertThat(rows).allSatisfy(r -> assertThat(r.get(Field.MACHINE)).isEqualTo("YSM20R-00124"));
    }

    @Test
    void reimportingALongerLotLogGivesTheSameIdsForTheSameSnapshots() throws IOException {
        byte[] all = Files.readAllBytes(Samples.file("yamaha-lotlog-L1-M2.csv"));
        String text = new String(all);
        String firstPart = text.substring(0, text.indexOf("2026/11/25 10:00:00") - 60);
        firstPart = firstPart.substring(0, firstPart.lastIndexOf('\n') + 1);
        List<SourceRow> part = Samples.parse(new ProfileParser(preset("yamaha-lotlog")), firstPart, "part.csv");
        List<SourceRow> whole = Samples.parse(new ProfileParser(preset("yamaha-lotlog")), all, "whole.csv");
        for (int i = 0; i < part.size(); i++) {
            assertThat(part.get(i).get(Field.EVENT_ID)).isEqualTo(whole.get(i).get(Field.EVENT_ID));
        }
    }

    @Test
    void aRenamedCopyOfAProfileGivesTheSameIdsSoNothingCountsTwice() throws IOException {
        Profile preset = preset("yamaha-lotlog");
        Profile copy = preset.withName("our LotLog", false).withConstants(Map.of(Field.OPERATOR_ID, "OP1001"));
        List<SourceRow> a = Samples.parse(new ProfileParser(preset), "yamaha-lotlog-L1-M2.csv");
        List<SourceRow> b = Samples.parse(new ProfileParser(copy), "yamaha-lotlog-L1-M2.csv");
        assertThat(b).extracting(r -> r.get(Field.EVENT_ID)).isEqualTo(a.stream().map(r -> r.get(Field.EVENT_ID)).toList());
    }

    @Test
    void fujiPcbCheckoutCountsOneBoardPerMachineAndPanel() throws IOException {
        Profile p = preset("fuji-pcbcheckout").withConstants(Map.of(Field.JOB, "M008358"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "fuji-pcbcheckout-L2.txt");
        assertThat(rows).hasSize(40).noneMatch(r -> r.parseError() != null);
        assertThat(sum(rows, Field.BOARDS, "NXT-M3-4411")).isEqualTo(4);
        assertThat(sum(rows, Field.BOARDS, "NXT-M3-4412")).isEqualTo(4);
        assertThat(sum(rows, Field.BOARDS, "NXT-M3-4413")).isEqualTo(3); // PNL000390 is NG there
        assertThat(sum(rows, Field.PLACEMENTS, "NXT-M3-4411")).isEqualTo(4 * 149);
        assertThat(sum(rows, Field.PLACEMENTS, "NXT-M3-4412")).isEqualTo(4 * 56);
        assertThat(sum(rows, Field.PLACEMENTS, "NXT-M3-4413")).isEqualTo(4 * 43);
        assertThat(rows).allSatisfy(r -> {
            assertThat(Long.parseLong(r.get(Field.PICKS)) - Long.parseLong(r.get(Field.PLACEMENTS)))
                    .isEqualTo(Long.parseLong(r.get(Field.REJECTS)));
            assertThat(r.get(Field.LINE)).isEqualTo("L2");
            assertThat(r.get(Field.JOB)).isEqualTo("M008358");
        });
    }

    @Test
    void asmBoardCountsEachBoardOncePerStation() throws IOException {
        Profile p = preset("asm-ois-board").withConstants(Map.of(Field.JOB, "M008503"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "asm-ois-board-L3.csv");
        assertThat(rows).hasSize(18).noneMatch(r -> r.parseError() != null);
        for (String m : List.of("SIPLACE-SX2-0815", "SIPLACE-SX2-0816", "SIPLACE-SX2-0817")) {
            assertThat(sum(rows, Field.BOARDS, m)).isEqualTo(6);
        }
        assertThat(rows.get(0).get(Field.LINE)).isEqualTo("L3");
    }

    @Test
    void asmCompDetailRejectsTheUnknownMinusOneInsteadOfCountingIt() throws IOException {
        Profile p = preset("asm-ois-compdetail").withConstants(Map.of(Field.JOB, "M008503", Field.EVENT_TIME, "2026-11-25 09:03:00"));
        List<SourceRow> rows = Samples.parse(new ProfileParser(p), "asm-ois-compdetail-L3.csv");
        assertThat(rows).hasSize(24);
        assertThat(rows.get(15).rowNo()).isEqualTo(16);
        assertThat(en(rows.get(15).parseError())).contains("sPlacedComponents").contains("'-1'").contains("not known");
        assertThat(rows.stream().filter(r -> r.parseError() != null)).hasSize(1);
        assertThat(rows.get(0).get(Field.EVENT_TIME)).isEqualTo("2026-11-25T09:03:00+08:00");
    }

    @Test
    void compDetailWithoutATimeSaysWhatToSet() throws IOException {
        List<SourceRow> rows = Samples.parse(new ProfileParser(preset("asm-ois-compdetail")), "asm-ois-compdetail-L3.csv");
        assertThat(rows).hasSize(1);
        assertThat(en(rows.get(0).parseError())).contains("no EVENT_TIME");
    }

    static final String YAMAHA_XML = "yamaha-lotlog+YSM20R-00125+20261125164500.xml";

    @Test
    void yamahaXmlLotLogIsOneLotWithMachineAndTimeFromTheFileName() throws IOException {
        List<SourceRow> rows = Samples.parse(new ProfileParser(preset("yamaha-lotlog-xml")), YAMAHA_XML);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.parseError()).isNull();
            assertThat(r.get(Field.MACHINE)).isEqualTo("YSM20R-00125");
            assertThat(r.get(Field.LINE)).isEqualTo("L1");
            assertThat(r.get(Field.EVENT_TIME)).isEqualTo("2026-11-25T16:45:00+08:00");
            assertThat(r.get(Field.START_TIME)).isEqualTo("2026-11-25T12:38:10+08:00");
            assertThat(r.get(Field.JOB)).isEqualTo("M008361");
            assertThat(r.get(Field.PRODUCT_MODEL)).isEqualTo("1016929-TOP");
            assertThat(r.get(Field.BOARDS)).isEqualTo("173");
            assertThat(r.get(Field.PCBS)).isEqualTo("344");
            assertThat(r.get(Field.BLOCK_SKIPS)).isEqualTo("2");
            assertThat(r.get(Field.PLACEMENTS)).isEqualTo("4816");
            assertThat(r.get(Field.PICKS)).isEqualTo("4845");
        });
    }

    @Test
    void fujiHostEventsCountPanelsAndPcbsStartingAtProdStarted() throws IOException {
        List<SourceRow> rows = Samples.parse(new ProfileParser(preset("fuji-host-events")), "fuji-host-events-L2.txt");
        assertThat(rows).hasSize(42).noneMatch(r -> r.parseError() != null);
        assertThat(rows.stream().filter(r -> r.skipped() != null)).hasSize(24); // 18 PRODSTARTED, 6 other events
        List<SourceRow> panels = rows.stream().filter(r -> r.skipped() == null).toList();
        assertThat(panels).hasSize(18).allSatisfy(r -> {
            assertThat(r.get(Field.LINE)).isEqualTo("L2");
            assertThat(r.get(Field.PRODUCT_MODEL)).isEqualTo("1016928");
            assertThat(r.get(Field.START_TIME)).isNotNull();
            assertThat(r.jobUnknown()).isNotNull(); // the events name the program, not the job: --job gives it
        });
        for (String m : List.of("NXT-M3-4411", "NXT-M3-4412", "NXT-M3-4413")) {
            List<SourceRow> mine = panels.stream().filter(r -> m.equals(r.get(Field.MACHINE))).toList();
            assertThat(mine.stream().mapToLong(r -> Long.parseLong(r.get(Field.BOARDS))).sum()).as(m).isEqualTo(6);
            assertThat(mine.stream().mapToLong(r -> Long.parseLong(r.get(Field.PCBS))).sum()).as(m).isEqualTo(11);
            assertThat(mine.stream().mapToLong(r -> Long.parseLong(r.get(Field.BLOCK_SKIPS))).sum()).as(m).isEqualTo(1);
        }
        assertThat(panels.get(0).get(Field.START_TIME)).isEqualTo("2026-11-24T14:40:00+08:00");
        assertThat(panels.get(0).get(Field.EVENT_TIME)).isEqualTo("2026-11-24T14:40:48+08:00");
    }

    @Test
    void everyPresetHasANameAndDescriptionInBothLanguages() {
        for (String id : Presets.IDS) {
            for (java.util.Locale l : List.of(java.util.Locale.ENGLISH, java.util.Locale.SIMPLIFIED_CHINESE)) {
                var b = java.util.ResourceBundle.getBundle("i18n/formats", l);
                assertThat(b.getString("formats.presetName." + id)).as(id + " " + l).isNotBlank();
                assertThat(b.getString("formats.preset." + id)).as(id + " " + l).isNotBlank();
            }
            assertThat(Presets.idOf(Presets.find(id).orElseThrow())).contains(id);
        }
        assertThat(java.util.ResourceBundle.getBundle("i18n/formats", java.util.Locale.ENGLISH)
                .getString("formats.presetName.yamaha-lotlog")).isEqualTo(preset("yamaha-lotlog").name());
    }

    @Test
    void autoDetectionPicksThePresetFromContent() throws IOException {
        Map<String, String> expected = Map.of("yamaha-pcblog-L1-M1.csv", "Yamaha-style PcbLog",
                "yamaha-lotlog-L1-M2.csv", "Yamaha-style LotLog", "fuji-pcbcheckout-L2.txt", "Fuji Nexim-style PCBCHECKOUT",
                "asm-ois-board-L3.csv", "ASM SIPLACE OIS BOARD", "asm-ois-compdetail-L3.csv", "ASM SIPLACE OIS CompDetail",
                YAMAHA_XML, "Yamaha-style lot log (XML)", "fuji-host-events-L2.txt", "Fuji Nexim-style host events");
        for (var e : expected.entrySet()) {
            byte[] head = Files.readAllBytes(Samples.file(e.getKey()));
            assertThat(Presets.best(head)).as(e.getKey()).map(Profile::name).contains(e.getValue());
            assertThat(new ProfileParser().detect(head, "renamed.dat")).as(e.getKey()).isGreaterThan(50);
        }
        for (String other : List.of("production-native.csv", "cfx-line1.json", "lines.csv")) {
            byte[] head = Files.readAllBytes(Samples.file(other));
            assertThat(Presets.best(head)).as(other).isEmpty();
        }
    }

    @Test
    void autoParserUsesTheDetectedPreset() throws IOException {
        List<SourceRow> rows = Samples.parse(new ProfileParser(), "yamaha-lotlog-L1-M2.csv");
        assertThat(rows).hasSize(25);
        assertThat(rows.get(13).get(Field.BOARDS)).isEqualTo("7");
        assertThat(rows.get(0).warnings()).extracting(w -> en(w)).containsExactly("read with the built-in preset 'Yamaha-style LotLog' (recognised from the content)");
        assertThat(rows.get(1).warnings()).isEmpty();
        List<SourceRow> none = Samples.parse(new ProfileParser(), "a,b\n1,2\n", "x.csv");
        assertThat(none).singleElement().satisfies(r -> assertThat(en(r.parseError())).contains("no built-in preset"));
    }

    @Test
    void profileSurvivesAJsonRoundTrip() {
        for (Profile p : Presets.all()) assertThat(Profile.fromJson(p.toJson())).isEqualTo(p);
    }

    @Test
    void minimalProfileJsonHasTheDocumentedDefaults() {
        Profile p = Profile.fromJson("{\"name\": \"m\", \"columns\": {\"event_time\": \"t\", \"PICKS\": 2}}");
        assertThat(p.header()).isTrue();
        assertThat(p.encoding()).isEqualTo("UTF-8");
        assertThat(p.delimiterChar()).isEqualTo(',');
        assertThat(p.counters()).isEqualTo(Profile.Counters.DELTA);
        assertThat(p.source()).isEqualTo(dev.smtconsole.domain.Source.AUTO);
        assertThat(p.columns()).containsEntry(Field.EVENT_TIME, "t").containsEntry(Field.PICKS, "2");
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void badProfileJsonNamesTheProblem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Profile.fromJson("{\"name\": \"x\", \"counters\": \"SOMETIMES\"}"))
                .isInstanceOf(ProfileException.class).hasMessageContaining("SOMETIMES");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Profile.fromJson("{\"name\": "))
                .isInstanceOf(ProfileException.class).hasMessageContaining("line 1");
    }
}
