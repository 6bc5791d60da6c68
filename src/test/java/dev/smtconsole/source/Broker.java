package dev.smtconsole.source;

import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.DurabilityMode;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.SenderOptions;
import org.apache.qpid.protonj2.client.Tracker;
import org.junit.jupiter.api.Assumptions;

import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real RabbitMQ of this machine (127.0.0.1:5672, guest/guest, plugin rabbitmq_amqp1_0; .ci/run
 * starts it): publishes CFX messages the way a machine's CFX endpoint does, and reads a queue back.
 * RabbitMQ 3.x declares the queue of an address {@code /queue/NAME} on first use.
 */
public final class Broker {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;

    private Broker() {
    }

    /** A queue of its own for one test. Skips (or fails under -Dsmt.broker.required=true) when no broker answers. */
    public static String newQueue() {
        try (Socket s = new Socket(HOST, PORT)) {
            s.setSoTimeout(1000);
        } catch (java.io.IOException e) {
            String msg = "broker tests SKIPPED: no AMQP broker at " + HOST + ":" + PORT + " (" + e.getMessage() + ")";
            if (Boolean.getBoolean("smt.broker.required") || System.getenv("CI") != null) throw new IllegalStateException(msg);
            Assumptions.abort(msg);
        }
        return "/queue/smt-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ConnectionOptions options() {
        return new ConnectionOptions().user("guest").password("guest");
    }

    /** Publishes each body as one durable message (an AMQP string, as CFX.NET sends) and waits until the broker has it. */
    public static void publish(String address, List<String> bodies) throws Exception {
        publish(PORT, address, bodies);
    }

    /** {@link #publish(String, List)} to the broker on another loopback port (a test's own node, {@link RabbitNode}). */
    public static void publish(int port, String address, List<String> bodies) throws Exception {
        publish(port, address, bodies, new SenderOptions());
    }

    /**
     * Publishes to {@code /queue/NAME} declared as a <b>durable</b> queue (as a plant's queue is set up), whose
     * persistent messages outlive a broker restart. RabbitMQ 3.x declares the queue with the durability of the
     * sender's target; a plain sender declares it transient, and a restart loses it with its messages.
     */
    public static void publishToDurableQueue(int port, String address, List<String> bodies) throws Exception {
        SenderOptions durable = new SenderOptions();
        durable.targetOptions().durabilityMode(DurabilityMode.CONFIGURATION);
        publish(port, address, bodies, durable);
    }

    private static void publish(int port, String address, List<String> bodies, SenderOptions senderOptions) throws Exception {
        try (Client client = Client.create(); Connection c = client.connect(HOST, port, options());
             Sender sender = c.openSender(address, senderOptions)) {
            List<Tracker> trackers = new ArrayList<>();
            for (String b : bodies) {
                trackers.add(sender.send(Message.create(b).durable(true)));
                if (trackers.size() >= 500) {
                    for (Tracker t : trackers) t.awaitSettlement(30, TimeUnit.SECONDS);
                    trackers.clear();
                }
            }
            for (Tracker t : trackers) t.awaitSettlement(30, TimeUnit.SECONDS);
        }
    }

    /** Publishes bytes (a Data section, as some brokers' bridges send). */
    static void publishBytes(String address, byte[] body) throws Exception {
        try (Client client = Client.create(); Connection c = client.connect(HOST, PORT, options()); Sender sender = c.openSender(address)) {
            sender.send(Message.create(body).durable(true)).awaitSettlement(30, TimeUnit.SECONDS);
        }
    }

    /** Messages left in the queue (read and accepted: this empties it). */
    public static int drain(String address) throws Exception {
        return drain(PORT, address);
    }

    /** {@link #drain(String)} on the broker at another loopback port. */
    public static int drain(int port, String address) throws Exception {
        int n = 0;
        try (Client client = Client.create(); Connection c = client.connect(HOST, port, options());
             Receiver r = c.openReceiver(address, new ReceiverOptions().autoAccept(false).creditWindow(100))) {
            Delivery d;
            while ((d = r.receive(1500, TimeUnit.MILLISECONDS)) != null) {
                d.accept();
                n++;
            }
        }
        return n;
    }

    // ---------- CFX messages ----------

    public static String envelope(String name, Instant at, String source, String uniqueId, String body) {
        return """
                {"MessageName":"%s","Version":"2.1","TimeStamp":"%s","UniqueID":"%s","Source":"%s","Target":null,"RequestID":null,"MessageBody":%s}"""
                .formatted(name, at, uniqueId, source, body);
    }

    public static String workStarted(String tx, Instant at, String source, String workOrder) {
        return envelope("CFX.Production.WorkStarted", at, source, UUID.randomUUID().toString(), """
                {"$type":"CFX.Production.WorkStarted, CFX","TransactionID":"%s","Lane":1,"UnitCount":1,"PrimaryIdentifier":"PNL-%s",
                 "RecipeName":"2THT303662R3001 TOP","Revision":"A","WorkOrderIdentifier":{"WorkOrderId":"%s","Batch":null}}"""
                .formatted(tx, tx.substring(0, 8), workOrder));
    }

    public static String workCompleted(String tx, Instant at, String source) {
        return envelope("CFX.Production.WorkCompleted", at, source, UUID.randomUUID().toString(), """
                {"$type":"CFX.Production.WorkCompleted, CFX","TransactionID":"%s","Result":"Completed","PrimaryIdentifier":"PNL-%s","UnitCount":1}"""
                .formatted(tx, tx.substring(0, 8)));
    }

    public static String componentsPlaced(String tx, Instant start, Instant end, String source, long placed, long notPlaced) {
        return envelope("CFX.ResourcePerformance.SMTPlacement.ComponentsPlaced", end, source, UUID.randomUUID().toString(), """
                {"$type":"CFX.ResourcePerformance.SMTPlacement.ComponentsPlaced, CFX","TransactionID":"%s","StartTime":"%s","EndTime":"%s",
                 "TotalComponentsPlaced":%d,"TotalComponentsNotPlaced":%d}""".formatted(tx, start, end, placed, notPlaced));
    }

    /**
     * {@code boards} work transactions on machine {@code source}, each a WorkStarted then its
     * WorkCompleted (one board), ten seconds apart, ending two days ago.
     */
    public static List<String> boards(int boards, String source, String workOrder) {
        List<String> out = new ArrayList<>(boards * 2);
        Instant t = Instant.now().minus(java.time.Duration.ofDays(2)).minusSeconds(10L * boards).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int i = 0; i < boards; i++) {
            String tx = UUID.randomUUID().toString();
            out.add(workStarted(tx, t, source, workOrder));
            out.add(workCompleted(tx, t.plusSeconds(5), source));
            t = t.plusSeconds(10);
        }
        return out;
    }
}
