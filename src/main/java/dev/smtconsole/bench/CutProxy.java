package dev.smtconsole.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 that a benchmark ({@code bench outbox}) or a test controls, in front of the shared
 * PostgreSQL server or the broker (which keep running — they are shared): {@link #cut()} drops every
 * connection and refuses new ones (the network is gone), {@link #restore()} listens again on the
 * same port. {@link #blackHole()} is the nastier network: nothing is reset, every byte is simply lost
 * (a cable pulled, a VPN gone) — connections stay open and silent. Listens on 127.0.0.1, an ephemeral port.
 */
public class CutProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private volatile ServerSocket server;
    /** Set by cut(): a connection accepted meanwhile is dropped instead of surviving the cut. */
    private volatile boolean down;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Set by blackHole(): bytes are read and dropped, new connections accepted and never answered. */
    private volatile boolean silent;

    public CutProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = s.getLocalPort();
        listen(s);
    }

    public int port() {
        return port;
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    if (down) { // accepted while cut() ran: the network is gone for it too
                        closeQuietly(client);
                        continue;
                    }
                    if (silent) { // the SYN got through, nothing else ever will
                        open.add(client);
                        pipe(client, null);
                        continue;
                    }
                    Socket upstream = new Socket(targetHost, targetPort);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    open.add(client);
                    open.add(upstream);
                    if (down) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        continue;
                    }
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed by cut() or close()
                }
            }
        }, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to == null ? OutputStream.nullOutputStream() : to.getOutputStream()) {
                byte[] buf = new byte[16384];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (!silent) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pipe");
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

    /** The network goes silent: every byte from now on is lost, nothing is reset; {@link #restore()} ends it. */
    public synchronized void blackHole() {
        silent = true;
    }

    /** The network is back, on the same port (after a black hole: the connections it held are dropped). */
    public synchronized void restore() throws IOException {
        if (silent) {
            silent = false;
            for (Socket s : open) closeQuietly(s);
            open.clear();
            if (!down) return; // still listening
        }
        down = false;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
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
