package dev.smtconsole.app;

import dev.smtconsole.app.ingest.GroupCommit;
import dev.smtconsole.app.ingest.IngestUseCase;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.DeviceRecordQuery;
import dev.smtconsole.domain.DeviceRecordRow;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.TimeNotation;
import dev.smtconsole.domain.rules.MetricSpec;
import dev.smtconsole.domain.rules.RuleConfig;
import dev.smtconsole.domain.Source;
import dev.smtconsole.domain.rules.RawRecord;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.DeviceDataStore;
import dev.smtconsole.store.IngestStore;
import dev.smtconsole.store.SettingsRepository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The device gateway's service (DESIGN §8, issue 14): the seed MES's device-data post, mapped to
 * the one ingest use case. Counter specs ({@code boards}, {@code picks}, {@code placements},
 * {@code rejects}) become one event of the equipment; other specs (a peak temperature) are kept
 * in the post's integration message. The post's {@code eventId} is the idempotency key: the
 * event's id is derived from it, so two posts of one id write one event, whichever comes first.
 */
public final class GatewayService {
    /** app_setting key of the bearer token's SHA-256 (hex); the token itself is never stored. */
    public static final String TOKEN_HASH_KEY = "gateway.token.sha256";
    /** app_setting key: the operator of record of posts that name none (AUTO): who generated the token. */
    public static final String OPERATOR_KEY = "gateway.operator";
    public static final String CHANNEL = "GATEWAY";
    private static final List<String> COUNTERS = List.of("boards", "picks", "placements", "rejects");

    private final DefaultIngestService ingest;
    private final IngestStore store;
    private final SettingsRepository settings;
    private final FactoryCalendarService calendars;
    private final DeviceDataStore records;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public GatewayService(DefaultIngestService ingest, IngestStore store, SettingsRepository settings,
                          FactoryCalendarService calendars, Clock clock) {
        this.ingest = ingest;
        this.calendars = calendars;
        this.records = new DeviceDataStore(store.database());
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.groups = new GroupCommit<>("gateway-writer",
                list -> ingest.submitAll(list.stream().map(Prepared::submission).toList(), list.get(0).settings().rules()),
                (first, next) -> first.settings() == next.settings());
    }

    // ---------- the token ----------

