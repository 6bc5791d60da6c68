package dev.smtconsole.cli;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.domain.MasterData;
import dev.smtconsole.ingest.ParseContext;
import dev.smtconsole.ingest.registry.Parsers;
import dev.smtconsole.ingest.RecordParser;
import dev.smtconsole.ingest.profile.Presets;
import dev.smtconsole.ingest.profile.ProfileParser;
import dev.smtconsole.store.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code bench formats}: rows/s of the IPC-CFX and import-profile formats against the native CSV,
 * for the same number of counter rows, parse only and parse + import into a fresh H2 database
 * (issue 4 target: within 2× of the native CSV). Uses its own temporary databases, never the
 * user's.
 */
@Command(name = "formats", description = "Benchmark CFX and profile imports against the native CSV (same counter rows; temporary H2 databases).")
final class BenchFormatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "50000", description = "Counter rows per file (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per measurement; the median is reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the figures as Markdown to this file.")
    Path out;

    private static final String LINES = """
            line,machine,position,kind,name,aliases
            L1,L1-M1,1,PLACEMENT,bench M1,CFX.L1.M1|YSM20R-00123
            L1,L1-M2,2,PLACEMENT,bench M2,CFX.L1.M2|YSM20R-00124
            L1,L1-M3,3,PLACEMENT,bench M3,CFX.L1.M3|YSM20R-00125
            """;
    private static final String OPERATORS = "operator_id,name\nOP1001,bench\n";
    private static final OffsetDateTime START = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8));

    record Figure(String format, double parseRowsPerSec, double importRowsPerSec, long accepted) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("smt-bench-formats");
        try {
            Files.writeString(dir.resolve("lines.csv"), LINES);
            Files.writeString(dir.resolve("operators.csv"), OPERATORS);
            Map<String, Path> files = new LinkedHashMap<>();
            files.put("csv", writeNative(dir.resolve("native.csv"), false));
            // The same CSV with random GUID event ids, as CFX UniqueIDs and derived ids are: separates the
            // cost of random keys in the unique index from the cost of the format.
            files.put("csv-guid", writeNative(dir.resolve("native-guid.csv"), true));
            files.put("cfx", writeCfx(dir.resolve("cfx.jsonl")));
            files.put("profile", writeLotLog(dir.resolve("lotlog.csv")));
            o.printf("bench formats: %d counter rows per file, %d runs, median%n", rows, runs);
            // One unmeasured warm-up round (JIT, H2 start-up), then the runs interleaved across
            // formats so that a noisy moment on the shared machine does not favour one format.
            for (var e : files.entrySet()) once(e.getKey(), e.getValue(), dir, "warmup");
            Map<String, double[][]> samples = new LinkedHashMap<>();
            Map<String, Long> accepted = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (var e : files.entrySet()) {
                    double[] r = once(e.getKey(), e.getValue(), dir, "run" + run);
                    samples.computeIfAbsent(e.getKey(), k -> new double[2][runs]);
                    samples.get(e.getKey())[0][run] = r[0];
                    samples.get(e.getKey())[1][run] = r[1];
                    accepted.put(e.getKey(), (long) r[2]);
                }
            }
            List<Figure> figures = new ArrayList<>();
            for (var e : samples.entrySet()) {
                Figure f = new Figure(e.getKey(), median(e.getValue()[0]), median(e.getValue()[1]), accepted.get(e.getKey()));
                figures.add(f);
                o.printf("  %-8s parse %,12.0f rows/s   parse+import %,10.0f rows/s   (accepted %d)%n", f.format(),
                        f.parseRowsPerSec(), f.importRowsPerSec(), f.accepted());
            }
            Figure base = figures.get(0), guid = figures.get(1);
            for (Figure f : figures.subList(2, figures.size())) {
                o.printf("  %-8s csv/this rows/s: parse %.2f, parse+import %.2f (target <= 2.00); csv-guid/this: parse+import %.2f%n",
                        f.format(), base.parseRowsPerSec() / f.parseRowsPerSec(), base.importRowsPerSec() / f.importRowsPerSec(),
                        guid.importRowsPerSec() / f.importRowsPerSec());
            }
            if (out != null) writeMarkdown(out, figures);
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    /** One parse-only pass and one import into a fresh database: {parse rows/s, import rows/s, accepted}. */
    private double[] once(String name, Path file, Path dir, String tag) throws IOException {
        String format = name.startsWith("csv") ? "csv" : name;
        RecordParser parser = format.equals("profile") ? new ProfileParser(Presets.find("yamaha-lotlog").orElseThrow())
                : Parsers.byName(format).orElseThrow();
        Path dbDir = dir.resolve("db-" + name + "-" + tag);
        try (AppServices services = AppServices.open(DatabaseConfig.h2File(dbDir.resolve("bench")))) {
            services.masterData().importFile(dir.resolve("lines.csv"));
            services.masterData().importFile(dir.resolve("operators.csv"));
            MasterData master = services.masterData().current();
            long t0 = System.nanoTime();
            long n = 0;
            try (InputStream in = Files.newInputStream(file)) {
                var it = parser.rows(in, new ParseContext(file.getFileName().toString(), master, START.toZonedDateTime().getZone(), null));
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            double parse = n / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            var r = services.ingest().importFile(file, new IngestService.ImportOptions(format, "OP1001", null,
                    format.equals("profile") ? "yamaha-lotlog" : null), null, () -> false);
            double imp = rows / ((System.nanoTime() - t1) / 1e9);
            if (r.rejected() > 0) throw new IllegalStateException(format + ": " + r.rejected() + " rows rejected in the benchmark file");
            return new double[]{parse, imp, r.accepted()};
        } finally {
            deleteTree(dbDir);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** Native template: one interval row per machine, round-robin over 3 machines. */
    private Path writeNative(Path p, boolean guids) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("event_id,event_time,start_time,line,machine,job,product_model,boards,picks,placements,rejects,operator_id,remark\n");
            for (int i = 0; i < rows; i++) {
                OffsetDateTime end = START.plusSeconds(10L * (i + 1));
                w.write((guids ? UUID.randomUUID().toString() : "N-" + i) + "," + ISO.format(end) + "," + ISO.format(end.minusSeconds(10)) + ",L1,L1-M" + (i % 3 + 1)
                        + ",M008502,2THT303662R3001 TOP,1,111,110,1,OP1001,\n");
            }
        }
        return p;
    }

    /** IPC-CFX JSON Lines: WorkStarted per machine, then ComponentsPlaced windows. */
    private Path writeCfx(Path p) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            for (int m = 1; m <= 3; m++) {
                w.write("{\"MessageName\":\"CFX.Production.WorkStarted\",\"Version\":\"2.1\",\"TimeStamp\":\"" + ISO.format(START)
                        + "\",\"UniqueID\":\"" + UUID.randomUUID() + "\",\"Source\":\"CFX.L1.M" + m + "\",\"Target\":null,\"RequestID\":null,"
                        + "\"MessageBody\":{\"$type\":\"CFX.Production.WorkStarted, CFX\",\"TransactionID\":\"" + UUID.randomUUID()
                        + "\",\"Lane\":1,\"UnitCount\":1,\"RecipeName\":\"2THT303662R3001 TOP\",\"WorkOrderIdentifier\":{\"WorkOrderId\":\"M008502\",\"Batch\":null}}}\n");
            }
            for (int i = 0; i < rows; i++) {
                OffsetDateTime end = START.plusSeconds(10L * (i + 1));
                w.write("{\"MessageName\":\"CFX.ResourcePerformance.SMTPlacement.ComponentsPlaced\",\"Version\":\"2.1\",\"TimeStamp\":\""
                        + ISO.format(end.plusNanos(273_000_000)) + "\",\"UniqueID\":\"" + UUID.randomUUID() + "\",\"Source\":\"CFX.L1.M"
                        + (i % 3 + 1) + "\",\"Target\":null,\"RequestID\":null,\"MessageBody\":{\"$type\":\"CFX.ResourcePerformance."
                        + "SMTPlacement.ComponentsPlaced, CFX\",\"StartTime\":\"" + ISO.format(end.minusSeconds(10)) + "\",\"EndTime\":\""
                        + ISO.format(end) + "\",\"TotalComponentsPlaced\":110,\"TotalComponentsNotPlaced\":1}}\n");
            }
        }
        return p;
    }

    /** Yamaha-style LotLog (cumulative), read with the preset. */
    private Path writeLotLog(Path p) throws IOException {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("YAMAHA MIS LOT LOG\nMachine: YSM20R-00124  Output: 2025/01/01 00:00:00\n");
            w.write("programName,startDate,finishDate,boardCounterMax,boardSerialNo,finishFlag,mountCTA,mountCTB,mountCTC,mountCTD,"
                    + "pickUpError,partsVisionError,coplanarityError,markVisionError,transferError,otherError,ngBlocks,mountedBlocks,"
                    + "stage,lane,boardID,productionModel,surfaceInfo,productionLot,producedBoards,mountPoints,partsConsumption,workingRatio\n");
            for (int i = 0; i < rows; i++) {
                long k = i + 1;
                w.write("2THT303662R3001-TOP," + f.format(START) + "," + f.format(START.plusSeconds(10 * k)) + ",2000," + k
                        + ",1,21.40,20.50,0.00,0.00," + k + ",0,0,0,0,0,0," + (4 * k) + ",1,1,,2THT303662R3001,TOP,M008502," + k + ","
                        + (110 * k) + "," + (111 * k) + ",82.8\n");
            }
        }
        return p;
    }

    private void writeMarkdown(Path file, List<Figure> figures) {
        Figure base = figures.get(0);
        StringBuilder sb = new StringBuilder();
        Figure guid = figures.get(1);
        sb.append("| format | parse rows/s | parse + import rows/s | csv ÷ this (import) | csv-guid ÷ this (import) | accepted |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Figure f : figures) {
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %d |%n", f.format(), f.parseRowsPerSec(),
                    f.importRowsPerSec(), base.importRowsPerSec() / f.importRowsPerSec(), guid.importRowsPerSec() / f.importRowsPerSec(),
                    f.accepted()));
        }
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
