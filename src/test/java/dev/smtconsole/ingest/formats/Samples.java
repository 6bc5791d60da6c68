package dev.smtconsole.ingest.formats;

import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MachineKind;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.SourceRow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sample files and their master data (sample-data/lines.csv), for parser tests. */
public final class Samples {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Samples() {
    }

    public static Path file(String name) {
        return Path.of("sample-data", name);
    }

    public static MasterData masterData() {
        try {
            List<String> lines = Files.readAllLines(file("lines.csv"), StandardCharsets.UTF_8);
            Map<String, List<MachineInfo>> byLine = new LinkedHashMap<>();
            long id = 1;
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",", -1);
                List<String> aliases = f[5].isBlank() ? List.of() : Arrays.asList(f[5].split("\\|"));
                byLine.computeIfAbsent(f[0], k -> new ArrayList<>())
                        .add(new MachineInfo(id++, f[1], f[0], Integer.parseInt(f[2]), MachineKind.parse(f[3]), f[4], aliases));
            }
            List<LineInfo> infos = new ArrayList<>();
            byLine.forEach((code, ms) -> infos.add(new LineInfo(infos.size() + 1, code, code, 100, true, ms)));
            return new MasterData(infos, Set.of("OP1001", "OP1002", "OP1003"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ParseContext context(String fileName) {
        return new ParseContext(fileName, masterData(), SHANGHAI, null);
    }

    public static List<SourceRow> parse(RecordParser parser, String sampleFile) throws IOException {
        try (InputStream in = Files.newInputStream(file(sampleFile))) {
            return drain(parser, in, context(sampleFile));
        }
    }

    public static List<SourceRow> parse(RecordParser parser, byte[] content, String fileName) throws IOException {
        return drain(parser, new ByteArrayInputStream(content), context(fileName));
    }

    public static List<SourceRow> parse(RecordParser parser, String text, String fileName) throws IOException {
        return parse(parser, text.getBytes(StandardCharsets.UTF_8), fileName);
    }

    public static List<SourceRow> drain(RecordParser parser, InputStream in, ParseContext ctx) throws IOException {
        List<SourceRow> out = new ArrayList<>();
        parser.rows(in, ctx).forEachRemaining(out::add);
        return out;
    }

    public static boolean ok(SourceRow r) {
        return r.parseError() == null && r.skipped() == null;
    }

    /** Sum of a count field over usable rows with the given machine value. */
    public static long sum(List<SourceRow> rows, Field field, String machine) {
        return rows.stream().filter(Samples::ok).filter(r -> machine == null || machine.equalsIgnoreCase(r.get(Field.MACHINE)))
                .map(r -> r.get(field)).filter(v -> v != null && !v.isBlank()).mapToLong(Long::parseLong).sum();
    }
}
