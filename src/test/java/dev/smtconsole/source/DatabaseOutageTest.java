package dev.smtconsole.source;

import dev.smtconsole.TcpProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import static dev.smtconsole.source.CfxBrokerSourceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared PostgreSQL database going away under a running CFX source (a proxy of the test's own
 * cuts every connection and refuses new ones): nothing is acknowledged that was not committed, the
 * source says it is reconnecting, and when the database is back every message counts exactly once.
 */
class DatabaseOutageTest {

    @Test
    void theDatabaseGoingAwayMidStreamLosesAndDoublesNothing() throws Exception {
        DatabaseConfig direct = TestDatabases.postgres();
        URI u = URI.create(direct.url().substring("jdbc:".length()));
        String queue = Broker.newQueue();
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() > 0 ? u.getPort() : 5432)) {
            DatabaseConfig viaProxy = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath(), direct.user(),
                    direct.password(), direct.schema());
            try (AppServices s = new AppServices(Database.open(viaProxy), Clock.systemUTC())) {
                s.masterData().importFile(Path.of("sample-data", "lines.csv"));
                s.masterData().importFile(Path.of("sample-data", "operators.csv"));
                s.sources().add(new SourceService.SourceDef("db-outage", true, new SourceSettings.Cfx("amqp://127.0.0.1:5672", queue,
                        "guest", CfxBrokerSourceTest.PASSWORD_VAR, "OP1001", 50)), "OP1001");
                List<String> stream = Broker.boards(1500, "CFX.L1.M2", "M008502");
                Broker.publish(queue, stream);
                try (SourceRunner runner = new SourceRunner(s.sources(), v -> "guest", Clock.systemUTC())) {
                    runner.start();
                    await(() -> boards(direct) >= 100, 60, "some boards counted");
                    proxy.cut();
                    await(() -> runner.status("db-outage").orElseThrow().state() == SourceService.State.RECONNECTING, 60,
                            "the source says it is reconnecting");
                    long during = boards(direct);
                    assertThat(during).isLessThan(1500);
                    proxy.restore();
                    await(() -> boards(direct) >= 1500, 180, "every board counted once the database is back");
                    assertThat(runner.status("db-outage").orElseThrow().errors()).isPositive();
                }
                assertThat(boards(direct)).isEqualTo(1500);
                assertThat(scalar(direct, "SELECT COUNT(*) FROM %s.production_event")).isEqualTo(1500);
                assertThat(Broker.drain(queue)).as("every message was accepted").isZero();
            }
        } finally {
            Broker.drain(queue);
            TestDatabases.dropSchema(direct);
        }
    }

    @Test
    void aHotFolderImportTheDatabaseDroppedIsTakenUpAgainWhenItIsBack(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        DatabaseConfig direct = TestDatabases.postgres();
        URI u = URI.create(direct.url().substring("jdbc:".length()));
        int rows = 150_000;
        Path folder = java.nio.file.Files.createDirectories(tmp.resolve("drop"));
        Path big = tmp.resolve("big.csv");
        try (var w = java.nio.file.Files.newBufferedWriter(big)) {
            w.write("event_id,event_time,line,machine,job,boards,picks,placements,operator_id\n");
            for (int i = 0; i < rows; i++) {
                w.write("OUT-" + i + ",2026-11-20T" + String.format("%02d:%02d:%02d", 8 + i / 36000 % 10, i / 600 % 60, i / 10 % 60)
                        + "+08:00,L1,L1-M" + (i % 3 + 1) + ",M008502,1,100,99,OP1001\n");
            }
        }
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() > 0 ? u.getPort() : 5432)) {
            DatabaseConfig viaProxy = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath(), direct.user(),
                    direct.password(), direct.schema());
            try (AppServices s = new AppServices(Database.open(viaProxy), Clock.systemUTC())) {
                s.masterData().importFile(Path.of("sample-data", "lines.csv"));
                s.masterData().importFile(Path.of("sample-data", "operators.csv"));
                s.sources().add(new SourceService.SourceDef("outage-folder", true, new SourceSettings.Folder(folder.toString(), null,
                        null, null, "OP1001", 1, 1)), "OP1001");
                try (SourceRunner runner = new SourceRunner(s.sources(), v -> null, Clock.systemUTC())) {
                    runner.start();
                    java.nio.file.Files.move(big, folder.resolve("big.csv"));
                    await(() -> scalar(direct, "SELECT COUNT(*) FROM %s.import_batch") >= 1, 60, "the import started");
                    proxy.cut();
                    await(() -> runner.status("outage-folder").orElseThrow().errors() > 0, 60, "the import failed with the database");
                    assertThat(folder.resolve("big.csv")).as("the file stays while the database is away").exists();
                    proxy.restore();
                    await(() -> java.nio.file.Files.exists(folder.resolve("done/big.csv.report.txt")), 120,
                            "imported once the database is back, without waiting for the claim to go stale");
                }
                assertThat(scalar(direct, "SELECT COUNT(*) FROM %s.production_event")).as("every row once").isEqualTo(rows);
                assertThat(java.nio.file.Files.readString(folder.resolve("done/big.csv.report.txt"))).contains("rejected=0");
            }
        } finally {
            TestDatabases.dropSchema(direct);
        }
    }

    static long boards(DatabaseConfig c) {
        return scalar(c, "SELECT COALESCE(SUM(boards), 0) FROM %s.production_event");
    }

    static long scalar(DatabaseConfig config, String sql) {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql.formatted(config.schema()))) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return 0;
        }
    }
}
