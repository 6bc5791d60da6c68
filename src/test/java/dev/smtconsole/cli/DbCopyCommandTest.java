package dev.smtconsole.cli;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.IngestService;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `db copy`: a standalone console's embedded database moves into the shared one; twice changes nothing. */
class DbCopyCommandTest {
    @TempDir
    Path home;
    String before;
    DatabaseConfig pg;

    @BeforeEach
    void home() {
        before = System.getProperty("smt.home");
        System.setProperty("smt.home", home.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty("smt.home"); else System.setProperty("smt.home", before);
        TestDatabases.dropSchema(pg);
    }

    static long[] totals(AppServices s) {
        return s.database().jdbc(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM production_event),"
                    + " (SELECT SUM(picks) FROM production_event), (SELECT SUM(picks) FROM counter_bucket),"
                    + " (SELECT SUM(boards) FROM counter_bucket), (SELECT COUNT(*) FROM import_batch)")) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
            }
        });
    }

    @Test
    void copiesEveryEventOnceAndASecondRunChangesNothing() {
        DatabaseConfig h2 = TestDatabases.h2(home.resolve("standalone"));
        long[] source;
        try (AppServices s = new AppServices(Database.open(h2), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
            s.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                    new IngestService.ImportOptions("auto", "OP1006", null, null), null, () -> false);
            s.ingest().submitManual(new IngestService.ManualEntry("L1", "M009901", "1016928", 7L, LocalDateTime.of(2026, 11, 3, 8, 0),
                    LocalDateTime.of(2026, 11, 3, 9, 0), List.of("礼"), List.of(new IngestService.MachineCount("L1-M1", 70L, 69L)),
                    null, "OP1001"));
            source = totals(s);
        }
        pg = TestDatabases.postgres();
        String[] args = {"--db", pg.url(), "--db-user", pg.user(), "--db-schema", pg.schema(), "db", "copy", "--from", h2.url(),
                "--operator", "OP1001"};
        var first = CliRunner.run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("events " + source[0] + ", new " + source[0] + ", already there 0");
        assertThat(first.err()).contains("copy: " + source[0] + " / " + source[0] + " events");
        long[] copied;
        try (AppServices s = new AppServices(Database.open(pg), Clock.systemUTC())) {
            copied = totals(s);
            assertThat(s.masterData().current().lines()).hasSize(3);
            assertThat(s.masterData().isAcceptableOperator("OP1006")).isTrue();
        }
        assertThat(copied[0]).isEqualTo(source[0]);
        assertThat(copied[1]).isEqualTo(source[1]);
        assertThat(copied[2]).isEqualTo(source[2]);
        assertThat(copied[3]).isEqualTo(source[3]);

        var second = CliRunner.run(args);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("new 0, already there " + source[0]);
        try (AppServices s = new AppServices(Database.open(pg), Clock.systemUTC())) {
            assertThat(totals(s)).containsExactly(copied);
        }
    }
}
