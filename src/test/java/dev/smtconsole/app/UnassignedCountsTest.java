package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.port.EventSink.Held;
import dev.smtconsole.port.EventSink.HeldQuery;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 (ADR 0027): counts whose job the data cannot tell are held as unassigned with the reason — never
 * rejected, never guessed — shown in the result, the history and the report, and become accepted events exactly
 * once when a job is assigned; on H2 and PostgreSQL, with the Fuji and ASM sample files and a CFX stream cut mid-job.
 */
class UnassignedCountsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final Path SAMPLES = Path.of("sample-data");
    static final Path FIELD = Path.of("src/test/resources/field-data");

    abstract static class Base extends SampleDataServices {
        @Override
        Clock clock() {
            return CLOCK;
        }

        @BeforeEach
        void empty() {
            // Each test starts without data: batches, events, buckets and held counts of earlier tests are gone.
            services.database().jdbc(c -> {
                for (String t : List.of("unassigned_count", "production_event", "voided_event", "counter_bucket", "bucket_source",
                        "batch_text", "rejected_row", "message_event", "integration_message", "import_batch", "audit_event")) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t)) {
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        }

        IngestService.ImportResult importFile(Path file, String job) {
            var r = services.ingest().importFile(file, new IngestService.ImportOptions("auto", "OP1001", null, null, job, null, null),
                    null, () -> false);
            assertThat(r.read()).as("nothing read is lost").isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped()
                    + r.unassigned());
            return r;
        }

        List<Held> held(HeldQuery q) {
            return services.ingest().unassigned(q, 10_000);
        }

        static HeldQuery line(String line) {
            return new HeldQuery(line, null, null, null, List.of());
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

        /** Sums per line × machine × job, from the buckets or from the live events: they must be equal. */
        Map<String, String> sums(String table) {
            String machine = table.equals("counter_bucket") ? "machine_id" : "COALESCE(machine_id, 0)";
            String events = table.equals("counter_bucket") ? "SUM(event_count)" : "COUNT(*)";
            return services.database().jdbc(c -> {
                Map<String, String> out = new TreeMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT line_id, " + machine + ", job_id, SUM(boards), SUM(picks),"
                        + " SUM(placements), " + events + " FROM " + table + " GROUP BY line_id, " + machine + ", job_id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String v = rs.getLong(4) + "/" + rs.getLong(5) + "/" + rs.getLong(6) + "/" + rs.getLong(7);
                        if (!v.equals("0/0/0/0")) out.put(rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3), v);
                    }
                }
                return out;
            });
        }

        void bucketsEqualEvents() {
            assertThat(sums("counter_bucket")).isEqualTo(sums("production_event"));
        }

        IngestService.BatchSummary batch(long id) {
            return services.ingest().history(100).stream().filter(b -> b.batchId() == id).findFirst().orElseThrow();
        }

        long boards(String job) {
            return count("SELECT COALESCE(SUM(e.boards), 0) FROM production_event e JOIN job j ON j.id = e.job_id WHERE j.job_no = ?",
                    job);
        }

        @Test
        void asmBoardsWithoutAJobAreHeldShownInTheReportAndAssignedOnce() {
            var r = importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null);
            assertThat(r.unassigned()).isEqualTo(18);
            assertThat(r.rejected()).isZero();
            assertThat(r.accepted()).isZero();
            assertThat(batch(r.batchId()).unassigned()).isEqualTo(18);
            List<Held> list = held(line("L3"));
            assertThat(list).hasSize(18);
            assertThat(list.get(0).reason()).contains("has no JOB column or constant");
            assertThat(held(line("L2"))).isEmpty();

            var notes = services.reports().withoutJob("L3", LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 25));
            assertThat(notes).isNotEmpty();
            assertThat(notes.stream().mapToLong(ReportService.WithoutJob::boards).sum()).isEqualTo(18);
            ReportService.WithoutJob one = notes.get(0);
            assertThat(one.text(Locale.ENGLISH)).isEqualTo(one.boards() + (one.boards() == 1 ? " board on " : " boards on ")
                    + one.machineCode() + " without a job");
            assertThat(one.text(Locale.SIMPLIFIED_CHINESE)).contains(one.machineCode()).contains("未指定 JOB");

            var a = services.ingest().assignJob(line("L3"), "M008503", "OP1001", "ASM log names the program only");
            assertThat(a.claimed()).isEqualTo(18);
            assertThat(a.written()).isEqualTo(18);
            assertThat(boards("M008503")).isEqualTo(18);
            assertThat(held(line("L3"))).isEmpty();
            assertThat(services.reports().withoutJob("L3", LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 25))).isEmpty();
            var b = batch(r.batchId());
            assertThat(b.unassigned()).isZero();
            assertThat(b.accepted()).isEqualTo(18);
            assertThat(b.read()).isEqualTo(b.accepted() + b.rejected() + b.duplicates() + b.skipped() + b.unassigned());
            assertThat(count("SELECT COUNT(*) FROM audit_event WHERE entity = 'unassigned_count' AND action = 'ASSIGN'"
                    + " AND new_value = 'M008503' AND operator_id = 'OP1001'")).isEqualTo(18);
            assertThat(services.reports().production("L3", LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 25), null)
                    .totalQuantity()).as("the assigned boards are in the form now").isPositive();

            assertThat(services.ingest().assignJob(line("L3"), "M008503", "OP1001", null).claimed())
                    .as("assigned once: nothing is left to assign").isZero();
            assertThat(boards("M008503")).isEqualTo(18);
            var again = importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null);
            assertThat(again.duplicates()).as("the assigned counts are stored: importing the file again adds nothing").isEqualTo(18);
            assertThat(held(line("L3"))).isEmpty();
            bucketsEqualEvents();
        }

        @Test
        void fujiCountsAreAssignedByMachineAndTimeRange() {
            var r = importFile(SAMPLES.resolve("fuji-pcbcheckout-L2.txt"), null);
            assertThat(r.unassigned()).isPositive();
            assertThat(r.rejected()).isZero();
            List<Held> all = held(line("L2"));
            assertThat(all).hasSize((int) r.unassigned());
            String machine = all.get(0).machineCode();
            assertThat(machine).isNotNull();
            Instant from = all.get(0).eventTime();
            long onMachine = all.stream().filter(h -> machine.equals(h.machineCode())).count();
            long inRange = all.stream().filter(h -> machine.equals(h.machineCode()) && !h.eventTime().isBefore(from)
                    && h.eventTime().isBefore(from.plusSeconds(1))).count();

            var a = services.ingest().assignJob(new HeldQuery("L2", machine, from, from.plusSeconds(1), List.of()), "M008358",
                    "OP1001", null);
            assertThat(a.claimed()).isEqualTo((int) inRange);
            assertThat(held(new HeldQuery("L2", machine, null, null, List.of()))).hasSize((int) (onMachine - inRange));
            var rest = services.ingest().assignJob(line("L2"), "M008358", "OP1001", null);
            assertThat(a.claimed() + rest.claimed()).isEqualTo((int) r.unassigned());
            assertThat(held(line("L2"))).isEmpty();
            var b = batch(r.batchId());
            assertThat(b.unassigned()).isZero();
            assertThat(b.read()).isEqualTo(b.accepted() + b.rejected() + b.duplicates() + b.skipped() + b.unassigned());
            bucketsEqualEvents();
        }

        @Test
        void aCfxStreamCutMidJobIsHeldAndImportingItAgainWithTheJobResolvesTheHeldCounts() {
            Path file = FIELD.resolve("cfx-split-workcompleted.jsonl");
            var without = importFile(file, null);
            assertThat(without.unassigned()).isEqualTo(11);
            assertThat(without.rejected()).isZero();
            assertThat(without.skipped()).isEqualTo(1);
            assertThat(held(line("L3"))).extracting(Held::reason).allMatch(x -> x.contains("is not in this file"));
            assertThat(importFile(file, null).duplicates()).as("held once, however often it is imported").isEqualTo(11);
            assertThat(held(line("L3"))).hasSize(11);

            var with = importFile(file, "M008510");
            assertThat(with.accepted()).isEqualTo(11);
            assertThat(held(line("L3"))).as("the counts are stored with their job now: no longer held").isEmpty();
            var first = batch(without.batchId());
            assertThat(first.unassigned()).isZero();
            assertThat(first.duplicates()).isEqualTo(11);
            assertThat(first.read()).isEqualTo(first.accepted() + first.rejected() + first.duplicates() + first.skipped()
                    + first.unassigned());
            assertThat(boards("M008510")).isEqualTo(11);
            bucketsEqualEvents();
        }

        @Test
        void twoAssignmentsAtOnceTakeEachCountOnce() throws Exception {
            importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null);
            int threads = 6;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < threads; i++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return services.ingest().assignJob(line("L3"), "M008503", "OP1001", "race").claimed();
                    }));
                }
                go.countDown();
                int claimed = 0;
                for (Future<Integer> f : futures) claimed += f.get();
                assertThat(claimed).as("every held count taken by exactly one assignment").isEqualTo(18);
            } finally {
                pool.shutdownNow();
            }
            assertThat(boards("M008503")).isEqualTo(18);
            assertThat(count("SELECT COUNT(*) FROM production_event")).isEqualTo(18);
            assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'ASSIGN'")).isEqualTo(18);
            assertThat(count("SELECT COUNT(*) FROM unassigned_count")).isZero();
            bucketsEqualEvents();
        }

        @Test
        void thePreviewSaysNoJobAndOnceHeldDuplicate() {
            Path file = SAMPLES.resolve("asm-ois-board-L3.csv");
            var options = new IngestService.ImportOptions("auto", "OP1001", null, null);
            assertThat(services.ingest().preview(file, options, 100).rows()).extracting(IngestService.PreviewRow::status)
                    .hasSize(18).containsOnly("UNASSIGNED");
            importFile(file, null);
            assertThat(services.ingest().preview(file, options, 100).rows()).extracting(IngestService.PreviewRow::status)
                    .as("held once: importing it again holds nothing").containsOnly("DUPLICATE");
            assertThat(services.ingest().preview(file, new IngestService.ImportOptions("auto", "OP1001", null, null, "M008503",
                    null, null), 100).rows()).extracting(IngestService.PreviewRow::status)
                    .as("with a job they are written (and no longer held)").containsOnly("ACCEPT", "WARN");
        }

        @Test
        void voidingABatchTakesItsHeldCountsWithIt() {
            var r = importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null);
            services.ingest().voidBatch(r.batchId(), "wrong file", "OP1001");
            assertThat(held(line("L3"))).isEmpty();
            assertThat(importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null).unassigned())
                    .as("a voided batch's counts may be imported again").isEqualTo(18);
        }

        @Test
        void anAssignmentNeedsAKnownOperatorAValidJobAndKnownPlaces() {
            importFile(SAMPLES.resolve("asm-ois-board-L3.csv"), null);
            assertThatThrownBy(() -> services.ingest().assignJob(line("L3"), "M008503", "NOBODY", null))
                    .isInstanceOf(LocalizedException.class).hasMessageContaining("NOBODY");
            assertThatThrownBy(() -> services.ingest().assignJob(line("L3"), "", "OP1001", null))
                    .isInstanceOf(LocalizedException.class).hasMessageContaining("cannot be assigned");
            assertThatThrownBy(() -> services.ingest().assignJob(line("L9"), "M008503", "OP1001", null))
                    .isInstanceOf(LocalizedException.class).hasMessageContaining("L9");
            assertThat(held(line("L3"))).as("nothing was assigned").hasSize(18);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.h2InNewTempDir("unassigned-h2");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends Base {
        @Override
        DatabaseConfig config() {
            return TestDatabases.postgres();
        }
    }
}
