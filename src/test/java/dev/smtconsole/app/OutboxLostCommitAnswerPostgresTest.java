package dev.smtconsole.app;

import dev.smtconsole.LostCommitProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forward from the local outbox whose commit answer is lost for real (ADR 0030): the proxy passes the COMMIT to
 * the real server and drops the connection before the answer comes back, so the forwarder sends the record again.
 * Its receipt is found and nothing is written twice: the batch's counters equal one clean import, and each
 * message is kept once.
 */
class OutboxLostCommitAnswerPostgresTest {
    @TempDir
    Path dir;
    DatabaseConfig direct;
    DatabaseConfig proxied;
    LostCommitProxy proxy;
    AppServices services;

    @BeforeEach
    void open() throws Exception {
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        // on a loopback address of its own: while cut, its port cannot be taken by another run's proxy to the server
        proxy = new LostCommitProxy(uri.getHost(), uri.getPort(), LostCommitProxy.privateLoopback());
        // prepareThreshold=0: every statement carries its SQL text, which the proxy watches for
        proxied = new DatabaseConfig("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + uri.getPath()
                + "?connectTimeout=2&socketTimeout=20&prepareThreshold=0", direct.user(), direct.password(), direct.schema());
    }

    @AfterEach
    void close() {
        if (services != null) services.close();
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    AppServices console() {
        return new AppServices(Database.open(proxied), Clock.systemUTC(), dir.resolve("config"));
    }

    /** Rows with a few the rules reject (picks "x") and a few that repeat an event id of the file. */
    static Path generate(Path file, int rows) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            for (int i = 0; i < rows; i++) {
                String id = i % 97 == 50 ? "LC-" + (i - 7) : "LC-" + i; // a repeat of a row seven before
                String picks = i % 101 == 3 ? "x" : "11";
                w.write(id + ",2026-11-0" + (1 + i % 9) + "T" + String.format("%02d", 8 + i % 10) + ":"
                        + String.format("%02d", i % 60) + ":00+08:00,L3,L3-M" + (1 + i % 3) + ",M00870" + (i % 3) + ",1," + picks
                        + ",10,OP1001\n");
            }
        }
        return file;
    }

    void waitUntilForwarded(AppServices s) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (s.outboxStatus().filter(o -> o.records() > 0 || o.offline()).isPresent()) {
            assertThat(System.nanoTime()).as("outbox forwarded within 90 s: %s", s.outboxStatus()).isLessThan(until);
            Thread.sleep(200);
        }
    }

    /** read, accepted, rejected, duplicates, skipped, unassigned, status; and the batch's rejected rows, FILE messages, events. */
    record Counters(long read, long accepted, long rejected, long duplicates, long skipped, long unassigned, String status,
                    long rejectedRows, long fileMessages, long events) {
    }

    Counters serverBatch(String fileName) throws Exception {
        String s = direct.schema();
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + s + ".import_batch WHERE file_name = '" + fileName + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("batches opened for %s", fileName).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT b.rows_read, b.rows_accepted, b.rows_rejected, b.rows_duplicate, b.rows_skipped, b.rows_unassigned,
                        b.status,
                        (SELECT COUNT(*) FROM %1$s.rejected_row r WHERE r.batch_id = b.id AND r.row_no > 0),
                        (SELECT COUNT(*) FROM %1$s.integration_message m WHERE m.batch_id = b.id AND m.channel = 'FILE'),
                        (SELECT COUNT(*) FROM %1$s.production_event e WHERE e.batch_id = b.id)
                    FROM %1$s.import_batch b WHERE b.file_name = '%2$s'""".formatted(s, fileName))) {
                rs.next();
                return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10));
            }
        }
    }

    /** The same file imported once into an embedded database of its own: what one clean import counts. */
    Counters cleanImport(Path file) {
        try (AppServices clean = new AppServices(Database.open(TestDatabases.h2(dir.resolve("clean"))), Clock.systemUTC())) {
            clean.masterData().importFile(Path.of("sample-data", "lines.csv"));
            clean.masterData().importFile(Path.of("sample-data", "operators.csv"));
            clean.ingest().setChunkSize(500);
            clean.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
            var b = clean.ingest().history(1).get(0);
            long rejectedRows = clean.database().jdbc(c -> count(c, "SELECT COUNT(*) FROM rejected_row WHERE row_no > 0"));
            long fileMessages = clean.database().jdbc(c -> count(c, "SELECT COUNT(*) FROM integration_message WHERE channel = 'FILE'"));
            long events = clean.database().jdbc(c -> count(c, "SELECT COUNT(*) FROM production_event"));
            return new Counters(b.read(), b.accepted(), b.rejected(), b.duplicates(), b.skipped(), b.unassigned(), b.status(),
                    rejectedRows, fileMessages, events);
        }
    }

    static long count(Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anImportWhoseForwardedCommitsLoseTheirAnswersCountsItsBatchOnce() throws Exception {
        Path file = generate(dir.resolve("lost-commit.csv"), 2000);
        Counters clean = cleanImport(file);
        assertThat(clean.rejected()).as("the file has rejected rows").isPositive();
        assertThat(clean.duplicates()).as("the file repeats event ids").isPositive();

        services = console();
        services.ingest().setChunkSize(500);
        proxy.cut();
        var queued = services.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
        assertThat(queued.batchId()).as("opened in the outbox").isNegative();
        assertThat(services.outboxStatus().orElseThrow().offline()).isTrue();

        // On forward, the batch's opening, its second chunk and its end each commit on the server and lose the answer.
        proxy.loseCommitAnswerAfter("INSERT INTO import_batch");
        proxy.loseCommitAnswerAfter("rows_read = rows_read +");
        proxy.loseCommitAnswerAfter("UPDATE import_batch SET status =");
        proxy.restore();
        waitUntilForwarded(services);

        assertThat(proxy.allArmedLost()).isTrue();
        assertThat(proxy.answersLost()).isEqualTo(3);
        assertThat(proxy.committedAnswersLost()).as("the server committed each of them").isEqualTo(3);
        Counters forwarded = serverBatch("lost-commit.csv");
        assertThat(forwarded).isEqualTo(clean);
        assertThat(forwarded.read()).isEqualTo(forwarded.accepted() + forwarded.rejected() + forwarded.duplicates()
                + forwarded.skipped() + forwarded.unassigned());
        assertThat(services.outboxRefused()).isEmpty();
    }

    @Test
    void aChunkWhoseFirstForwardLostItsAnswerIsNotCountedAgain() throws Exception {
        Path file = generate(dir.resolve("chunk-lost.csv"), 1200);
        Counters clean = cleanImport(file);

        services = console();
        services.ingest().setChunkSize(400);
        proxy.cut();
        services.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
        proxy.loseCommitAnswerAfter("rows_read = rows_read +"); // the first chunk
        proxy.restore();
        waitUntilForwarded(services);

        assertThat(proxy.committedAnswersLost()).isEqualTo(1);
        assertThat(serverBatch("chunk-lost.csv")).isEqualTo(clean);
        // Without its receipt the chunk sent again ran into its own source text's key and landed in the refused list.
        assertThat(services.outboxRefused()).isEmpty();
    }

    @Test
    void aChunkWrittenOnlineWhoseCommitAnswerIsLostIsCountedOnce() throws Exception {
        Path file = generate(dir.resolve("direct-lost.csv"), 1200);
        Counters clean = cleanImport(file);

        services = console();
        services.ingest().setChunkSize(400);
        // Online: the batch and its chunks go straight to the server; the first chunk's commit answer is lost, so
        // that chunk is queued (and what follows it) and forwarded under the receipt its direct write used.
        proxy.loseCommitAnswerAfter("rows_read = rows_read +");
        var r = services.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
        assertThat(r.batchId()).as("opened on the server").isPositive();
        waitUntilForwarded(services);

        assertThat(proxy.committedAnswersLost()).isEqualTo(1);
        assertThat(serverBatch("direct-lost.csv")).isEqualTo(clean);
        assertThat(services.outboxRefused()).isEmpty();
    }

    String messages(Connection c) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, channel, status, external_id FROM " + direct.schema() + ".integration_message ORDER BY id")) {
            while (rs.next()) out.append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3))
                    .append(' ').append(rs.getString(4)).append("; ");
        }
        return out.toString();
    }

    static ManualEntry entry(String job, int day, long picks) {
        return new ManualEntry("L1", job, "1016928", 100L, LocalDateTime.of(2026, 11, day, 8, 0),
                LocalDateTime.of(2026, 11, day, 10, 0), List.of("礼"), List.of(new MachineCount("L1-M1", picks, picks - 10)),
                null, "OP1001");
    }

    @Test
    void messagesWhoseForwardLostItsAnswerAreKeptOnce() throws Exception {
        services = console();
        proxy.cut();
        for (int i = 0; i < 5; i++) {
            assertThat(services.ingest().submitManual(entry("M00960" + i, 10 + i, 1000 + i)).messageId()).isNegative();
        }
        long waiting = services.outboxStatus().orElseThrow().records();
        proxy.loseCommitAnswerAfter("INSERT INTO integration_message"); // the five go in one transaction
        proxy.restore();
        waitUntilForwarded(services);
        assertThat(proxy.committedAnswersLost()).isEqualTo(1);

        String s = direct.schema();
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password())) {
            assertThat(count(c, "SELECT COUNT(*) FROM " + s + ".integration_message WHERE channel = 'MANUAL'"))
                    .as("one integration message per entry, no DUPLICATE: %s", messages(c)).isEqualTo(5);
            assertThat(count(c, "SELECT COUNT(*) FROM " + s + ".integration_message WHERE status = 'DUPLICATE'")).isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM " + s + ".production_event")).isEqualTo(waiting);
            assertThat(count(c, "SELECT COALESCE(SUM(picks), 0) FROM " + s + ".counter_bucket"))
                    .isEqualTo(count(c, "SELECT SUM(picks) FROM " + s + ".production_event"));
            assertThat(count(c, "SELECT SUM(picks) FROM " + s + ".production_event WHERE machine_id IS NOT NULL"))
                    .isEqualTo(1000 + 1001 + 1002 + 1003 + 1004);
            // The pass forgets its receipts right after its last entry left the outbox: a moment after "empty".
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long receipts;
            while ((receipts = count(c, "SELECT COUNT(*) FROM " + s + ".outbox_receipt")) > 0 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(receipts).as("receipts forgotten once forwarded").isZero();
        }
    }

    // ---------- whole small files (ADR 0035) ----------

    /** Small files of their own event ids (some rejected rows, a repeat within each file). */
    List<Path> smallFiles(int count, int rows) throws Exception {
        List<Path> out = new java.util.ArrayList<>();
        for (int f = 0; f < count; f++) {
            Path file = dir.resolve("small-" + f + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
                for (int i = 0; i < rows; i++) {
                    String id = i == 20 ? "SF-" + f + "-3" : "SF-" + f + "-" + i;
                    String picks = i % 37 == 5 ? "x" : "11";
                    w.write(id + ",2026-11-0" + (1 + f % 9) + "T" + String.format("%02d", 8 + i % 10) + ":"
                            + String.format("%02d", i % 60) + ":00+08:00,L3,L3-M" + (1 + i % 3) + ",M00870" + (f % 3) + ",1,"
                            + picks + ",10,OP1001\n");
                }
            }
            out.add(file);
        }
        return out;
    }

    /** The files imported one by one into an embedded database of their own: what clean imports count, per file. */
    java.util.Map<String, Counters> cleanImports(List<Path> files) {
        java.util.Map<String, Counters> out = new java.util.HashMap<>();
        try (AppServices clean = new AppServices(Database.open(TestDatabases.h2(dir.resolve("clean-many"))), Clock.systemUTC())) {
            clean.masterData().importFile(Path.of("sample-data", "lines.csv"));
            clean.masterData().importFile(Path.of("sample-data", "operators.csv"));
            for (Path file : files) {
                var r = clean.ingest().importFile(file, new ImportOptions("auto", "OP1001", null, null), null, () -> false);
                var b = clean.ingest().history(100).stream().filter(h -> h.batchId() == r.batchId()).findFirst().orElseThrow();
                long id = r.batchId();
                long rejectedRows = clean.database().jdbc(c -> count(c, "SELECT COUNT(*) FROM rejected_row WHERE row_no > 0 AND batch_id = " + id));
                long fileMessages = clean.database().jdbc(c -> count(c,
                        "SELECT COUNT(*) FROM integration_message WHERE channel = 'FILE' AND batch_id = " + id));
                long events = clean.database().jdbc(c -> count(c, "SELECT COUNT(*) FROM production_event WHERE batch_id = " + id));
                out.put(file.getFileName().toString(), new Counters(b.read(), b.accepted(), b.rejected(), b.duplicates(), b.skipped(),
                        b.unassigned(), b.status(), rejectedRows, fileMessages, events));
            }
        }
        return out;
    }

    List<IngestService.ImportResult> importFiles(List<Path> files) {
        List<IngestService.ImportResult> out = new java.util.ArrayList<>();
        services.ingest().imports(new ImportOptions("auto", "OP1001", null, null)).importFiles(files, null, () -> false,
                (file, r, failure) -> {
                    assertThat(failure).as("%s", file).isNull();
                    out.add(r);
                });
        return out;
    }

    @Test
    void wholeFilesWrittenOnlineWhoseCommitAnswerIsLostAreEachCountedOnce() throws Exception {
        List<Path> files = smallFiles(6, 120);
        var clean = cleanImports(files);
        assertThat(clean.values()).allSatisfy(c -> assertThat(c.rejected()).isPositive())
                .allSatisfy(c -> assertThat(c.duplicates()).isPositive());

        services = console();
        // Online: the six files go to the server in one transaction, which commits and loses its answer; each file
        // is queued as its opening, chunk and end under the receipts the transaction claimed, and found done.
        proxy.loseCommitAnswerAfter("status = 'COMPLETED', sha256");
        var results = importFiles(files);
        assertThat(results).hasSize(6);
        waitUntilForwarded(services);

        assertOneLostAnswerAndEachFileAsAlone(files, clean);
    }

    @Test
    void wholeFilesQueuedWhileTheServerIsAwayAreForwardedEachItsOwnBatch() throws Exception {
        List<Path> files = smallFiles(4, 90);
        var clean = cleanImports(files);

        services = console();
        proxy.cut();
        var results = importFiles(files);
        assertThat(results).extracting(IngestService.ImportResult::batchId).as("opened in the outbox").allMatch(id -> id < 0);
        // The forward of the first file's chunk commits and loses its answer: its receipt is found the second time.
        proxy.loseCommitAnswerAfter("rows_read = rows_read +");
        proxy.restore();
        waitUntilForwarded(services);

        assertOneLostAnswerAndEachFileAsAlone(files, clean);
    }

    /** One commit answer was lost, and each file's batch on the server is the one it gets imported alone. */
    private void assertOneLostAnswerAndEachFileAsAlone(List<Path> files, java.util.Map<String, Counters> clean) throws Exception {
        assertThat(proxy.committedAnswersLost()).isEqualTo(1);
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertThat(serverBatch(name)).as(name).isEqualTo(clean.get(name));
        }
        assertThat(services.outboxRefused()).isEmpty();
    }
}
