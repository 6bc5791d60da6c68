package dev.smtconsole.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smtconsole.app.ingest.IngestPipeline;
import dev.smtconsole.app.ingest.IngestUseCase;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.rules.RawRecord;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.ParseProblem;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.CfxMessageReader;
import dev.smtconsole.ingest.formats.CfxWrapper;
import dev.smtconsole.ingest.registry.Parsers;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.IngestStore;
import dev.smtconsole.store.SourceRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The live-feed sources (issue 15): the shared registry every console and {@code serve} read,
 * the status the running ones report, and the two things a source does with what arrives — a CFX
 * message through the one ingest use case ({@link CfxFeed}), a complete file of a hot folder
 * through the same import as the CLI's ({@link #importFolderFile}).
 */
public final class SourceService {
    /** The integration messages' channel of broker messages. */
    public static final String CHANNEL = "BROKER";
    /** How far back a restarted CFX feed looks for the WorkStarted messages of jobs still running. */
    public static final Duration REPLAY_WINDOW = Duration.ofHours(24);
    static final int REPLAY_LIMIT = 50_000;
    /** A hot-folder claim older than this (its console died mid-import) may be taken over. */
    public static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(10);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceRepository repo;
    private final DefaultIngestService ingest;
    private final IngestUseCase useCase;
    private final IngestStore store;
    private final MasterDataService masterData;
    private final Clock clock;
    /** Claims this console holds on hot-folder files (source + content), until their import ends. */
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SourceService(SourceRepository repo, DefaultIngestService ingest, IngestUseCase useCase, IngestStore store,
                         MasterDataService masterData, Clock clock) {
        this.repo = repo;
        this.ingest = ingest;
        this.useCase = useCase;
        this.store = store;
        this.masterData = masterData;
        this.clock = clock;
    }

    // ---------- the registry ----------

    /** A source as the registry holds it. */
    public record SourceDef(String name, boolean enabled, SourceSettings settings) {
    }

    /** A source with what its running process last said (null when none has run it). */
    public record SourceView(SourceDef def, Status status) {
    }

    /** A source's state as its runner reports it. */
    public enum State { CONNECTED, RECONNECTING, WATCHING, UNAVAILABLE, STOPPED }

    /**
     * What a runner says about a source.
     *
     * @param since        when it entered {@code state} (reconnecting since …)
     * @param perSecond    messages (CFX) or files (folder) per second over the last interval
     * @param heartbeatAt  when the runner last wrote this; an old one means no process runs the source
     */
    public record Status(String name, State state, Instant since, String host, long messages, double perSecond, long errors,
                         Instant lastMessageAt, String lastError, Instant lastErrorAt, Instant heartbeatAt) {
        /** Whether a runner wrote this lately (a stopped console's last word is not a live status). */
        public boolean live(Instant now) {
            return heartbeatAt != null && heartbeatAt.isAfter(now.minusSeconds(30));
        }
    }

    public List<SourceView> list() {
        var statuses = repo.statuses().stream().collect(Collectors.toMap(SourceRepository.Status::name, s -> s));
        return repo.all().stream().map(r -> new SourceView(def(r), toStatus(statuses.get(r.name())))).toList();
    }

    /** The enabled sources (what {@code serve} runs). */
    public List<SourceDef> enabled() {
        return repo.all().stream().filter(SourceRepository.Row::enabled).map(SourceService::def).toList();
    }

    public Optional<SourceDef> find(String name) {
        return repo.find(name == null ? "" : name.strip()).map(SourceService::def);
    }

    /** Adds a source after checking its settings; refused when the name is taken. */
    public void add(SourceDef def, String byOperator) {
        check(def);
        requireOperator(byOperator);
        if (!repo.insert(new SourceRepository.Row(def.name().strip(), def.settings().kind(), def.enabled(), toJson(def.settings()),
                clock.instant(), byOperator.strip()))) {
            throw new LocalizedException("sources.error.nameTaken", def.name().strip());
        }
    }

