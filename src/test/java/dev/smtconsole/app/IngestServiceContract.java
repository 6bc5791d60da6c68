package dev.smtconsole.app;

import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.ImportResult;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingest service against a real database; subclasses pick H2 (file) or PostgreSQL. Each test
 * works on its own lines' data or checks deltas, so they share one database per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IngestServiceContract {
    static final Path SAMPLES = Path.of("sample-data");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), SHANGHAI);

    @TempDir
    Path tmp;
    AppServices services;
    DefaultIngestService ingest;
    DatabaseConfig config;

    abstract DatabaseConfig config(Path dir) throws Exception;

    @BeforeAll
    void open(@TempDir Path dir) throws Exception {
        config = config(dir);
        services = new AppServices(Database.open(config), CLOCK);
        services.masterData().importFile(SAMPLES.resolve("lines.csv"));
        services.masterData().importFile(SAMPLES.resolve("operators.csv"));
        ingest = services.ingest();
    }

    @AfterAll
    void close() {
        if (services != null) services.close();
        dev.smtconsole.TestDatabases.dropSchema(config);
    }

    ImportResult importFile(Path file) {
        return ingest.importFile(file, new ImportOptions("auto", "OP1008", null, null), null, () -> false);
    }

    static void assertAccounted(ImportResult r) {
        assertThat(r.read()).isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped());
    }

    /** picks, placements, rejects, boards of a line/machine (null = line level) on a Shanghai day, from the buckets. */
    long[] bucket(String line, String machine, String day) {
        Instant from = LocalDate.parse(day).atStartOfDay(SHANGHAI).toInstant();
        Instant to = LocalDate.parse(day).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        return services.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT COALESCE(SUM(b.picks),0), COALESCE(SUM(b.placements),0), COALESCE(SUM(b.rejects),0), COALESCE(SUM(b.boards),0)
                    FROM counter_bucket b JOIN production_line l ON l.id = b.line_id
                    LEFT JOIN machine m ON m.id = b.machine_id
                    WHERE l.code = ? AND b.bucket_start >= ? AND b.bucket_start < ?
                      AND ((? IS NULL AND b.machine_id = 0) OR m.code = ?)""")) {
                ps.setString(1, line);
                ps.setTimestamp(2, java.sql.Timestamp.from(from));
                ps.setTimestamp(3, java.sql.Timestamp.from(to));
                ps.setString(4, machine);
                ps.setString(5, machine);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
                }
            }
        });
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

    @Test
    void importsTheSampleFilesWithTheTotalsOfTheReadme() {
        ImportResult en = ingest.importFile(SAMPLES.resolve("production-native.csv"),
                new ImportOptions("auto", "OP1006", null, null), null, () -> false);
        assertThat(en.read()).isEqualTo(56);
        assertThat(en.accepted()).isEqualTo(56);
        ImportResult zh = importFile(SAMPLES.resolve("production-native-zh.csv"));
        assertThat(zh.accepted()).isEqualTo(16);
        assertThat(zh.format()).isEqualTo("csv");

        assertThat(bucket("L1", "L1-M1", "2026-11-23")).containsExactly(69093, 68750, 343, 625);
        assertThat(bucket("L1", "L1-M3", "2026-11-24")).containsExactly(20464, 20320, 144, 635);
        assertThat(bucket("L1", null, "2026-11-24")[3]).isEqualTo(636);
        assertThat(bucket("L2", "L2-M1", "2026-11-23")).containsExactly(25999, 25777, 222, 173);
        assertThat(bucket("L2", "L2-M3", "2026-11-24")).containsExactly(6978, 6923, 55, 161);
        assertThat(bucket("L3", "L3-M1", "2026-11-24")).containsExactly(40892, 40506, 386, 471);
        assertThat(bucket("L3", "L3-M3", "2026-11-24")).containsExactly(9004, 8911, 93, 469);

        // rows 7, 11, 28 have no operator: the importing operator stands in
        assertThat(count("SELECT COUNT(*) FROM production_event WHERE operator_id = 'OP1006' AND batch_id = ?", en.batchId()))
                .isEqualTo(3);

        // the same file again, by someone else: nothing is counted twice
        ImportResult again = ingest.importFile(SAMPLES.resolve("production-native.csv"),
                new ImportOptions("csv", "OP1001", null, null), null, () -> false);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(56);
        assertAccounted(again);
        assertThat(bucket("L1", "L1-M1", "2026-11-23")).containsExactly(69093, 68750, 343, 625);
        assertThat(count("SELECT COUNT(*) FROM integration_message WHERE batch_id = ? AND status = 'DUPLICATE'", again.batchId()))
                .isEqualTo(1);
    }

    @Test
    void everyImportedEventGivesItsFileLineBack() throws Exception {
        Path file = tmp.resolve("trace.csv");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(SAMPLES.resolve("production-native.csv"));
        java.util.List<String> rows = new java.util.ArrayList<>();
        rows.add(lines.get(0));
        // own ids and October dates: the other tests' November buckets stay as they are
        for (int i = 1; i < lines.size(); i++) rows.add(lines.get(i).replaceFirst("^L", "TRACE-L").replace("2026-11-", "2026-10-"));
        // a line with a non-ASCII remark and a quoted comma reads back as it stood
        rows.add("TRACE-X,2026-10-23T10:30:00+08:00,,L1,L1-M1,M008502,型号A,1,10,9,1,OP1001,\"备注, 中文\"");
        java.nio.file.Files.write(file, rows);
        ingest.setChunkSize(7); // several stored pieces
        ImportResult r;
        try {
            r = importFile(file);
        } finally {
            ingest.setChunkSize(defaultChunk());
        }
        assertThat(r.accepted()).isEqualTo(rows.size() - 1);
        // every event (with its own id or a derived one) names its data row, whose line comes back
        java.util.Map<String, Long> rowOf = services.database().jdbc(c -> {
            java.util.Map<String, Long> m = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, source_row FROM production_event WHERE batch_id = ?")) {
                ps.setLong(1, r.batchId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
        assertThat(rowOf).hasSize(rows.size() - 1);
        rowOf.forEach((id, row) -> assertThat(ingest.sourceText(id)).as(id).contains(rows.get(row.intValue())));
        assertThat(ingest.sourceText("no-such-event")).isEmpty();
        // the values themselves arrive as written (PostgreSQL takes them in COPY's binary form)
        services.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_time, start_time, picks, placements, rejects, remark,"
                    + " operator_id, raw_text FROM production_event WHERE event_id = 'TRACE-X'");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2026-10-23T02:30:00Z"));
                assertThat(rs.getTimestamp(2)).isNull();
                assertThat(new long[]{rs.getLong(3), rs.getLong(4), rs.getLong(5)}).containsExactly(10, 9, 1);
                assertThat(rs.getString(6)).isEqualTo("备注, 中文");
                assertThat(rs.getString(7)).isEqualTo("OP1001");
                assertThat(rs.getString(8)).isNull();
            }
            return null;
        });
        assertThat(count("SELECT COUNT(*) FROM production_event WHERE batch_id = ? AND raw_text IS NULL", r.batchId()))
                .isEqualTo(rows.size() - 1);
    }

    @Test
    void theBadSampleGivesEightAcceptedNineRejectedOneDuplicate() throws Exception {
        ImportResult r = importFile(SAMPLES.resolve("production-native-bad.csv"));
        assertThat(r.read()).isEqualTo(18);
        assertThat(r.accepted()).isEqualTo(8);
        assertThat(r.rejected()).isEqualTo(9);
        assertThat(r.duplicates()).isEqualTo(1);
        assertAccounted(r);
        assertThat(count("SELECT COUNT(*) FROM rejected_row WHERE batch_id = ? AND row_no > 0", r.batchId())).isEqualTo(9);
        assertThat(count("SELECT rows_accepted FROM import_batch WHERE id = ?", r.batchId())).isEqualTo(8);
        assertThat(count("SELECT COUNT(*) FROM integration_message WHERE batch_id = ? AND status = 'PARTIAL'", r.batchId())).isEqualTo(1);

        Path out = tmp.resolve("rejects.csv");
        assertThat(ingest.exportRejected(r.batchId(), out)).isEqualTo(9);
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith(",remark,reason");
        assertThat(lines).hasSize(10);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("12x").contains("Row 4, picks: '12x' is not a whole number"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Row 13: only 9 of 13 columns"));

        // the export is itself importable: fix nothing, re-import, the same 9 are rejected again
        ImportResult back = importFile(out);
        assertThat(back.read()).isEqualTo(9);
        assertThat(back.rejected()).isEqualTo(9);
        Path out2 = tmp.resolve("rejects2.csv");
        ingest.exportRejected(back.batchId(), out2);
        assertThat(Files.readAllLines(out2, StandardCharsets.UTF_8).get(0)).as("one reason column, not two").endsWith(",remark,reason");

        // a second import of the bad file adds nothing: the copy of row 12 (row 15) is occurrence 2 again
        ImportResult again = importFile(SAMPLES.resolve("production-native-bad.csv"));
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(9);
        assertThat(again.rejected()).isEqualTo(9);
    }

    @Test
    void reasonsAreStoredInTheServicesLanguage() throws Exception {
        ingest.setLocale(Locale.SIMPLIFIED_CHINESE);
        try {
            Path f = write("zh-reasons.csv", "event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n"
                    + "ZH-1,2026-11-25T09:00:00+08:00,L1,L1-M1,M008502,1,12x,10,OP1001\n");
            ImportResult r = importFile(f);
            assertThat(r.rejected()).isEqualTo(1);
            String reason = services.database().jdbc(c -> {
                try (var ps = c.prepareStatement("SELECT reasons FROM rejected_row WHERE batch_id = ? AND row_no = 1")) {
                    ps.setLong(1, r.batchId());
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            assertThat(reason).isEqualTo("第 1 行 吸料数量 ‘12x’ 不是整数");
        } finally {
            ingest.setLocale(Locale.ENGLISH);
        }
    }

    @Test
    void cancelKeepsWholeChunksAndSaysUpToWhichRow() throws Exception {
        StringBuilder sb = new StringBuilder("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
        for (int i = 1; i <= 95; i++) {
            sb.append("CANCEL-").append(i).append(",2026-11-22T09:00:00+08:00,L3,L3-M1,M008503,1,10,10,OP1001\n");
        }
        Path f = write("cancel.csv", sb.toString());
        ingest.setChunkSize(20);
        try {
            int[] polls = {0};
            ImportResult r = ingest.importFile(f, new ImportOptions("auto", "OP1001", null, null), null, () -> ++polls[0] >= 2);
            assertThat(r.cancelled()).isTrue();
            assertThat(r.read()).isEqualTo(40);
            assertThat(r.accepted()).isEqualTo(40);
            assertThat(r.message()).contains("rows 1-40 committed");
            assertThat(ingest.history(50)).filteredOn(b -> b.batchId() == r.batchId()).singleElement()
                    .satisfies(b -> assertThat(b.status()).isEqualTo("CANCELLED"));
            assertThat(bucket("L3", "L3-M1", "2026-11-22")[0]).isEqualTo(400);

            ImportResult rest = ingest.importFile(f, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
            assertThat(rest.duplicates()).isEqualTo(40);
            assertThat(rest.accepted()).isEqualTo(55);
            assertThat(bucket("L3", "L3-M1", "2026-11-22")[0]).isEqualTo(950);
        } finally {
            ingest.setChunkSize(defaultChunk());
        }
    }

    int defaultChunk() {
        return services.database().isPostgres() ? dev.smtconsole.app.ingest.IngestPipeline.PG_CHUNK
                : dev.smtconsole.app.ingest.IngestPipeline.H2_CHUNK;
    }

    /**
     * Two consoles import overlapping files at the same time, in small chunks that interleave:
     * every event is stored once, the overlap counts as duplicates in one of the two batches,
     * buckets and bucket sources count each event once, and neither import fails (the shared
     * bucket rows are upserted in one order by every writer, so they cannot deadlock).
     */
    @Test
    void twoConsolesImportingOverlappingFilesAtOnceCountEachEventOnce() throws Exception {
        String header = "event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n";
        String[] machines = {"L1-M1", "L1-M2", "L1-M3"};
        // b holds its rows in the opposite order: its chunks reach the shared buckets the other way round
        StringBuilder a = new StringBuilder(header), b = new StringBuilder(header);
        java.util.List<String> bRows = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String row = "CC-" + i + ",2026-08-1" + (i % 3) + "T" + String.format("%02d", 8 + i % 12) + ":" + String.format("%02d", i % 60)
                    + ":00+08:00,L1," + machines[i % 3] + ",M0077" + (10 + i % 4) + ",1,10,9,OP1001\n";
            if (i < 2000) a.append(row);
            if (i >= 1000) bRows.add(row);
        }
        java.util.Collections.reverse(bRows);
        bRows.forEach(b::append);
        Path fa = write("concurrent-a.csv", a.toString());
        Path fb = write("concurrent-b.csv", b.toString());
        long eventsBefore = count("SELECT COUNT(*) FROM production_event");
        long bucketEventsBefore = count("SELECT COALESCE(SUM(event_count), 0) FROM counter_bucket");
        long sourceEventsBefore = count("SELECT COALESCE(SUM(event_count), 0) FROM bucket_source");
        try (AppServices other = new AppServices(Database.open(config), CLOCK)) {
            ingest.setChunkSize(100);
            other.ingest().setChunkSize(100);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var ra = pool.submit(() -> ingest.importFile(fa, new ImportOptions("csv", "OP1001", null, null), null, () -> false));
                var rb = pool.submit(() -> other.ingest().importFile(fb, new ImportOptions("csv", "OP1002", null, null), null,
                        () -> false));
                ImportResult x = ra.get(120, java.util.concurrent.TimeUnit.SECONDS);
                ImportResult y = rb.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertAccounted(x);
                assertAccounted(y);
                assertThat(x.accepted() + y.accepted()).isEqualTo(3000);
                assertThat(x.duplicates() + y.duplicates()).isEqualTo(1000);
            } finally {
                pool.shutdownNow();
                ingest.setChunkSize(defaultChunk());
            }
        }
        assertThat(count("SELECT COUNT(*) FROM production_event") - eventsBefore).isEqualTo(3000);
        assertThat(count("SELECT COALESCE(SUM(event_count), 0) FROM counter_bucket") - bucketEventsBefore).isEqualTo(3000);
        assertThat(count("SELECT COALESCE(SUM(event_count), 0) FROM bucket_source") - sourceEventsBefore).isEqualTo(3000);
        assertThat(count("SELECT COALESCE(SUM(picks), 0) FROM counter_bucket WHERE job_id IN (SELECT id FROM job WHERE job_no LIKE 'M0077%')"))
                .isEqualTo(30_000);
    }

    @Test
    void voidingABatchTakesItsCountsOutOfTheBucketsAndIsAudited() throws Exception {
        Path f = write("void.csv", "event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n"
                + "V-1,2026-11-21T09:00:00+08:00,L2,L2-M2,M008358,5,100,99,OP1001\n"
                + "V-2,2026-11-21T10:00:00+08:00,L2,L2-M2,M008358,5,200,198,OP1001\n");
        ImportResult r = importFile(f);
        assertThat(bucket("L2", "L2-M2", "2026-11-21")).containsExactly(300, 297, 3, 10);
        assertThatThrownBy(() -> ingest.voidBatch(r.batchId(), " ", "OP1001")).isInstanceOf(IngestService.ValidationException.class);
        ingest.voidBatch(r.batchId(), "wrong shift", "OP1002");
        assertThat(bucket("L2", "L2-M2", "2026-11-21")).containsExactly(0, 0, 0, 0);
        assertThat(count("SELECT COUNT(*) FROM voided_event WHERE batch_id = ?", r.batchId())).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE entity = 'import_batch' AND entity_id = ? AND reason = 'wrong shift'"
                + " AND operator_id = 'OP1002'", String.valueOf(r.batchId()))).isEqualTo(1);
        assertThat(ingest.history(100)).filteredOn(b -> b.batchId() == r.batchId()).singleElement()
                .satisfies(b -> assertThat(b.voided()).isTrue());
        assertThatThrownBy(() -> ingest.voidBatch(r.batchId(), "again", "OP1002")).isInstanceOf(AppException.class);
    }

    @Test
    void refusesWithoutOperatorAndWritesNothing() throws Exception {
        long before = count("SELECT COUNT(*) FROM import_batch");
        assertThatThrownBy(() -> ingest.importFile(SAMPLES.resolve("production-native.csv"),
                new ImportOptions("auto", " ", null, null), null, () -> false)).isInstanceOf(AppException.class);
        Path junk = write("junk.txt", "hello,world\n1,2\n");
        assertThatThrownBy(() -> importFile(junk)).isInstanceOf(AppException.class).hasMessageContaining("no format recognises this file; tried: native CSV");
        assertThatThrownBy(() -> ingest.importFile(junk, new ImportOptions("csv", "OP1001", null, null), null, () -> false))
                .isInstanceOf(AppException.class).hasMessageContaining("event_time");
        assertThat(count("SELECT COUNT(*) FROM import_batch")).isEqualTo(before);
    }

    @Test
    void refusalsAreKeyedAndReadInEitherLanguage() throws Exception {
        Path missing = SAMPLES.resolve("no-such-file.csv");
        assertThatThrownBy(() -> ingest.importFile(missing, new ImportOptions("auto", "OP1001", null, null), null, () -> false))
                .isInstanceOfSatisfying(LocalizedException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Cannot read ").endsWith(": no such file");
                    assertThat(e.message(Locale.SIMPLIFIED_CHINESE)).startsWith("无法读取 ").endsWith("：文件不存在");
                });
        Path junk = write("junk-zh.txt", "hello,world\n1,2\n");
        assertThatThrownBy(() -> importFile(junk)).isInstanceOfSatisfying(LocalizedException.class, e -> {
            // The parser's own reason, nested in the sentence, reads in the same language.
            assertThat(e.message(Locale.ENGLISH)).startsWith("junk-zh.txt: no format recognises this file");
            assertThat(e.message(Locale.SIMPLIFIED_CHINESE)).startsWith("junk-zh.txt：").doesNotContain("no format recognises");
        });
        assertThatThrownBy(() -> ingest.importFile(junk, new ImportOptions("nosuch", "OP1001", null, null), null, () -> false))
                .isInstanceOfSatisfying(LocalizedException.class, e -> assertThat(e.key()).isEqualTo("rules.format.unknownName"));
        Path badLines = write("bad-lines.csv", "line,machine,position,kind\nL1,,1,PLACER\n");
        assertThatThrownBy(() -> services.masterData().importFile(badLines)).isInstanceOfSatisfying(LocalizedException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("bad-lines.csv, row 2, machine: '' is required");
            assertThat(e.message(Locale.SIMPLIFIED_CHINESE)).isEqualTo("bad-lines.csv，第 2 行，machine：‘’ 不能为空");
        });
    }

    @Test
    void previewShowsEachRowsStatusFromTheHeadOnly() {
        var p = ingest.preview(SAMPLES.resolve("production-native-bad.csv"), new ImportOptions("auto", "OP1001", null, null), 5);
        assertThat(p.format()).isEqualTo("csv");
        assertThat(p.autoDetected()).isTrue();
        assertThat(p.columns()).contains("event_id", "picks");
        assertThat(p.rows()).hasSize(5);
        assertThat(p.rows().get(2).status()).isEqualTo("REJECT");
        assertThat(p.rows().get(2).problems().get(0).message(Locale.ENGLISH)).isEqualTo("Row 3, placements: placements 5056 are more than picks 5040");
        assertThat(p.rows().get(3).problems().get(0).message(Locale.SIMPLIFIED_CHINESE)).isEqualTo("第 4 行 吸料数量 ‘12x’ 不是整数");
        assertThat(p.rows().get(4).status()).isIn("ACCEPT", "WARN", "DUPLICATE");
    }

    @Test
    void previewReadsOnlyTheHeadOfAHugeFile() throws Exception {
        Path big = tmp.resolve("huge.csv");
        try (var w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            String row = ",2026-11-18T09:00:00+08:00,L1,L1-M1,M008502,1,100,99,OP1001\n";
            for (int i = 0; i < 600_000; i++) w.write(row); // ~37 MB: a full read would take far longer than the preview
        }
        long t0 = System.nanoTime();
        var p = ingest.preview(big, new ImportOptions("auto", "OP1001", null, null), 50);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(p.rows()).hasSize(50);
        assertThat(p.rows().get(1).problems()).extracting(IngestService.Problem::messageKey).contains("rules.identical");
        assertThat(seconds).as("preview time on a shared, loaded machine").isLessThan(3.0);
    }

    @Test
    void manualEntryWritesLineAndMachineEventsOnceEvenWhenSavedTwice() {
        ManualEntry e = new ManualEntry("L1", "M009001", "1016928", 162L, LocalDateTime.of(2026, 11, 19, 11, 0),
                LocalDateTime.of(2026, 11, 19, 14, 45), List.of("礼", "珍"),
                List.of(new MachineCount("L1-M1", 24207L, 24138L), new MachineCount("L1-M2", 9086L, 9072L),
                        new MachineCount("L1-M3", 6994L, 6966L)), "574.8 - 416 = 158.8", "OP1001");
        assertThat(ingest.validateManual(e)).allSatisfy(p -> assertThat(p.warningOnly()).isTrue());
        var first = ingest.submitManual(e);
        assertThat(first.eventsWritten()).isEqualTo(4);
        assertThat(first.duplicate()).isFalse();
        var second = ingest.submitManual(e);
        assertThat(second.eventsWritten()).isZero();
        assertThat(second.duplicate()).isTrue();
        assertThat(bucket("L1", "L1-M1", "2026-11-19")).containsExactly(24207, 24138, 69, 162);
        assertThat(bucket("L1", null, "2026-11-19")[3]).isEqualTo(162);
        assertThat(count("SELECT COUNT(*) FROM job_record r JOIN job j ON j.id = r.job_id WHERE j.job_no = 'M009001'"
                + " AND r.checkers = '礼、珍' AND r.remark = '574.8 - 416 = 158.8' AND r.production_day = ?", LocalDate.of(2026, 11, 19)))
                .isEqualTo(1);
        assertThat(ingest.recentManualEntries(10)).anySatisfy(s -> {
            assertThat(s.messageId()).isEqualTo(first.messageId());
            assertThat(s.boards()).isEqualTo(162);
            assertThat(s.jobNo()).isEqualTo("M009001");
        });

        ingest.voidManualEntry(first.messageId(), "typed the wrong day", "OP1001");
        assertThat(bucket("L1", "L1-M1", "2026-11-19")).containsExactly(0, 0, 0, 0);
        assertThat(ingest.recentManualEntries(10)).filteredOn(s -> s.messageId() == first.messageId())
                .singleElement().satisfies(s -> assertThat(s.voided()).isTrue());
    }

    @Test
    void productModelOfAKnownJobAndNothingForAnUnknownOne() {
        ManualEntry e = new ManualEntry("L1", "M009101", "PM-9101 TOP", 12L, LocalDateTime.of(2026, 11, 18, 8, 0),
                LocalDateTime.of(2026, 11, 18, 9, 0), List.of(), List.of(), null, "OP1001");
        ingest.submitManual(e);
        assertThat(ingest.productModelOf("M009101")).contains("PM-9101 TOP");
        assertThat(ingest.productModelOf(" M009101 ")).as("as scanned, with blanks").contains("PM-9101 TOP");
        assertThat(ingest.productModelOf("M009102")).isEmpty();
        assertThat(ingest.productModelOf("")).isEmpty();
        assertThat(ingest.productModelOf(null)).isEmpty();
        ingest.submitManual(new ManualEntry("L1", "M009103", null, 12L, LocalDateTime.of(2026, 11, 18, 8, 0),
                LocalDateTime.of(2026, 11, 18, 9, 0), List.of(), List.of(), null, "OP1001"));
        assertThat(ingest.productModelOf("M009103")).as("a job without a product").isEmpty();
    }

    @Test
    void manualEntryProblemsNameTheFormField() {
        ManualEntry bad = new ManualEntry("L1", "M009002", null, 10L, LocalDateTime.of(2026, 11, 19, 11, 0),
                LocalDateTime.of(2026, 11, 19, 10, 0), List.of(), List.of(new MachineCount("L1-M1", 100L, 101L),
                new MachineCount("L2-M1", 5L, 5L)), null, "");
        var problems = ingest.validateManual(bad);
        assertThat(problems).extracting(IngestService.Problem::field)
                .contains("operatorId", "end", "machines[0].placements", "machines[1].machine");
        assertThat(problems).filteredOn(p -> p.field().equals("machines[0].placements")).singleElement()
                .satisfies(p -> assertThat(p.text(Locale.SIMPLIFIED_CHINESE)).isEqualTo("贴件数量 101 大于吸料数量 100"));
        assertThatThrownBy(() -> ingest.submitManual(bad)).isInstanceOf(IngestService.ValidationException.class);
    }

    Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    static List<String> lines(Path p) throws Exception {
        return new ArrayList<>(Files.readAllLines(p));
    }
}
