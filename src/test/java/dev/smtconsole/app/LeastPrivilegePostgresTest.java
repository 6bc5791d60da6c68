package dev.smtconsole.app;

import dev.smtconsole.TestDatabases;
import dev.smtconsole.app.IngestService.ImportOptions;
import dev.smtconsole.app.IngestService.MachineCount;
import dev.smtconsole.app.IngestService.ManualEntry;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/SHARED_DATABASE.md, run as written (with this test's own role, schema and database names)
 * against the real server: the console role works and can do nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeastPrivilegePostgresTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T04:00:00Z"), SHANGHAI);

    DatabaseConfig admin;
    String suffix;
    String owner;
    String app;
    String schema;
    String mesSchema;
    DatabaseConfig asOwner;
    DatabaseConfig asApp;

    @BeforeAll
    void roles() throws Exception {
        admin = TestDatabases.postgres();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        owner = "o_" + suffix;
        app = "a_" + suffix;
        schema = "s_" + suffix;
        mesSchema = "mes_" + suffix;
        String database;
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT current_database()");
            rs.next();
            database = rs.getString(1);
            // the MES's own tables beside ours
            st.execute("CREATE SCHEMA " + mesSchema);
            st.execute("CREATE TABLE " + mesSchema + ".work_order (id INT PRIMARY KEY, secret TEXT)");
            st.execute("INSERT INTO " + mesSchema + ".work_order VALUES (1, 'MES only')");
            for (String sql : docSql(0, database)) st.execute(sql);
        }
        asOwner = new DatabaseConfig(admin.url(), owner, "owner-pw", schema);
        asApp = new DatabaseConfig(admin.url(), app, "app-pw", schema);
    }

    @AfterAll
    void drop() {
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("DROP SCHEMA IF EXISTS " + mesSchema + " CASCADE");
            for (String role : List.of(app, owner)) {
                st.execute("DROP OWNED BY " + role + " CASCADE");
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test roles: " + e.getMessage());
        }
    }

    Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(admin.url(), admin.user(), admin.password());
    }

    /** The n-th ```sql block of the doc, split into statements, names replaced by this test's. */
    List<String> docSql(int n, String database) throws Exception {
        String doc = Files.readString(Path.of("docs", "SHARED_DATABASE.md"));
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        for (int i = 0; i <= n; i++) assertThat(m.find()).as("sql block %d in docs/SHARED_DATABASE.md", i).isTrue();
        String sql = m.group(1).replaceAll("(?m)--.*$", "")
                .replace("smt_owner", owner).replace("smt_app", app).replace("smt_console", schema)
                .replaceAll("\\bmes\\b", database);
        List<String> out = new ArrayList<>();
        for (String s : sql.split(";")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    @Test
    @Order(1)
    void theConsoleRoleRefusesAnEmptySchemaAndSaysWhoMustMigrate() {
        assertThatThrownBy(() -> AppServices.open(asApp))
                .isInstanceOf(LocalizedException.class)
                .hasMessageContaining("The database schema is at version none, this console needs ")
                .hasMessageContaining("smt-console db migrate")
                .satisfies(e -> {
                    LocalizedException l = (LocalizedException) e;
                    assertThat(l.key()).isEqualTo("database.error.schemaBehind");
                    assertThat(l.message(Locale.SIMPLIFIED_CHINESE)).contains("smt-console db migrate").contains("需要");
                });
    }

    @Test
    @Order(1)
    void theCliSaysItInOneLineAndExits1() {
        var r = dev.smtconsole.cli.CliRunner.run("--db", asApp.url(), "--db-user", app, "--db-schema", schema, "db", "info");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: The database schema is at version none, this console needs "
                + dev.smtconsole.store.Database.LATEST_VERSION + " — ask IT to run `smt-console db migrate`").doesNotContain("\n");
        var migrate = dev.smtconsole.cli.CliRunner.run("--db", asApp.url(), "--db-user", app, "--db-schema", schema, "db", "migrate");
        assertThat(migrate.exitCode()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void theOwnerMigratesThenTheHistoryIsMadeReadOnly() throws Exception {
        try (AppServices s = AppServices.migrate(asOwner)) {
            assertThat(s.schemaVersion()).isEqualTo(dev.smtconsole.store.Database.LATEST_VERSION);
        }
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT current_database()");
            rs.next();
            for (String sql : docSql(1, rs.getString(1))) st.execute(sql);
        }
    }

    @Test
    @Order(3)
    void theConsoleRoleImportsEntersAndReports() throws Exception {
        try (AppServices s = new AppServices(AppServices.openDatabase(asApp, false), CLOCK)) {
            s.masterData().importFile(Path.of("sample-data", "lines.csv"));
            s.masterData().importFile(Path.of("sample-data", "operators.csv"));
            var imported = s.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                    new ImportOptions("auto", "OP1006", null, null), null, () -> false);
            assertThat(imported.accepted()).isEqualTo(56);
            var manual = s.ingest().submitManual(new ManualEntry("L1", "M009001", "1016928", 162L,
                    LocalDateTime.of(2026, 11, 19, 11, 0), LocalDateTime.of(2026, 11, 19, 14, 45), List.of("礼", "珍"),
                    List.of(new MachineCount("L1-M1", 24207L, 24138L)), "574.8 - 416 = 158.8", "OP1001"));
            assertThat(manual.eventsWritten()).isEqualTo(2);
            s.ingest().voidManualEntry(manual.messageId(), "typed the wrong day", "OP1001");
            var report = s.reports().production("L1", LocalDate.of(2026, 11, 19), LocalDate.of(2026, 11, 26), null);
            assertThat(report.rows()).isNotEmpty();
            assertThat(s.info().rowCounts().get("production_event")).isEqualTo(56);
        }
    }

    @Test
    @Order(4)
    void theConsoleRoleListensAndNotifies() throws Exception {
        try (Connection listener = DriverManager.getConnection(asApp.url(), asApp.user(), asApp.password());
             Connection sender = DriverManager.getConnection(asApp.url(), asApp.user(), asApp.password())) {
            try (Statement st = listener.createStatement()) {
                st.execute("LISTEN smt_console_changes");
            }
            try (Statement st = sender.createStatement()) {
                st.execute("NOTIFY smt_console_changes");
            }
            var got = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(got).isNotEmpty();
        }
    }

    @Test
    @Order(5)
    void theConsoleRoleCannotChangeTheSchemaOrReadAnotherOne() throws Exception {
        try (Connection c = DriverManager.getConnection(asApp.url(), asApp.user(), asApp.password());
             Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : List.of(
                    "CREATE TABLE " + schema + ".intruder (id INT)",
                    "ALTER TABLE " + schema + ".production_event ADD COLUMN intruder INT",
                    "DROP TABLE " + schema + ".counter_bucket",
                    "TRUNCATE " + schema + ".production_event",
                    "CREATE INDEX intruder_ix ON " + schema + ".production_event (event_time)",
                    "DELETE FROM " + schema + ".flyway_schema_history",
                    "SELECT * FROM " + mesSchema + ".work_order",
                    "CREATE SCHEMA intruder_" + suffix,
                    "CREATE TABLE public.intruder_" + suffix + " (id INT)")) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501"));
            }
        }
    }

    @Test
    @Order(6)
    void aConsoleNewerThanTheSchemaRefusesToStartAndToMigrate() throws Exception {
        // The schema as an older release left it: its newest migration not applied yet.
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + schema + ".flyway_schema_history WHERE version = '"
                    + dev.smtconsole.store.Database.LATEST_VERSION + "'");
        }
        assertThatThrownBy(() -> AppServices.open(asApp))
                .isInstanceOf(LocalizedException.class)
                .hasMessageContaining("this console needs " + dev.smtconsole.store.Database.LATEST_VERSION)
                .hasMessageContaining("ask IT to run `smt-console db migrate`");
        assertThatThrownBy(() -> AppServices.migrate(asApp)).isInstanceOf(LocalizedException.class);
    }
}
