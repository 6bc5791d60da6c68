package dev.smtconsole.source;

import dev.smtconsole.app.LocalizedException;
import dev.smtconsole.app.SourceService;
import dev.smtconsole.app.SourceSettings;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.DurabilityMode;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A CFX subscription on an AMQP 1.0 broker (issue 15, ADR 0022): one receiver with manual
 * settlement; every message is read and committed through {@link SourceService.CfxFeed} and
 * <b>accepted only after the commit</b>. A crash between the two leaves the message unsettled: the
 * broker delivers it again and its UniqueID makes it a duplicate. Any failure (broker gone,
 * database gone) closes the connection — the broker takes back what was not accepted — and the
 * source reconnects with back-off (1 s doubling to 30 s), re-reading its stream's state from the
 * database first.
 */
final class CfxBrokerSource implements RunningSource {
    private static final Logger log = LoggerFactory.getLogger(CfxBrokerSource.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Committed messages are acknowledged together: at most this many … */
    static final int ACCEPT_EVERY = 400;
    /**
     * Messages already received that are committed together, in one transaction: at most this
     * many, and at most half the credit, so the broker keeps sending the next ones while a burst
     * is written (RabbitMQ sends no more than the credit unaccepted).
     */
    static final int MAX_BURST = 400;
    /** … or this long after the first of them was committed. */
    static final long ACCEPT_WITHIN_NANOS = 200_000_000L;

    private final String name;
    private final SourceSettings.Cfx settings;
    private final String fingerprint;
    private final SourceService service;
    private final UnaryOperator<String> env;
    private final Function<String, Optional<String>> saved;
    private final SourceStats stats;
    private volatile boolean stopping;
    private Thread thread;
    /** Whether the receiver asks for a durable queue: see {@link #receiverOptions}. */
    private boolean durableQueue;

    CfxBrokerSource(String name, SourceSettings.Cfx settings, String fingerprint, SourceService service,
                    UnaryOperator<String> env, Function<String, Optional<String>> saved, SourceStats stats) {
        this.name = name;
        this.saved = saved;
        this.settings = settings;
        this.fingerprint = fingerprint;
        this.service = service;
        this.env = env;
        this.stats = stats;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public SourceStats stats() {
        return stats;
    }

    @Override
    public void start() {
        thread = new Thread(this::run, "smt-source-cfx-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            // No interrupt: it would close H2's file channel under a commit. The receive loop looks
            // at the flag every 250 ms, and a reconnect's back-off wait every 100 ms.
            thread.join(20_000);
        }
        stats.state(SourceService.State.STOPPED);
    }

    /**
     * The connection options for these settings: the password from its environment variable when the source names
     * one, else the one saved on this PC for the source ({@link dev.smtconsole.app.SourcePasswords}), else none.
     */
    static ConnectionOptions options(SourceSettings.Cfx s, UnaryOperator<String> env, Function<String, Optional<String>> saved,
                                     String sourceName) {
        ConnectionOptions o = new ConnectionOptions().reconnectEnabled(false).openTimeout(10, TimeUnit.SECONDS)
                .closeTimeout(5, TimeUnit.SECONDS).idleTimeout(30, TimeUnit.SECONDS);
        if (s.user() != null && !s.user().isBlank()) o.user(s.user().strip());
        if (s.passwordEnv() != null && !s.passwordEnv().isBlank()) {
            String password = env.apply(s.passwordEnv().strip());
            if (password == null) throw new LocalizedException("sources.error.passwordMissing", s.passwordEnv().strip(), sourceName);
            o.password(password);
        } else {
            saved.apply(sourceName).ifPresent(o::password);
        }
        if (s.tls()) o.sslEnabled(true);
        return o;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        SourceService.CfxFeed feed = null;
        boolean resetFeed = false;
        boolean retriedDurability = false;
        stats.state(SourceService.State.RECONNECTING);
        while (!stopping) {
            try (Client client = Client.create(new ClientOptions().id("smt-console:" + name));
                 Connection connection = client.connect(settings.host(), settings.port(), options(settings, env, saved, name));
                 Receiver receiver = connection.openReceiver(settings.address().strip(),
                         receiverOptions(settings.credit(), durableQueue))) {
                connection.openFuture().get(15, TimeUnit.SECONDS);
                receiver.openFuture().get(15, TimeUnit.SECONDS);
                if (feed == null) feed = service.openFeed(name, settings);
                else if (resetFeed) feed.reset();
                resetFeed = false;
                stats.state(SourceService.State.CONNECTED);
                backoff = FIRST_BACKOFF;
                List<Delivery> committed = new ArrayList<>();
                int maxBurst = burst(settings.credit());
                long firstAt = 0;
                try {
                    while (!stopping) {
                        Delivery d = receiver.receive(committed.isEmpty() ? 250 : 20, TimeUnit.MILLISECONDS);
                        if (d != null) {
                            // What the broker has sent already goes into the same transaction.
                            List<Delivery> burst = new ArrayList<>();
                            List<String> bodies = new ArrayList<>();
                            for (Delivery next = d; next != null; next = burst.size() < maxBurst ? receiver.tryReceive() : null) {
                                burst.add(next);
                                bodies.add(text(next.message()));
                            }
                            try {
                                feed.handleAll(bodies);
                            } catch (RuntimeException e) {
                                // Not committed: not accepted. What the reader took from them must not outlive them.
                                resetFeed = true;
                                throw e;
                            }
                            if (committed.isEmpty()) firstAt = System.nanoTime();
                            committed.addAll(burst);
                            for (int i = 0; i < burst.size(); i++) stats.message();
                        }
                        if (!committed.isEmpty() && (d == null || committed.size() >= ACCEPT_EVERY
                                || System.nanoTime() - firstAt > ACCEPT_WITHIN_NANOS)) {
                            accept(committed);
                        }
                    }
                } finally {
                    // Stopping, or a later message failed: what was committed is still acknowledged.
                    if (!committed.isEmpty()) {
                        try {
                            accept(committed);
                        } catch (RuntimeException | ClientException e) {
                            log.debug("source {}: {} committed message(s) not acknowledged; their redelivery is a duplicate",
                                    name, committed.size());
                        }
                    }
                }
            } catch (InterruptedException e) {
                if (!stopping) Thread.currentThread().interrupt();
                break;
            } catch (LocalizedException e) {
                failed(e);
            } catch (Exception e) {
                if (stopping) break;
                if (durabilityMismatch(e) && !retriedDurability) {
                    // The queue is there with the other durability: ask for that, at once (not an outage).
                    durableQueue = !durableQueue;
                    retriedDurability = true;
                    log.info("source {}: queue {} is {}durable; opening it as such", name, settings.address(), durableQueue ? "" : "not ");
                    continue;
                }
                failed(e);
            }
            retriedDurability = false;
            if (stopping) break;
            try {
                for (long waited = 0; waited < backoff.toMillis() && !stopping; waited += 100) Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        stats.state(SourceService.State.STOPPED);
    }

    /** How many received messages one transaction takes with this credit. */
    static int burst(int credit) {
        return Math.max(1, Math.min(MAX_BURST, credit / 2));
    }

    /**
     * Acknowledges messages whose commit is done and durable: the database is asked to put its
     * commits on disk first (H2 writes them a moment after the commit; a process killed in between
     * would lose a message the broker was told it had).
     */
    private void accept(List<Delivery> committed) throws ClientException {
        service.makeDurable();
        for (Delivery d : committed) d.accept();
        committed.clear();
    }

    private void failed(Exception e) {
        String why = SourceStats.why(e);
        stats.error(why);
        stats.state(SourceService.State.RECONNECTING);
        log.warn("source {}: {} — reconnecting", name, why);
    }

    /**
     * Manual settlement, the credit as prefetch, and the queue's durability. RabbitMQ 3.x declares
     * the queue of an address {@code /queue/NAME} with the durability of the link's terminus and
     * refuses the link (precondition-failed, "inequivalent arg 'durable'") when the queue exists
     * with the other one: a durable queue — the kind that keeps its messages over a broker
     * restart — is only opened by a link that asks for a durable terminus. We ask for none first
     * (what other brokers expect of a plain receiver) and for a durable one after such a refusal.
     */
    static ReceiverOptions receiverOptions(int credit, boolean durableQueue) {
        ReceiverOptions o = new ReceiverOptions().autoAccept(false).creditWindow(credit);
        if (durableQueue) o.sourceOptions().durabilityMode(DurabilityMode.CONFIGURATION);
        return o;
    }

    /** Whether the broker refused the link because the queue exists with the other durability (RabbitMQ 3.x). */
    static boolean durabilityMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("inequivalent arg 'durable'")) return true;
        }
        return false;
    }

    /** A message's body as text: an AMQP string, or bytes (a Data section) as UTF-8. */
    static String text(Message<?> m) throws ClientException {
        Object b = m.body();
        if (b == null) return "";
        if (b instanceof byte[] bytes) return new String(bytes, StandardCharsets.UTF_8);
        return b.toString();
    }

    /** Connects, opens the receiver without taking a message, and closes: what {@code sources test} does. */
    static String probe(SourceSettings.Cfx s, UnaryOperator<String> env, Function<String, Optional<String>> saved, String sourceName)
            throws Exception {
        try {
            return probe(s, env, saved, sourceName, false);
        } catch (Exception e) {
            if (!durabilityMismatch(e)) throw e;
            return probe(s, env, saved, sourceName, true);
        }
    }

    private static String probe(SourceSettings.Cfx s, UnaryOperator<String> env, Function<String, Optional<String>> saved,
                                String sourceName, boolean durableQueue)
            throws Exception {
        try (Client client = Client.create(new ClientOptions().id("smt-console-test:" + sourceName));
             Connection connection = client.connect(s.host(), s.port(), options(s, env, saved, sourceName));
             Receiver receiver = connection.openReceiver(s.address().strip(), receiverOptions(0, durableQueue))) {
            connection.openFuture().get(15, TimeUnit.SECONDS);
            receiver.openFuture().get(15, TimeUnit.SECONDS);
            return "connected to " + s.url() + ", address " + s.address() + " open";
        }
    }
}
