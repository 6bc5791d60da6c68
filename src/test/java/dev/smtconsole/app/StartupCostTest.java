package dev.smtconsole.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.smtconsole.TestDatabases;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What start-up must not pay for (ADR 0016): opening the database, `db info`, the master data
 * and an import do not start Hibernate; logging comes from code, not from a logback.xml.
 * (Picocli building only the named subcommand: {@code cli.LazySubcommandTest}.)
 */
class StartupCostTest {
    @Test
    void openingInfoMasterDataAndAnImportDoNotStartHibernate(@TempDir Path dir) throws Exception {
        DatabaseConfig config = TestDatabases.h2(dir);
        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            s.demo().importSampleMasterData(); // writes master data through JPA, on purpose: the next open is fresh
        }
        try (AppServices s = new AppServices(Database.open(config), Clock.systemDefaultZone())) {
            assertThat(s.info().rowCounts()).containsKey("production_event");
            assertThat(s.masterData().current().lines()).isNotEmpty();
            var r = s.ingest().importFile(Path.of("sample-data", "production-native.csv"),
                    new IngestService.ImportOptions("auto", "OP1001", null, null), null, () -> false);
            assertThat(r.accepted()).isPositive();
            assertThat(s.database().jpaStarted()).as("Hibernate started by a start-up path").isFalse();
        }
    }

    @Test
    void aJpaRepositoryStartsHibernateOnFirstUse(@TempDir Path dir) {
        try (AppServices s = new AppServices(Database.open(TestDatabases.h2(dir)), Clock.systemDefaultZone())) {
            assertThat(s.database().jpaStarted()).isFalse();
            s.profiles().list(); // a JDBC read: still not started
            assertThat(s.database().jpaStarted()).isFalse();
            s.demo().importSampleMasterData(); // JPA writes
            assertThat(s.database().jpaStarted()).isTrue();
        }
    }

    @Test
    void loggingIsConfiguredInCode() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
        assertThat(context.getLogger("dev.smtconsole").getLevel()).isEqualTo(Level.WARN);
        assertThat(Thread.currentThread().getContextClassLoader().getResource("logback.xml")).isNull();
    }
}
