package dev.smtconsole.store;

import dev.smtconsole.port.EventSink;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The ingest use case's sink over the console's database (H2 or PostgreSQL): events and
 * counter buckets through {@link EventWriter}'s fast path (COPY on PostgreSQL, plain batches on
 * H2), batches, rejected rows and integration messages through {@link IngestStore}.
 */
public final class DatabaseEventSink implements EventSink {
    private final Database db;
    private final EventWriter writer;
    private final IngestStore store;
    private final UnassignedStore held;
    private final WholeFileWriter wholeFiles;

    public DatabaseEventSink(Database db, EventWriter writer, IngestStore store) {
        this(db, writer, store, new WholeFileWriter(db, writer));
    }

    DatabaseEventSink(Database db, EventWriter writer, IngestStore store, WholeFileWriter wholeFiles) {
        this.db = db;
        this.writer = writer;
        this.store = store;
        this.held = new UnassignedStore(db, writer);
        this.wholeFiles = wholeFiles;
    }

    @Override
    public Set<String> heldEventIds(Collection<String> ids) {
        return held.heldEventIds(ids);
    }

    @Override
    public List<Held> held(HeldQuery query, int limit) {
        return held.list(query, limit);
    }

    @Override
    public Assigned assign(HeldQuery query, String jobNo, MasterData master, String operatorId, String reason, Instant at) {
        return held.assign(query, jobNo, master, operatorId, reason, at);
    }

    @Override
    public MessageWritten writeMessage(Message message) {
        return store.writeMessage(message);
    }

    @Override
    public List<MessageWritten> writeMessages(List<Message> messages) {
        return store.writeMessages(messages);
    }

    @Override
    public List<MessageWritten> writeMessages(List<Message> messages, List<Receipt> receipts) {
        return store.writeMessages(messages, receipts);
    }

    @Override
    public long keepRefused(Message m, String reasons) {
        return store.keepRefused(m.channel(), m.externalId(), m.operatorId(), m.payload(), reasons, m.at());
    }

    @Override
    public long keepRefused(Message m, String reasons, Receipt receipt) {
        return store.keepRefused(m.channel(), m.externalId(), m.operatorId(), m.payload(), reasons, m.at(), receipt);
    }

    @Override
    public long openBatch(String fileName, String format, String operatorId, Instant at, String header) {
        return store.batches().createBatch(fileName, format, operatorId, at, header);
    }

    @Override
    public long openBatch(String fileName, String format, String operatorId, Instant at, String header, Receipt receipt) {
        return store.batches().createBatch(fileName, format, operatorId, at, header, receipt);
    }

    @Override
    public Prepared prepare(List<IngestRecord> records, MasterData master, long batchId) {
        return writer.prepare(records, master, batchId);
    }

    @Override
    public OpenChunk begin(ChunkWork work) {
        return writer.begin(work);
    }

    @Override
    public WriteResult finish(OpenChunk chunk) {
        return writer.finish(chunk);
    }

    @Override
    public void abandon(OpenChunk chunk) {
        writer.abandon(chunk);
    }

    @Override
    public boolean pipelinesCommits() {
        return writer.pipelinesCommits();
    }

    @Override
    public void finishBatch(long batchId, String status, String sha256, String message, String messageStatus,
                            String operatorId, Instant at) {
        store.batches().finishBatch(batchId, status, sha256, message, messageStatus, operatorId, at);
    }

    @Override
    public void finishBatch(long batchId, String status, String sha256, String message, String messageStatus,
                            String operatorId, Instant at, Receipt receipt) {
        store.batches().finishBatch(batchId, status, sha256, message, messageStatus, operatorId, at, receipt);
    }

    /**
     * A transaction's round trips and commit weigh more than a small file's rows: PostgreSQL (ADR 0035) and H2, whose
     * lost commit answers on a shared file are told from the group's batch rows (ADR 0036).
     */
    @Override
    public boolean writesWholeFiles() {
        return true;
    }

    @Override
    public List<FileWritten> writeFiles(List<FileWork> files) {
        return wholeFiles.write(files, null);
    }

    @Override
    public List<FileWritten> writeFiles(List<FileWork> files, List<FileReceipts> receipts) {
        return wholeFiles.write(files, receipts);
    }

    @Override
    public void forgetReceipts(String outbox, long belowSeq) {
        store.forgetReceipts(outbox, belowSeq);
    }

    @Override
    public Set<String> existingEventIds(Collection<String> ids) {
        return store.existingEventIds(ids);
    }

    @Override
    public void changed() {
        db.changeFeed().publish();
    }
}
