package dev.smtconsole.app.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) through libsecret's {@code secret-tool}
 * (ADR 0024, 0034). The secret goes over the tool's standard input and comes back on its standard
 * output: never in its arguments, so never in a process list. Attributes: {@code service
 * smt-console}, {@code account} the connection ({@code user@host:port/database}) or {@code source:NAME}.
 */
public final class SecretToolStore implements CredentialStore {
    static final String SERVICE = "smt-console";
    static final String NAME = "Secret Service";
    private final String executable;
    private final Map<String, String> environment;
    private Boolean available;

    public SecretToolStore(String executable) {
        this(executable, Map.of());
    }

    /**
     * @param environment added to the tool's environment: the tests' private session bus
     *                    ({@code DBUS_SESSION_BUS_ADDRESS}), so they never touch the user's own keyring
     */
    public SecretToolStore(String executable, Map<String, String> environment) {
        this.executable = executable;
        this.environment = Map.copyOf(environment);
    }

    /** The label the store shows beside the secret: "SMT Console database smt_app@mes-db:5432/mes". */
    static String label(String account) {
        return "SMT Console " + (account.startsWith("source:") ? "broker " : "database ") + account;
    }

    @Override
    public synchronized boolean available() {
        if (available == null) {
            // A round trip: the tool may exist while no Secret Service runs (a headless box).
            String probe = "probe-" + ProcessHandle.current().pid();
            try {
                available = save(probe, "probe") && "probe".equals(load(probe).orElse(null));
                if (available) delete(probe);
            } catch (CredentialStoreException e) {
                // A locked keyring is a store: saving says it is locked, in words, instead of a silent fallback.
                available = e.reason() == CredentialStoreException.Reason.LOCKED;
            }
        }
        return available;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> load(String account) {
        Result r = run(null, "lookup", "service", SERVICE, "account", account);
        if (r == null) return Optional.empty();
        if (r.exit != 0) {
            // "Not found" is exit 1 with nothing said; a locked keyring also answers so (lookup does not unlock).
            if (!r.err.isBlank()) throw failure(r.err);
            return Optional.empty();
        }
        return r.out.isEmpty() ? Optional.empty() : Optional.of(r.out);
    }

    @Override
    public boolean save(String account, String secret) {
        Result r = run(secret, "store", "--label=" + label(account), "service", SERVICE, "account", account);
        if (r == null) return false;
        if (r.exit != 0) {
            if (!r.err.isBlank()) throw failure(r.err);
            return false;
        }
        return true;
    }

    @Override
    public void delete(String account) {
        Result r = run(null, "clear", "service", SERVICE, "account", account);
        if (r != null && r.exit != 0 && !r.err.isBlank()) throw failure(r.err);
    }

    /** secret-tool's complaint ("secret-tool: Cannot create an item in a locked collection") as a reason. */
    static CredentialStoreException failure(String stderr) {
        String said = stderr.strip().lines().findFirst().orElse("").replaceFirst("^secret-tool:\\s*", "");
        String lower = said.toLowerCase(java.util.Locale.ROOT);
        CredentialStoreException.Reason r;
        if (lower.contains("locked")) r = CredentialStoreException.Reason.LOCKED;
        else if (lower.contains("dismissed") || lower.contains("cancel")) r = CredentialStoreException.Reason.CANCELLED;
        else if (lower.contains("denied") || lower.contains("not allowed")) r = CredentialStoreException.Reason.DENIED;
        else r = CredentialStoreException.Reason.FAILED;
        return new CredentialStoreException(r, NAME, said);
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return null; // no such tool
        }
        try {
            // Both streams read aside, so a tool that hangs (waiting for an unlock prompt nobody sees) is cut after 10 s.
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the tool stopped before reading: its exit code and words say why
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CredentialStoreException(CredentialStoreException.Reason.FAILED, NAME, "secret-tool did not answer in 10 s");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static byte[] readAll(InputStream s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (s) {
            s.transferTo(b);
        } catch (IOException e) {
            // the tool went away: what was read is all there is
        }
        return b.toByteArray();
    }
}
