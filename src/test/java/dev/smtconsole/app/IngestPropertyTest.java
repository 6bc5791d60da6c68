package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.ImportResult;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style: random and mutated native CSV files (seeded, so a failure replays) must keep
 * read = accepted + rejected + duplicates + skipped, the batch row must say the same, and nothing
 * but a clear {@link AppException} (for a file that is not a native CSV at all) may escape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestPropertyTest {
    static final String[] COLUMNS = {"event_id", "event_time", "start_time", "line", "machine", "job", "product_model", "boards",
            "picks", "placements", "rejects", "operator_id", "remark"};
    static final String[] ZH = {"事件ID", "时间", "开始时间", "线别", "机台", "工单", "产品型号", "数量", "吸料数量", "贴件数量", "抛料数",
            "操作员", "备注"};

    @TempDir
    Path tmp;
    AppServices services;

    dev.smtconsole.store.DatabaseConfig config;

    /** H2 here; {@link IngestPropertyPostgresTest} runs the same property on PostgreSQL (pipelined commits). */
    dev.smtconsole.store.DatabaseConfig config(Path dir) {
        return TestDatabases.h2(dir);
    }

    @BeforeAll
    void open(@TempDir Path dir) {
        config = config(dir);
        services = new AppServices(Database.open(config),
                Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), ZoneId.of("Asia/Shanghai")));
        services.masterData().importFile(Path.of("sample-data/lines.csv"));
        services.masterData().importFile(Path.of("sample-data/operators.csv"));
        services.ingest().setChunkSize(7);
    }

    long acceptedTotal, rejectedTotal, duplicateTotal;

    @AfterAll
    void close() {
        // Skipped (no PostgreSQL): @BeforeAll aborted before anything was opened.
        if (services == null) return;
        services.close();
        TestDatabases.dropSchema(config);
        // the generator must really produce all three outcomes, or the property says little
        assertThat(acceptedTotal).isPositive();
        assertThat(rejectedTotal).isPositive();
        assertThat(duplicateTotal).isPositive();
    }

    @RepeatedTest(40)
    void theAccountingHoldsForRandomAndMutatedFiles(RepetitionInfo info) throws Exception {
        long seed = 20261126L * 31 + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        List<String> rows = new ArrayList<>();
        int n = 1 + rnd.nextInt(60);
        for (int i = 0; i < n; i++) rows.add(mutate(rnd, validRow(rnd), rnd));
        // repeats: identical rows and re-used ids
        for (int i = 0; i < rnd.nextInt(5); i++) rows.add(rows.get(rnd.nextInt(rows.size())));
        char delim = ",;\t".charAt(rnd.nextInt(3));
        String header = String.join(String.valueOf(delim), rnd.nextBoolean() ? COLUMNS : ZH);
        String eol = rnd.nextBoolean() ? "\n" : "\r\n";
        StringBuilder sb = new StringBuilder(header).append(eol);
        for (String r : rows) sb.append(r.replace(",", String.valueOf(delim))).append(eol);
        if (rnd.nextInt(4) == 0) sb.setLength(Math.max(header.length() + 1, sb.length() - rnd.nextInt(40)));
        Charset cs = rnd.nextBoolean() ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (cs == StandardCharsets.UTF_8 && rnd.nextBoolean()) bytes.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(sb.toString().getBytes(cs));
        byte[] data = bytes.toByteArray();
        if (rnd.nextInt(5) == 0) {
            // flip some bytes after the header
            for (int i = 0; i < 1 + rnd.nextInt(10); i++) {
                int at = header.length() + 4 + rnd.nextInt(Math.max(1, data.length - header.length() - 4));
                if (at < data.length) data[at] = (byte) rnd.nextInt(256);
            }
        }
        Path file = tmp.resolve("random-" + seed + ".csv");
        Files.write(file, data);

        long batchesBefore = count("SELECT COUNT(*) FROM import_batch");
        ImportResult r;
        try {
            r = services.ingest().importFile(file, new ImportOptions(rnd.nextBoolean() ? "auto" : "csv", "OP1001", null, null),
                    null, () -> false);
        } catch (AppException fatal) {
            // only a file whose header no longer reads as the native CSV may be refused — and then nothing is written
            assertThat(count("SELECT COUNT(*) FROM import_batch")).as("seed %d", seed).isEqualTo(batchesBefore);
            return;
        }
        assertThat(r.read()).as("seed %d", seed).isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped());
        acceptedTotal += r.accepted();
        rejectedTotal += r.rejected();
        duplicateTotal += r.duplicates();
        assertThat(count("SELECT rows_read - rows_accepted - rows_rejected - rows_duplicate - rows_skipped FROM import_batch WHERE id = ?",
                r.batchId())).as("seed %d", seed).isZero();
        assertThat(count("SELECT COUNT(*) FROM production_event WHERE batch_id = ?", r.batchId())).isEqualTo(r.accepted());
        assertThat(count("SELECT COUNT(*) FROM rejected_row WHERE batch_id = ? AND row_no > 0", r.batchId())).isEqualTo(r.rejected());

        // and importing the same file again never adds an event
        long events = count("SELECT COUNT(*) FROM production_event");
        ImportResult again = services.ingest().importFile(file, new ImportOptions("csv", "OP1002", null, null), null, () -> false);
        assertThat(again.accepted()).as("seed %d", seed).isZero();
        assertThat(count("SELECT COUNT(*) FROM production_event")).isEqualTo(events);
        // Whichever write path a chunk took (plain insert, or insert-if-absent after a stored id
        // made the plain one fail), buckets and bucket sources count every live event once.
        long live = count("SELECT COUNT(*) FROM production_event WHERE voided = FALSE");
        assertThat(count("SELECT COALESCE(SUM(event_count), 0) FROM counter_bucket")).as("seed %d", seed).isEqualTo(live);
        assertThat(count("SELECT COALESCE(SUM(event_count), 0) FROM bucket_source")).as("seed %d", seed).isEqualTo(live);
    }

    static String validRow(Random rnd) {
        int line = 1 + rnd.nextInt(3);
        int machine = rnd.nextInt(4);
        long placements = rnd.nextInt(20000);
        long picks = placements + rnd.nextInt(200);
        int day = 1 + rnd.nextInt(24);
        int hour = 8 + rnd.nextInt(10);
        String time = String.format("2026-11-%02dT%02d:00:00+08:00", day, hour);
        String start = String.format("2026-11-%02dT%02d:00:00+08:00", day, hour - 1);
        return String.join(",",
                rnd.nextInt(3) == 0 ? "" : "P-" + rnd.nextInt(500),
                time, rnd.nextBoolean() ? start : "",
                "L" + line, machine == 0 ? "" : "L" + line + "-M" + machine,
                "M00" + (8500 + rnd.nextInt(5)), "MODEL " + rnd.nextInt(3),
                String.valueOf(rnd.nextInt(200)), machine == 0 ? "0" : String.valueOf(picks), machine == 0 ? "0" : String.valueOf(placements),
                rnd.nextBoolean() || machine == 0 ? "" : String.valueOf(picks - placements),
                rnd.nextInt(4) == 0 ? "" : "OP100" + (1 + rnd.nextInt(8)),
                rnd.nextInt(5) == 0 ? "\"a, \"\"quoted\"\"\nremark\"" : "");
    }

    static final String[] NASTY = {"12x", "-3", "99999999999999999999999", "\"", "\"unclosed", "1e5", "", "NaN", "０１", "\u0000",
            "2026-02-30 10:00", "L9", "L2-M1", "a\"b", "\"x\"y", " ", "4.0", "46350.5", "11.24.26 9:30", "2099-01-01T00:00:00Z"};

    static String mutate(Random rnd, String row, Random r2) {
        int kind = rnd.nextInt(6);
        if (kind >= 3) return row;
        List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
        switch (kind) {
            case 0 -> cells.set(rnd.nextInt(cells.size()), NASTY[rnd.nextInt(NASTY.length)]);
            case 1 -> cells.remove(rnd.nextInt(cells.size()));
            default -> cells.add(rnd.nextInt(cells.size() + 1), NASTY[rnd.nextInt(NASTY.length)]);
        }
        return String.join(",", cells);
    }

    long count(String sql, Object... args) {
        return services.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
