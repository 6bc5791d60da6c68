package dev.smtconsole.outbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.port.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Store and forward (ADR 0025): an {@link EventSink} in front of the shared database's sink. While
 * the database answers, writes go straight through. When it does not (a lost connection, a server
 * away), they go — in arrival order — to the local {@link OutboxStore}, and a forwarder thread sends
 * them on, oldest first, when the server is back. Event ids make a forward idempotent: an entry
 * whose commit was in doubt comes back as duplicates, never counted twice. A forward the server
 * refuses for any other reason lands in the outbox's refused list with its reason.
 * <p>
 * Once anything waits, new writes queue behind it until the outbox is empty again, so the server
 * sees them in the order the doors received them.
 */
public final class StoreAndForwardSink implements EventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreAndForwardSink.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final String MESSAGE = "MESSAGE", REFUSED = "REFUSED", OPEN_BATCH = "OPEN_BATCH", CHUNK = "CHUNK",
            FINISH_BATCH = "FINISH_BATCH";

    record MessageBody(String channel, String externalId, String operatorId, String payload, List<IngestRecord> records,
                       Handwriting handwriting, HandwritingMode mode, Instant at, String reasons, DeviceRecord device,
                       List<Unassigned> unassigned) {
    }

    /** {@code receipt}: the one a direct write already used (its commit answer was lost), else null: the entry's own. */
    record OpenBatchBody(String fileName, String format, String operatorId, Instant at, String header, Receipt receipt) {
    }

    record ChunkBody(List<IngestRecord> records, List<Rejected> rejected, BatchDelta delta, List<Handwriting> handwriting,
                     String operatorId, Instant at, List<Unassigned> unassigned, Receipt receipt) {
    }

    record FinishBatchBody(String status, String sha256, String message, String messageStatus, String operatorId, Instant at,
                           Receipt receipt) {
    }

    /** A chunk whose transaction is open on the shared database. */
    private record Direct(OpenChunk open, ChunkWork work) implements OpenChunk {
    }

    /** A chunk kept in the outbox. */
    private record Queued(long seq, int records, int unassigned) implements OpenChunk {
    }

    private final EventSink primary;
    private final OutboxStore outbox;
    private final Supplier<MasterData> master;
    private final Clock clock;
    private final long retryMillis;
    private volatile boolean offline;
    private volatile boolean queueing;
    private final Thread forwarder;
    private volatile boolean running = true;
    private final Object wake = new Object();

    /**
     * @param master      the master data a forward is written with (the shared database's, as known now)
     * @param retryMillis how often the forwarder asks whether the server is back
     */
    public StoreAndForwardSink(EventSink primary, OutboxStore outbox, Supplier<MasterData> master, Clock clock, long retryMillis) {
        this.primary = primary;
        this.outbox = outbox;
        this.master = master;
        this.clock = clock;
        this.retryMillis = retryMillis;
        this.queueing = outbox.waiting().entries() > 0;
        this.forwarder = new Thread(this::forwardLoop, "outbox-forwarder");
        forwarder.setDaemon(true);
        forwarder.start();
    }

    /** Whether the last attempt found the shared database away. */
    public boolean offline() {
        return offline;
    }

    public OutboxStore outbox() {
        return outbox;
    }

    /**
     * Checks the server before anything is forwarded (ADR 0032), or null when it was: a console that started while
     * the server was away has not seen its schema version yet.
     */
    private volatile Runnable serverCheck;
    private volatile String heldFor;

    /**
     * The console started while the shared database was away (ADR 0032): every write queues, and nothing is
     * forwarded until {@code serverCheck} passes once — it reaches the server and checks (or migrates) its schema;
     * it throws an outage while the server is still away, anything else (a schema this console cannot use) holds
     * the outbox with that reason.
     */
    public void startOffline(Runnable serverCheck, Throwable cause) {
        this.serverCheck = serverCheck;
        offline = true;
        queueing = true;
        log.warn("shared database unreachable at start, keeping writes in the local outbox: {}", cause.toString());
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Whether the server has not been reached (and its schema checked) since this console started. */
    public boolean unchecked() {
        return serverCheck != null;
    }

    /**
     * The records waiting in the outbox by line code (messages and import chunks; their counts held without a job
     * too): what the wall shows as "not yet sent". Read from the local file, never from the server.
     */
    public java.util.Map<String, Long> waitingByLine() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String body : outbox.bodies(List.of(MESSAGE, CHUNK))) {
            try {
                com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(body);
                for (com.fasterxml.jackson.databind.JsonNode r : n.path("records")) count(out, r.path("lineCode").asText(""));
                for (com.fasterxml.jackson.databind.JsonNode u : n.path("unassigned")) {
                    count(out, u.path("record").path("lineCode").asText(""));
                }
            } catch (IOException e) {
                log.warn("an outbox entry could not be read for the wall: {}", e.toString());
            }
        }
        return out;
    }

    private static void count(java.util.Map<String, Long> out, String line) {
        if (!line.isBlank()) out.merge(line, 1L, Long::sum);
    }

    /** Told by a reader that found the database away (the rules' settings, …): queue from now on. */
    public void outage(Throwable cause) {
        if (!isOutage(cause)) return;
        if (!offline) log.warn("shared database unreachable, keeping writes in the local outbox: {}", cause.toString());
        offline = true;
        queueing = true;
    }

    /** A lost connection or an unreachable server, as opposed to a refusal of the data. */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    private boolean direct() {
        return !queueing;
    }

    private long queue(String kind, long batchRef, int records, Object body) {
        try {
            long seq = outbox.append(kind, batchRef, records, JSON.writeValueAsString(body), clock.instant());
            queueing = true;
            return seq;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------- messages ----------

    @Override
    public MessageWritten writeMessage(Message m) {
        if (direct()) {
            try {
                return primary.writeMessage(m);
            } catch (RuntimeException e) {
                if (!isOutage(e)) throw e;
                outage(e); // the commit may or may not have happened: the event ids decide when forwarded
            }
        }
        return queued(m);
    }

    /** Online: the database writes them in one transaction; offline (or when that fails for the outage) each is queued, in order. */
    @Override
    public List<MessageWritten> writeMessages(List<Message> messages) {
        if (direct()) {
            try {
                return primary.writeMessages(messages);
            } catch (RuntimeException e) {
                if (!isOutage(e)) throw e;
                outage(e); // the commit may or may not have happened: the event ids decide when forwarded
            }
        }
        return messages.stream().map(this::queued).toList();
    }

    private MessageWritten queued(Message m) {
        long seq = queue(MESSAGE, 0, m.records().size(), new MessageBody(m.channel(), m.externalId(), m.operatorId(),
                m.payload(), m.records(), m.handwriting(), m.mode(), m.at(), null, m.device(), m.unassigned()));
        return new MessageWritten(-seq, m.records().size(), 0, m.unassigned().size());
    }

    @Override
    public long keepRefused(Message m, String reasons) {
        if (direct()) {
            try {
                return primary.keepRefused(m, reasons);
            } catch (RuntimeException e) {
                if (!isOutage(e)) throw e;
                outage(e);
            }
        }
        return -queue(REFUSED, 0, 0, new MessageBody(m.channel(), m.externalId(), m.operatorId(), m.payload(), List.of(),
                m.handwriting(), m.mode(), m.at(), reasons, m.device(), List.of()));
    }

    /** Forwards of another outbox go straight to the database (this sink forwards its own with receipts). */
    @Override
    public List<MessageWritten> writeMessages(List<Message> messages, List<Receipt> receipts) {
        return primary.writeMessages(messages, receipts);
    }

    @Override
    public long keepRefused(Message m, String reasons, Receipt receipt) {
        return primary.keepRefused(m, reasons, receipt);
    }

    // ---------- file batches ----------

    @Override
    public long openBatch(String fileName, String format, String operatorId, Instant at, String header) {
        Receipt r = null;
        if (direct()) {
            r = nextDirectReceipt();
            try {
                long id = primary.openBatch(fileName, format, operatorId, at, header, r);
                settled(r);
                return id;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    settled(r);
                    throw e;
                }
                outage(e);
            }
        }
        // A negative reference: the shared database's id is known once the forward opens it.
        return -queue(OPEN_BATCH, 0, 0, new OpenBatchBody(fileName, format, operatorId, at, header, r));
    }

    @Override
    public long openBatch(String fileName, String format, String operatorId, Instant at, String header, Receipt receipt) {
        return primary.openBatch(fileName, format, operatorId, at, header, receipt);
    }

    @Override
    public Prepared prepare(List<IngestRecord> records, MasterData master, long batchId) {
        if (batchId < 0 || !direct()) return null;
        try {
            return primary.prepare(records, master, batchId);
        } catch (RuntimeException e) {
            if (!isOutage(e)) throw e;
            outage(e);
            return null;
        }
    }

    @Override
    public OpenChunk begin(ChunkWork work) {
        if (work.batchId() > 0 && direct()) {
            // A receipt of its own (ADR 0030): if its commit answer is lost, the queued copy is found done on forward.
            ChunkWork w = new ChunkWork(work.batchId(), work.records(), work.master(), work.rejected(), work.delta(),
                    work.handwriting(), work.operatorId(), work.at(), work.prepared(), work.unassigned(), nextDirectReceipt());
            try {
                return new Direct(primary.begin(w), w);
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    settled(w.receipt());
                    throw e;
                }
                outage(e);
            }
            return queueChunk(w);
        }
        return queueChunk(work);
    }

    private Queued queueChunk(ChunkWork w) {
        long seq = queue(CHUNK, w.batchId(), w.records().size() + w.unassigned().size(), new ChunkBody(w.records(),
                w.rejected(), w.delta(), w.handwriting(), w.operatorId(), w.at(), w.unassigned(), w.receipt()));
        return new Queued(seq, w.records().size(), w.unassigned().size());
    }

    @Override
    public WriteResult finish(OpenChunk chunk) {
        if (chunk instanceof Queued q) return new WriteResult(q.records(), List.of(), q.unassigned());
        Direct d = (Direct) chunk;
        try {
            WriteResult r = primary.finish(d.open());
            settled(d.work().receipt());
            return r;
        } catch (RuntimeException e) {
            if (!isOutage(e)) {
                settled(d.work().receipt());
                throw e;
            }
            outage(e);
            // Whether the commit happened is unknown: forwarded again, stored events come back as duplicates.
            queueChunk(d.work());
            return new WriteResult(d.work().records().size(), List.of(), d.work().unassigned().size());
        }
    }

    @Override
    public void abandon(OpenChunk chunk) {
        if (chunk instanceof Queued q) {
            outbox.remove(q.seq());
            return;
        }
        try {
            primary.abandon(((Direct) chunk).open());
            settled(((Direct) chunk).work().receipt());
        } catch (RuntimeException e) {
            if (!isOutage(e)) throw e;
            outage(e);
        }
    }

    @Override
    public boolean pipelinesCommits() {
        return primary.pipelinesCommits();
    }

    @Override
    public void finishBatch(long batchId, String status, String sha256, String message, String messageStatus, String operatorId,
                            Instant at) {
        Receipt r = null;
        if (batchId > 0 && direct()) {
            r = nextDirectReceipt();
            try {
                primary.finishBatch(batchId, status, sha256, message, messageStatus, operatorId, at, r);
                settled(r);
                return;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    settled(r);
                    throw e;
                }
                outage(e);
            }
        }
        queue(FINISH_BATCH, batchId, 0, new FinishBatchBody(status, sha256, message, messageStatus, operatorId, at, r));
    }

    @Override
    public void finishBatch(long batchId, String status, String sha256, String message, String messageStatus, String operatorId,
                            Instant at, Receipt receipt) {
        primary.finishBatch(batchId, status, sha256, message, messageStatus, operatorId, at, receipt);
    }

    @Override
    public void forgetReceipts(String outbox, long belowSeq) {
        primary.forgetReceipts(outbox, belowSeq);
    }

    // ---------- whole small files (ADR 0035) ----------

    @Override
    public boolean writesWholeFiles() {
        return primary.writesWholeFiles();
    }

    /**
     * Online: the database writes the files in one transaction, each file with three receipts of this run (ADR 0030)
     * for the three records it stands for. If the commit answer is lost, each file is queued as those three records
     * (opening, chunk, end) under those receipts: on forward each is found done — or, when the transaction did not
     * commit, written then. Offline: queued so straight away, as a file imported chunk by chunk would be.
     */
    @Override
    public List<FileWritten> writeFiles(List<FileWork> files) {
        List<FileReceipts> receipts = null;
        if (direct()) {
            receipts = files.stream().map(f -> new FileReceipts(nextDirectReceipt(), nextDirectReceipt(), nextDirectReceipt()))
                    .toList();
            try {
                List<FileWritten> written = primary.writeFiles(files, receipts);
                settledAll(receipts);
                return written;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    settledAll(receipts);
                    throw e;
                }
                outage(e); // the commit may or may not have happened: the receipts decide when forwarded
            }
        }
        List<FileWritten> out = new java.util.ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) out.add(queueFile(files.get(i), receipts == null ? null : receipts.get(i)));
        return out;
    }

    @Override
    public List<FileWritten> writeFiles(List<FileWork> files, List<FileReceipts> receipts) {
        return primary.writeFiles(files, receipts);
    }

    /** A whole file as the three entries a file imported chunk by chunk leaves while the database is away. */
    private FileWritten queueFile(FileWork f, FileReceipts r) {
        ChunkWork w = f.chunk();
        long ref = -queue(OPEN_BATCH, 0, 0, new OpenBatchBody(f.fileName(), f.format(), w.operatorId(), f.startedAt(), f.header(),
                r == null ? null : r.open()));
        queueChunk(new ChunkWork(ref, w.records(), w.master(), w.rejected(), w.delta(), w.handwriting(), w.operatorId(), w.at(),
                null, w.unassigned(), r == null ? null : r.chunk()));
        // What a queued chunk answers (its events written, none a duplicate), as the file's end says it.
        FileTotals t = new FileTotals(w.delta().read(), w.records().size(), w.delta().rejected(), 0, w.delta().skipped(),
                w.unassigned().size(), w.delta().warned());
        queue(FINISH_BATCH, ref, 0, new FinishBatchBody("COMPLETED", f.sha256(), t.message(), t.messageStatus(), w.operatorId(),
                w.at(), r == null ? null : r.finish()));
        return new FileWritten(ref, new WriteResult(w.records().size(), List.of(), w.unassigned().size()));
    }

    // ---------- counts without a job (ADR 0027): read and assigned on the server, never queued ----------

    @Override
    public Set<String> heldEventIds(Collection<String> ids) {
        if (offline) return Set.of(); // not known now: the forward tells them apart
        try {
            return primary.heldEventIds(ids);
        } catch (RuntimeException e) {
            if (!isOutage(e)) throw e;
            outage(e);
            return Set.of();
        }
    }

    @Override
    public List<Held> held(HeldQuery query, int limit) {
        return primary.held(query, limit);
    }

    @Override
    public Assigned assign(HeldQuery query, String jobNo, MasterData master, String operatorId, String reason, Instant at) {
        return primary.assign(query, jobNo, master, operatorId, reason, at);
    }

    // ---------- both ----------

    @Override
    public Set<String> existingEventIds(Collection<String> ids) {
        if (offline) return Set.of(); // not known now: the forward tells duplicates apart
        try {
            return primary.existingEventIds(ids);
        } catch (RuntimeException e) {
            if (!isOutage(e)) throw e;
            outage(e);
            return Set.of();
        }
    }

    @Override
    public void changed() {
        if (offline) return;
        try {
            primary.changed();
        } catch (RuntimeException e) {
            if (!isOutage(e)) throw e;
            outage(e);
        }
        // Only a queue has anything to forward: waking the forwarder after every commit cost the gateway ≈ 3 % of its CPU.
        if (queueing || offline) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    // ---------- forwarding ----------

    private void forwardLoop() {
        while (running) {
            try {
                if (queueing || offline) forwardAll();
            } catch (RuntimeException e) {
                log.warn("outbox forward stopped: {}", e.toString());
            }
            synchronized (wake) {
                try {
                    wake.wait(queueing ? retryMillis : Math.max(retryMillis, 1000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Sends what waits, oldest first, until the outbox is empty or the server goes away again. */
    synchronized void forwardAll() {
        Runnable check = serverCheck;
        if (check != null) {
            try {
                check.run();
            } catch (RuntimeException x) {
                if (isOutage(x)) return;
                String why = reason(x);
                if (!why.equals(heldFor)) log.warn("the shared database answers, but the local outbox waits: {}", why);
                heldFor = why;
                return;
            }
            heldFor = null;
            serverCheck = null;
            log.info("shared database reached and its schema checked: forwarding the local outbox");
        }
        int sent = 0;
        long highest = 0; // the newest entry forwarded in this pass
        long started = System.nanoTime();
        while (running) {
            List<OutboxStore.Entry> head = outbox.head(HEAD_ENTRIES, HEAD_RECORDS);
            if (head.isEmpty()) {
                // Nothing waits; whether the server is back only the server can say.
                if (offline) {
                    try {
                        primary.existingEventIds(List.of("outbox-probe"));
                        offline = false;
                    } catch (RuntimeException x) {
                        if (isOutage(x)) return;
                        throw x;
                    }
                }
                queueing = false;
                // A write queued between the empty read and the flag above is picked up by the next pass.
                if (outbox.waiting().entries() > 0) queueing = true; else break;
                continue;
            }
            List<OutboxStore.Entry> done = new java.util.ArrayList<>();
            java.util.Map<Long, Long> opened = new java.util.HashMap<>();
            try {
                for (int i = 0; i < head.size(); i++) {
                    OutboxStore.Entry e = head.get(i);
                    if (MESSAGE.equals(e.kind())) {
                        // Consecutive messages go in one server transaction; a refusal in the group
                        // sends them one by one below, so only the refused one lands in the list.
                        List<OutboxStore.Entry> group = new java.util.ArrayList<>();
                        int records = 0;
                        for (int j = i; j < head.size() && group.size() < MESSAGE_GROUP && MESSAGE.equals(head.get(j).kind())
                                && (group.isEmpty() || records + head.get(j).records() <= GROUP_RECORDS); j++) {
                            group.add(head.get(j));
                            records += head.get(j).records();
                        }
                        if (group.size() > 1) {
                            try {
                                List<Message> messages = new java.util.ArrayList<>(group.size());
                                List<Receipt> receipts = new java.util.ArrayList<>(group.size());
                                MasterData m = master.get();
                                for (OutboxStore.Entry g : group) {
                                    messages.add(message(g, m));
                                    receipts.add(receipt(g));
                                }
                                primary.writeMessages(messages, receipts);
                                done.addAll(group);
                                highest = Math.max(highest, group.get(group.size() - 1).seq());
                                sent += group.size();
                                offline = false;
                                i += group.size() - 1;
                                continue;
                            } catch (RuntimeException x) {
                                if (isOutage(x)) {
                                    offline = true;
                                    if (sent > 0) primary.changed();
                                    return;
                                }
                                // refused as a group: one by one from here
                            }
                        }
                    }
                    try {
                        Long batch = forward(e, opened);
                        if (batch != null) opened.put(-e.seq(), batch);
                        done.add(e);
                        highest = Math.max(highest, e.seq());
                        sent++;
                        if (offline) {
                            log.info("shared database back, forwarding the local outbox");
                            offline = false;
                        }
                    } catch (RuntimeException x) {
                        if (isOutage(x)) {
                            offline = true;
                            if (sent > 0) primary.changed();
                            return;
                        }
                        log.warn("outbox entry {} refused by the shared database: {}", e.seq(), x.toString());
                        outbox.forwarded(done, opened);
                        done.clear();
                        outbox.refused(e, reason(x), clock.instant());
                    }
                }
            } finally {
                outbox.forwarded(done, opened);
            }
        }
        if (sent > 0) {
            log.info("outbox: forwarded {} entries in {} ms", sent, (System.nanoTime() - started) / 1_000_000);
            // Receipts of entries gone from the outbox are never asked for again. An entry still waiting (another
            // process of this user may be forwarding it) keeps its own and every later one.
            try {
                primary.forgetReceipts(outbox.identity(), outbox.lowestSeq(highest + 1));
            } catch (RuntimeException x) {
                log.info("outbox receipts kept until the next pass: {}", x.toString());
            }
            try {
                primary.changed();
            } catch (RuntimeException ignored) {
                // the next write tells the views
            }
        }
    }

    private static String reason(Throwable x) {
        Throwable root = x;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage();
        return root == x ? m : m + " (" + root.getMessage() + ")";
    }

    /** One entry to the shared database; returns the batch id an OPEN_BATCH got. */
    private Long forward(OutboxStore.Entry e, java.util.Map<Long, Long> openedNow) {
        try {
            switch (e.kind()) {
                case MESSAGE -> {
                    primary.writeMessages(List.of(message(e, master.get())), List.of(receipt(e)));
                    return null;
                }
                case REFUSED -> {
                    MessageBody b = JSON.readValue(e.body(), MessageBody.class);
                    primary.keepRefused(new Message(b.channel(), b.externalId(), b.operatorId(), b.payload(), List.of(),
                            master.get(), b.handwriting(), b.mode(), b.at()), b.reasons(), receipt(e));
                    return null;
                }
                case OPEN_BATCH -> {
                    OpenBatchBody b = JSON.readValue(e.body(), OpenBatchBody.class);
                    return primary.openBatch(b.fileName(), b.format(), b.operatorId(), b.at(), b.header(),
                            b.receipt() != null ? b.receipt() : receipt(e));
                }
                case CHUNK -> {
                    ChunkBody b = JSON.readValue(e.body(), ChunkBody.class);
                    ChunkWork w = new ChunkWork(batchId(e.batchRef(), openedNow), b.records(), master.get(), b.rejected(), b.delta(),
                            b.handwriting(), b.operatorId(), b.at(), null, b.unassigned() == null ? List.of() : b.unassigned(),
                            b.receipt() != null ? b.receipt() : receipt(e));
                    OpenChunk open = primary.begin(w);
                    try {
                        primary.finish(open);
                    } catch (RuntimeException x) {
                        throw x; // finish rolls back itself on failure
                    }
                    return null;
                }
                case FINISH_BATCH -> {
                    FinishBatchBody b = JSON.readValue(e.body(), FinishBatchBody.class);
                    primary.finishBatch(batchId(e.batchRef(), openedNow), b.status(), b.sha256(), b.message(), b.messageStatus(),
                            b.operatorId(), b.at(), b.receipt() != null ? b.receipt() : receipt(e));
                    return null;
                }
                default -> throw new IllegalStateException("unknown outbox entry kind " + e.kind());
            }
        } catch (IOException x) {
            throw new UncheckedIOException("outbox entry " + e.seq() + " unreadable", x);
        }
    }

    // ---------- receipts of direct batch writes (ADR 0030) ----------

    /** This run's name for the receipts of its direct batch writes: new with every start, so never reused. */
    private final String run = java.util.UUID.randomUUID().toString();
    private final java.util.concurrent.atomic.AtomicLong directSeq = new java.util.concurrent.atomic.AtomicLong();
    /** Direct writes not known to be done: in flight, or queued after an outage (kept for the whole run). */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> unsettled = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final java.util.concurrent.atomic.AtomicLong settledCount = new java.util.concurrent.atomic.AtomicLong();
    static final int FORGET_EVERY = 64;

    private Receipt nextDirectReceipt() {
        long seq = directSeq.incrementAndGet();
        unsettled.add(seq);
        return new Receipt(run, seq);
    }

    /**
     * A direct write whose answer came (committed or rolled back): its receipt is never asked for. Every
     * {@value #FORGET_EVERY} such, the receipts below the oldest unsettled one are forgotten — one statement.
     */
    private void settled(Receipt r) {
        if (r == null) return;
        unsettled.remove(r.seq());
        if (settledCount.incrementAndGet() % FORGET_EVERY == 0) forgetSettled();
    }

    /** {@link #settled} for the receipts of whole files, with at most one forget for them all. */
    private void settledAll(List<FileReceipts> receipts) {
        for (FileReceipts r : receipts) {
            unsettled.remove(r.open().seq());
            unsettled.remove(r.chunk().seq());
            unsettled.remove(r.finish().seq());
        }
        long n = 3L * receipts.size();
        long after = settledCount.addAndGet(n);
        if (after / FORGET_EVERY != (after - n) / FORGET_EVERY) forgetSettled();
    }

    private void forgetSettled() {
        long below = unsettled.isEmpty() ? directSeq.get() + 1 : unsettled.first();
        try {
            primary.forgetReceipts(run, below);
        } catch (RuntimeException x) {
            log.info("receipts of direct writes kept until later: {}", x.toString());
        }
    }

    /** An entry's name on the shared database: this outbox's identity and the entry's place in it (ADR 0030). */
    private Receipt receipt(OutboxStore.Entry e) {
        return new Receipt(outbox.identity(), e.seq());
    }

    /**
     * At most this many consecutive messages, carrying at most {@link #GROUP_RECORDS} events, share one server
     * transaction on forward. Was 100: a group's fixed cost (its round trips, the receipts' two statements, the
     * commit) then weighed on every message (docs/bench/outbox.md).
     */
    static final int MESSAGE_GROUP = 500;
    /** The events of one group: what the database writes set-wise in one statement (a gateway batch's limit). */
    static final int GROUP_RECORDS = 1_000;
    /**
     * One pass reads at most this many entries, or entries carrying {@link #HEAD_RECORDS} events (one chunk of a
     * queued import): what it forwarded is deleted locally in one commit.
     */
    static final int HEAD_ENTRIES = 1_000;
    static final int HEAD_RECORDS = 20_000;

    private static Message message(OutboxStore.Entry e, MasterData master) {
        try {
            MessageBody b = JSON.readValue(e.body(), MessageBody.class);
            return new Message(b.channel(), b.externalId(), b.operatorId(), b.payload(), b.records(), master, b.handwriting(),
                    b.mode(), b.at(), b.device(), b.unassigned());
        } catch (IOException x) {
            throw new UncheckedIOException("outbox entry " + e.seq() + " unreadable", x);
        }
    }

    private long batchId(long ref, java.util.Map<Long, Long> openedNow) {
        if (ref > 0) return ref;
        Long now = openedNow.get(ref);
        if (now != null) return now;
        return outbox.batchId(ref).orElseThrow(() -> new IllegalStateException("batch " + ref + " was never opened"));
    }

    /**
     * What an entry of this kind carries, for people (the refused list); an unreadable body gives an empty summary,
     * never an exception: the entry is listed all the same.
     */
    public static EntrySummary summary(String kind, String body) {
        try {
            return switch (kind) {
                case MESSAGE, REFUSED -> {
                    MessageBody b = JSON.readValue(body, MessageBody.class);
                    List<IngestRecord> records = b.records() == null ? List.of() : b.records();
                    List<Unassigned> held = b.unassigned() == null ? List.of() : b.unassigned();
                    List<IngestRecord> all = new java.util.ArrayList<>(records);
                    held.forEach(u -> all.add(u.record()));
                    yield new EntrySummary(b.channel(), b.externalId(), null, b.operatorId(), distinct(all, IngestRecord::lineCode),
                            distinct(all, IngestRecord::jobNo), all.size());
                }
                case OPEN_BATCH -> {
                    OpenBatchBody b = JSON.readValue(body, OpenBatchBody.class);
                    yield new EntrySummary(null, null, b.fileName(), b.operatorId(), List.of(), List.of(), 0);
                }
                case CHUNK -> {
                    ChunkBody b = JSON.readValue(body, ChunkBody.class);
                    List<IngestRecord> all = new java.util.ArrayList<>(b.records() == null ? List.of() : b.records());
                    if (b.unassigned() != null) b.unassigned().forEach(u -> all.add(u.record()));
                    yield new EntrySummary(null, null, null, b.operatorId(), distinct(all, IngestRecord::lineCode),
                            distinct(all, IngestRecord::jobNo), all.size());
                }
                case FINISH_BATCH -> {
                    FinishBatchBody b = JSON.readValue(body, FinishBatchBody.class);
                    yield new EntrySummary(null, null, null, b.operatorId(), List.of(), List.of(), 0);
                }
                default -> EntrySummary.UNREADABLE;
            };
        } catch (IOException | RuntimeException e) {
            return EntrySummary.UNREADABLE;
        }
    }

    private static List<String> distinct(List<IngestRecord> records, java.util.function.Function<IngestRecord, String> field) {
        return records.stream().map(field).filter(v -> v != null && !v.isBlank()).distinct().sorted().toList();
    }

    /** Forwards now (tests, `db outbox --forward`) instead of waiting for the next pass. */
    public void forwardNow() {
        forwardAll();
    }

    @Override
    public void close() {
        if (!offline && directSeq.get() > 0) forgetSettled();
        running = false;
        forwarder.interrupt();
        try {
            forwarder.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close();
    }
}
