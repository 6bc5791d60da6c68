package dev.smtconsole.app;

import dev.smtconsole.app.ingest.IngestPipeline;
import dev.smtconsole.app.ingest.IngestUseCase;
import dev.smtconsole.port.EventSink;
import dev.smtconsole.domain.EventIds;
import dev.smtconsole.domain.IngestRecord;
import dev.smtconsole.domain.LineInfo;
import dev.smtconsole.domain.MachineInfo;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.domain.ProductionCalendar;
import dev.smtconsole.domain.Source;
import dev.smtconsole.domain.rules.Occurrences;
import dev.smtconsole.domain.rules.RawRecord;
import dev.smtconsole.domain.rules.RecordValidator;
import dev.smtconsole.domain.rules.RuleConfig;
import dev.smtconsole.domain.rules.RuleMessages;
import dev.smtconsole.domain.rules.RuleProblem;
import dev.smtconsole.domain.rules.TimeParser;
import dev.smtconsole.ingest.CsvTokenizer;
import dev.smtconsole.ingest.Field;
import dev.smtconsole.ingest.registry.FormatDetector;
import dev.smtconsole.ingest.FormatException;
import dev.smtconsole.ingest.NativeCsvParser;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.registry.Parsers;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.SourceRow;
import dev.smtconsole.ingest.formats.CfxParser;
import dev.smtconsole.ingest.formats.CfxWrapper;
import dev.smtconsole.ingest.profile.ProfileParser;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.IngestStore;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The ingest door over one database: manual entry, preview and import of files, history and
 * voids, all through the same rules ({@link RecordValidator}) and the same writer.
 */
public final class DefaultIngestService implements IngestService {
    /** app_setting key of the job number pattern. */
    public static final String SETTING_JOB_PATTERN = "ingest.job_pattern";
    static final String MANUAL_FORMAT = "manual";

    private final Database db;
    private final MasterDataService masterData;
    private final IngestStore store;
    private final IngestUseCase ingest;
    private final FactoryCalendarService calendars;
    private final Clock clock;
    private volatile Locale locale = Locale.ENGLISH;
    private volatile int chunkSize;
    private volatile java.time.Duration staleAfter = dev.smtconsole.store.BatchStore.STALE_AFTER;

    /**
     * @param ingest the one ingest use case (its sink over {@code store}'s database)
     * @param store  history, voids, rejected rows and settings the ingest views read
     */
    public DefaultIngestService(Database db, MasterDataService masterData, IngestUseCase ingest, IngestStore store,
                                FactoryCalendarService calendars, Clock clock) {
        this.db = db;
        this.calendars = calendars;
        this.masterData = masterData;
        this.ingest = ingest;
        this.store = store;
        this.clock = clock;
        this.chunkSize = db.isPostgres() ? IngestPipeline.PG_CHUNK : IngestPipeline.H2_CHUNK;
    }

    /** The language of stored reasons (rejected rows) and of exceptions' messages. */
    public void setLocale(Locale locale) {
        this.locale = locale == null ? Locale.ENGLISH : locale;
    }

    /** How long a RUNNING batch may go without a heartbeat before history shows it as interrupted. */
    public void setStaleAfter(java.time.Duration staleAfter) {
        if (staleAfter.isNegative()) throw new IllegalArgumentException("negative");
        this.staleAfter = staleAfter;
    }

    public void setChunkSize(int rows) {
        if (rows < 1) throw new IllegalArgumentException("chunk size must be positive");
        this.chunkSize = rows;
    }

    /** The rules' settings as stored now: job pattern, the factory calendar, metric specs. */
    private volatile java.util.function.BooleanSupplier offline = () -> false;
    private volatile java.util.function.Consumer<Throwable> outage = e -> { };
    private volatile RuleConfig lastRules;

    /** Whether the shared database is away and writes go to the local outbox (ADR 0025). */
    public boolean offline() {
        return offline.getAsBoolean();
    }

    /** A read that failed: if it was the shared database going away, the outbox takes over from now on. */
    public void reportOutage(Throwable e) {
        outage.accept(e);
    }

    /**
     * Store and forward (ADR 0025): while the shared database is away the rules run with the
     * settings last read, and a read that finds it away says so (the sink queues from then on).
     */
    void whileOffline(java.util.function.BooleanSupplier offline, java.util.function.Consumer<Throwable> outage) {
        whileOffline(offline, outage, null, null);
    }

    /**
     * As above; {@code lastRules} and {@code lastWrapper}: the rules' settings last known (the outbox's snapshot,
     * ADR 0032) when the console starts while the server is away, else null (read now).
     */
    void whileOffline(java.util.function.BooleanSupplier offline, java.util.function.Consumer<Throwable> outage,
                      RuleConfig lastRules, String lastWrapper) {
        this.offline = offline;
        this.outage = outage;
        if (lastRules != null) {
            this.lastRules = lastRules;
            this.lastCfxWrapper = java.util.Optional.ofNullable(lastWrapper);
            return;
        }
        // What the rules need, read now while the server answers: the last known values when it does not.
        masterData.current();
        ruleConfig();
        cfxWrapperSetting();
    }