    /** Replaces a source's settings; its kind cannot change. */
    public void update(SourceDef def, String byOperator) {
        check(def);
        requireOperator(byOperator);
        SourceDef before = find(def.name()).orElseThrow(() -> new LocalizedException("sources.error.noSuchSource", def.name()));
        if (!before.settings().kind().equals(def.settings().kind())) {
            throw new LocalizedException("sources.error.kindChange", def.name(), before.settings().kind());
        }
        if (!repo.update(new SourceRepository.Row(def.name().strip(), def.settings().kind(), def.enabled(), toJson(def.settings()),
                clock.instant(), byOperator.strip()))) {
            throw new LocalizedException("sources.error.noSuchSource", def.name());
        }
    }

    public void remove(String name, String byOperator) {
        requireOperator(byOperator);
        if (!repo.delete(name == null ? "" : name.strip(), byOperator.strip(), clock.instant())) {
            throw new LocalizedException("sources.error.noSuchSource", name);
        }
    }

    private void requireOperator(String operator) {
        if (operator == null || operator.isBlank() || !masterData.isAcceptableOperator(operator)) {
            throw new LocalizedException("sources.error.operator", operator == null ? "" : operator.strip());
        }
    }

    /** Every rule a source's settings must keep; the first broken one is thrown. */
    public void check(SourceDef def) {
        if (def.name() == null || !NAME.matcher(def.name().strip()).matches()) {
            throw new LocalizedException("sources.error.name", def.name() == null ? "" : def.name());
        }
        String op = def.settings().operatorId();
        if (op == null || op.isBlank() || !masterData.isAcceptableOperator(op)) {
            throw new LocalizedException("sources.error.operator", op == null ? "" : op.strip());
        }
        switch (def.settings()) {
            case SourceSettings.Cfx c -> {
                if (c.url() == null || c.url().isBlank()) throw new LocalizedException("sources.error.url", "");
                try {
                    URI u = new URI(c.url().strip());
                    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                    if (!(scheme.equals("amqp") || scheme.equals("amqps")) || u.getHost() == null) {
                        throw new LocalizedException("sources.error.url", c.url());
                    }
                } catch (URISyntaxException e) {
                    throw new LocalizedException("sources.error.url", c.url());
                }
                if (c.address() == null || c.address().isBlank()) throw new LocalizedException("sources.error.address");
                if (c.passwordEnv() != null && !c.passwordEnv().isBlank() && !ENV_NAME.matcher(c.passwordEnv().strip()).matches()) {
                    throw new LocalizedException("sources.error.passwordEnv", c.passwordEnv());
                }
            }
            case SourceSettings.Folder f -> {
                if (f.path() == null || f.path().isBlank()) throw new LocalizedException("sources.error.path", "");
                boolean hasFormat = f.format() != null && !f.format().isBlank() && !f.format().equalsIgnoreCase("auto");
                boolean hasProfile = f.profile() != null && !f.profile().isBlank();
                if (hasFormat && hasProfile) throw new LocalizedException("sources.error.formatAndProfile");
                if (hasFormat && Parsers.byName(f.format().strip()).isEmpty()) {
                    throw new LocalizedException("sources.error.format", f.format(), String.join(", ", Parsers.names()));
                }
                if (f.line() != null && !f.line().isBlank() && masterData.current().line(f.line().strip()).isEmpty()) {
                    throw new LocalizedException("sources.error.line", f.line());
                }
            }
        }
    }

    /** The settings as their stored document (no password: only the name of its variable). */
    static String toJson(SourceSettings s) {
        ObjectNode n = JSON.createObjectNode();
        switch (s) {
            case SourceSettings.Cfx c -> {
                n.put("url", c.url().strip()).put("address", c.address().strip());
                putOpt(n, "user", c.user());
                putOpt(n, "passwordEnv", c.passwordEnv());
                n.put("operator", c.operatorId().strip()).put("credit", c.credit());
            }
            case SourceSettings.Folder f -> {
                n.put("path", f.path().strip());
                putOpt(n, "line", f.line());
                putOpt(n, "format", f.format() != null && f.format().equalsIgnoreCase("auto") ? null : f.format());
                putOpt(n, "profile", f.profile());
                n.put("operator", f.operatorId().strip()).put("stableSeconds", f.stableSeconds()).put("pollSeconds", f.pollSeconds());
            }
        }
        return n.toString();
    }

    private static void putOpt(ObjectNode n, String field, String value) {
        if (value != null && !value.isBlank()) n.put(field, value.strip());
    }

