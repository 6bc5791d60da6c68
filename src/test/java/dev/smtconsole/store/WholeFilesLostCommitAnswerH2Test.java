package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.ingest.IngestPipeline;
import dev.smtconsole.app.ingest.IngestUseCase;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.ParseContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole small files on a shared H2 file (ADR 0036): when the commit answer of a group is lost with the process
 * serving the file, the group's batch rows tell whether it committed — and its files are counted once either way.
 * The commit itself is real (or a real rollback); only its answer is replaced by H2's "connection is broken", as a
 * client of a server that exits at that moment sees it.
 */
class WholeFilesLostCommitAnswerH2Test {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final int FILES = 12, ROWS = 150;

    @TempDir
    Path dir;

    List<Path> files() throws Exception {
        List<Path> out = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            StringBuilder sb = new StringBuilder("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            for (int i = 0; i < ROWS; i++) {
                int n = f * ROWS + i;
                String id = i == 7 && f > 0 ? "H-" + (n - ROWS + 1) : "H-" + n; // row 8 of the file before: a duplicate
                sb.append(id).append(",2026-11-25T").append(String.format(Locale.ROOT, "%02d:%02d", 8 + i / 60, i % 60))
                        .append(":00+08:00,L1,L1-M1,J-").append(100 + f % 3).append(",1,41,40,OP1001\n");
            }
            Path p = dir.resolve(String.format(Locale.ROOT, "board-%02d.csv", f));
            Files.writeString(p, sb, StandardCharsets.UTF_8);
            out.add(p);
        }
        return out;
    }

    /** What a client sees when the serving process exits during the commit. */
    static DatabaseException brokenConnection(Database db) {
        return (DatabaseException) db.failure(new SQLException("Connection is broken: \"the test's server went away\"", "90067", 90067));
    }

    record Outcome(List<IngestPipeline.Result> results, long batches, long completedBatches, long events, long boards,
                   long messages) {
    }

    /** Imports the files through a sink whose first group commit does {@code firstCommit} and loses its answer. */
    Outcome importLosingTheFirstAnswer(boolean firstCommits, AtomicInteger commits) throws Exception {
        List<Path> files = files();
        DatabaseConfig config = TestDatabases.h2(dir.resolve(firstCommits ? "committed" : "rolled-back"));
        try (AppServices s = new AppServices(Database.open(config), CLOCK)) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
            Database db = s.database();
            WholeFileWriter writer = new WholeFileWriter(db, s.eventWriter(), c -> {
                if (commits.incrementAndGet() > 1) {
                    db.end(c, true);
                    return;
                }
                db.end(c, firstCommits);
                throw brokenConnection(db);
            });
            DatabaseEventSink sink = new DatabaseEventSink(db, s.eventWriter(), new IngestStore(db, s.eventWriter()), writer);
            IngestUseCase ingest = new IngestUseCase(sink, CLOCK);
            MasterData master = s.masterData().current();
            RecordValidator validator = new RecordValidator(master, s.ingest().ruleConfig());
            List<IngestPipeline.Result> results = new ArrayList<>();
            List<Supplier<IngestPipeline.Request>> requests = files.stream().<Supplier<IngestPipeline.Request>>map(f -> () ->
                    new IngestPipeline.Request(f, new NativeCsvParser(), new ParseContext(f.getFileName().toString(), master,
                            validator.config().zone(), null), validator, "OP1001", Locale.ENGLISH, 20_000)).toList();
            ingest.importFiles(requests, (rows, bytes, total) -> { }, () -> false, (i, r, failure) -> {
                assertThat(failure).as("file %s", i).isNull();
                results.add(r);
            });
            long[] n = db.jdbc(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT"
                        + " (SELECT COUNT(*) FROM import_batch), (SELECT COUNT(*) FROM import_batch WHERE status = 'COMPLETED'),"
                        + " (SELECT COUNT(*) FROM production_event), (SELECT SUM(boards) FROM counter_bucket),"
                        + " (SELECT COUNT(*) FROM integration_message WHERE channel = 'FILE')")) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                }
            });
            return new Outcome(results, n[0], n[1], n[2], n[3], n[4]);
        }
    }

    void assertEachFileOnce(Outcome o) {
        long unique = FILES * ROWS - (FILES - 1); // each file after the first repeats one id of the one before
        assertThat(o.results()).hasSize(FILES).allSatisfy(r -> assertThat(r.status()).isEqualTo("COMPLETED"));
        assertThat(o.results()).extracting(IngestPipeline.Result::batchId).doesNotHaveDuplicates();
        assertThat(o.batches()).as("one batch per file").isEqualTo(FILES);
        assertThat(o.completedBatches()).isEqualTo(FILES);
        assertThat(o.messages()).as("one FILE message per file").isEqualTo(FILES);
        assertThat(o.events()).isEqualTo(unique);
        assertThat(o.boards()).isEqualTo(unique);
        assertThat(o.results().stream().mapToLong(IngestPipeline.Result::accepted).sum()).isEqualTo(unique);
        assertThat(o.results().stream().mapToLong(IngestPipeline.Result::duplicates).sum()).isEqualTo(FILES - 1);
    }

    @Test
    void aGroupThatCommittedIsNotWrittenAgain() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        Outcome o = importLosingTheFirstAnswer(true, commits);
        assertThat(commits).as("one group, its commit answer lost, nothing written again").hasValue(1);
        assertEachFileOnce(o);
    }

    @Test
    void aGroupThatDidNotCommitIsWrittenAgainWhole() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        Outcome o = importLosingTheFirstAnswer(false, commits);
        assertThat(commits).as("the group once more, in one transaction").hasValue(2);
        assertEachFileOnce(o);
    }
}
