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
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

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
        this.sink = sink;
        this.clock = clock;
        this.files = new IngestPipeline(sink, clock);
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
     */
    public record Submission(String channel, String externalId, String operatorId, String payload, String format,
                             List<RawRecord> rows, EventSink.Handwriting handwriting, EventSink.HandwritingMode mode,
                             boolean keepRefused, EventSink.DeviceRecord device) {
        public Submission {
            rows = List.copyOf(rows);
        }

        /** A submission without a device record (the form, a broker message). */
        public Submission(String channel, String externalId, String operatorId, String payload, String format,
                          List<RawRecord> rows, EventSink.Handwriting handwriting, EventSink.HandwritingMode mode,
                          boolean keepRefused) {
            this(channel, externalId, operatorId, payload, format, rows, handwriting, mode, keepRefused, null);
        }
    }

    /** What a message wrote, and the rules' warnings (a message with an error writes nothing). */
    public record Submitted(long messageId, int written, int duplicates, List<RuleProblem> warnings, Instant receivedAt) {
        /** Without the time the message was stored with. */
        public Submitted(long messageId, int written, int duplicates, List<RuleProblem> warnings) {
            this(messageId, written, duplicates, warnings, null);
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
        Occurrences occurrences = new Occurrences();
        TimeParser times = new TimeParser(validator.config().zone());
        List<RuleProblem> problems = new ArrayList<>();
        List<IngestRecord> records = new ArrayList<>(s.rows().size());
        for (RawRecord row : s.rows()) {
            RecordValidator.Outcome o = validator.validate(row, s.operatorId(), s.format(), occurrences, times, now);
            problems.addAll(o.problems());
            if (o.record() != null) records.add(o.record());
        }
        EventSink.Message message = new EventSink.Message(s.channel(), s.externalId(), s.operatorId(), s.payload(), records,
                master, s.handwriting(), s.mode(), now, s.device());
        if (problems.stream().anyMatch(p -> !p.warning())) {
            long kept = 0;
            if (s.keepRefused()) {
                kept = sink.keepRefused(message, problems.stream().filter(p -> !p.warning())
                        .map(p -> RuleMessages.render(Locale.ENGLISH, p)).collect(Collectors.joining("; ")));
            }
            throw new Rejected(problems, kept);
        }
        EventSink.MessageWritten w = sink.writeMessage(message);
        sink.changed();
        return new Submitted(w.messageId(), w.written(), w.duplicates(), List.copyOf(problems), now);
    }

    /** Imports one file as a batch (see {@link IngestPipeline#run}). */
    public IngestPipeline.Result importFile(IngestPipeline.Request request, IngestPipeline.Progress progress,
                                            BooleanSupplier cancelled) {
        return files.run(request, progress, cancelled);
    }

    /** The given event ids that are stored already (a preview's duplicate check). */
    public java.util.Set<String> stored(java.util.Collection<String> eventIds) {
        return eventIds.isEmpty() ? java.util.Set.of() : sink.existingEventIds(eventIds);
    }
}
