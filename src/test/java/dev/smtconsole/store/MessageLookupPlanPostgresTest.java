package dev.smtconsole.store;

import dev.smtconsole.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's "was this message written before?" lookup keeps using the index led by the external id on a table
 * whose statistics were taken while it was small and which then grew — the state of every new database under a
 * running broker source, where a plan the server kept read every message of the channel on each lookup (V8_24,
 * {@link Database#prepareIndexedLookup}). The server is made to use the plan it keeps (a generic plan), as it does
 * after a few executions of a prepared statement.
 */
class MessageLookupPlanPostgresTest {
    private DatabaseConfig config;
    private Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (config != null) TestDatabases.dropSchema(config);
    }

    @Test
    void theLookupOfWrittenBrokerMessagesUsesTheExternalIdIndexAfterTheTableGrew() {
        config = TestDatabases.postgres();
        db = Database.open(config);
        String plan = db.jdbc(c -> {
            try (Statement st = c.createStatement()) {
                insertBrokerMessages(st, 1, 3);
                String sql = SourceRepository.writtenExternalIdsSql(3);
                for (int i = 1; sql.contains("?"); i++) sql = sql.replaceFirst("\\?", "\\$" + i);
                st.execute("PREPARE lookup (varchar, varchar, varchar) AS " + sql);
                st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            }
            // As the lookup runs (Database.prepareIndexedLookup's settings first); the plan is made and kept now.
            Database.prepareIndexedLookup(c, "SELECT 1").close();
            explain(c);
            try (Statement st = c.createStatement()) {
                insertBrokerMessages(st, 4, 20_000);
            }
            String kept = explain(c);
            try (Statement st = c.createStatement()) {
                st.execute("DEALLOCATE lookup");
            }
            return kept;
        });
        assertThat(plan).contains("ix_message_external").doesNotContain("Seq Scan").doesNotContain("ix_message_channel_received");
    }

    private static String explain(java.sql.Connection c) throws java.sql.SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN EXECUTE lookup ('m-2', 'm-19000', 'none')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) lines.add(rs.getString(1));
        }
        return String.join("\n", lines);
    }

    private static void insertBrokerMessages(Statement st, int from, int to) throws java.sql.SQLException {
        st.execute("INSERT INTO integration_message (channel, external_id, status, received_at, payload)"
                + " SELECT 'BROKER', 'm-' || i, 'SUCCESS', CURRENT_TIMESTAMP, repeat('x', 400) FROM generate_series(" + from + ", "
                + to + ") AS i");
    }
}
