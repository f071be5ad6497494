package org.carerelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian's wrk 4) and reads its summary. A Lua script adds the headers (session cookie,
 * bearer token) or builds each request (the ingest bodies); its done() prints the number of
 * responses that were not 2xx, since wrk itself counts a redirect to the login page as a success.
 */
final class Wrk {

    record Result(String command, double requestsPerSecond, long requests, long non2xx, long socketErrors, String p50, String p90,
            String p99, String max, String raw) {

        String line() {
            return String.format(Locale.ROOT, "%,.0f req/s (%,d requests, %d not 2xx, %d socket errors; latency p50 %s, p90 %s, p99 %s, max %s)",
                    requestsPerSecond, requests, non2xx, socketErrors, p50, p90, p99, max);
        }
    }

    /** Counts non-2xx responses per thread; {@code done} adds them up. */
    static final String COUNT_STATUS = """
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) bad = 0 end
            function response(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
            function done(summary, latency, requests)
              local total = 0
              for _, t in ipairs(threads) do total = total + t:get("bad") end
              io.write(string.format("NON2XX %d\\n", total))
            end
            """;

    private Wrk() {
    }

    /** GETs {@code url} with these headers at saturation: {@code threads} threads, {@code connections} connections. */
    static Result get(String url, List<String[]> headers, int threads, int connections, int seconds, Path dir) throws IOException,
            InterruptedException {
        StringBuilder lua = new StringBuilder();
        for (String[] h : headers) {
            lua.append("wrk.headers[\"").append(h[0]).append("\"] = \"").append(h[1].replace("\"", "\\\"")).append("\"\n");
        }
        return run(url, lua.append(COUNT_STATUS).toString(), threads, connections, seconds, dir);
    }

    static Result run(String url, String script, int threads, int connections, int seconds, Path dir) throws IOException,
            InterruptedException {
        Path file = Files.createTempFile(dir, "wrk-", ".lua");
        Files.writeString(file, script);
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", "--timeout", "10s",
                "-s", file.toString(), url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Files.deleteIfExists(file);
        String shown = "wrk -t" + threads + " -c" + connections + " -d" + seconds + "s --latency -s <script> " + url;
        return new Result(shown, number(out, "Requests/sec:\\s+([0-9.]+)"), (long) number(out, "([0-9]+) requests in"),
                (long) number(out, "NON2XX ([0-9]+)"), socketErrors(out), text(out, "\\s50%\\s+(\\S+)"), text(out, "\\s90%\\s+(\\S+)"),
                text(out, "\\s99%\\s+(\\S+)"), text(out, "Latency\\s+\\S+\\s+\\S+\\s+(\\S+)"), out);
    }

    private static long socketErrors(String out) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        long n = 0;
        if (m.find()) {
            for (int i = 1; i <= 4; i++) {
                n += Long.parseLong(m.group(i));
            }
        }
        return n;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String text(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    /** Percentile of sorted values (nearest rank). */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        copy.sort(Double::compare);
        return copy;
    }
}
