package dev.smtconsole.app;

import dev.smtconsole.app.ingest.IngestUseCase;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.Source;
import dev.smtconsole.domain.rules.RawRecord;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.store.IngestStore;
import dev.smtconsole.store.SettingsRepository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
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
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public GatewayService(DefaultIngestService ingest, IngestStore store, SettingsRepository settings, Clock clock) {
        this.ingest = ingest;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
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

    // ---------- posts ----------

    /** One item of {@code data}: the spec by name (or id, as text), and its value as posted. */
    public record DataValue(String spec, Double number, String text, Boolean bool, String json, String collectedAt) {
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
    }

    /** Writes one post through the one ingest use case; a repeat of a stored eventId writes nothing. */
    private volatile String lastOperator;

    /** The gateway's operator of record; while the shared database is away, the one last read (ADR 0025). */
    private String defaultOperator() {
        try {
            String v = settings.get(OPERATOR_KEY);
            lastOperator = v == null ? "" : v;
            return v;
        } catch (RuntimeException e) {
            if (lastOperator != null) return lastOperator;
            throw e;
        }
    }

    public Answer post(DevicePost p) {
        Source source = "MANUAL".equalsIgnoreCase(p.source()) ? Source.MANUAL : Source.AUTO;
        Map<String, Double> counts = new java.util.HashMap<>();
        int counterValues = 0;
        for (DataValue v : p.data()) {
            String name = v.spec() == null ? "" : v.spec().strip().toLowerCase(Locale.ROOT);
            if (COUNTERS.contains(name) && v.number() != null) {
                counts.merge(name, v.number(), Double::sum);
                counterValues++;
            }
        }
        if (counterValues == 0) {
            // No event whose key could tell a repeat: the stored message does.
            Optional<IngestStore.MessageRef> first = store.writtenMessage(CHANNEL, p.eventId());
            if (first.isPresent()) return duplicateOf(first.get(), p);
        }
        List<RawRecord> rows = new ArrayList<>(1);
        if (counterValues > 0) {
            MasterData master = ingest.masterData();
            String line = master.line(p.stationCode() == null ? "" : p.stationCode().strip()).map(LineInfo::code).orElse(null);
            if (line == null && p.equipmentId() != null) {
                line = master.machine(p.equipmentId().strip()).map(m -> m.lineCode()).orElse(null);
            }
            rows.add(new RawRecord(1, source, "gw:" + p.eventId(), p.eventTime(), null, line, p.equipmentId(), p.runNo(), null,
                    whole(counts.getOrDefault("boards", 0.0)), whole(counts.get("picks")), whole(counts.get("placements")),
                    whole(counts.get("rejects")),
                    p.operatorId(), null, null));
        }
        List<IngestService.Problem> own = new ArrayList<>();
        if (source == Source.MANUAL && (p.operatorId() == null || p.operatorId().isBlank())) {
            own.add(DefaultIngestService.problem(RuleProblem.error(0, "operatorId", "", "rules.operator.missing")));
        }
        String operator = p.operatorId() == null || p.operatorId().isBlank()
                ? Optional.ofNullable(defaultOperator()).filter(o -> !o.isBlank()).orElse(CHANNEL) : p.operatorId().strip();
        var submission = new IngestUseCase.Submission(CHANNEL, p.eventId(), operator, p.raw(), "gateway", rows, null,
                EventSink.HandwritingMode.FILL_EMPTY, true);
        try {
            if (!own.isEmpty()) {
                store.keepRefused(CHANNEL, p.eventId(), operator, p.raw(), "source MANUAL needs an operatorId", clock.instant());
                throw new Refused(own);
            }
            IngestUseCase.Submitted s = ingest.submit(submission);
            if (s.duplicate()) {
                // The event's key refused the repeat atomically; the answer names the message that wrote it.
                Optional<IngestStore.MessageRef> first = store.writtenMessage(CHANNEL, p.eventId());
                if (first.isPresent()) return duplicateOf(first.get(), p);
            }
            return new Answer(s.messageId(), p.eventId(), p.trackId(), p.carrierTrackId(), s.duplicate() ? 0 : counterValues,
                    clock.instant(), s.duplicate());
        } catch (IngestUseCase.Rejected e) {
            throw new Refused(DefaultIngestService.toProblems(e.problems().stream().filter(x -> !x.warning()).toList()));
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