    public RuleConfig ruleConfig() {
        RuleConfig last = lastRules;
        if (last != null && offline.getAsBoolean()) return last;
        try {
            return lastRules = readRuleConfig();
        } catch (RuntimeException e) {
            outage.accept(e);
            if (last != null && offline.getAsBoolean()) return last;
            throw e;
        }
    }

    private volatile java.util.Optional<String> lastCfxWrapper;

    /** The rules' settings last read, or read now (for the outbox's snapshot, ADR 0032). */
    RuleConfig lastRuleConfig() {
        RuleConfig last = lastRules;
        return last != null ? last : ruleConfig();
    }

    /** The CFX wrapper setting last read (for the outbox's snapshot, ADR 0032). */
    String lastCfxWrapper() {
        var last = lastCfxWrapper;
        return last == null ? null : last.orElse(null);
    }

    /** The shared CFX wrapper setting; while the shared database is away, the one last read (ADR 0025). */
    private String cfxWrapperSetting() {
        var last = lastCfxWrapper;
        if (last != null && offline.getAsBoolean()) return last.orElse(null);
        try {
            var now = store.setting(SETTING_CFX_WRAPPER).filter(w -> !w.isBlank());
            lastCfxWrapper = now;
            return now.orElse(null);
        } catch (RuntimeException e) {
            outage.accept(e);
            if (last != null && offline.getAsBoolean()) return last.orElse(null);
            throw e;
        }
    }

    private RuleConfig readRuleConfig() {
        ProductionCalendar calendar = calendars.current();
        Pattern job;
        try {
            job = Pattern.compile(store.setting(SETTING_JOB_PATTERN).filter(s -> !s.isBlank()).orElse(RuleConfig.DEFAULT_JOB_PATTERN));
        } catch (PatternSyntaxException e) {
            job = Pattern.compile(RuleConfig.DEFAULT_JOB_PATTERN);
        }
        return new RuleConfig(job, calendar, RuleConfig.DEFAULT_SKEW, store.metricSpecs());
    }

    private RecordValidator validator(MasterData master) {
        return new RecordValidator(master, ruleConfig());
    }

    // ---------- manual entry ----------

    @Override
    public List<Problem> validateManual(ManualEntry entry) {
        return toProblems(buildManual(entry, masterData.current(), validator(masterData.current())).problems);
    }

    private record ManualBuild(List<IngestRecord> records, List<RuleProblem> problems, ProductionCalendar calendar,
                               RecordValidator validator) {
    }

    private ManualBuild buildManual(ManualEntry e, MasterData master, RecordValidator v) {
        List<RuleProblem> problems = new ArrayList<>();
        v.checkOperator(0, "operatorId", e.operatorId(), problems);
        LineInfo line = v.checkLine(0, e.lineCode(), problems);
        String job = v.checkJob(0, "job", e.jobNo(), problems);
        ZoneId zone = v.config().zone();
        Instant now = clock.instant();
        if (e.boards() == null) problems.add(RuleProblem.error(0, "boards", "", "rules.required"));
        else if (e.boards() < 0) problems.add(RuleProblem.error(0, "boards", String.valueOf(e.boards()), "rules.count.negative"));
        if (e.start() == null) problems.add(RuleProblem.error(0, "start", "", "rules.required"));
        if (e.end() == null) problems.add(RuleProblem.error(0, "end", "", "rules.required"));
        Instant start = e.start() == null ? null : e.start().atZone(zone).toInstant();
        Instant end = e.end() == null ? null : e.end().atZone(zone).toInstant();
        if (end != null) v.checkTimes(0, "end", e.end().toString().replace('T', ' '),
                e.start() == null ? null : e.start().toString().replace('T', ' '), start, end, now, problems);
        long boards = e.boards() == null ? 0 : Math.max(0, e.boards());
        Long lineId = line == null ? null : line.id();
        if (e.boards() != null && e.boards() >= 0) {
            v.checkMetrics(0, Source.MANUAL, lineId, null, boards, 0, 0, 0, false, problems);
        }
        record Machine(MachineInfo info, long picks, long placements) {
        }
        List<Machine> machines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<MachineCount> counts = e.machines() == null ? List.of() : e.machines();
        for (int i = 0; i < counts.size(); i++) {
            MachineCount mc = counts.get(i);
            String prefix = "machines[" + i + "].";
            if (mc == null || (mc.picks() == null && mc.placements() == null)) continue;
            MachineInfo m = null;
            if (mc.machineCode() == null || mc.machineCode().isBlank()) {
                problems.add(RuleProblem.error(0, prefix + "machine", "", "rules.required"));
            } else {
                m = v.checkMachine(0, prefix + "machine", line, mc.machineCode(), problems);
                if (m != null && !seen.add(m.code())) {
                    problems.add(RuleProblem.error(0, prefix + "machine", mc.machineCode(), "rules.machine.twice"));
                    m = null;
                }
            }
            int before = problems.size();
            if (mc.picks() == null) problems.add(RuleProblem.error(0, prefix + "picks", "", "rules.required"));
            else if (mc.picks() < 0) problems.add(RuleProblem.error(0, prefix + "picks", String.valueOf(mc.picks()), "rules.count.negative"));
            if (mc.placements() == null) problems.add(RuleProblem.error(0, prefix + "placements", "", "rules.required"));
            else if (mc.placements() < 0) problems.add(RuleProblem.error(0, prefix + "placements", String.valueOf(mc.placements()), "rules.count.negative"));
            if (problems.size() > before) continue;
            List<RuleProblem> own = new ArrayList<>();
            long rejects = v.checkRejects(0, mc.picks(), mc.placements(), null, own);
            if (own.isEmpty()) {
                v.checkMetrics(0, Source.MANUAL, lineId, m == null ? null : m.id(), boards, mc.picks(), mc.placements(),
                        rejects, true, own);
            }
            for (RuleProblem p : own) {
                problems.add(new RuleProblem(0, prefix + p.field(), p.value(), p.key(), p.extra(), p.warning()));
            }
            if (m != null) machines.add(new Machine(m, mc.picks(), mc.placements()));
        }
        ProductionCalendar calendar = v.config().calendar();
        if (problems.stream().anyMatch(p -> !p.warning())) return new ManualBuild(List.of(), problems, calendar, v);

        String op = e.operatorId().strip();
        String remark = e.remark() == null || e.remark().isBlank() ? null : e.remark().strip();
        String model = e.productModel() == null || e.productModel().isBlank() ? null : e.productModel().strip();
        List<IngestRecord> records = new ArrayList<>();
        // Ids from the entry's own content: saving the same form twice (a double click) writes nothing new.
        records.add(new IngestRecord(0, manualId(line.code(), job, start, end, null, boards, 0, 0), end, start,
                Source.MANUAL, line.code(), null, job, model, boards, 0, 0, 0, op, remark, null));
        for (Machine m : machines) {
            records.add(new IngestRecord(0, manualId(line.code(), job, start, end, m.info().code(), boards, m.picks(), m.placements()),
                    end, start, Source.MANUAL, line.code(), m.info().code(), job, model, boards, m.picks(), m.placements(),
                    m.picks() - m.placements(), op, null, null));
        }
        return new ManualBuild(records, problems, calendar, v);
    }

