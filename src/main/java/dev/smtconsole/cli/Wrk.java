package dev.smtconsole.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench gateway}'s load from a process of its own: wrk (Debian's package), as the guide's
 * HTTP load tool, with a Lua script that makes the same posts as the in-JVM client (a new
 * eventId each), counts the posts answered as stored and the failures, and prints wrk's own
 * latency percentiles. The clients then take none of the server JVM's heap, threads or JIT.
 */
final class Wrk {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT requests=(\\d+) stored=(\\d+) failed=(\\d+) p50us=([\\d.]+) p99us=([\\d.]+) seconds=([\\d.]+) unanswered=(\\d+)");

    private Wrk() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(5, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code clients} connections post for {@code secs}; each request carries {@code perRequest} posts.
     * wrk stops at the deadline without reading the answers still on their way: their posts are
     * added to {@code unanswered} (the server may or may not have stored them).
     */
    static BenchGatewayCommand.Phase measure(String db, String phase, int clients, int perRequest, URI uri, String token,
                                             int secs, AtomicLong stored, AtomicLong unanswered)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("smt-bench-wrk", ".lua");
        try {
            Files.writeString(script, script(perRequest, token, UUID.randomUUID().toString().substring(0, 8),
                    Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("wrk", "-t", String.valueOf(Math.min(2, clients)), "-c", String.valueOf(clients),
                    "-d", secs + "s", "--timeout", "10s", "-s", script.toString(), uri.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IOException("wrk failed: " + out.strip());
            Matcher m = RESULT.matcher(out);
            if (!m.find()) throw new IOException("wrk gave no result: " + out.strip());
            long requests = Long.parseLong(m.group(1));
            stored.addAndGet(Long.parseLong(m.group(2)));
            unanswered.addAndGet(Long.parseLong(m.group(7)));
            return new BenchGatewayCommand.Phase(db, phase, clients, requests, requests * perRequest,
                    Double.parseDouble(m.group(6)), Double.parseDouble(m.group(4)) / 1000, Double.parseDouble(m.group(5)) / 1000,
                    Long.parseLong(m.group(3)));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The Lua script: the bench's own post (four machines, three counters), a batch as a JSON array. */
    private static String script(int perRequest, String token, String run, Instant at) {
        return String.format(Locale.ROOT, """
                local threads = {}
                local n = 0
                function setup(thread)
                  thread:set("tid", n)
                  n = n + 1
                  table.insert(threads, thread)
                end
                function init(args)
                  k = 0
                  stored = 0
                  failed = 0
                  answered = 0
                end
                local function post(id, i)
                  return '{"eventId":"' .. id .. '","eventTime":"%2$s","source":"AUTO","runNo":"M0BENCH",'
                    .. '"equipmentId":"BL1-M' .. (1 + i %% 4) .. '","unitSn":"SN-' .. i .. '","stepNo":10,'
                    .. '"data":[{"specName":"boards","valueNumber":1},{"specName":"picks","valueNumber":120},'
                    .. '{"specName":"placements","valueNumber":119}]}'
                end
                request = function()
                  k = k + 1
                  local prefix = "bw-%3$s-" .. tid .. "-" .. k
                  local body
                  if %1$d == 1 then
                    body = post(prefix, k)
                  else
                    local parts = {}
                    for j = 1, %1$d do parts[j] = post(prefix .. "-" .. j, j) end
                    body = "[" .. table.concat(parts, ",") .. "]"
                  end
                  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer %4$s"}, body)
                end
                response = function(status, headers, body)
                  answered = answered + 1
                  if status ~= 200 then
                    failed = failed + %1$d
                  elseif %1$d == 1 then
                    if not string.find(body, '"isDuplicate":true', 1, true) then stored = stored + 1 end
                  else
                    local accepted = tonumber(string.match(body, '"accepted":(%%d+)'))
                    stored = stored + accepted
                    failed = failed + (%1$d - accepted)
                  end
                end
                done = function(summary, latency, requests)
                  local s, f, open = 0, 0, 0
                  for _, t in ipairs(threads) do
                    s = s + t:get("stored")
                    f = f + t:get("failed")
                    open = open + t:get("k") - t:get("answered")
                  end
                  io.write(string.format("RESULT requests=%%d stored=%%d failed=%%d p50us=%%.1f p99us=%%.1f seconds=%%.3f unanswered=%%d\\n",
                    summary.requests, s, f + summary.errors.connect + summary.errors.read
                    + summary.errors.write + summary.errors.timeout, latency:percentile(50), latency:percentile(99),
                    summary.duration / 1e6, open * %1$d))
                end
                """, perRequest, at, run, token);
    }
}
