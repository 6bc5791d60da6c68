package dev.smtconsole;

import dev.smtconsole.bench.CutProxy;

import java.io.IOException;

/** The tests' name for {@link CutProxy}: cut, restore or black-hole the network to a shared server. */
public final class TcpProxy extends CutProxy {
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        super(targetHost, targetPort);
    }
}