    private static String manualId(String line, String job, Instant start, Instant end, String machine, long boards,
                                   long picks, long placements) {
        return EventIds.derive(MANUAL_FORMAT, List.of(line, job, String.valueOf(start), String.valueOf(end),
                machine == null ? "" : machine, String.valueOf(boards), String.valueOf(picks), String.valueOf(placements)), 1);
    }

    @Override
    public java.util.Optional<String> productModelOf(String jobNo) {
        if (jobNo == null || jobNo.isBlank()) return java.util.Optional.empty();
        return store.productModelOf(jobNo.strip()).filter(m -> !m.isBlank());
    }

    @Override
    public ManualResult submitManual(ManualEntry entry) {
        MasterData master = masterData.current();
        ManualBuild b = buildManual(entry, master, validator(master));
        if (b.problems.stream().anyMatch(p -> !p.warning())) throw new ValidationException(toProblems(b.problems));
        IngestRecord first = b.records.get(0);
        String checkers = entry.checkers() == null ? null
                : String.join("、", entry.checkers().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList());
        if (checkers != null && checkers.isEmpty()) checkers = null;
        // The form's own checks passed; the one use case runs the row rules again and writes the
        // entry as a one-message batch, like a gateway post.
        List<RawRecord> rows = new ArrayList<>(b.records.size());
        for (IngestRecord r : b.records) {
            rows.add(new RawRecord(rows.size(), Source.MANUAL, r.eventId(), String.valueOf(r.eventTime()),
                    r.startTime() == null ? null : String.valueOf(r.startTime()), r.lineCode(), r.machineCode(), r.jobNo(),
                    r.productModel(), String.valueOf(r.boards()), String.valueOf(r.picks()), String.valueOf(r.placements()),
                    null, r.operatorId(), r.remark(), null));
        }
        var handwriting = new EventSink.Handwriting(first.lineCode(), first.jobNo(), b.calendar.productionDay(first.eventTime()),
                checkers, first.remark());
        IngestUseCase.Submitted w;
        try {
            w = ingest.submit(new IngestUseCase.Submission("MANUAL", null, first.operatorId(), describe(entry), MANUAL_FORMAT,
                    rows, handwriting, EventSink.HandwritingMode.SET, false), b.validator, master);
        } catch (IngestUseCase.Rejected e) {
            throw new ValidationException(toProblems(e.problems()));
        }
        return new ManualResult(w.messageId(), w.written(), w.duplicate(),
                toProblems(b.problems.stream().filter(RuleProblem::warning).toList()));
    }

    /**
     * A door's message (gateway, broker) through the one use case, with the master data and rule
     * settings as stored now. Throws {@link IngestUseCase.Rejected} with every problem.
     */
    public IngestUseCase.Submitted submit(IngestUseCase.Submission submission) {
        MasterData master = masterData.current();
        return ingest.submit(submission, validator(master), master);
    }

