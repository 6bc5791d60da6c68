package dev.smtconsole.bench;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourcesBenchFolderFileTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant FROM = Instant.parse("2026-11-24T01:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T07:00:00Z");

    @Test
    void theSameArgumentsGiveTheSameBytes(@TempDir Path dir) throws Exception {
        SourcesBench.folderFile(dir.resolve("a.csv"), 1_000, "HOT", FROM, TO, ZONE);
        SourcesBench.folderFile(dir.resolve("b.csv"), 1_000, "HOT", FROM, TO, ZONE);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")));
    }

    @Test
    void rowsHaveOwnIdsAndLieInTheWindow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.csv");
        var totals = SourcesBench.folderFile(file, 1_001, "HOT", FROM, TO, ZONE);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(ImportBench.HEADER, lines.get(0));
        assertEquals(1_001, lines.size() - 1);
        assertEquals(1_001, totals.rows());
        var ids = new HashSet<String>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertTrue(ids.add(f[0]), "id twice: " + f[0]);
            Instant end = OffsetDateTime.parse(f[1]).toInstant(), start = OffsetDateTime.parse(f[2]).toInstant();
            assertFalse(end.isBefore(start), line);
            assertFalse(start.isBefore(FROM) || end.isAfter(TO), line);
            assertEquals("L1", f[3]);
        }
    }

    @Test
    void theProductsImportAcceptsEveryRowWithTheSumsTheBenchWaitsFor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.csv");
        var totals = SourcesBench.folderFile(file, 2_000, "HOT", FROM, TO, ZONE);
        try (AppServices s = new AppServices(Database.open(TestDatabases.h2(dir)), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data/lines.csv"));
            s.masterData().importFile(Path.of("sample-data/operators.csv"));
            var r = s.ingest().importFile(file, new IngestService.ImportOptions("csv", "OP1001", "L1", null), null, () -> false);
            assertEquals(2_000, r.accepted(), r.message());
            long[] sums = s.database().jdbc(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT SUM(picks), SUM(placements) FROM production_event");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2)};
                }
            });
            assertArrayEquals(new long[]{totals.picks(), totals.placements()}, sums);
        }
    }
}
