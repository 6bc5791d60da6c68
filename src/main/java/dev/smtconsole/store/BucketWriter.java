package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.port.IngestPhases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The quarter-hour counter buckets and who contributed to them ({@code counter_bucket},
 * {@code bucket_source}): events summed per bucket and applied as deltas (added by a write,
 * subtracted by a void) in the caller's transaction, in one order for every writer so two writers
 * cannot deadlock. Split from {@link EventWriter}, which inserts the events themselves.
 */
final class BucketWriter {
    private final boolean postgres;

    BucketWriter(Database db) {
        this.postgres = db.isPostgres();
    }

    static long lineId(MasterData master, IngestRecord r) {
        LineInfo line = master.line(r.lineCode())
                .orElseThrow(() -> new IllegalStateException("line not in master data: " + r.lineCode()));
        return line.id();
    }

    static Long machineId(MasterData master, IngestRecord r) {
        if (r.machineCode() == null || r.machineCode().isBlank()) return null;
        return master.machine(r.machineCode()).map(MachineInfo::id)
                .orElseThrow(() -> new IllegalStateException("machine not in master data: " + r.machineCode()));
    }

    /** Bucket key: line × machine (0 = line level) × job × quarter hour ({@link ProductionCalendar#bucketStart}). */
    record BucketKey(long lineId, long machineId, long jobId, Instant start) {
    }

    static final class BucketSum {
        long boards, picks, placements, rejects, events;
        Instant first, last, firstStart;

        /** @param started the event's start (typed start, CFX WorkStarted …), or its time when it has none */
        void add(long sign, long b, long p, long pl, long rj, Instant t, Instant started) {
            boards += sign * b;
            picks += sign * p;
            placements += sign * pl;
            rejects += sign * rj;
            events += sign;
            if (first == null || t.isBefore(first)) first = t;
            if (last == null || t.isAfter(last)) last = t;
            if (firstStart == null || started.isBefore(firstStart)) firstStart = started;
        }
    }

    private static final java.util.Comparator<BucketKey> BUCKET_ORDER = java.util.Comparator.comparingLong(BucketKey::lineId)
            .thenComparingLong(BucketKey::machineId).thenComparingLong(BucketKey::jobId).thenComparing(BucketKey::start);
    private static final java.util.Comparator<SourceKey> SOURCE_ORDER = java.util.Comparator.comparingLong(SourceKey::jobId)
            .thenComparingLong(SourceKey::lineId).thenComparing(SourceKey::start).thenComparingLong(SourceKey::machineId)
            .thenComparing(SourceKey::source).thenComparingLong(SourceKey::batchId);

    /** Who contributed to a bucket: its key plus the source and the batch (0 = no batch). */
    record SourceKey(long jobId, long lineId, Instant start, long machineId, String source, long batchId) {
    }

    static final class SourceSum {
        String operator;
        long events;

        void add(long sign, String operatorId) {
            events += sign;
            if (operatorId != null && (operator == null || operatorId.compareTo(operator) < 0)) operator = operatorId;
        }
    }

    /** New events' sums into counter_bucket and bucket_source, in the caller's transaction. */
    void upsertBuckets(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs, Long batchId,
                       int sign) throws SQLException {
        upsertBuckets(c, records, master, jobs, r -> batchId, sign);
    }

    /** {@link #upsertBuckets} for records of several batches: {@code batchOf} names each record's (null = none). */
    void upsertBuckets(Connection c, List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                       java.util.function.Function<IngestRecord, Long> batchOf, int sign) throws SQLException {
        long t0 = System.nanoTime();
        Sums s = sum(records, master, jobs, batchOf, sign);
        applyBucketDeltas(c, s.buckets());
        applySourceDeltas(c, s.sources());
        IngestPhases.BUCKETS.add(System.nanoTime() - t0);
    }

    private record Sums(Map<BucketKey, BucketSum> buckets, Map<SourceKey, SourceSum> sources) {
    }

