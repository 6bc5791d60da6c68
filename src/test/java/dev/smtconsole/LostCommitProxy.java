package dev.smtconsole;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the real PostgreSQL server that can lose a commit's answer for real: armed with a piece
 * of SQL, it lets the next transaction that sends it reach the server, passes its {@code COMMIT} on, and then
 * drops the connection instead of handing the server's answer back. The server commits; the client sees a broken
 * connection and cannot tell whether it did. Also {@link #cut()} / {@link #restore()} the whole network like
 * {@link TcpProxy}. Needs a client that sends SQL text on every execution ({@code prepareThreshold=0} for pgjdbc).
 */
public final class LostCommitProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private volatile ServerSocket server;
    private volatile boolean down;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Queue<String> armed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger lostCommitted = new AtomicInteger();

    private final InetAddress address;

    public LostCommitProxy(String targetHost, int targetPort) throws IOException {
        this(targetHost, targetPort, InetAddress.getLoopbackAddress());
    }

    /**
     * @param address where to listen. An address of 127.0.0.0/8 of the test's own: once {@link #cut()}, its port is
     *                free, and on a machine shared with other test runs another proxy to the same server may take
     *                that port on 127.0.0.1 — the "away" server would answer again.
     */
    public LostCommitProxy(String targetHost, int targetPort, InetAddress address) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.address = address;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, 0));
        this.port = s.getLocalPort();
        listen(s);
    }

    /** A loopback address of 127.0.0.0/8 other than 127.0.0.1, picked at random. */
    public static InetAddress privateLoopback() throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return InetAddress.getByAddress(new byte[]{127, (byte) (1 + r.nextInt(250)), (byte) r.nextInt(256), (byte) (2 + r.nextInt(250))});
    }

    public int port() {
        return port;
    }

    /** The address it listens on, for a JDBC URL. */
    public String host() {
        return address.getHostAddress();
    }

    /** The next transaction that sends {@code sqlPiece} commits on the server, and its answer is lost. Once per call. */
    public void loseCommitAnswerAfter(String sqlPiece) {
        armed.add(sqlPiece);
    }

    /** Commit answers lost so far. */
    public int answersLost() {
        return lost.get();
    }

    /** Of those, the ones whose lost answer said the server committed (not ROLLBACK). */
    public int committedAnswersLost() {
        return lostCommitted.get();
    }

    private final AtomicInteger droppedWhileCut = new AtomicInteger();

    /** Connections accepted while {@link #cut()} ran, and dropped: the network was gone for them too. */
    public int droppedWhileCut() {
        return droppedWhileCut.get();
    }

    /** Whether every armed piece of SQL has met its commit. */
    public boolean allArmedLost() {
        return armed.isEmpty();
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    if (down) { // accepted while cut() ran: the network is gone for it too
                        // Counted, not printed: a test capturing System.err for the command it runs would read it as the command's.
                        droppedWhileCut.incrementAndGet();
                        closeQuietly(client);
                        continue;
                    }
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    if (down) { // cut() ran while it connected upstream
                        closeQuietly(client);
                        closeQuietly(upstream);
                        continue;
                    }
                    new Connection(client, upstream).start();
                } catch (IOException e) {
                    // closed by cut() or close()
                }
            }
        }, "lost-commit-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** One client connection: client → server is watched for the armed SQL and the COMMIT after it. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean swallow;
        private String watching;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            thread(this::clientToServer);
            thread(this::serverToClient);
        }

        private void clientToServer() {
            byte[] buf = new byte[65536];
            String tail = "";
            try {
                // Not closed by try-with-resources: closing a socket's stream closes the socket, and the upstream must
                // stay open until the server answered the COMMIT.
                InputStream in = client.getInputStream();
                OutputStream out = upstream.getOutputStream();
                for (int n; (n = in.read(buf)) > 0; ) {
                    String text = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    int from = 0;
                    if (watching == null) {
                        for (String piece : armed) {
                            int at = text.indexOf(piece);
                            if (at >= 0 && armed.remove(piece)) {
                                watching = piece;
                                from = at + piece.length();
                                break;
                            }
                        }
                    }
                    if (watching != null && text.indexOf("COMMIT", from) >= 0) {
                        // The COMMIT goes to the server; its answer is read and dropped by the other direction.
                        swallow = true;
                        out.write(buf, 0, n);
                        out.flush();
                        lost.incrementAndGet();
                        closeQuietly(client);
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    tail = text.length() > 256 ? text.substring(text.length() - 256) : text;
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                if (!swallow) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                }
            }
        }

        private void serverToClient() {
            byte[] buf = new byte[65536];
            StringBuilder dropped = new StringBuilder();
            try {
                InputStream in = upstream.getInputStream();
                OutputStream out = client.getOutputStream();
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (swallow) {
                        // Read the server's answer to the COMMIT (until ReadyForQuery) so that it surely ran, then hang up.
                        dropped.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        if (dropped.indexOf("COMMIT") >= 0 || dropped.indexOf("ROLLBACK") >= 0) {
                            if (dropped.indexOf("COMMIT") >= 0) lostCommitted.incrementAndGet();
                            return;
                        }
                        continue;
                    }
                    try {
                        out.write(buf, 0, n);
                        out.flush();
                    } catch (IOException e) {
                        if (!swallow) throw e;
                        dropped.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1)); // raced with the hang-up
                        if (dropped.indexOf("COMMIT") >= 0) {
                            lostCommitted.incrementAndGet();
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }
    }

    private static void thread(Runnable r) {
        Thread t = new Thread(r, "lost-commit-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** The network is gone: every connection dropped, new ones refused. */
    public synchronized void cut() {
        down = true;
        closeQuietly(server);
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    /** The network is back, on the same port. */
    public synchronized void restore() throws IOException {
        down = false;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port));
        listen(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
