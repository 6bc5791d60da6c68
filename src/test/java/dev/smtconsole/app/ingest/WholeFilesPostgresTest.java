package dev.smtconsole.app.ingest;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.DatabaseEventSink;
import dev.smtconsole.store.IngestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many small files on PostgreSQL (ADR 0035): read whole, written many to a transaction — and each still its own
 * batch, stored exactly as importing them one by one stores them.
 */
class WholeFilesPostgresTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), ZoneId.of("Asia/Shanghai"));

    @TempDir
    Path dir;
    final List<DatabaseConfig> schemas = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        for (int f = 0; f < 12; f++) {
            StringBuilder sb = new StringBuilder("event_id,event_time,line,machine,job,boards,picks,placements,operator_id,remark\n");
            for (int i = 0; i < 150; i++) {
                int n = f * 150 + i;
                String id = "W-" + n;
                if (i == 7 && f > 0) id = "W-" + (n - 150); // the id of a row of the file before: a duplicate there
                String picks = i % 41 == 5 ? "12x" : "41"; // rejected: not a whole number
                String machine = "L" + (1 + n % 3) + "-M" + (1 + n % 3);
                sb.append(id).append(",2026-11-25T").append(String.format(Locale.ROOT, "%02d:%02d", 8 + i / 60, i % 60))
                        .append(":00+08:00,L").append(1 + n % 3).append(',').append(machine).append(",J-").append(100 + f % 4)
                        .append(",1,").append(picks).append(",40,OP1001,").append(i == 3 ? "\"feeder 3-15\"" : "").append('\n');
            }
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "board-%02d.csv", f)), sb, StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void drop() {
        schemas.forEach(TestDatabases::dropSchema);
    }

    DatabaseConfig postgresSchema() {
        DatabaseConfig config = TestDatabases.postgres();
        schemas.add(config);
        return config;
    }

    List<Path> boards() throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("board-")).sorted().toList();
        }
    }

    /** An import into a fresh schema with master data, through a sink that counts the calls it gets. */
    @SuppressWarnings("unchecked")
    final class Run implements AutoCloseable {
        final AppServices services;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final IngestUseCase ingest;
        final RecordValidator validator;
        final MasterData master;

        Run() {
            this(files -> false);
        }

        /** @param refused whole files the database is made to refuse (a group holding one of them fails) */
        Run(java.util.function.Predicate<List<EventSink.FileWork>> refused) {
            this(postgresSchema(), refused, false);
        }

        /**
         * @param wholeAnywhere the sink says it writes whole files whatever the database: H2's branch of the writer,
         *                      which the shipped sink leaves to PostgreSQL, run all the same
         */
        Run(DatabaseConfig config, java.util.function.Predicate<List<EventSink.FileWork>> refused, boolean wholeAnywhere) {
            services = new AppServices(Database.open(config), CLOCK);
            services.masterData().importFile(Path.of("sample-data/lines.csv"));
            services.masterData().importFile(Path.of("sample-data/operators.csv"));
            Database db = services.database();
            EventSink sink = new DatabaseEventSink(db, services.eventWriter(), new IngestStore(db, services.eventWriter()));
            EventSink counted = (EventSink) Proxy.newProxyInstance(EventSink.class.getClassLoader(), new Class<?>[]{EventSink.class},
                    (proxy, method, args) -> {
                        calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                        if (wholeAnywhere && method.getName().equals("writesWholeFiles")) return true;
                        if (method.getName().equals("writeFiles") && refused.test((List<EventSink.FileWork>) args[0])) {
                            throw new IllegalStateException("refused by the test");
                        }
                        try {
                            return method.invoke(sink, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            ingest = new IngestUseCase(counted, CLOCK);
            master = services.masterData().current();
            validator = new RecordValidator(master, services.ingest().ruleConfig());
        }

        IngestPipeline.Request request(Path file, int chunkRows) {
            return new IngestPipeline.Request(file, new NativeCsvParser(),
                    new ParseContext(file.getFileName().toString(), master, validator.config().zone(), null), validator, "OP1001",
                    Locale.ENGLISH, chunkRows);
        }

        /** The files through {@link IngestUseCase#importFiles}; their results in the order they came. */
        List<IngestPipeline.Result> importFiles(List<Path> files, int chunkRows) {
            List<IngestPipeline.Result> out = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            List<Supplier<IngestPipeline.Request>> requests = files.stream()
                    .<Supplier<IngestPipeline.Request>>map(f -> () -> request(f, chunkRows)).toList();
            ingest.importFiles(requests, (rows, bytes, total) -> { }, () -> false, (i, r, failure) -> {
                assertThat(failure).as("file %s", i).isNull();
                order.add(i);
                out.add(r);
            });
            assertThat(order).as("told in file order").containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, files.size()).boxed().toList());
            return out;
        }

        int calls(String method) {
            return calls.getOrDefault(method, new AtomicInteger()).get();
        }

        List<String> dump(String sql, String... leaveOut) {
            return ParallelImportTest.dump(services.database(), sql, Set.of(leaveOut));
        }

        /** The history and the data, as text, without times and surrogate keys a transaction's order may change. */
        List<List<String>> stored() {
            return List.of(
                    dump("SELECT * FROM import_batch ORDER BY id", "STARTED_AT", "FINISHED_AT", "HEARTBEAT_AT"),
                    dump("SELECT channel, external_id, batch_id, status, error, operator_id, payload FROM integration_message ORDER BY id"),
                    dump("SELECT batch_id, row_no, raw_text, reasons FROM rejected_row ORDER BY batch_id, row_no, id"),
                    dump("SELECT batch_id, first_row, last_row, row_count, body FROM batch_text ORDER BY batch_id, first_row"),
                    dump("SELECT e.*, j.job_no FROM production_event e JOIN job j ON j.id = e.job_id ORDER BY event_id",
                            "RECEIVED_AT", "JOB_ID"),
                    dump("SELECT b.*, j.job_no FROM counter_bucket b JOIN job j ON j.id = b.job_id ORDER BY line_id, machine_id, j.job_no, bucket_start",
                            "ID", "UPDATED_AT", "JOB_ID"),
                    dump("SELECT s.*, j.job_no FROM bucket_source s JOIN job j ON j.id = s.job_id"
                            + " ORDER BY j.job_no, line_id, bucket_start, machine_id, source, batch_id", "ID", "JOB_ID"));
        }

        @Override
        public void close() {
            services.close();
        }
    }

    @Test
    void smallFilesGoManyToATransactionEachItsOwnBatch() throws Exception {
        List<Path> files = boards();
        try (Run run = new Run()) {
            List<IngestPipeline.Result> results = run.importFiles(files, 20_000);

            // One transaction for the twelve files: no batch opened, chunk begun or batch finished on its own.
            assertThat(run.calls("writeFiles")).isEqualTo(1);
            assertThat(run.calls("openBatch") + run.calls("begin") + run.calls("finish") + run.calls("finishBatch")).isZero();

            assertThat(results).extracting(IngestPipeline.Result::batchId).doesNotHaveDuplicates().allMatch(id -> id > 0);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.read()).isEqualTo(150);
                assertThat(r.status()).isEqualTo("COMPLETED");
                assertThat(r.read()).isEqualTo(r.accepted() + r.rejected() + r.duplicates() + r.skipped() + r.unassigned());
            });
            assertThat(results.get(0).duplicates()).as("the first file repeats none of an earlier one").isZero();
            assertThat(results.get(1).duplicates()).as("the second repeats an id of the first").isEqualTo(1);
            var history = run.services.ingest().history(100);
            assertThat(history).hasSize(12).allSatisfy(b -> assertThat(b.status()).isEqualTo("COMPLETED"));
            assertThat(run.dump("SELECT batch_id, COUNT(*) FROM production_event GROUP BY batch_id ORDER BY batch_id"))
                    .containsExactlyElementsOf(results.stream().map(r -> r.batchId() + "|" + r.accepted() + "|").toList());
        }
    }

    @Test
    void aGroupHoldsAtMostAChunksRows() throws Exception {
        try (Run run = new Run()) {
            run.importFiles(boards(), 600); // four files of 150 rows to a transaction
            assertThat(run.calls("writeFiles")).isEqualTo(3);
            assertThat(run.calls("openBatch")).isZero();
        }
    }

    @Test
    void aFileRefusedInAGroupDoesNotTakeTheOthersWithIt() throws Exception {
        try (Run run = new Run(files -> files.stream().anyMatch(f -> f.fileName().equals("board-05.csv")))) {
            List<IngestPipeline.Result> results = run.importFiles(boards(), 20_000);
            // The group, then each file alone; the refused one goes the chunked way.
            assertThat(run.calls("writeFiles")).isEqualTo(1 + 12);
            assertThat(run.calls("openBatch")).isEqualTo(1);
            assertThat(results).extracting(IngestPipeline.Result::fileName).containsExactlyElementsOf(
                    boards().stream().map(p -> p.getFileName().toString()).toList());
            assertThat(run.services.ingest().history(100)).hasSize(12).allSatisfy(b -> {
                assertThat(b.status()).isEqualTo("COMPLETED");
                assertThat(b.read()).isEqualTo(150);
            });
        }
    }

    @Test
    void wholeFilesStoreWhatImportingThemOneByOneStores() throws Exception {
        sameAsOneByOne(this::postgresSchema, false);
    }

    @Test
    void onH2TooWhenASinkAsksForIt() throws Exception {
        // The shipped sink writes whole files on PostgreSQL only; the writer's H2 branch (keys one by one) still
        // has to store exactly what the chunked path does.
        int[] n = {0};
        sameAsOneByOne(() -> TestDatabases.h2(dir.resolve("h2-" + n[0]++)), true);
    }

    void sameAsOneByOne(Supplier<DatabaseConfig> database, boolean wholeAnywhere) throws Exception {
        List<Path> files = boards();
        List<IngestPipeline.Result> together, oneByOne = new ArrayList<>();
        List<List<String>> storedTogether, storedOneByOne;
        try (Run run = new Run(database.get(), f -> false, wholeAnywhere)) {
            together = run.importFiles(files, 20_000);
            assertThat(run.calls("writeFiles")).isEqualTo(1);
            storedTogether = run.stored();
        }
        try (Run run = new Run(database.get(), f -> false, false)) {
            for (Path f : files) oneByOne.add(run.ingest.importFile(run.request(f, 20_000), (r, b, t) -> { }, () -> false));
            assertThat(run.calls("openBatch")).isEqualTo(12);
            assertThat(run.calls("writeFiles")).isZero();
            storedOneByOne = run.stored();
        }
        assertThat(together.get(3).rejected()).as("the files hold rejected rows").isPositive();
        assertThat(together).containsExactlyElementsOf(oneByOne);
        for (int i = 0; i < storedOneByOne.size(); i++) {
            assertThat(storedTogether.get(i)).as("table %s", i).isNotEmpty().containsExactlyElementsOf(storedOneByOne.get(i));
        }
    }
}