    private static Sums sum(List<IngestRecord> records, MasterData master, Map<String, Long> jobs,
                            java.util.function.Function<IngestRecord, Long> batchOf, int sign) {
        Map<BucketKey, BucketSum> sums = new LinkedHashMap<>();
        Map<SourceKey, SourceSum> sources = new LinkedHashMap<>();
        for (IngestRecord r : records) {
            Long batchId = batchOf.apply(r);
            long batch = batchId == null ? 0 : batchId;
            Long machineId = machineId(master, r);
            long machine = machineId == null ? 0 : machineId;
            long line = lineId(master, r);
            long job = jobs.get(r.jobNo());
            Instant bucket = ProductionCalendar.bucketStart(r.eventTime());
            sums.computeIfAbsent(new BucketKey(line, machine, job, bucket), k -> new BucketSum())
                    .add(sign, r.boards(), r.picks(), r.placements(), r.rejects(), r.eventTime(), startOf(r));
            sources.computeIfAbsent(new SourceKey(job, line, bucket, machine, r.source().name(), batch), k -> new SourceSum())
                    .add(sign, r.operatorId());
        }
        return new Sums(sums, sources);
    }

    /**
     * PostgreSQL: the same deltas as {@link #upsertBuckets} as two multi-row upserts added to a
     * pipeline (ADR 0029); each key appears once in its statement, in the one order every writer uses.
     */
    void pipeline(Pipeline p, List<IngestRecord> records, MasterData master, Map<String, Long> jobs, Long batchId, int sign) {
        if (!postgres) throw new IllegalStateException("pipelined bucket upserts are PostgreSQL's");
        Sums s = sum(records, master, jobs, r -> batchId, sign);
        var buckets = s.buckets().entrySet().stream().sorted(Map.Entry.comparingByKey(BUCKET_ORDER)).toList();
        var sources = s.sources().entrySet().stream().sorted(Map.Entry.comparingByKey(SOURCE_ORDER)).toList();
        p.add(BUCKETS_PG_INSERT + Pipeline.rows(buckets.size(), 12) + BUCKETS_PG_CONFLICT, buckets.size() * 12, (ps, i) -> {
            for (var e : buckets) i = bindBucket(ps, i, e.getKey(), e.getValue());
            return i;
        });
        p.add(SOURCES_PG_INSERT + Pipeline.rows(sources.size(), 8) + SOURCES_PG_CONFLICT, sources.size() * 8, (ps, i) -> {
            for (var e : sources) i = bindSource(ps, i, e.getKey(), e.getValue());
            return i;
        });
    }

    private static final String SOURCES_PG_INSERT = """
            INSERT INTO bucket_source AS t (job_id, line_id, bucket_start, machine_id, source, batch_id, operator_id, event_count)
            VALUES\s""";
    private static final String SOURCES_PG_CONFLICT = """

            ON CONFLICT (job_id, line_id, bucket_start, machine_id, source, batch_id) DO UPDATE SET
                event_count = t.event_count + EXCLUDED.event_count,
                operator_id = COALESCE(LEAST(t.operator_id, EXCLUDED.operator_id), t.operator_id, EXCLUDED.operator_id)""";
    private static final String BUCKETS_PG_INSERT = """
            INSERT INTO counter_bucket AS t (line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects,
                event_count, first_event_at, last_event_at, first_start_at)
            VALUES\s""";
    private static final String BUCKETS_PG_CONFLICT = """

            ON CONFLICT (line_id, machine_id, job_id, bucket_start) DO UPDATE SET
                boards = t.boards + EXCLUDED.boards, picks = t.picks + EXCLUDED.picks,
                placements = t.placements + EXCLUDED.placements, rejects = t.rejects + EXCLUDED.rejects,
                event_count = t.event_count + EXCLUDED.event_count,
                first_event_at = LEAST(t.first_event_at, EXCLUDED.first_event_at),
                last_event_at = GREATEST(t.last_event_at, EXCLUDED.last_event_at),
                first_start_at = LEAST(t.first_start_at, EXCLUDED.first_start_at)""";

    private static int bindSource(PreparedStatement ps, int p, SourceKey k, SourceSum s) throws SQLException {
        ps.setLong(p++, k.jobId());
        ps.setLong(p++, k.lineId());
        ps.setTimestamp(p++, Timestamp.from(k.start()));
        ps.setLong(p++, k.machineId());
        ps.setString(p++, k.source());
        ps.setLong(p++, k.batchId());
        ps.setString(p++, s.operator);
        ps.setLong(p++, s.events);
        return p;
    }