    static SourceDef def(SourceRepository.Row r) {
        JsonNode n;
        try {
            n = JSON.readTree(r.config());
        } catch (JsonProcessingException e) {
            throw new AppException("source " + r.name() + ": stored settings are not readable: " + e.getOriginalMessage(), e);
        }
        SourceSettings s = switch (r.kind()) {
            case "cfx" -> new SourceSettings.Cfx(str(n, "url"), str(n, "address"), str(n, "user"), str(n, "passwordEnv"),
                    str(n, "operator"), n.path("credit").asInt(0));
            case "folder" -> new SourceSettings.Folder(str(n, "path"), str(n, "line"), str(n, "format"), str(n, "profile"),
                    str(n, "operator"), n.path("stableSeconds").asInt(0), n.path("pollSeconds").asInt(0));
            default -> throw new AppException("source " + r.name() + ": unknown kind " + r.kind());
        };
        return new SourceDef(r.name(), r.enabled(), s);
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    // ---------- status ----------

    public void putStatus(Status s) {
        repo.putStatus(new SourceRepository.Status(s.name(), s.state().name(), s.since(), s.host(), s.messages(), s.perSecond(),
                s.errors(), s.lastMessageAt(), s.lastError(), s.lastErrorAt(), s.heartbeatAt()));
    }

    private static Status toStatus(SourceRepository.Status s) {
        if (s == null) return null;
        State state;
        try {
            state = State.valueOf(s.state());
        } catch (IllegalArgumentException e) {
            state = State.STOPPED;
        }
        return new Status(s.name(), state, s.since(), s.host(), s.messages(), s.perSecond(), s.errors(), s.lastMessageAt(),
                s.lastError(), s.lastErrorAt(), s.heartbeatAt());
    }

    // ---------- CFX messages ----------

    /** What became of one broker message. Every one of them may be acknowledged: it is committed. */
    public enum Outcome {
        /** Its counts were written. */
        WRITTEN,
        /** Its id was stored already (a redelivery): nothing written. */
        DUPLICATE,
        /** Read and kept, but it counts nothing (a WorkStarted, a message we do not use). */
        NOTED,
        /** It could not be used: kept as a FAILED integration message with the reason. */
        KEPT_REFUSED
    }

    /**
     * A CFX subscription's reader: its memory of the stream (open work transactions, the job
     * running on each machine) is rebuilt from the WorkStarted messages committed in the last
     * {@link #REPLAY_WINDOW}, so a console that restarts, or a redelivery after a crash, links
     * counts to their jobs as the first delivery would have.
     */
    public CfxFeed openFeed(String sourceName, SourceSettings.Cfx settings) {
        return new CfxFeed(sourceName, settings);
    }

    public final class CfxFeed {
        private final String sourceName;
        private final SourceSettings.Cfx settings;
        private CfxMessageReader reader;
        private RecordValidator validator;
        private MasterData master;
        private long validatorAt;

        private CfxFeed(String sourceName, SourceSettings.Cfx settings) {
            this.sourceName = sourceName;
            this.settings = settings;
            reset();
        }

        /**
         * Forgets what this process read and reads the committed WorkStarted messages again: after a
         * message whose commit failed (its effect on the reader must not outlive it), or a reconnect.
         */
        public void reset() {
            refreshRules(true);
            String wrapper = store.setting(DefaultIngestService.SETTING_CFX_WRAPPER).filter(w -> !w.isBlank()).orElse(null);
            CfxWrapper w;
            try {
                w = wrapper == null ? CfxWrapper.AUTO : CfxWrapper.parse(wrapper);
            } catch (IllegalArgumentException e) {
                w = CfxWrapper.AUTO;
            }
            reader = new CfxMessageReader(new ParseContext("broker:" + sourceName, master, validator.config().zone(), null), w);
            for (String payload : repo.recentPayloads(CHANNEL, "WorkStarted", clock.instant().minus(REPLAY_WINDOW), REPLAY_LIMIT)) {
                reader.read(payload);
            }
        }

        /** Rules and master data as stored, read again every few seconds (not per message). */
        private void refreshRules(boolean now) {
            long t = System.nanoTime();
            if (now || validator == null || t - validatorAt > 5_000_000_000L) {
                master = masterData.current();
                validator = new RecordValidator(master, ingest.ruleConfig());
                validatorAt = t;
            }
        }

        /**
         * Reads one message and commits what it means: its counts through the one ingest use case
         * (idempotent by its UniqueID), or the message itself with the reason it cannot be used.
         * Returns only after the commit; throws when the database could not take it (then nothing
         * of it was written and the caller must not acknowledge it).
         */
        public Outcome handle(String body) {
            return handleAll(List.of(body)).get(0);
        }

        /**
         * Reads messages in delivery order and commits them: the counts of all of them in one
         * transaction (all or none), each message that cannot be used kept with its reason. Returns
         * only after the commit, one outcome per message; throws when the database could not take
         * them (then none of their counts was written and none may be acknowledged).
         */
        public List<Outcome> handleAll(List<String> bodies) {
            refreshRules(false);
            String op = settings.operatorId();
            Outcome[] out = new Outcome[bodies.size()];
            String[] uids = new String[bodies.size()];
            SourceRow[] rows = new SourceRow[bodies.size()];
            List<String> noted = new java.util.ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                String body = bodies.get(i);
                uids[i] = CfxMessageReader.uniqueId(body);
                SourceRow row = reader.read(body);
                rows[i] = row;
                if (row.parseError() != null) {
                    store.keepRefused(CHANNEL, uids[i], op, body, reason(row.rowNo(), row.parseError(), "rules.row.broken"),
                            clock.instant());
                    out[i] = Outcome.KEPT_REFUSED;
                } else if (row.jobUnknown() != null) {
                    RuleProblem p = RuleProblem.error(row.rowNo(), RecordValidator.F_JOB, "", "rules.job.unknown",
                            ParseProblem.nestedEncoded(List.of(row.jobUnknown())));
                    store.keepRefused(CHANNEL, uids[i], op, body, RuleMessages.render(Locale.ENGLISH, p), clock.instant());
                    out[i] = Outcome.KEPT_REFUSED;
                } else if (row.skipped() != null && uids[i] != null) {
                    noted.add(uids[i]);
                }
            }
            // A count's event id refuses a repeat atomically in the write itself; a message without counts
            // (a WorkStarted) has no such key: its stored message tells a redelivery.
            java.util.Set<String> stored = noted.isEmpty() ? java.util.Set.of() : repo.writtenExternalIds(CHANNEL, noted);
            List<IngestUseCase.Submission> submissions = new java.util.ArrayList<>();
            List<Integer> at = new java.util.ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                if (out[i] != null) continue;
                SourceRow row = rows[i];
                if (row.skipped() != null && uids[i] != null && stored.contains(uids[i])) {
                    out[i] = Outcome.DUPLICATE;
                    continue;
                }
                List<RawRecord> raw = row.skipped() != null ? List.of() : List.of(IngestPipeline.toRaw(row, null, null));
                submissions.add(new IngestUseCase.Submission(CHANNEL, uids[i], op, bodies.get(i), "cfx", raw, null,
                        EventSink.HandwritingMode.FILL_EMPTY, true));
                at.add(i);
            }
            if (!submissions.isEmpty()) {
                List<Object> results = useCase.submitAll(submissions, validator, master);
                for (int k = 0; k < results.size(); k++) {
                    int i = at.get(k);
                    out[i] = !(results.get(k) instanceof IngestUseCase.Submitted w) ? Outcome.KEPT_REFUSED
                            : submissions.get(k).rows().isEmpty() ? Outcome.NOTED
                            : w.duplicate() ? Outcome.DUPLICATE : Outcome.WRITTEN;
                }
            }
            return List.of(out);
        }
    }

    /** Puts the commits so far on disk (H2 writes them a moment later by itself); PostgreSQL's commit is durable already. */
    public void makeDurable() {
        repo.checkpoint();
    }

    private static String reason(long rowNo, String encoded, String plainKey) {
        return RuleMessages.pack(List.of(IngestPipeline.parseProblem(rowNo, encoded, plainKey, false)));
    }

    // ---------- hot-folder files ----------

    /** What became of a complete file in a hot folder. */
    public enum FileFate {
        /** Imported, no row rejected: to {@code done/}. */
        DONE,
        /** Imported with rejected rows, or not importable at all: to {@code error/}. */
        ERROR,
        /** Its content was imported before: nothing written, to {@code done/}. */
        ALREADY_DONE,
        /** Another console is importing it: left where it is. */
        BUSY
    }

    /** @param report the lines of the report file written beside the moved file */
    public record FileResult(FileFate fate, Long batchId, String sha256, List<String> report, Instant finishedAt) {
        public FileResult(FileFate fate, Long batchId, String sha256, List<String> report) {
            this(fate, batchId, sha256, report, null);
        }
    }

    /**
     * Imports one complete file of a hot folder through the same import as {@code smt-console
     * import} (its line, format or profile, operator of record). The file's content is claimed
     * first, atomically, so two consoles watching one share import it once, and a file whose content
     * was imported already is a no-op.
     */
    public FileResult importFolderFile(String sourceName, SourceSettings.Folder f, Path file) {
        String sha = sha256(file);
        Instant now = clock.instant();
        String name = file.getFileName().toString();
        String key = sourceName + "\u001f" + sha;
        switch (repo.claim(sourceName, sha, name, now, CLAIM_STALE_AFTER)) {
            case BUSY -> {
                // Our own claim, left by an import the database dropped: take it up again at once
                // (another console's claim waits until it is stale).
                if (!held.contains(key) || !repo.retake(sourceName, sha, name, now)) {
                    return new FileResult(FileFate.BUSY, null, sha, List.of());
                }
            }
            case DONE_BEFORE -> {
                var before = repo.file(sourceName, sha).orElseThrow();
                return new FileResult(FileFate.ALREADY_DONE, before.batchId(), sha, List.of(
                        "file: " + name, "sha256: " + sha, "result: already imported (same content)",
                        "batch: " + before.batchId(), "first imported as: " + before.fileName() + " at " + before.finishedAt(),
                        "nothing was written"), before.finishedAt());
            }
            case TAKEN -> {
            }
        }
        held.add(key);
        try {
            var options = new IngestService.ImportOptions(f.format() == null ? "auto" : f.format(), f.operatorId(),
                    f.line(), f.profile());
            long[] lastTouch = {System.nanoTime()};
            IngestService.ImportResult r = ingest.importFile(file, options, (rows, bytes, total) -> {
                if (System.nanoTime() - lastTouch[0] > 30_000_000_000L) {
                    lastTouch[0] = System.nanoTime();
                    repo.touch(sourceName, sha, clock.instant());
                }
            }, () -> false);
            boolean clean = r.rejected() == 0;
            String summary = String.format(Locale.ROOT, "read=%d accepted=%d rejected=%d duplicates=%d skipped=%d unassigned=%d",
                    r.read(), r.accepted(), r.rejected(), r.duplicates(), r.skipped(), r.unassigned());
            repo.finish(sourceName, sha, clean ? "DONE" : "ERROR", r.batchId(), summary, clock.instant());
            held.remove(key);
            List<String> report = new java.util.ArrayList<>(List.of("file: " + name, "sha256: " + sha,
                    "result: " + (clean ? "imported" : "imported with rejected rows"), "batch: " + r.batchId(),
                    "format: " + r.format(), "operator: " + f.operatorId(), summary));
            if (r.firstRejection() != null) report.add("first rejected: " + r.firstRejection());
            if (r.unassigned() > 0) report.add(r.unassigned() + " count(s) held without a job: give them one with"
                    + " `smt-console unassigned assign` or Assign job… in the import history");
            if (!clean) report.add("the rejected rows are stored with batch " + r.batchId()
                    + " (录入 → history exports them); fix them and drop the file again: rows imported already are not counted twice");
            return new FileResult(clean ? FileFate.DONE : FileFate.ERROR, r.batchId(), sha, report);
        } catch (RuntimeException e) {
            if (e instanceof dev.smtconsole.store.DatabaseException) {
                // The database is away: the file stays, and this console takes its own claim up again
                // when the database is back (the import's event ids make the second try count nothing twice).
                throw e;
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            repo.finish(sourceName, sha, "ERROR", null, why, clock.instant());
            held.remove(key);
            return new FileResult(FileFate.ERROR, null, sha, List.of("file: " + name, "sha256: " + sha,
                    "result: not imported", "reason: " + why, "nothing was written"));
        }
    }

    static String sha256(Path file) {
        MessageDigest md = EventIds.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
