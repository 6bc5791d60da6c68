package dev.smtconsole.app;

import dev.smtconsole.LostCommitProxy;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A console that starts while its shared database is away (ADR 0032): a command that writes starts on the local
 * outbox with what this PC last knew, and forwards once the server answers and its schema has been checked; one
 * that only reads fails in one sentence. The server is taken away through a proxy the test cuts (or a port nobody
 * listens on) — never the machine's server itself.
 */
class OfflineStartPostgresTest {
    @TempDir
    Path dir;
    DatabaseConfig direct;
    DatabaseConfig proxied;
    LostCommitProxy proxy;
    AppServices services;

    @BeforeEach
    void open() throws Exception {
        direct = TestDatabases.postgres();
        try (AppServices s = new AppServices(Database.open(direct), Clock.systemUTC())) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
        }
        URI uri = URI.create(direct.url().substring(5));
        proxy = new LostCommitProxy(uri.getHost(), uri.getPort(), LostCommitProxy.privateLoopback());
        proxied = new DatabaseConfig("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + uri.getPath()
                + "?connectTimeout=2&socketTimeout=20", direct.user(), direct.password(), direct.schema());
    }

    @AfterEach
    void close() {
        if (services != null) services.close();
        if (proxy != null) proxy.close();
        TestDatabases.dropSchema(direct);
    }

    AppConfig config(DatabaseConfig db) {
        return new AppConfig(db, Clock.systemUTC(), LiveUpdates.Settings.DEFAULT, dir.resolve("config"));
    }

    long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(direct.url(), direct.user(), direct.password());
             Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }

    @Test
    void anImportStartsOnTheOutboxWhileTheServerIsAwayAndArrivesOnceTheSchemaIsChecked() throws Exception {
        AppServices.openForWriting(config(proxied)).close(); // a start that reached the server: what it knew is kept
        proxy.cut();

        long t0 = System.nanoTime();
        services = AppServices.openForWriting(config(proxied));
        long startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("offline start took " + startMillis + " ms");
        var status = services.outboxStatus().orElseThrow();
        assertThat(status.offline()).isTrue();

        var r = services.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                new ImportOptions("auto", "OP1006", null, null), null, () -> false);
        assertThat(r.batchId()).as("opened in the outbox").isNegative();
        assertThat(r.accepted()).isEqualTo(56);
        assertThat(services.outboxStatus().orElseThrow().records()).isEqualTo(56);
        assertThat(LocalizedException.text(Locale.ENGLISH, "database.status.offline", 56, "10:15"))
                .isEqualTo("offline — 56 records waiting since 10:15");

        // Meanwhile the server's schema fell behind this console (the newest migration undone): nothing may be
        // forwarded before the start's check has brought it up to date again.
        String s = direct.schema();
        assertThat(Database.LATEST_VERSION).as("the newest migration undone below").isEqualTo("8.24");
        sql("DROP INDEX " + s + ".ix_message_external", "DROP INDEX " + s + ".ix_message_channel_received",
                "CREATE INDEX ix_message_channel_external ON " + s + ".integration_message (channel, external_id)",
                "DELETE FROM " + s + ".flyway_schema_history WHERE version = '" + Database.LATEST_VERSION + "'");
        proxy.restore();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (services.outboxStatus().filter(o -> o.records() > 0 || o.offline()).isPresent()) {
            assertThat(System.nanoTime()).as("forwarded within 90 s: %s", services.outboxStatus()).isLessThan(until);
            Thread.sleep(200);
        }
        assertThat(services.outboxRefused()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM " + s + ".flyway_schema_history WHERE version = '" + Database.LATEST_VERSION
                + "' AND success")).as("migrated again before forwarding").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + s + ".production_event")).isEqualTo(56);
        assertThat(count("SELECT SUM(picks) FROM " + s + ".counter_bucket"))
                .isEqualTo(count("SELECT SUM(picks) FROM " + s + ".production_event"));
        assertThat(count("SELECT COUNT(*) FROM " + s + ".import_batch WHERE rows_read = 56 AND rows_accepted = 56"
                + " AND status = 'COMPLETED'")).isEqualTo(1);
    }

    @Test
    void aSchemaThisConsoleCannotUseHoldsTheOutboxAndSaysWhy() throws Exception {
        AppServices.openForWriting(config(proxied)).close();
        proxy.cut();
        services = AppServices.openForWriting(config(proxied));
        services.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                new ImportOptions("auto", "OP1006", null, null), null, () -> false);
        // Meanwhile an upgrade of the schema failed half-way: this console's start would refuse it, so nothing is sent.
        String s = direct.schema();
        sql("UPDATE " + s + ".flyway_schema_history SET success = FALSE WHERE version = '" + Database.LATEST_VERSION + "'");
        proxy.restore();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (services.outboxStatus().map(AppServices.OutboxStatus::held).isEmpty()) {
            assertThat(System.nanoTime()).as("held with a reason: %s", services.outboxStatus()).isLessThan(until);
            Thread.sleep(200);
        }
        var status = services.outboxStatus().orElseThrow();
        assertThat(status.records()).as("kept, not sent").isEqualTo(56);
        assertThat(status.held().message(Locale.ENGLISH)).contains("could not be brought up to date");
        assertThat(count("SELECT COUNT(*) FROM " + s + ".production_event")).isZero();

        // IT repairs it
        sql("UPDATE " + s + ".flyway_schema_history SET success = TRUE WHERE version = '" + Database.LATEST_VERSION + "'");
        while (services.outboxStatus().filter(o -> o.records() > 0 || o.offline()).isPresent()) {
            assertThat(System.nanoTime()).as("forwarded once the schema fits: %s", services.outboxStatus()).isLessThan(until);
            Thread.sleep(200);
        }
        assertThat(count("SELECT COUNT(*) FROM " + s + ".production_event")).isEqualTo(56);
    }

    @Test
    void aCommandThatOnlyReadsFailsInOneSentence() throws Exception {
        AppServices.openForWriting(config(proxied)).close();
        proxy.cut();
        assertThatThrownBy(() -> AppServices.open(config(proxied)))
                .isInstanceOfSatisfying(LocalizedException.class, e -> {
                    assertThat(e.key()).isEqualTo("database.error.unreachable");
                    assertThat(e.message(Locale.ENGLISH)).contains("does not answer").doesNotContain("\n");
                    assertThat(e.message(Locale.SIMPLIFIED_CHINESE)).contains("无应答");
                });
    }

    @Test
    void aPcThatNeverReachedTheServerCannotStartOffline() throws Exception {
        java.net.InetAddress address = LostCommitProxy.privateLoopback();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            closedPort = s.getLocalPort(); // nobody listens there once closed
        }
        DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://" + address.getHostAddress() + ":" + closedPort
                + "/test?connectTimeout=2",
                direct.user(), direct.password(), direct.schema());
        assertThatThrownBy(() -> AppServices.openForWriting(config(nowhere)))
                .isInstanceOfSatisfying(LocalizedException.class,
                        e -> assertThat(e.key()).isEqualTo("database.error.unreachableNoSnapshot"));
    }

    @Test
    void aRefusedLoginIsNotAnOutage() throws Exception {
        AppServices.openForWriting(config(proxied)).close();
        DatabaseConfig stranger = new DatabaseConfig(proxied.url(), "no_such_role_" + System.nanoTime(), "x", proxied.schema());
        assertThatThrownBy(() -> AppServices.openForWriting(config(stranger)))
                .satisfies(e -> assertThat(AppServices.unreachable(e)).isFalse());
    }
}