    /**
     * {@link #submit(IngestUseCase.Submission)} with rule settings the door read itself (the
     * gateway keeps them for a second or two instead of reading them for every post).
     */
    public IngestUseCase.Submitted submit(IngestUseCase.Submission submission, RuleConfig rules) {
        MasterData master = masterData.current();
        return ingest.submit(submission, new RecordValidator(master, rules), master);
    }

    /** Many messages of a door at once, accepted ones in one transaction ({@link IngestUseCase#submitAll}). */
    public List<Object> submitAll(List<IngestUseCase.Submission> submissions, RuleConfig rules) {
        MasterData master = masterData.current();
        return ingest.submitAll(submissions, new RecordValidator(master, rules), master);
    }

    /** The current master data (machines, aliases, lines) a door maps its names with. */
    public MasterData masterData() {
        return masterData.current();
    }

    private static String describe(ManualEntry e) {
        StringBuilder sb = new StringBuilder();
        sb.append("line=").append(e.lineCode()).append(" job=").append(e.jobNo()).append(" model=").append(e.productModel())
                .append(" boards=").append(e.boards()).append(" start=").append(e.start()).append(" end=").append(e.end());
        if (e.machines() != null) {
            for (MachineCount m : e.machines()) {
                if (m != null) sb.append(' ').append(m.machineCode()).append('=').append(m.picks()).append('/').append(m.placements());
            }
        }
        if (e.checkers() != null) sb.append(" checkers=").append(String.join("、", e.checkers()));
        if (e.remark() != null) sb.append(" remark=").append(e.remark());
        return sb.toString();
    }

    @Override
    public List<ManualEntrySummary> recentManualEntries(int limit) {
        return store.recentManual(limit).stream().map(r -> new ManualEntrySummary(r.messageId(), r.receivedAt(), r.operatorId(),
                r.lineCode(), r.jobNo(), r.boards(), String.format(Locale.ROOT, "%s %s: %d boards, %d machines, picks %d, placements %d",
                r.lineCode(), r.jobNo(), r.boards(), r.machines(), r.picks(), r.placements()), r.voided())).toList();
    }

    @Override
    public void voidManualEntry(long messageId, String reason, String operatorId) {
        requireVoidArgs(reason, operatorId);
        if (!store.voids().manualMessageExists(messageId)) throw new LocalizedException("rules.void.noEntry", messageId);
        // The check and the subtraction are one step in the store: a second void at the same time claims nothing.
        if (store.voids().voidEvents("message_id", messageId, "integration_message", reason.strip(), operatorId.strip(),
                clock.instant()) < 0) {
            throw new LocalizedException("rules.void.entryAlreadyVoid", messageId);
        }
        store.database().changeFeed().publish();
    }

    private void requireVoidArgs(String reason, String operatorId) {
        List<Problem> problems = new ArrayList<>();
        if (reason == null || reason.isBlank()) problems.add(problem(RuleProblem.error(0, "reason", "", "rules.void.reasonRequired")));
        if (operatorId == null || operatorId.isBlank()) problems.add(problem(RuleProblem.error(0, "operatorId", "", "rules.operator.missing")));
        else if (!masterData.isAcceptableOperator(operatorId)) {
            problems.add(problem(RuleProblem.error(0, "operatorId", operatorId.strip(), "rules.operator.unknown")));
        }
        if (!problems.isEmpty()) throw new ValidationException(problems);
    }

    // ---------- file import ----------

    /** app_setting key: where the CFX envelope sits in the plant's bus wrapper (see {@link CfxWrapper#parse}). */
    public static final String SETTING_CFX_WRAPPER = "ingest.cfx.wrapper";

    /**
     * The parser the options ask for; null = detect from the content. Values given for this
     * import ({@code --set}) go into the profile, chosen or detected; a wrapper setting into the
     * CFX reader.
     */
    private RecordParser parserFor(Path file, ImportOptions options) {
        return parserFor(file, options, this::cfxWrapperSetting);
    }

