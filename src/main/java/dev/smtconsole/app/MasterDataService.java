package dev.smtconsole.app;

import dev.smtconsole.domain.MachineKind;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.store.MasterDataRepository;
import dev.smtconsole.store.MasterDataRepository.MachineRow;
import dev.smtconsole.store.MasterDataRepository.UpsertResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Lines, machines and operators: import from CSV, and the cached snapshot the rules use. */
public final class MasterDataService {
    public static final List<String> MACHINE_HEADER = List.of("line", "machine", "position", "kind", "name", "aliases");
    public static final List<String> OPERATOR_HEADER = List.of("operator_id", "name");

    private final MasterDataRepository repository;
    private final AtomicReference<MasterData> cache = new AtomicReference<>();

    public MasterDataService(MasterDataRepository repository) {
        this.repository = repository;
    }

    /** The current snapshot (loaded once, refreshed after every master-data change). */
    public MasterData current() {
        MasterData m = cache.get();
        if (m == null) {
            m = repository.load();
            cache.set(m);
        }
        return m;
    }

    /** The master data last known (the outbox's snapshot, ADR 0032) for a console started while the server is away. */
    void assume(MasterData last) {
        cache.compareAndSet(null, last);
    }

    public MasterData reload() {
        cache.set(null);
        return current();
    }

    /**
     * DESIGN §5 rule 1, the one rule for the importing operator and every audited action (voids,
     * settings, report and in/out edits): an operator id is acceptable when no operator list exists,
     * or when it is in the list. A miss is checked once more against a fresh load, since another
     * console may have added the operator since this one loaded its master data.
     */
    public boolean isAcceptableOperator(String operatorId) {
        if (operatorId == null || operatorId.isBlank()) return false;
        MasterData m = current();
        if (!m.hasOperatorList() || m.isKnownOperator(operatorId.strip())) return true;
        m = reload();
        return !m.hasOperatorList() || m.isKnownOperator(operatorId.strip());
    }

    public enum Kind { MACHINES, OPERATORS }

    public record ImportSummary(Kind kind, int rows, UpsertResult result) {
        public String describe() {
            return String.format(Locale.ROOT, "%s: %d rows, %d created, %d updated, %d unchanged",
                    kind == Kind.MACHINES ? "lines and machines" : "operators", rows,
                    result.created(), result.updated(), result.unchanged());
        }
    }

    public ImportSummary importFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return importCsv(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new LocalizedException("master.error.read", file, e.getMessage());
        }
    }

    /** Imports a master-data CSV; which kind is told by its header. Idempotent. */
    public ImportSummary importCsv(InputStream in, String name) throws IOException {
        byte[] bytes = in.readAllBytes();
        int skip = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try (Reader reader = new InputStreamReader(new java.io.ByteArrayInputStream(bytes, skip, bytes.length - skip), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .setIgnoreEmptyLines(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            ImportSummary summary;
            if (header.containsAll(MACHINE_HEADER.subList(0, 4))) {
                summary = importMachines(parser, name);
            } else if (header.contains("operator_id")) {
                summary = importOperators(parser, name);
            } else {
                throw new LocalizedException("master.error.header", name, String.join(",", header),
                        String.join(",", MACHINE_HEADER), String.join(",", OPERATOR_HEADER));
            }
            reload();
            return summary;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new LocalizedException("master.error.csv", name, e.getMessage());
        }
    }

    private ImportSummary importMachines(CSVParser parser, String name) {
        List<MachineRow> rows = new ArrayList<>();
        for (CSVRecord r : parser) {
            long rowNo = r.getRecordNumber() + 1;
            String line = value(r, "line");
            String machine = value(r, "machine");
            String positionText = value(r, "position");
            String kindText = value(r, "kind");
            if (line.isEmpty()) throw rowError(name, rowNo, "line", line, new LocalizedException.Text("master.rule.required"));
            if (machine.isEmpty()) throw rowError(name, rowNo, "machine", machine, new LocalizedException.Text("master.rule.required"));
            int position;
            try {
                position = Integer.parseInt(positionText);
            } catch (NumberFormatException e) {
                throw rowError(name, rowNo, "position", positionText, new LocalizedException.Text("master.rule.notWhole"));
            }
            MachineKind kind = MachineKind.parse(kindText);
            if (kind == null) throw rowError(name, rowNo, "kind", kindText,
                    new LocalizedException.Text("master.rule.oneOf", Arrays.toString(MachineKind.values())));
            String aliasText = value(r, "aliases");
            List<String> aliases = aliasText.isEmpty() ? List.of()
                    : Arrays.stream(aliasText.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
            String display = value(r, "name");
            rows.add(new MachineRow(line, machine, position, kind, display.isEmpty() ? null : display, aliases));
        }
        return new ImportSummary(Kind.MACHINES, rows.size(), repository.upsertMachines(rows));
    }

    private ImportSummary importOperators(CSVParser parser, String name) {
        Map<String, String> ops = new LinkedHashMap<>();
        for (CSVRecord r : parser) {
            long rowNo = r.getRecordNumber() + 1;
            String id = value(r, "operator_id");
            if (id.isEmpty()) throw rowError(name, rowNo, "operator_id", id, new LocalizedException.Text("master.rule.required"));
            String display = value(r, "name");
            ops.put(id, display.isEmpty() ? null : display);
        }
        return new ImportSummary(Kind.OPERATORS, ops.size(), repository.upsertOperators(ops));
    }

    private static String value(CSVRecord r, String column) {
        for (String h : r.getParser().getHeaderNames()) {
            if (h.trim().equalsIgnoreCase(column)) return r.isSet(h) ? r.get(h).trim() : "";
        }
        return "";
    }

    private static LocalizedException rowError(String file, long row, String field, String value, LocalizedException.Text rule) {
        return new LocalizedException("master.error.row", file, String.valueOf(row), field, value, rule);
    }

    public void setLineTarget(String lineCode, Integer perHour) {
        repository.setLineTarget(lineCode, perHour);
        reload();
    }
}
