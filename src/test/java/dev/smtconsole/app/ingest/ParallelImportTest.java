package dev.smtconsole.app.ingest;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseEventSink;
import dev.smtconsole.store.IngestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file parsed and judged on many threads (ADR 0033) is stored exactly as one thread stores it:
 * the same events under the same ids and row numbers, the same duplicates, the same rejected rows
 * with the same reasons in the same order — on a file with quoted fields, line breaks inside quotes,
 * an unclosed quote, bad rows, repeated ids and identical rows without an id.
 */
class ParallelImportTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), SHANGHAI);
    static final String HEADER = "event_id,event_time,start_time,line,machine,job,product_model,boards,picks,placements,rejects,operator_id,remark";

    /** 16,000 rows, about ten blocks of text: every kind of row in every block. */
    static Path file(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 16_000; i++) {
            int line = 1 + i % 3, minute = i % 600;
            String time = String.format(Locale.ROOT, "2026-11-25T%02d:%02d:00+08:00", 8 + minute / 60, minute % 60);
            String id = "P-" + i, machine = "L" + line + "-M" + (1 + i % 3), picks = "41", remark = "";
            String lineCode = "L" + line;
            if (i % 10 == 3) remark = "\"changed feeder 3-15, nozzle \"\"CN040\"\"\"";
            if (i % 50 == 7) remark = "\"first line\nsecond line\"";
            if (i % 97 == 11) remark = "\"three\r\nlines\r\nhere\"";
            if (i % 37 == 5) picks = "12x"; // rejected: not a whole number
            if (i % 41 == 9) lineCode = "L9"; // rejected: no such line
            if (i % 29 == 4) id = "P-" + Math.max(0, i - 1_500); // an id seen about a block before: a duplicate
            if (i % 23 == 2) { // no id: identical rows get occurrences 1, 2, 3 … in file order
                id = "";
                time = "2026-11-25T09:00:00+08:00";
                machine = "L1-M" + (1 + (i / 23) % 2);
                lineCode = "L1";
            }
            sb.append(id).append(',').append(time).append(",,").append(lineCode).append(',').append(machine)
                    .append(",J-100,MODEL-1,1,").append(picks).append(",40,1,OP1001,").append(remark).append('\n');
            if (i % 1_000 == 500) sb.append('\n'); // a blank line is no row
            if (i == 7_777) sb.append("P-X,2026-11-25T09:00:00+08:00,,L1,L1-M1,J-100,MODEL-1,1,41,40,1,OP1001,\"never closed\n");
        }
        Path f = dir.resolve("mixed.csv");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return f;
    }

    /** What a database holds after the import, as text to compare. */
    record Stored(IngestPipeline.Result result, List<String> events, List<String> rejected, List<String> buckets,
                  List<String> batch) {
    }

    static Stored importInto(Path dbDir, Path file, IngestPipeline.Parallelism parallelism) {
        try (AppServices s = new AppServices(Database.open(TestDatabases.h2(dbDir)), CLOCK)) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
            Database db = s.database();
            IngestUseCase files = new IngestUseCase(new DatabaseEventSink(db, s.eventWriter(), new IngestStore(db, s.eventWriter())),
                    CLOCK, parallelism);
            MasterData master = s.masterData().current();
            RecordValidator v = new RecordValidator(master, s.ingest().ruleConfig());
            var request = new IngestPipeline.Request(file, new NativeCsvParser(),
                    new ParseContext(file.getFileName().toString(), master, v.config().zone(), null), v, "OP1001",
                    Locale.ENGLISH, 1_000);
            IngestPipeline.Result r = files.importFile(request, (rows, bytes, total) -> { }, () -> false);
            return new Stored(r,
                    dump(db, "SELECT * FROM production_event ORDER BY event_id", Set.of("RECEIVED_AT")),
                    dump(db, "SELECT row_no, raw_text, reasons FROM rejected_row ORDER BY id", Set.of()),
                    dump(db, "SELECT * FROM counter_bucket ORDER BY 1, 2, 3, 4", Set.of("UPDATED_AT")),
                    dump(db, "SELECT rows_read, rows_accepted, rows_rejected, rows_duplicate, rows_skipped, rows_warned, sha256, "
                            + "status, message FROM import_batch", Set.of()));
        }
    }

    static List<String> dump(Database db, String sql, Set<String> leaveOut) {
        return db.jdbc(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (!leaveOut.contains(md.getColumnName(i).toUpperCase(Locale.ROOT))) row.append(rs.getString(i)).append('|');
                    }
                    out.add(row.toString());
                }
            }
            return out;
        });
    }

    @Test
    void manyThreadsStoreExactlyWhatOneThreadStores(@TempDir Path dir) throws Exception {
        Path file = file(dir);
        assertThat(Files.size(file)).as("many blocks of text").isGreaterThan(8L * 128 * 1024);
        Stored serial = importInto(dir.resolve("serial"), file, IngestPipeline.Parallelism.serial());
        Stored parallel = importInto(dir.resolve("parallel"), file, new IngestPipeline.Parallelism(3, 0));

        // The file holds what it should: otherwise the comparison proves little.
        IngestPipeline.Result r = serial.result();
        assertThat(r.rejected()).isGreaterThan(600);
        assertThat(r.duplicates()).isGreaterThan(300);
        assertThat(r.accepted()).isGreaterThan(10_000);
        assertThat(serial.events()).anyMatch(e -> e.contains("first line\nsecond line"))
                .noneMatch(e -> e.startsWith("P-X|"));
        assertThat(serial.rejected()).anyMatch(e -> e.contains("never closed"));

        assertThat(parallel.result()).isEqualTo(serial.result());
        assertThat(parallel.events()).containsExactlyElementsOf(serial.events());
        assertThat(parallel.rejected()).containsExactlyElementsOf(serial.rejected());
        assertThat(parallel.buckets()).containsExactlyElementsOf(serial.buckets());
        assertThat(parallel.batch()).containsExactlyElementsOf(serial.batch());
    }
}