    /** A new bearer token (shown once); its hash replaces the stored one (audited). */
    public String newToken(String operatorId, MasterData master) {
        if (operatorId == null || operatorId.isBlank() || !master.isKnownOperator(operatorId.strip())) {
            throw new LocalizedException("settings.error.operator", operatorId == null ? "" : operatorId);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        settings.put(Map.of(TOKEN_HASH_KEY, hash(token), OPERATOR_KEY, operatorId.strip()), operatorId.strip(),
                "gateway token (re)generated");
        return token;
    }

    /** The stored token's hash, if one was generated. */
    public Optional<String> storedTokenHash() {
        return Optional.ofNullable(settings.get(TOKEN_HASH_KEY)).filter(s -> !s.isBlank());
    }

    public static String hash(String token) {
        return HexFormat.of().formatHex(EventIds.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code token} hashes to {@code expectedHash}, in constant time. */
    public static boolean matches(String token, String expectedHash) {
        if (token == null || expectedHash == null) return false;
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** When the last post arrived; throws when the database cannot be reached (the health check). */
    public Optional<Instant> lastPostAt() {
        return store.lastMessageAt(CHANNEL);
    }

    // ---------- settings read per post, kept briefly ----------

    /** How long the rule settings and the operator of record are reused between posts. */
    static final long SETTINGS_TTL_NANOS = 2_000_000_000L;

    private record Cached(RuleConfig rules, String operator, Map<Long, String> specNames, long readAt) {
    }

    private volatile Cached cached;
    /** The operator of record last known (the outbox's snapshot, ADR 0032), for a console started while the server is away. */
    private volatile String lastOperator;

    /** A console started while its shared database is away posts under the operator of record it last knew (ADR 0032). */
    private String offlineOperator() {
        String last = lastOperator;
        return last != null ? last : CHANNEL;
    }

    void assumeOperator(String operator) {
        this.lastOperator = operator == null || operator.isBlank() ? CHANNEL : operator; // none set: the channel, as online
    }

    /**
     * The rule settings (job pattern, calendar, metric specs) and the operator of record, read at
     * most every {@link #SETTINGS_TTL_NANOS}: five reads per post otherwise, at thousands of posts
     * a second. A changed setting reaches the gateway within two seconds.
     */
    private Cached settingsNow() {
        Cached c = cached;
        long now = System.nanoTime();
        // While the shared database is away (the posts go to the outbox) the last values hold: a read
        // would wait for a connection that cannot come, on every post.
        if (c != null && (now - c.readAt() <= SETTINGS_TTL_NANOS || ingest.offline())) return c;
        try {
            RuleConfig rules = ingest.ruleConfig(); // the last known ones when this read found the database away
            c = ingest.offline() ? offlineSettings(c, now)
                    : new Cached(rules, Optional.ofNullable(settings.get(OPERATOR_KEY)).filter(o -> !o.isBlank()).orElse(CHANNEL),
                    store.metricNamesById(), now);
        } catch (RuntimeException e) {
            ingest.reportOutage(e);
            if (!ingest.offline()) throw e;
            c = offlineSettings(c, now);
        }
        cached = c;
        return c;
    }

    /**
     * The settings while the shared database is away: those last read, or — away from the start — the rules as
     * last read (DefaultIngestService keeps them) and the operator of record this console last knew (its outbox's
     * snapshot, ADR 0032), else none yet.
     */
    private Cached offlineSettings(Cached last, long now) {
        return last != null ? last : new Cached(ingest.ruleConfig(), offlineOperator(), Map.of(), now);
    }

    // ---------- the read side ----------

    /** The seed's read side: stored posts matching the filters, newest first, one page. */
    public DeviceRecordRow.Page records(DeviceRecordQuery query) {
        return records.records(query);
    }

    // ---------- posts ----------

    /** One item of {@code data}: the spec by name (or id, as text), and its value as posted. */
    public record DataValue(String spec, Double number, String text, Boolean bool, String json, String unit, String collectedAt,
                            boolean specById) {
        /** An item naming its spec by {@code specName}. */
        public DataValue(String spec, Double number, String text, Boolean bool, String json, String unit, String collectedAt) {
            this(spec, number, text, bool, json, unit, collectedAt, false);
        }
    }

    /** The seed's payload, every field kept; {@code raw} is the post's JSON as received. */
    public record DevicePost(String eventId, String eventTime, String source, String runNo, String unitSn,
                             String stationCode, String stepNo, String equipmentId, String operatorId, String trackId,
                             String carrierTrackId, String operationId, List<DataValue> data, String raw) {
    }

    /** The seed's answer. {@code id} is the integration message. */
    public record Answer(long id, String eventId, String trackId, String carrierTrackId, int dataValuesCreated,
                         Instant receivedAt, boolean isDuplicate) {
    }

    /** A post the rules refused: every problem, and the kept message (status FAILED). */
    public static final class Refused extends RuntimeException {
        private final List<IngestService.Problem> problems;

        Refused(List<IngestService.Problem> problems) {
            super(problems.toString(), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<IngestService.Problem> problems() {
            return problems;
        }

        /** The problems as one sentence in the reader's language. */
        public String message(Locale locale) {
            return String.join("; ", problems.stream().map(p -> p.message(locale)).toList());
        }

        /** The problems as a kept message stores them, for every reader's language ({@link RuleMessages#pack}). */
        String stored() {
            return RuleMessages.pack(problems.stream().map(IngestService.Problem::rule).toList());
        }
    }

    /**
     * Writes one post through the one ingest use case: counters as one event, every other value
     * into the device value store, the post's fields as its device record — one transaction. A
     * repeat of a stored eventId writes nothing (the device record's key decides, atomically).
     */
    public Answer post(DevicePost p) {
        return post(p, true);
    }

    /** {@link #post(DevicePost)}; {@code keepRefused} false for a retry of a kept message (no second FAILED message). */
    Answer post(DevicePost p, boolean keepRefused) {
        Prepared prep = prepare(p, keepRefused);
        refuseOwn(prep);
        Object done = groups.submit(prep);
        if (done instanceof IngestUseCase.Submitted s) return answer(prep, s);
        return rejected(prep, (IngestUseCase.Rejected) done);
    }

    /**
     * Single posts that arrive while one is being written share the next transaction (ADR 0029):
     * a post waits at most for the transaction before its own.
     */
    private final GroupCommit<Prepared, Object> groups;

    /**
     * The batch form: every post judged on its own, the accepted ones written in one transaction.
     * Returns, in order, an {@link Answer} or the {@link Refused} of each post.
     */
    public List<Object> postAll(List<DevicePost> posts) {
        List<Object> out = new ArrayList<>(posts.size());
        List<Prepared> ready = new ArrayList<>(posts.size());
        List<Integer> at = new ArrayList<>(posts.size());
        for (DevicePost p : posts) {
            Prepared prep = prepare(p, true);
            try {
                refuseOwn(prep);
                at.add(out.size());
                out.add(null);
                ready.add(prep);
            } catch (Refused r) {
                out.add(r);
            }
        }
        if (ready.isEmpty()) return out;
        List<Object> done = ingest.submitAll(ready.stream().map(Prepared::submission).toList(), ready.get(0).settings().rules());
        for (int i = 0; i < done.size(); i++) {
            Prepared prep = ready.get(i);
            Object result;
            if (done.get(i) instanceof IngestUseCase.Submitted s) {
                result = answer(prep, s);
            } else {
                try {
                    result = rejected(prep, (IngestUseCase.Rejected) done.get(i));
                } catch (Refused r) {
                    result = r;
                }
            }
            out.set(at.get(i), result);
        }
        return out;
    }

    /** A post mapped for the use case, with the problems the gateway finds itself (MANUAL without operator, spec rules). */
    private record Prepared(DevicePost post, IngestUseCase.Submission submission, List<IngestService.Problem> own, int created,
                            String operator, Cached settings, boolean keepRefused) {
    }

    private Prepared prepare(DevicePost p, boolean keepRefused) {
        Source source = "MANUAL".equalsIgnoreCase(p.source()) ? Source.MANUAL : Source.AUTO;
        Map<String, Double> counts = new java.util.HashMap<>();
        int counterValues = 0;
        List<DataValue> others = new ArrayList<>();
        Cached now = settingsNow();
        List<DataValue> data = p.data().stream().map(v -> named(v, now.specNames())).toList();
        for (DataValue v : data) {
            String name = v.spec() == null ? "" : v.spec().strip().toLowerCase(Locale.ROOT);
            if (COUNTERS.contains(name) && v.number() != null) {
                counts.merge(name, v.number(), Double::sum);
                counterValues++;
            } else {
                others.add(v);
            }
        }
        MasterData master = ingest.masterData();
        Optional<LineInfo> station = master.line(p.stationCode() == null ? "" : p.stationCode().strip());
        Optional<MachineInfo> machine = p.equipmentId() == null ? Optional.empty() : master.machine(p.equipmentId().strip());
        String line = station.map(LineInfo::code).orElse(machine.map(MachineInfo::lineCode).orElse(null));
        List<RawRecord> rows = new ArrayList<>(1);
        if (counterValues > 0) {
            rows.add(new RawRecord(1, source, "gw:" + p.eventId(), p.eventTime(), null, line, p.equipmentId(), p.runNo(), null,
                    whole(counts.getOrDefault("boards", 0.0)), whole(counts.get("picks")), whole(counts.get("placements")),
                    whole(counts.get("rejects")),
                    p.operatorId(), null, null));
        }
        List<IngestService.Problem> own = new ArrayList<>();
        if (source == Source.MANUAL && (p.operatorId() == null || p.operatorId().isBlank())) {
            own.add(DefaultIngestService.problem(RuleProblem.error(0, "operatorId", "", "rules.operator.missing")));
        }
        ZoneId zone = calendars.cached().zone();
        Instant eventTime = TimeNotation.parseDateTime(p.eventTime(), zone);
        Long lineId = line == null ? null : master.line(line).map(LineInfo::id).orElse(null);
        Long machineId = machine.map(MachineInfo::id).orElse(null);
        List<EventSink.DeviceValue> values = new ArrayList<>(others.size());
        if (!others.isEmpty()) {
            List<MetricSpec> specs = settingsNow().rules().specs();
            for (int i = 0; i < others.size(); i++) {
                DataValue v = others.get(i);
                String field = "data[" + data.indexOf(v) + "]";
                MetricSpec spec = spec(specs, v.spec(), lineId, machineId);
                if (spec != null) checkSpec(spec, v, source, field, own);
                Instant at = v.collectedAt() == null ? null : TimeNotation.parseDateTime(v.collectedAt(), zone);
                values.add(new EventSink.DeviceValue(v.spec().strip(), v.number(), v.text(), v.bool(), v.json(), v.unit(),
                        at != null ? at : eventTime != null ? eventTime : clock.instant(), lineId, machineId,
                        p.runNo() == null || p.runNo().isBlank() ? null : p.runNo().strip()));
            }
        }
        String operator = p.operatorId() == null || p.operatorId().isBlank() ? now.operator() : p.operatorId().strip();
        int created = counterValues + values.size();
        EventSink.DeviceRecord device = new EventSink.DeviceRecord(p.eventId(), eventTime != null ? eventTime : clock.instant(),
                source.name(), p.runNo(), p.unitSn(), p.stationCode(), p.stepNo(), p.equipmentId(), created, values);
        var submission = new IngestUseCase.Submission(CHANNEL, p.eventId(), operator, p.raw(), "gateway", rows, null,
                EventSink.HandwritingMode.FILL_EMPTY, keepRefused, device);
        return new Prepared(p, submission, own, created, operator, now, keepRefused);
    }

    private void refuseOwn(Prepared prep) {
        if (prep.own().isEmpty()) return;
        DevicePost p = prep.post();
        Refused refused = new Refused(prep.own());
        if (prep.keepRefused()) store.keepRefused(CHANNEL, p.eventId(), prep.operator(), p.raw(), refused.stored(), clock.instant());
        throw refused;
    }

    private Answer answer(Prepared prep, IngestUseCase.Submitted s) {
        DevicePost p = prep.post();
        if (s.duplicate()) {
            // The key refused the repeat atomically; the answer names the message that wrote it.
            Optional<IngestStore.MessageRef> first = store.writtenMessage(CHANNEL, p.eventId());
            if (first.isPresent()) return duplicateOf(first.get(), p);
        }
        return new Answer(s.messageId(), p.eventId(), p.trackId(), p.carrierTrackId(), s.duplicate() ? 0 : prep.created(),
                // as stored (the databases keep microseconds), so the read side lists the same time
                (s.receivedAt() != null ? s.receivedAt() : clock.instant()).truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                s.duplicate());
    }

    /**
     * A repeat of a stored eventId is a duplicate even when its rules fail now (master data changed,
     * or the device sent another body): it writes nothing either way, and the kept message says DUPLICATE.
     */
    private Answer rejected(Prepared prep, IngestUseCase.Rejected e) {
        DevicePost p = prep.post();
        Optional<IngestStore.MessageRef> first = store.writtenMessage(CHANNEL, p.eventId());
        if (first.isPresent()) {
            if (e.messageId() > 0) store.markDuplicate(e.messageId());
            return duplicateOf(first.get(), p);
        }
        throw new Refused(DefaultIngestService.toProblems(e.problems().stream().filter(x -> !x.warning()).toList()));
    }

    /**
     * An item that names its spec by the seed's {@code specId}: a number that is the id of one of
     * our metric specs stands for that spec's name; anything else is read as the name itself.
     */
    private static DataValue named(DataValue v, Map<Long, String> specNames) {
        if (!v.specById() || v.spec() == null || !v.spec().strip().matches("\\d{1,18}")) return v;
        String name = specNames.get(Long.parseLong(v.spec().strip()));
        return name == null ? v : new DataValue(name, v.number(), v.text(), v.bool(), v.json(), v.unit(), v.collectedAt(), true);
    }

    /** The most specific metric spec of this name (case-insensitive): machine, else line, else factory-wide. */
    private static MetricSpec spec(List<MetricSpec> specs, String name, Long lineId, Long machineId) {
        MetricSpec best = null;
        int bestRank = -1;
        for (MetricSpec s : specs) {
            if (!s.metric().equalsIgnoreCase(name.strip())) continue;
            if (s.machineId() != null && !s.machineId().equals(machineId)) continue;
            if (s.lineId() != null && !s.lineId().equals(lineId)) continue;
            int rank = s.machineId() != null ? 2 : s.lineId() != null ? 1 : 0;
            if (rank > bestRank) {
                best = s;
                bestRank = rank;
            }
        }
        return best;
    }

    /** A metric spec's rules for a value that is not a counter: who may write it, a number within its limits. */
    private static void checkSpec(MetricSpec spec, DataValue v, Source source, String field, List<IngestService.Problem> out) {
        String shown = v.number() != null ? String.valueOf(v.number()) : v.text() != null ? v.text()
                : v.bool() != null ? v.bool().toString() : String.valueOf(v.json());
        if ((source == Source.AUTO && !spec.allowAuto()) || (source == Source.MANUAL && !spec.allowManual())) {
            out.add(DefaultIngestService.problem(RuleProblem.error(0, field, shown, "rules.metric.sourceNotAllowed", source.name())));
        } else if (v.number() == null) {
            out.add(DefaultIngestService.problem(RuleProblem.error(0, field, shown, "gateway.rule.specNumber", spec.metric())));
        } else if (spec.min() != null && v.number() < spec.min()) {
            out.add(DefaultIngestService.problem(RuleProblem.error(0, field, shown, "rules.metric.belowMin", spec.min())));
        } else if (spec.max() != null && v.number() > spec.max()) {
            out.add(DefaultIngestService.problem(RuleProblem.error(0, field, shown, "rules.metric.aboveMax", spec.max())));
        }
    }

    private static Answer duplicateOf(IngestStore.MessageRef first, DevicePost p) {
        return new Answer(first.id(), p.eventId(), p.trackId(), p.carrierTrackId(), 0, first.receivedAt(), true);
    }

    /** A summed counter as the rules read it: a whole number as such, anything else as written (and refused). */
    private static String whole(Double v) {
        if (v == null) return null;
        return v == Math.rint(v) && Math.abs(v) < 9.0E15 ? String.valueOf(v.longValue()) : String.valueOf(v);
    }
}
