package dev.smtconsole.port;

import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where the one ingest use case puts what the rules accepted (docs/ARCHITECTURE.md). The store
 * implements it over the database ({@code store.DatabaseEventSink}); a local outbox for when the
 * shared database is away is a second implementation of the same port.
 * <p>
 * Three shapes of work, because doors bring messages and files, and files come large or small:
 * <ul>
 *   <li>a <b>message</b> (a form, a gateway post, a broker message): one transaction with its
 *   integration message, its events and the job record's hand-written columns —
 *   {@link #writeMessage};</li>
 *   <li>a <b>file batch</b>: many chunks, each one transaction, written in two phases so the next
 *   chunk's events are inserted while this one commits — {@link #openBatch}, {@link #prepare},
 *   {@link #begin}, {@link #finish} / {@link #abandon}, {@link #finishBatch};</li>
 *   <li><b>whole files</b> (small ones, read to their end first): several in one transaction, each
 *   its own batch — {@link #writeFiles}, where {@link #writesWholeFiles} (ADR 0035).</li>
 * </ul>
 * Every write is deduplicated by event id: a record whose id is stored already comes back as a
 * duplicate and is not written again.
 */
public interface EventSink {

    // ---------- messages ----------

    /** How a message's hand-written columns (物料核对人, 备注) meet what the job record holds. */
    enum HandwritingMode {
        /** A person typed them now (the form): they become the record's values. */
        SET,
        /** A machine or a file brought them: only empty cells are filled (audited IMPORT). */
        FILL_EMPTY
    }

    /** The hand-written columns a door gives a job on a line and production day. */
    record Handwriting(String lineCode, String jobNo, LocalDate day, String checkers, String remark) {
    }

    /**
     * One door's message: who sent it, through which channel ({@code MANUAL}, {@code GATEWAY},
     * {@code BROKER} …), its own id when it has one (a gateway's {@code eventId}, a CFX
     * {@code UniqueID}), the payload as received (kept on the integration message), and the
     * records the rules accepted.
     */
    record Message(String channel, String externalId, String operatorId, String payload, List<IngestRecord> records,
                   MasterData master, Handwriting handwriting, HandwritingMode mode, Instant at, DeviceRecord device,
                   List<Unassigned> unassigned) {
        public Message {
            records = List.copyOf(records);
            unassigned = unassigned == null ? List.of() : List.copyOf(unassigned);
        }

        /** A message whose counts all have their job. */
        public Message(String channel, String externalId, String operatorId, String payload, List<IngestRecord> records,
                       MasterData master, Handwriting handwriting, HandwritingMode mode, Instant at, DeviceRecord device) {
            this(channel, externalId, operatorId, payload, records, master, handwriting, mode, at, device, List.of());
        }

        /** A message without a device record (the form, a broker message). */
        public Message(String channel, String externalId, String operatorId, String payload, List<IngestRecord> records,
                       MasterData master, Handwriting handwriting, HandwritingMode mode, Instant at) {
            this(channel, externalId, operatorId, payload, records, master, handwriting, mode, at, null);
        }
    }

    /**
     * A value a device posted that is not a counter (a peak temperature, a recipe name): kept as
     * posted, with the line, machine and job the post named (ids resolved by the door, null when
     * the post named none that is known).
     */
    record DeviceValue(String spec, Double number, String text, Boolean bool, String json, String unit, Instant collectedAt,
                       Long lineId, Long machineId, String jobNo) {
    }

    /**
     * What the device gateway stores of a post besides its events (DESIGN §8): the post's own
     * fields, which the seed's read side lists and filters, and its values that are not counters.
     * Its {@code eventId} is stored once: a message whose device record exists already is a
     * duplicate and writes nothing (atomic through the record's unique key).
     */
    record DeviceRecord(String eventId, Instant eventTime, String source, String runNo, String unitSn, String stationCode,
                        String stepNo, String equipmentId, int valuesCreated, List<DeviceValue> values) {
        public DeviceRecord {
            values = List.copyOf(values);
        }
    }

    /**
     * What a message wrote: its integration message id, events written, events (or held counts) that were stored
     * already, and counts held without a job (ADR 0027: a broker's count whose job cannot be known yet).
     */
    record MessageWritten(long messageId, int written, int duplicates, int held) {
        public MessageWritten(long messageId, int written, int duplicates) {
            this(messageId, written, duplicates, 0);
        }
    }

    /**
     * A record kept in a local outbox, named for its forward (ADR 0030): the outbox's own identity and the record's
     * place in it. The database stores it in the transaction that writes the record, under a unique key; a forward
     * whose receipt is stored already was done before (its commit answer was lost) and writes nothing again.
     */
    record Receipt(String outbox, long seq) {
    }

    /**
     * Writes a message in one transaction; a failure writes nothing. Its {@link Message#unassigned()} counts are
     * held without a job in the same transaction (batch 0, their row the message's id), and the message is kept
     * as PARTIAL with the reason, until {@link #assign} gives them a job.
     */
    MessageWritten writeMessage(Message message);

    /**
     * Writes several messages, in order, all or none (a gateway's batch, a broker's burst). The
     * database writes them in one transaction; a sink without that (an outbox) may write them one
     * by one, as here.
     */
    default List<MessageWritten> writeMessages(List<Message> messages) {
        return messages.stream().map(this::writeMessage).toList();
    }

    /**
     * Forwards kept messages, in order, all or none, each exactly once: {@code receipts} (one per message) are
     * stored in the same transaction; a message whose receipt is stored already is not written again and comes
     * back as {@code MessageWritten(0, 0, 0)}.
     */
    List<MessageWritten> writeMessages(List<Message> messages, List<Receipt> receipts);

    /**
     * Keeps a message the rules refused (status FAILED, with the reasons), so nothing a door
     * received is lost without a trace; its records are not written. Returns the message id.
     */
    long keepRefused(Message message, String reasons);

    /** {@link #keepRefused(Message, String)} forwarded exactly once: a repeat returns the message id kept the first time. */
    long keepRefused(Message message, String reasons, Receipt receipt);

    // ---------- file batches ----------

    /** A row the rules rejected: stored with its reasons so it can be exported, fixed and re-imported. */
    record Rejected(long rowNo, String rawText, String reasons) {
    }

    /** What a chunk adds to its batch's counters besides the accepted and duplicate events. */
    record BatchDelta(long read, long rejected, long skipped, long warned) {
    }

    /**
     * What a chunk did: records written, those whose event id was already stored (as an event or as an unassigned
     * count), and counts held as unassigned.
     */
    record WriteResult(int accepted, List<IngestRecord> duplicates, int unassigned) {
        public WriteResult(int accepted, List<IngestRecord> duplicates) {
            this(accepted, duplicates, 0);
        }
    }

    /**
     * A count whose job is not known ({@link IngestRecord#NO_JOB}), valid otherwise: held as unassigned with the
     * reason, in its chunk's transaction, until a job is assigned (ADR 0027). {@code storedNote}: for a door's
     * message, the reason packed for its integration message ({@code RuleMessages.pack}), so Messages shows it in
     * the reader's language; null for a file's count.
     */
    record Unassigned(IngestRecord record, String reason, String storedNote) {
        /** A count of a file's chunk: its reason is kept with it. */
        public Unassigned(IngestRecord record, String reason) {
            this(record, reason, null);
        }
    }

    /** A chunk's work done ahead of its transaction, on the reader's thread (see {@link #prepare}); opaque. */
    interface Prepared {
    }

    /**
     * Everything one file-import chunk writes.
     *
     * @param handwriting hand-written columns of accepted rows, filled where empty in the same transaction
     * @param operatorId  the importing operator, of record on those fills
     * @param prepared    from {@link #prepare}, or null
     * @param unassigned  counts to hold without a job
     * @param receipt     a chunk forwarded from an outbox: written once (ADR 0030); null otherwise
     */
    record ChunkWork(long batchId, List<IngestRecord> records, MasterData master, List<Rejected> rejected, BatchDelta delta,
                     List<Handwriting> handwriting, String operatorId, Instant at, Prepared prepared,
                     List<Unassigned> unassigned, Receipt receipt) {
        public ChunkWork(long batchId, List<IngestRecord> records, MasterData master, List<Rejected> rejected,
                         BatchDelta delta, List<Handwriting> handwriting, String operatorId, Instant at, Prepared prepared) {
            this(batchId, records, master, rejected, delta, handwriting, operatorId, at, prepared, List.of(), null);
        }

        public ChunkWork(long batchId, List<IngestRecord> records, MasterData master, List<Rejected> rejected,
                         BatchDelta delta, List<Handwriting> handwriting, String operatorId, Instant at, Prepared prepared,
                         List<Unassigned> unassigned) {
            this(batchId, records, master, rejected, delta, handwriting, operatorId, at, prepared, unassigned, null);
        }
    }

    /** A chunk whose events are inserted, its transaction still open; opaque. */
    interface OpenChunk {
    }

    /** Starts a file batch (status RUNNING) and returns its id. {@code header} is the file's header line, or null. */
    long openBatch(String fileName, String format, String operatorId, Instant at, String header);

    /** {@link #openBatch} forwarded exactly once: a repeat opens nothing and returns the batch opened the first time. */
    long openBatch(String fileName, String format, String operatorId, Instant at, String header, Receipt receipt);

    /** Work for a chunk that can be done before its transaction, on another thread; null for no records. */
    Prepared prepare(List<IngestRecord> records, MasterData master, long batchId);

    /**
     * Phase one of a chunk: its events, in a new transaction left open. A chunk with a {@link ChunkWork#receipt()}
     * stored already writes nothing: {@link #finish} then answers no records.
     */
    OpenChunk begin(ChunkWork work);

    /** Phase two and commit: buckets, rejected rows, source text, batch counters. */
    WriteResult finish(OpenChunk chunk);

    /** Rolls an open chunk back (an import that failed or stopped). */
    void abandon(OpenChunk chunk);

    /** Whether a chunk may be finished on another thread while the next one begins. */
    boolean pipelinesCommits();

    /** Ends a batch: its status, the file's digest (null when not read to the end) and the message's status. */
    void finishBatch(long batchId, String status, String sha256, String message, String messageStatus, String operatorId,
                     Instant at);

    /** {@link #finishBatch} forwarded exactly once: a repeat writes nothing (no second file message). */
    void finishBatch(long batchId, String status, String sha256, String message, String messageStatus, String operatorId,
                     Instant at, Receipt receipt);

    // ---------- whole small files (ADR 0035) ----------

    /**
     * A file read to its end before anything is written — a small one, whose rows are one chunk: its batch is
     * opened, its rows written and the batch completed in one transaction. {@code chunk} is its one chunk
     * ({@link ChunkWork#batchId()} 0: the batch does not exist yet; {@link ChunkWork#at()} the time it ends);
     * {@code header} the file's header line or null; {@code sha256} the whole file's digest.
     */
    record FileWork(String fileName, String format, Instant startedAt, String header, String sha256, ChunkWork chunk) {
    }

    /** What a whole file wrote: its batch (negative: kept in a local outbox, as {@link #openBatch} answers) and its rows. */
    record FileWritten(long batchId, WriteResult result) {
    }

    /**
     * The receipts of one whole file written straight through a local outbox's sink (ADR 0030): one for each of the
     * three records it stands for (the batch's opening, its chunk, its end), so that, if the transaction's commit
     * answer is lost, the three can be queued with them and each found done, or not, on forward.
     */
    record FileReceipts(Receipt open, Receipt chunk, Receipt finish) {
    }

    /** What a file's rows came to: its batch's message and the message's status come from it, on every path. */
    record FileTotals(long read, long accepted, long rejected, long duplicates, long skipped, long unassigned, long warnings) {
        public String message() {
            return String.format(java.util.Locale.ROOT,
                    "read=%d accepted=%d rejected=%d duplicates=%d skipped=%d unassigned=%d warnings=%d",
                    read, accepted, rejected, duplicates, skipped, unassigned, warnings);
        }

        /** The file's integration message: FAILED when nothing but rejected rows, PARTIAL with some, DUPLICATE, SUCCESS. */
        public String messageStatus() {
            if (rejected > 0) return accepted + duplicates + skipped + unassigned > 0 ? "PARTIAL" : "FAILED";
            if (accepted == 0 && duplicates > 0) return "DUPLICATE";
            return "SUCCESS";
        }
    }

    /**
     * Whether {@link #writeFiles} writes several whole files in one transaction (where a transaction's round trips
     * and commit cost more than a small file's rows: the console's database, H2 or PostgreSQL, ADR 0035/0036). Where not, each file is written as a batch of
     * chunks ({@link #openBatch} … {@link #finishBatch}).
     */
    boolean writesWholeFiles();

    /**
     * Writes whole files, in order, in one transaction, all or none: each its own batch (COMPLETED, its counters,
     * rejected rows, source text and FILE message), as if imported one after the other — an event id met in an
     * earlier file of the list is a duplicate in a later one. A crash loses whole files, never part of one.
     */
    List<FileWritten> writeFiles(List<FileWork> files);

    /**
     * {@link #writeFiles(List)} with the receipts of each file claimed first in the same transaction (one per file,
     * in order); a file whose opening receipt is stored already was written before and is not written again.
     */
    List<FileWritten> writeFiles(List<FileWork> files, List<FileReceipts> receipts);

    /**
     * Forgets the receipts of an outbox below {@code seq}: those records are gone from it and are never forwarded
     * again. Keeps the receipt table small.
     */
    void forgetReceipts(String outbox, long belowSeq);

    // ---------- counts without a job (ADR 0027) ----------

    /** One count held without a job: where and when it was read, its counts, and why its job is not known. */
    record Held(long id, long batchId, long rowNo, String eventId, Instant eventTime, Instant startTime, String source,
                String lineCode, String machineCode, String productModel, long boards, long picks, long placements,
                long rejects, long pcbs, String operatorId, String remark, String rawText, String reason) {
    }

    /**
     * Which held counts: of a line, of a machine, in a time range (event time, from inclusive, to exclusive), by id,
     * of one import batch; null (or no ids) = any.
     */
    record HeldQuery(String lineCode, String machineCode, Instant from, Instant to, List<Long> ids, Long batchId) {
        public HeldQuery {
            ids = ids == null ? List.of() : List.copyOf(ids);
        }

        public HeldQuery(String lineCode, String machineCode, Instant from, Instant to, List<Long> ids) {
            this(lineCode, machineCode, from, to, ids, null);
        }

        public static HeldQuery all() {
            return new HeldQuery(null, null, null, null, List.of());
        }

        public static HeldQuery ofBatch(long batchId) {
            return new HeldQuery(null, null, null, null, List.of(), batchId);
        }
    }

    /** What an assignment did: counts it took, events written, and counts whose event id was stored already. */
    record Assigned(int claimed, int written, int duplicates) {
    }

    /** The given event ids that are held without a job. */
    Set<String> heldEventIds(Collection<String> ids);

    /** The held counts the query names, oldest first, at most {@code limit}. */
    List<Held> held(HeldQuery query, int limit);

    /**
     * Gives the held counts the query names a job, in one transaction: each count is taken exactly once (two
     * assignments at once never both take it), becomes an event (deduplicated by id, buckets updated), its
     * batch's counters move from unassigned to accepted, and each is audited.
     */
    Assigned assign(HeldQuery query, String jobNo, MasterData master, String operatorId, String reason, Instant at);

    // ---------- both ----------

    /** The given ids that are stored already (a preview's duplicate check). */
    Set<String> existingEventIds(Collection<String> ids);

    /** Tells the views that counts changed (the change feed). */
    void changed();
}