    /** @param sharedWrapper the shared CFX wrapper setting (read when asked) */
    private RecordParser parserFor(Path file, ImportOptions options, java.util.function.Supplier<String> sharedWrapper) {
        String f = options == null || options.format() == null || options.format().isBlank() ? "auto" : options.format().strip();
        boolean auto = f.equalsIgnoreCase("auto");
        java.util.Map<Field, String> set = setFields(options);
        if (options != null && options.profile() != null && !options.profile().isBlank()) {
            // --profile NAME|FILE (issue 4): read with that profile; it only makes sense with format auto or profile.
            if (!auto && !f.equalsIgnoreCase("profile")) {
                throw new LocalizedException("rules.import.profileWithFormat", f);
            }
            return new ProfileParser(new ProfileService(new dev.smtconsole.store.ProfileRepository(db), clock)
                    .resolve(options.profile(), set));
        }
        String wrapperOption = options != null && options.cfxWrapper() != null && !options.cfxWrapper().isBlank()
                ? options.cfxWrapper() : null;
        if (wrapperOption != null) {
            if (!auto && !f.equalsIgnoreCase(CfxParser.FORMAT)) {
                throw new LocalizedException("rules.import.wrapperWithFormat", f);
            }
            return new CfxParser(cfxWrapper(wrapperOption));
        }
        RecordParser chosen = auto ? null : Parsers.byName(f).orElseThrow(() -> new LocalizedException(
                "rules.format.unknownName", f, String.join(", ", Parsers.names())));
        // The shared setting applies to CFX files only: read (and checked) when the file is one.
        String wrapperSetting = sharedWrapper.get();
        if (chosen == null && (!set.isEmpty() || wrapperSetting != null)) chosen = detect(file).orElse(null);
        if (chosen instanceof CfxParser && wrapperSetting != null) chosen = new CfxParser(cfxWrapper(wrapperSetting));
        if (!set.isEmpty()) {
            if (!(chosen instanceof ProfileParser)) {
                throw new LocalizedException("rules.set.notProfile", file.getFileName().toString(),
                        chosen == null ? "?" : chosen.format());
            }
            return new ProfileParser(null, set);
        }
        return chosen;
    }

