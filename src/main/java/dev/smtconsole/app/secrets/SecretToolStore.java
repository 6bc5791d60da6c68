package dev.smtconsole.app.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) through libsecret's {@code secret-tool}
 * (ADR 0024). The secret goes over the tool's standard input and comes back on its standard
 * output: never in its arguments, so never in a process list. Attributes: {@code service
 * smt-console}, {@code account} the connection ({@code user@host:port/database}).
 */
public final class SecretToolStore implements CredentialStore {
    static final String SERVICE = "smt-console";
    private final String executable;
    private Boolean available;

    public SecretToolStore(String executable) {
        this.executable = executable;
    }

    @Override
    public synchronized boolean available() {
        if (available == null) {
            // A round trip: the tool may exist while no Secret Service runs (a headless box).
            String probe = "probe-" + ProcessHandle.current().pid();
            available = save(probe, "probe") && "probe".equals(load(probe).orElse(null));
            if (available) delete(probe);
        }
        return available;
    }

    @Override
    public String name() {
        return "Secret Service";
    }

    @Override
    public Optional<String> load(String account) {
        Result r = run(null, "lookup", "service", SERVICE, "account", account);
        if (r == null || r.exit != 0 || r.out.isEmpty()) return Optional.empty();
        String s = r.out;
        if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        return Optional.of(s);
    }

    @Override
    public boolean save(String account, String secret) {
        Result r = run(secret, "store", "--label=SMT Console " + (account.startsWith("source:") ? "broker " : "database ") + account, "service", SERVICE, "account", account);
        return r != null && r.exit == 0;
    }

    @Override
    public void delete(String account) {
        run(null, "clear", "service", SERVICE, "account", account);
    }

    private record Result(int exit, String out) {
    }

    private Result run(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream o = p.getInputStream()) {
                o.transferTo(out);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null; // no such tool
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
