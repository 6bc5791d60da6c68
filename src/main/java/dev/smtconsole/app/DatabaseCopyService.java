package dev.smtconsole.app;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.CopySource;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import dev.smtconsole.store.DatabaseEventSink;
import dev.smtconsole.store.EventWriter;
import dev.smtconsole.store.IngestStore;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `db copy` (issue 16 item 6): moves a standalone console's embedded database into the shared one.
 * Lines, machines (with aliases) and operators are upserted; live events go through the target's
 * ingest sink in event-id order, so a record stored already is skipped — running it twice changes
 * nothing (no batch is opened when no event is new).
 */
public final class DatabaseCopyService {
    public static final int CHUNK = 2_000;

    /** Events done so far of all. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    public record Result(long events, long copied, long alreadyThere, int machines, int operators, Long batchId) {
    }

    private DatabaseCopyService() {
    }

    public static Result copy(DatabaseConfig from, DatabaseConfig to, String operatorId, Clock clock, Progress progress) {
        try (Database source = Database.open(from); AppServices target = new AppServices(AppServices.openDatabase(to, false), clock)) {
            if (!target.masterData().isAcceptableOperator(operatorId) && !CopySource.operators(source).containsKey(operatorId)) {
                throw new LocalizedException("database.error.copyOperator", operatorId == null ? "" : operatorId);
            }
            int machines = copyMachines(new dev.smtconsole.store.MasterDataRepository(source).load().lines(), target);
            int operators = copyOperators(CopySource.operators(source), target);
            Database db = target.database();
            EventWriter writer = new EventWriter(db);
            EventSink sink = new DatabaseEventSink(db, writer, new IngestStore(db, writer));
            long total = CopySource.eventCount(source);
            long done = 0, copied = 0, already = 0;
            Long batch = null;
            String after = null;
            while (true) {
                List<IngestRecord> chunk = CopySource.events(source, after, CHUNK);
                if (chunk.isEmpty()) break;
                after = chunk.get(chunk.size() - 1).eventId();
                Set<String> stored = sink.existingEventIds(chunk.stream().map(IngestRecord::eventId).toList());
                List<IngestRecord> fresh = chunk.stream().filter(r -> !stored.contains(r.eventId())).toList();
                if (!fresh.isEmpty()) {
                    if (batch == null) batch = sink.openBatch("db copy from " + from.describe(), "copy", operatorId, clock.instant(), null);
                    var result = sink.finish(sink.begin(new EventSink.ChunkWork(batch, fresh, target.masterData().reload(), List.of(),
                            new EventSink.BatchDelta(chunk.size(), 0, 0, 0), List.of(), operatorId, clock.instant(), null)));
                    copied += result.accepted();
                    already += result.duplicates().size();
                }
                already += stored.size();
                done += chunk.size();
                if (progress != null) progress.update(done, total);
            }
            if (batch != null) {
                sink.finishBatch(batch, "COMPLETED", null, "db copy: events=" + done + " copied=" + copied + " already there=" + already,
                        "SUCCESS", operatorId, clock.instant());
                sink.changed();
            }
            return new Result(done, copied, already, machines, operators, batch);
        }
    }

    private static int copyMachines(List<LineInfo> lines, AppServices target) {
        List<MachineInfo> all = new ArrayList<>();
        for (LineInfo l : lines) all.addAll(l.machines());
        if (all.isEmpty()) return 0;
        Path csv = temp("machines");
        try {
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                p.printRecord(MasterDataService.MACHINE_HEADER);
                for (MachineInfo m : all) {
                    p.printRecord(m.lineCode(), m.code(), m.position(), m.kind().name(), m.name() == null ? "" : m.name(),
                            String.join("|", m.aliases()));
                }
            }
            target.masterData().importFile(csv);
            return all.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(csv);
        }
    }

    private static int copyOperators(Map<String, String> operators, AppServices target) {
        if (operators.isEmpty()) return 0;
        Path csv = temp("operators");
        try {
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                p.printRecord(MasterDataService.OPERATOR_HEADER);
                for (var e : operators.entrySet()) p.printRecord(e.getKey(), e.getValue() == null ? "" : e.getValue());
            }
            target.masterData().importFile(csv);
            return operators.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(csv);
        }
    }

    private static Path temp(String what) {
        try {
            return Files.createTempFile("smt-copy-" + what, ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file left behind
        }
    }
}