    private static int bindBucket(PreparedStatement ps, int p, BucketKey k, BucketSum s) throws SQLException {
        ps.setLong(p++, k.lineId());
        ps.setLong(p++, k.machineId());
        ps.setLong(p++, k.jobId());
        ps.setTimestamp(p++, Timestamp.from(k.start()));
        ps.setLong(p++, s.boards);
        ps.setLong(p++, s.picks);
        ps.setLong(p++, s.placements);
        ps.setLong(p++, s.rejects);
        ps.setLong(p++, s.events);
        ps.setTimestamp(p++, Timestamp.from(Objects.requireNonNull(s.first)));
        ps.setTimestamp(p++, Timestamp.from(Objects.requireNonNull(s.last)));
        ps.setTimestamp(p++, Timestamp.from(Objects.requireNonNull(s.firstStart)));
        return p;
    }

    /** Adds event counts to bucket_source rows, creating missing ones; the operator kept is the smallest id seen. */
    void applySourceDeltas(Connection c, Map<SourceKey, SourceSum> sums) throws SQLException {
        String sql = postgres ? SOURCES_PG_INSERT + Pipeline.rows(1, 8) + SOURCES_PG_CONFLICT : """
                MERGE INTO bucket_source t
                USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT),
                    CAST(? AS VARCHAR(8)), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT)))
                    AS s(job_id, line_id, bucket_start, machine_id, source, batch_id, operator_id, event_count)
                ON t.job_id = s.job_id AND t.line_id = s.line_id AND t.bucket_start = s.bucket_start
                    AND t.machine_id = s.machine_id AND t.source = s.source AND t.batch_id = s.batch_id
                WHEN MATCHED THEN UPDATE SET event_count = t.event_count + s.event_count,
                    operator_id = COALESCE(LEAST(t.operator_id, s.operator_id), t.operator_id, s.operator_id)
                WHEN NOT MATCHED THEN INSERT (job_id, line_id, bucket_start, machine_id, source, batch_id, operator_id, event_count)
                    VALUES (s.job_id, s.line_id, s.bucket_start, s.machine_id, s.source, s.batch_id, s.operator_id, s.event_count)""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            // In one order for every writer: two imports upserting the same rows cannot deadlock.
            for (var e : sums.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey(SOURCE_ORDER)).toList()) {
                bindSource(ps, 1, e.getKey(), e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Adds the sums to their buckets, creating missing ones (PostgreSQL upsert / SQL MERGE on H2). */
    void applyBucketDeltas(Connection c, Map<BucketKey, BucketSum> sums) throws SQLException {
        String sql = postgres ? BUCKETS_PG_INSERT + Pipeline.rows(1, 12) + BUCKETS_PG_CONFLICT : """
                MERGE INTO counter_bucket t
                USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE),
                    CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
                    CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                    AS s(line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects, event_count, first_event_at,
                        last_event_at, first_start_at)
                ON t.line_id = s.line_id AND t.machine_id = s.machine_id AND t.job_id = s.job_id AND t.bucket_start = s.bucket_start
                WHEN MATCHED THEN UPDATE SET boards = t.boards + s.boards, picks = t.picks + s.picks,
                    placements = t.placements + s.placements, rejects = t.rejects + s.rejects,
                    event_count = t.event_count + s.event_count,
                    first_event_at = LEAST(t.first_event_at, s.first_event_at),
                    last_event_at = GREATEST(t.last_event_at, s.last_event_at),
                    first_start_at = LEAST(t.first_start_at, s.first_start_at)
                WHEN NOT MATCHED THEN INSERT (line_id, machine_id, job_id, bucket_start, boards, picks, placements, rejects,
                    event_count, first_event_at, last_event_at, first_start_at)
                    VALUES (s.line_id, s.machine_id, s.job_id, s.bucket_start, s.boards, s.picks, s.placements, s.rejects,
                    s.event_count, s.first_event_at, s.last_event_at, s.first_start_at)""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            // In one order for every writer: two imports upserting the same rows cannot deadlock.
            for (var e : sums.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey(BUCKET_ORDER)).toList()) {
                bindBucket(ps, 1, e.getKey(), e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** When an event's work began: its own start when it has one not after its time, else its time. */
    static Instant startOf(IngestRecord r) {
        Instant s = r.startTime();
        return s == null || s.isAfter(r.eventTime()) ? r.eventTime() : s;
    }
}
