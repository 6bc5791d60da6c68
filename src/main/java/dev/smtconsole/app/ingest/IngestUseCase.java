package dev.smtconsole.app.ingest;

import dev.smtconsole.port.EventSink;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.Occurrences;
import dev.smtconsole.domain.rules.RawRecord;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.domain.rules.TimeParser;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The one ingest use case (DESIGN §5, docs/ARCHITECTURE.md): every door hands it rows as written
 * with the door's metadata; it runs the one {@link RecordValidator} and gives what passes to the
 * {@link EventSink}. Two entries, for the two shapes doors bring:
 * <ul>
 *   <li>{@link #submit}: a message — the supervisor's form, a gateway post, a broker message —
 *   all or nothing, one transaction;</li>
 *   <li>{@link #importFile}: a file, row by row, in chunked transactions, rejected rows kept with
 *   their reasons ({@link IngestPipeline}).</li>
 * </ul>
 * A new door builds {@link RawRecord}s (or a {@code RecordParser} for files) and calls one of the
 * two; it never writes events itself.
 */
public final class IngestUseCase {
    private final EventSink sink;
    private final IngestPipeline files;
    private final Clock clock;

    public IngestUseCase(EventSink sink, Clock clock) {
        this(sink, clock, IngestPipeline.Parallelism.byCores());
    }

    /** @param parallelism how files are parsed and judged over threads (tests compare one thread with many) */
    public IngestUseCase(EventSink sink, Clock clock, IngestPipeline.Parallelism parallelism) {
        this.sink = sink;
        this.clock = clock;
        this.files = new IngestPipeline(sink, clock, parallelism);
    }

    /**
     * A door's message.
     *
     * @param channel     {@code MANUAL}, {@code GATEWAY}, {@code BROKER}, … (kept on the integration message)
     * @param externalId  the sender's own id of the message, or null
     * @param operatorId  the person of record (the importing operator of rows that name none)
     * @param payload     the message as received, kept with it
     * @param format      the door's name in derived event ids (rows without their own id)
     * @param rows        the rows as written
     * @param handwriting hand-written columns for the job record, or null
     * @param mode        how they meet what the record holds
     * @param keepRefused keep a refused message too (status FAILED, with its reasons): doors without a
     *                    person at a form (gateway, broker), where the message would otherwise be lost
     * @param jobUnknown  the reader's reason (encoded, as {@code SourceRow.jobUnknown}) why the job of rows that
     *                    name none cannot be known, or null: such rows pass every rule but the job's and are held
     *                    without a job (ADR 0027), never refused and never guessed
     */
    public record Submission(String channel, String externalId, String operatorId, String payload, String format,
                             List<RawRecord> rows, EventSink.Handwriting handwriting, EventSink.HandwritingMode mode,
                             boolean keepRefused, EventSink.DeviceRecord device, String jobUnknown) {
        public Submission {
            rows = List.copyOf(rows);
        }

        /** A submission whose rows name their job (or must). */
        public Submission(String channel, String externalId, String operatorId, String payload, String format,
                          List<RawRecord> rows, EventSink.Handwriting handwriting, EventSink.HandwritingMode mode,
                          boolean keepRefused, EventSink.DeviceRecord device) {
            this(channel, externalId, operatorId, payload, format, rows, handwriting, mode, keepRefused, device, null);
        }

        /** A submission without a device record (the form, a broker message). */
        public Submission(String channel, String externalId, String operatorId, String payload, String format,
                          List<RawRecord> rows, EventSink.Handwriting handwriting, EventSink.HandwritingMode mode,
                          boolean keepRefused) {
            this(channel, externalId, operatorId, payload, format, rows, handwriting, mode, keepRefused, null);
        }
    }

    /** What a message wrote, and the rules' warnings (a message with an error writes nothing). */
    public record Submitted(long messageId, int written, int duplicates, List<RuleProblem> warnings, Instant receivedAt,
                            int held) {
        public Submitted(long messageId, int written, int duplicates, List<RuleProblem> warnings, Instant receivedAt) {
            this(messageId, written, duplicates, warnings, receivedAt, 0);
        }

        /** Without the time the message was stored with. */
        public Submitted(long messageId, int written, int duplicates, List<RuleProblem> warnings) {
            this(messageId, written, duplicates, warnings, null);
        }

        /** Kept in the local outbox (the shared database was away): forwarded once it is back (ADR 0025). */
        public boolean queued() {
            return messageId < 0;
        }

        public boolean duplicate() {
            return written == 0 && duplicates > 0;
        }
    }

    /** Thrown by {@link #submit} when a rule fails: every problem of every row; nothing was written. */
    public static final class Rejected extends RuntimeException {
        private final List<RuleProblem> problems;
        private final long messageId;

        public Rejected(List<RuleProblem> problems, long messageId) {
            super(problems.size() + " problem(s)", null, false, false);
            this.problems = List.copyOf(problems);
            this.messageId = messageId;
        }

        public List<RuleProblem> problems() {
            return problems;
        }

        /** The kept message (status FAILED), or 0 when the submission asked not to keep it. */
        public long messageId() {
            return messageId;
        }
    }

    /**
     * Validates every row with {@code validator} (its master data and rule settings are the
     * caller's snapshot) and writes the message in one transaction; throws {@link Rejected} with
     * all problems when any row breaks a rule.
     */
    public Submitted submit(Submission s, RecordValidator validator, MasterData master) {
        // Microseconds, as both databases keep them (PostgreSQL rounds, H2 truncates): the door can answer the stored time.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Judged j = judge(s, validator, master, now);
        if (j.refused() != null) throw j.refused();
        EventSink.MessageWritten w = sink.writeMessage(j.message());
        sink.changed();
        return new Submitted(w.messageId(), w.written(), w.duplicates(), j.warnings(), now, w.held());
    }

    /**
     * Many messages of one door at once (the gateway's batch form): each judged on its own, a
     * refused one kept as {@link #submit} keeps it, the accepted ones written together in one
     * transaction ({@link EventSink#writeMessages}). Returns, in order, a {@link Submitted} or the
     * {@link Rejected} of each.
     */
    public List<Object> submitAll(List<Submission> all, RecordValidator validator, MasterData master) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<Object> out = new ArrayList<>(all.size());
        List<EventSink.Message> accepted = new ArrayList<>(all.size());
        List<Integer> at = new ArrayList<>(all.size());
        List<List<RuleProblem>> warnings = new ArrayList<>(all.size());
        for (Submission s : all) {
            Judged j = judge(s, validator, master, now);
            if (j.refused() != null) {
                out.add(j.refused());
            } else {
                at.add(out.size());
                out.add(null);
                accepted.add(j.message());
                warnings.add(j.warnings());
            }
        }
        if (!accepted.isEmpty()) {
            List<EventSink.MessageWritten> written = sink.writeMessages(accepted);
            for (int i = 0; i < written.size(); i++) {
                EventSink.MessageWritten w = written.get(i);
                out.set(at.get(i), new Submitted(w.messageId(), w.written(), w.duplicates(), warnings.get(i), now, w.held()));
            }
            sink.changed();
        }
        return out;
    }

    private record Judged(EventSink.Message message, List<RuleProblem> warnings, Rejected refused) {
    }

    /** The rules over a message's rows; a refused message is kept (when asked) and comes back as its Rejected. */
    private Judged judge(Submission s, RecordValidator validator, MasterData master, Instant now) {
        Occurrences occurrences = new Occurrences();
        TimeParser times = new TimeParser(validator.config().zone());
        List<RuleProblem> problems = new ArrayList<>();
        List<IngestRecord> records = new ArrayList<>(s.rows().size());
        List<EventSink.Unassigned> held = new ArrayList<>(0);
        for (RawRecord row : s.rows()) {
            if (s.jobUnknown() != null && (row.job() == null || row.job().isBlank())) {
                // ADR 0027: every rule but the job's; held with the reader's reason until a job is assigned.
                RecordValidator.Outcome o = validator.validateWithoutJob(row, row.contentFields(), s.operatorId(), s.format(),
                        occurrences, times, now);
                problems.addAll(o.problems());
                if (o.record() != null) {
                    held.add(new EventSink.Unassigned(o.record(), RuleMessages.parseReason(java.util.Locale.ENGLISH, row.rowNo(), s.jobUnknown()),
                            RuleMessages.pack(List.of(RuleProblem.warning(row.rowNo(), RecordValidator.F_JOB, "", "rules.job.unknown",
                                    dev.smtconsole.ingest.ParseProblem.nestedEncoded(List.of(s.jobUnknown())))))));
                }
                continue;
            }
            RecordValidator.Outcome o = validator.validate(row, s.operatorId(), s.format(), occurrences, times, now);
            problems.addAll(o.problems());
            if (o.record() != null) records.add(o.record());
        }
        EventSink.Message message = new EventSink.Message(s.channel(), s.externalId(), s.operatorId(), s.payload(), records,
                master, s.handwriting(), s.mode(), now, s.device(), held);
        if (problems.stream().anyMatch(p -> !p.warning())) {
            long kept = 0;
            if (s.keepRefused()) {
                // Packed, not rendered: each reader sees the reasons in their own language.
                kept = sink.keepRefused(message, RuleMessages.pack(problems.stream().filter(p -> !p.warning()).toList()));
            }
            return new Judged(message, List.of(), new Rejected(problems, kept));
        }
        return new Judged(message, List.copyOf(problems), null);
    }

    /** Imports one file as a batch (see {@link IngestPipeline#run}). */
    public IngestPipeline.Result importFile(IngestPipeline.Request request, IngestPipeline.Progress progress,
                                            BooleanSupplier cancelled) {
        return files.run(request, progress, cancelled);
    }

    /**
     * Imports files one after the other, each its own batch, small ones many to a transaction where the sink can
     * (see {@link IngestPipeline#runAll}); every file's outcome in file order.
     */
    public void importFiles(List<java.util.function.Supplier<IngestPipeline.Request>> requests, IngestPipeline.Progress progress,
                            BooleanSupplier cancelled, IngestPipeline.Outcomes outcomes) {
        files.runAll(requests, progress, cancelled, outcomes);
    }

    /** The given event ids that are held without a job already (a preview's duplicate check of such counts). */
    public java.util.Set<String> heldAlready(java.util.Collection<String> eventIds) {
        return eventIds.isEmpty() ? java.util.Set.of() : sink.heldEventIds(eventIds);
    }

    /** Counts held without a job (ADR 0027). */
    public List<EventSink.Held> held(EventSink.HeldQuery query, int limit) {
        return sink.held(query, limit);
    }

    /**
     * Gives held counts a job: they become events, each exactly once (see {@link EventSink#assign}). The caller
     * has checked the job, the operator and the query against the master data.
     */
    public EventSink.Assigned assign(EventSink.HeldQuery query, String jobNo, MasterData master, String operatorId,
                                     String reason) {
        EventSink.Assigned a = sink.assign(query, jobNo, master, operatorId, reason, clock.instant());
        if (a.claimed() > 0) sink.changed();
        return a;
    }

    /** The given event ids that are stored already (a preview's duplicate check). */
    public java.util.Set<String> stored(java.util.Collection<String> eventIds) {
        return eventIds.isEmpty() ? java.util.Set.of() : sink.existingEventIds(eventIds);
    }
}
