package dev.smtconsole.bench;

import dev.smtconsole.app.AppServices;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import dev.smtconsole.source.SourceRunner;
import dev.smtconsole.store.Database;
import dev.smtconsole.store.DatabaseConfig;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench sources} (issue 15): CFX messages through a real AMQP 1.0 broker into the database
 * with the ack-after-commit rule. Two figures per database: the rate at which a backlog of N
 * messages is drained (each committed, then accepted), and publish → committed latency (p50/p95)
 * of WorkCompleted messages published at a steady rate while the source runs.
 */
public final class SourcesBench {
    public record Options(String brokerUrl, String user, String password, int messages, int paceRate, int paceSeconds,
                          Path masterDir) {
    }

    public record Result(String database, int messages, double seconds, double perSecond, double p50Ms, double p95Ms,
                         int paced) {
    }

    private final Options o;
    private final PrintWriter out;

    public SourcesBench(Options o, PrintWriter out) {
        this.o = o;
        this.out = out;
    }

    public Result run(String label, DatabaseConfig config) throws Exception {
        String queue = "/queue/smt-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (AppServices s = new AppServices(Database.open(config), Clock.systemUTC())) {
            s.masterData().importFile(o.masterDir().resolve("lines.csv"));
            s.masterData().importFile(o.masterDir().resolve("operators.csv"));
            SourceService sources = s.sources();
            sources.add(new SourceService.SourceDef("bench", true, new SourceSettings.Cfx(o.brokerUrl(), queue, o.user(),
                    o.password() == null ? null : "SMT_BENCH_BROKER_PASSWORD", "OP1001", 500)), "OP1001");
            // 1. a backlog drained
            List<String> backlog = boards(o.messages() / 2, "CFX.L1.M1", Instant.now().minus(Duration.ofDays(3)), null);
            publish(queue, backlog, null);
            out.printf("%s: %d messages published to %s%n", label, backlog.size(), queue);
            out.flush();
            long t0 = System.nanoTime();
            try (SourceRunner runner = new SourceRunner(sources, v -> o.password(), Clock.systemUTC())) {
                runner.start();
                while (events(s) < backlog.size() / 2) TimeUnit.MILLISECONDS.sleep(50); // the figure is the drain time
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.printf("%s: backlog of %d messages committed and accepted in %.1f s: %.0f msg/s%n", label, backlog.size(),
                        seconds, backlog.size() / seconds);
                out.flush();
                // 2. publish → committed at a steady rate
                Map<String, Instant> sentAt = new HashMap<>();
                int pairs = o.paceRate() * o.paceSeconds() / 2;
                List<String> paced = boards(pairs, "CFX.L1.M2", Instant.now().minus(Duration.ofDays(1)), sentAt);
                long before = events(s);
                publishPaced(queue, paced, o.paceRate(), sentAt);
                while (events(s) < before + pairs) TimeUnit.MILLISECONDS.sleep(50);
                List<Double> latencies = latencies(s, sentAt);
                latencies.sort(null);
                double p50 = latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2);
                double p95 = latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.95) - 1));
                out.printf("%s: %d messages at %d msg/s: publish -> committed p50 %.0f ms, p95 %.0f ms%n", label, paced.size(),
                        o.paceRate(), p50, p95);
                out.flush();
                return new Result(label, backlog.size(), seconds, backlog.size() / seconds, p50, p95, paced.size());
            }
        }
    }

    /** Drops the bench's own PostgreSQL schema. */
    public static void dropSchema(DatabaseConfig pg) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(pg.url(), pg.user(), pg.password()); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + pg.schema() + " CASCADE");
        }
    }

    private static long events(AppServices s) {
        return s.database().jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM production_event"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<Double> latencies(AppServices s, Map<String, Instant> sentAt) {
        return s.database().jdbc(c -> {
            List<Double> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, received_at FROM production_event");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant sent = sentAt.get(rs.getString(1));
                    Timestamp at = rs.getTimestamp(2);
                    if (sent != null && at != null) out.add((at.toInstant().toEpochMilli() - sent.toEpochMilli()) * 1.0);
                }
            }
            return out;
        });
    }

    private ConnectionOptions options() {
        ConnectionOptions c = new ConnectionOptions();
        if (o.user() != null) c.user(o.user());
        if (o.password() != null) c.password(o.password());
        return c;
    }

    private void publish(String queue, List<String> bodies, Map<String, Instant> sentAt) throws Exception {
        java.net.URI u = java.net.URI.create(o.brokerUrl());
        try (Client client = Client.create(); Connection c = client.connect(u.getHost(), u.getPort(), options());
             Sender sender = c.openSender(queue)) {
            List<Tracker> pending = new ArrayList<>();
            for (String b : bodies) {
                pending.add(sender.send(Message.create(b).durable(true)));
                if (pending.size() >= 1000) {
                    for (Tracker t : pending) t.awaitSettlement(60, TimeUnit.SECONDS);
                    pending.clear();
                }
            }
            for (Tracker t : pending) t.awaitSettlement(60, TimeUnit.SECONDS);
        }
    }

    private void publishPaced(String queue, List<String> bodies, int rate, Map<String, Instant> sentAt) throws Exception {
        java.net.URI u = java.net.URI.create(o.brokerUrl());
        try (Client client = Client.create(); Connection c = client.connect(u.getHost(), u.getPort(), options());
             Sender sender = c.openSender(queue)) {
            long start = System.nanoTime();
            for (int i = 0; i < bodies.size(); i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                String b = bodies.get(i);
                String id = uniqueId(b);
                if (sentAt.containsKey(id)) sentAt.put(id, Instant.now());
                sender.send(Message.create(b).durable(true));
            }
        }
    }

    private static String uniqueId(String body) {
        int i = body.indexOf("\"UniqueID\":\"") + 12;
        return body.substring(i, body.indexOf('"', i));
    }

    /** WorkStarted + WorkCompleted pairs; the WorkCompleted ids go into {@code completedIds} when given. */
    static List<String> boards(int pairs, String source, Instant from, Map<String, Instant> completedIds) {
        List<String> out = new ArrayList<>(pairs * 2);
        Instant t = from;
        for (int i = 0; i < pairs; i++) {
            String tx = UUID.randomUUID().toString();
            out.add(envelope("CFX.Production.WorkStarted", t, source, UUID.randomUUID().toString(),
                    "{\"TransactionID\":\"" + tx + "\",\"Lane\":1,\"UnitCount\":1,\"RecipeName\":\"2THT303662R3001 TOP\","
                            + "\"WorkOrderIdentifier\":{\"WorkOrderId\":\"M008502\"}}"));
            String done = UUID.randomUUID().toString();
            if (completedIds != null) completedIds.put(done, Instant.EPOCH);
            out.add(envelope("CFX.Production.WorkCompleted", t.plusSeconds(5), source, done,
                    "{\"TransactionID\":\"" + tx + "\",\"Result\":\"Completed\",\"UnitCount\":1}"));
            t = t.plusSeconds(10);
        }
        return out;
    }

    private static String envelope(String name, Instant at, String source, String id, String body) {
        return "{\"MessageName\":\"" + name + "\",\"Version\":\"2.1\",\"TimeStamp\":\"" + at + "\",\"UniqueID\":\"" + id
                + "\",\"Source\":\"" + source + "\",\"MessageBody\":" + body + "}";
    }
}