    private java.util.Optional<RecordParser> detect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new FormatDetector().detect(in.readNBytes(64 * 1024), file.getFileName().toString());
        } catch (IOException e) {
            throw cannotRead(file, e.getMessage(), e);
        }
    }

    /** {@code --set FIELD=VALUE} as fields; a name that is no field is refused, naming the fields. */
    private java.util.Map<Field, String> setFields(ImportOptions options) {
        java.util.Map<Field, String> out = new java.util.EnumMap<>(Field.class);
        if (options == null) return out;
        List<String> names = java.util.Arrays.stream(Field.values()).filter(x -> x != Field.EVENT_ID).map(Field::name).toList();
        options.set().forEach((k, value) -> {
            String name = k == null ? "" : k.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!names.contains(name)) {
                throw new LocalizedException("rules.set.badField", k, String.join(", ", names));
            }
            if (value == null || value.isBlank()) throw new LocalizedException("rules.set.noValue", k);
            out.put(Field.valueOf(name), value.strip());
        });
        return out;
    }

    private CfxWrapper cfxWrapper(String spec) {
        if (spec == null || spec.isBlank()) return CfxWrapper.AUTO;
        String text = spec;
        try {
            Path p = Path.of(spec.strip());
            if (Files.isRegularFile(p)) text = Files.readString(p);
        } catch (java.nio.file.InvalidPathException e) {
            // not a file name: the setting itself
        } catch (IOException e) {
            throw cannotRead(Path.of(spec), e.getMessage(), e);
        }
        try {
            return CfxWrapper.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LocalizedException("rules.cfxWrapper.bad", e.getMessage()).withCause(e);
        }
    }

    private ParseContext context(Path file, MasterData master, ImportOptions options, ZoneId zone) {
        return new ParseContext(file.getFileName().toString(), master, zone, options == null ? null : options.defaultLine(),
                options == null ? null : options.defaultJob());
    }

    @Override
    public Preview preview(Path file, ImportOptions options, int maxRows) {
        MasterData master = masterData.current();
        RecordValidator v = validator(master);
        RecordParser chosen = parserFor(file, options);
        try (InputStream raw = Files.newInputStream(file); BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024)) {
            boolean auto = chosen == null;
            RecordParser parser = chosen;
            if (auto) {
                in.mark(64 * 1024 + 1);
                byte[] head = in.readNBytes(64 * 1024);
                in.reset();
                FormatDetector detector = new FormatDetector();
                parser = detector.detect(head, file.getFileName().toString()).orElseThrow(() -> detector.unknown(head,
                        file.getFileName().toString()));
            }
            Iterator<SourceRow> rows = parser.rows(in, context(file, master, options, v.config().zone()));
            String header = NativeCsvParser.headerOf(rows);
            List<String> columns = header != null ? CsvTokenizer.split(header, CsvTokenizer.sniffDelimiter(header))
                    : java.util.Arrays.stream(Field.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
            Occurrences occ = new Occurrences();
            TimeParser times = new TimeParser(v.config().zone());
            Instant now = clock.instant();
            String op = options == null ? null : options.operatorId();
            List<IngestPipeline.Verdict> verdicts = new ArrayList<>();
            while (verdicts.size() < maxRows && rows.hasNext()) {
                verdicts.add(IngestPipeline.judge(rows.next(), v, op, parser.format(), occ, times, now,
                        options == null ? null : options.defaultLine(), options == null ? null : options.defaultJob()));
            }
            Set<String> ids = new HashSet<>();
            for (var x : verdicts) if (x.record() != null) ids.add(x.record().eventId());
            Set<String> stored = ingest.stored(ids);
            // A count held without a job already (the same file imported before without --job) is a duplicate too.
            Set<String> heldIds = new HashSet<>();
            for (var x : verdicts) if (x.jobUnknown()) heldIds.add(x.record().eventId());
            Set<String> held = ingest.heldAlready(heldIds);
            Set<String> seenInPreview = new HashSet<>();
            List<PreviewRow> out = new ArrayList<>();
            for (var x : verdicts) {
                String status;
                List<RuleProblem> ps = new ArrayList<>(x.problems());
                if (x.skipped()) status = "SKIP";
                else if (x.record() == null) status = "REJECT";
                else if (x.jobUnknown() && !stored.contains(x.record().eventId()) && !held.contains(x.record().eventId())
                        && seenInPreview.add(x.record().eventId())) {
                    status = "UNASSIGNED";
                    ps.add(0, RuleProblem.warning(x.row().rowNo(), RecordValidator.F_JOB, "", "rules.job.unknown",
                            dev.smtconsole.ingest.ParseProblem.nestedEncoded(List.of(x.unassigned()))));
                } else if (x.jobUnknown()) {
                    status = "DUPLICATE";
                    ps.add(RuleProblem.warning(x.row().rowNo(), "event_id", x.record().eventId(), "rules.duplicate.eventId"));
                } else if (stored.contains(x.record().eventId()) || !seenInPreview.add(x.record().eventId())) {
                    status = "DUPLICATE";
                    ps.add(RuleProblem.warning(x.row().rowNo(), "event_id", x.record().eventId(), "rules.duplicate.eventId"));
                } else status = ps.isEmpty() ? "ACCEPT" : "WARN";
                out.add(new PreviewRow(x.row().rowNo(), x.row().rawText(), status, toProblems(ps)));
            }
            return new Preview(parser.format(), auto, columns, out);
        } catch (FormatException e) {
            throw inFile(file, e);
        } catch (IOException | UncheckedIOException e) {
            throw cannotRead(file, e.getMessage(), e);
        }
    }

    @Override
    public ImportResult importFile(Path file, ImportOptions options, Progress progress, BooleanSupplier cancelled) {
        return imports(options).importFile(file, progress, cancelled);
    }

    /**
     * The operator is checked, and the master data and the rules' settings are read, once for all the
     * files (they cost a round trip each, per file, where a board's log of 200 rows is one chunk); the
     * shared CFX wrapper setting once, when a file first needs it. Settings changed while the files
     * are imported apply to the next import.
     */
    @Override
    public FileImports imports(ImportOptions options) {
        String operator = options == null ? null : options.operatorId();
        if (operator == null || operator.isBlank()) {
            throw new LocalizedException("rules.operator.missing");
        }
        if (!masterData.isAcceptableOperator(operator)) {
            throw new LocalizedException("rules.operator.notKnown", operator.strip());
        }
        MasterData master = masterData.current();
        RecordValidator v = validator(master);
        java.util.function.Supplier<String> wrapperSetting = new java.util.function.Supplier<>() {
            private java.util.Optional<String> read;

            @Override
            public String get() {
                if (read == null) read = java.util.Optional.ofNullable(cfxWrapperSetting());
                return read.orElse(null);
            }
        };
        java.util.function.Function<Path, IngestPipeline.Request> request = file -> {
            if (!Files.isRegularFile(file)) throw new LocalizedException("rules.import.noSuchFile", file.toString());
            RecordParser parser = parserFor(file, options, wrapperSetting);
            return new IngestPipeline.Request(file, parser, context(file, master, options, v.config().zone()), v,
                    operator.strip(), locale, chunkSize);
        };
        return new FileImports() {
            @Override
            public ImportResult importFile(Path file, Progress progress, BooleanSupplier cancelled) {
                var req = request.apply(file);
                try {
                    return result(ingest.importFile(req, progressOf(progress), orNever(cancelled)));
                } catch (RuntimeException e) {
                    throw told(file, e);
                }
            }

            /** Small files many to a transaction (ADR 0035, on H2 too: ADR 0036); each still its own batch. */
            @Override
            public void importFiles(List<Path> files, Progress progress, BooleanSupplier cancelled, Outcome outcome) {
                List<java.util.function.Supplier<IngestPipeline.Request>> requests = files.stream()
                        .<java.util.function.Supplier<IngestPipeline.Request>>map(f -> () -> request.apply(f)).toList();
                ingest.importFiles(requests, progressOf(progress), orNever(cancelled),
                        (i, r, failure) -> outcome.done(files.get(i), r == null ? null : result(r),
                                failure == null ? null : told(files.get(i), failure)));
            }
        };
    }

    private static IngestPipeline.Progress progressOf(Progress progress) {
        return (rows, bytes, total) -> {
            if (progress != null) progress.update(rows, bytes, total);
        };
    }

    private static BooleanSupplier orNever(BooleanSupplier cancelled) {
        return cancelled == null ? () -> false : cancelled;
    }

    private static ImportResult result(IngestPipeline.Result r) {
        return new ImportResult(r.batchId(), r.fileName(), r.format(), r.read(), r.accepted(), r.rejected(), r.duplicates(),
                r.skipped(), r.warnings(), r.cancelled(), r.message(), r.firstRejected() == null ? null
                : r.firstRejected().reasons(), r.unassigned());
    }

    /** A failure of a file's import as the user is told it: where in the file, or that it cannot be read. */
    private RuntimeException told(Path file, RuntimeException e) {
        if (e instanceof FormatException f) return inFile(file, f);
        if (e instanceof UncheckedIOException u) return cannotRead(file, u.getCause().getMessage(), u);
        return e;
    }

    @Override
    public List<BatchSummary> history(int limit) {
        // Batches whose import died (kill -9, a lost connection) show as interrupted, not running forever.
        store.batches().sweepInterrupted(staleAfter);
        return store.batches().batches(limit).stream().map(b -> new BatchSummary(b.id(), b.fileName(), b.sha256(), b.format(),
                b.operatorId(), b.startedAt(), b.finishedAt(), b.status(), b.read(), b.accepted(), b.rejected(), b.duplicates(),
                b.skipped(), b.voided(), b.voidReason(), b.unassigned())).toList();
    }

    // ---------- counts without a job (issue 13, ADR 0027) ----------

    @Override
    public List<EventSink.Held> unassigned(EventSink.HeldQuery query, int limit) {
        requireKnown(query);
        return ingest.held(query, limit);
    }

    @Override
    public EventSink.Assigned assignJob(EventSink.HeldQuery query, String jobNo, String operatorId, String reason) {
        if (operatorId == null || operatorId.isBlank()) throw new LocalizedException("unassigned.error.operatorMissing");
        if (!masterData.isAcceptableOperator(operatorId)) {
            throw new LocalizedException("unassigned.error.operatorUnknown", operatorId.strip());
        }
        MasterData master = masterData.current();
        List<RuleProblem> problems = new ArrayList<>();
        String job = validator(master).checkJob(0, RecordValidator.F_JOB, jobNo, problems);
        if (job == null) {
            throw new LocalizedException("unassigned.error.job", jobNo == null ? "" : jobNo.strip(),
                    RuleMessages.render(locale, problems.get(0)));
        }
        requireKnown(query);
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw new LocalizedException("unassigned.error.range");
        }
        return ingest.assign(query, job, master, operatorId.strip(), reason);
    }

    private void requireKnown(EventSink.HeldQuery q) {
        MasterData master = masterData.current();
        if (q.lineCode() != null && master.line(q.lineCode()).isEmpty()) {
            throw new LocalizedException("unassigned.error.line", q.lineCode());
        }
        if (q.machineCode() != null && master.machine(q.machineCode()).isEmpty()) {
            throw new LocalizedException("unassigned.error.machine", q.machineCode());
        }
    }

    /** Ids of the batches with data on a line (batch list --line). */
    public Set<Long> batchesWithDataOn(String lineCode) {
        return masterData.current().line(lineCode).map(l -> store.batches().batchIdsOnLine(l.id())).orElse(Set.of());
    }

    @Override
    public void voidBatch(long batchId, String reason, String operatorId) {
        requireVoidArgs(reason, operatorId);
        if (!store.voids().batchExists(batchId)) throw new LocalizedException("rules.void.noBatch", batchId);
        // The check and the subtraction are one step in the store: a second void at the same time claims nothing.
        if (store.voids().voidEvents("batch_id", batchId, "import_batch", reason.strip(), operatorId.strip(), clock.instant()) < 0) {
            if (store.voids().isBatchVoided(batchId)) throw new LocalizedException("rules.void.alreadyVoid", batchId);
            throw new LocalizedException("rules.void.running", batchId);
        }
        store.database().changeFeed().publish();
    }

    @Override
    public long exportRejected(long batchId, Path out) {
        if (!store.voids().batchExists(batchId)) throw new LocalizedException("rules.void.noBatch", batchId);
        String reasonHeader = RuleMessages.format(locale, "rules.field.reason");
        String extraHeader = RuleMessages.format(locale, "rules.field.extraCells");
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8))) {
            w.write('\uFEFF'); // so Excel opens it as UTF-8
            long[] written = {0};
            int[] width = {-1};
            char[] delim = {','};
            // A first pass: does any row have cells beyond the header's? Only then is there an extra-cells column.
            boolean[] extras = {false};
            // An earlier export's reason column (a re-import of an export) is dropped from its rows.
            int[] oldReason = {-1};
            store.batches().rejectedRows(batchId, r -> {
                if (r.rowNo() == 0) {
                    delim[0] = CsvTokenizer.sniffDelimiter(r.rawText());
                    List<String> header = CsvTokenizer.split(r.rawText(), delim[0]);
                    width[0] = exportWidth(header);
                    if (!header.isEmpty() && isReasonColumn(header.get(header.size() - 1))) oldReason[0] = header.size() - 1;
                } else if (width[0] >= 0 && !extras[0]) {
                    extras[0] = !extraCells(splitRecord(r.rawText(), delim[0]), width[0], oldReason[0], delim[0]).isEmpty();
                }
            });
            String extraColumn = extras[0] ? extraHeader : null;
            width[0] = -1;
            store.batches().rejectedRows(batchId, r -> {
                try {
                    if (r.rowNo() == 0) {
                        List<String> header = CsvTokenizer.split(r.rawText(), delim[0]);
                        // A re-import of an export already has the reason (and extra cells) columns: replace them.
                        header = header.subList(0, exportWidth(header));
                        width[0] = header.size();
                        writeCsvLine(w, header, extraColumn, reasonHeader);
                        return;
                    }
                    if (width[0] < 0) {
                        writeCsvLine(w, List.of("row", "raw_text"), null, reasonHeader);
                        width[0] = -2;
                    }
                    if (width[0] == -2) {
                        writeCsvLine(w, List.of(String.valueOf(r.rowNo()), r.rawText()), null, r.reasons());
                    } else {
                        // The header's columns keep their place; a row's extra cells go to one column of their own.
                        List<String> fields = new ArrayList<>(splitRecord(r.rawText(), delim[0]));
                        String extra = extraCells(fields, width[0], oldReason[0], delim[0]);
                        if (fields.size() > width[0]) fields = new ArrayList<>(fields.subList(0, width[0]));
                        while (fields.size() < width[0]) fields.add("");
                        writeCsvLine(w, fields, extraColumn == null ? null : extra, r.reasons());
                    }
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return written[0];
        } catch (IOException | UncheckedIOException e) {
            throw new LocalizedException("rules.import.cannotWrite", out.toString(), String.valueOf(e.getMessage())).withCause(e);
        }
    }

    /** A row's cells beyond the header's columns (an earlier export's reason cell left out), joined; "" when all blank. */
    private static String extraCells(List<String> fields, int width, int oldReason, char delimiter) {
        List<String> beyond = new ArrayList<>();
        for (int i = width; i < fields.size(); i++) if (i != oldReason) beyond.add(fields.get(i));
        return beyond.stream().allMatch(String::isBlank) ? "" : String.join(String.valueOf(delimiter), beyond);
    }

    /** The header's width without the reason and extra-cells columns an earlier export added. */
    private static int exportWidth(List<String> header) {
        int n = header.size();
        if (n > 0 && isReasonColumn(header.get(n - 1))) {
            n--;
            if (n > 0 && isExtraColumn(header.get(n - 1))) n--;
        }
        return n;
    }

    private static boolean isReasonColumn(String name) {
        return isNamed(name, "reason", "rules.field.reason");
    }

    private static boolean isExtraColumn(String name) {
        return isNamed(name, "extra_cells", "rules.field.extraCells");
    }

    private static boolean isNamed(String name, String plain, String key) {
        String n = name.strip();
        return n.equalsIgnoreCase(plain) || n.equals(RuleMessages.format(Locale.ENGLISH, key))
                || n.equals(RuleMessages.format(Locale.SIMPLIFIED_CHINESE, key));
    }

    private static List<String> splitRecord(String raw, char delimiter) {
        var rec = new CsvTokenizer(new java.io.StringReader(raw == null ? "" : raw), delimiter).next();
        return rec == null ? List.of() : rec.fields();
    }

    /**
     * One line of the rejects export: the header's columns, the extra cells (null: no such column),
     * then the reason. Every cell goes through {@link dev.smtconsole.report.CsvSafe} (formula
     * injection): the file is meant for Excel.
     */
    private static void writeCsvLine(Writer w, List<String> fields, String extra, String reason) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> cells = new ArrayList<>(fields);
        if (extra != null) cells.add(extra);
        cells.add(reason);
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            String cell = cells.get(i) == null ? "" : cells.get(i);
            sb.append(CsvTokenizer.quote(dev.smtconsole.report.CsvSafe.cell(cell), ','));
        }
        w.write(sb.append("\r\n").toString());
    }

    // ---------- problems ----------

    static Problem problem(RuleProblem p) {
        List<Object> args = new ArrayList<>(3 + p.extra().size());
        args.add(String.valueOf(p.rowNo()));
        args.add(p.field());
        args.add(p.value());
        args.addAll(p.extra());
        return new Problem(p.rowNo(), p.field(), p.value(), p.key(), args, p.warning());
    }

    static List<Problem> toProblems(List<RuleProblem> ps) {
        return ps.stream().map(DefaultIngestService::problem).toList();
    }


    @Override
    public java.util.Optional<String> sourceText(String eventId) {
        return store.batches().sourceText(eventId);
    }

    /** "Cannot read FILE: why" in the reader's language; the I/O cause kept for --verbose. */
    private static LocalizedException cannotRead(Path file, String why, Throwable cause) {
        return new LocalizedException("rules.import.cannotRead", file.toString(), String.valueOf(why)).withCause(cause);
    }

    /** A parser's keyed reason, prefixed with the file's name. */
    private static LocalizedException inFile(Path file, FormatException e) {
        return new LocalizedException("rules.import.inFile", String.valueOf(file.getFileName()),
                (LocalizedException.Phrase) l -> RuleMessages.format(l, e.key(), e.args().toArray())).withCause(e);
    }
}
