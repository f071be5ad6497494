package org.carerelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.carerelay.harness.PartnerTokens;

/**
 * P6 (webhooks, issue #15) and P7 (concern rules, issue #16), run with {@code deploy/bench/push.sh} on the generated
 * data set; writes its own section of docs/benchmarks.md (between the push markers, kept by {@link BenchReport}).
 *
 * <ul>
 * <li>P6 latency: 10 endpoints registered through {@code /api/v1/webhooks} with the demo partner systems'
 * client-credentials tokens, receivers on loopback in this JVM, one of which never answers; events ingested at a
 * fixed rate (open loop); for every delivery to an agency with endpoints, the time from the ingest request's 2xx to
 * each answering receiver's receipt of the matching {@code delivery.created}.
 * <li>P6 throughput: P3's load (wrk, 16 connections) with the 10 endpoints registered and active against none,
 * alternated on, off, on, off; after each "on" round the outbox is drained before the next round starts.
 * <li>P7: the same load against instance A (the three shipped concern rules live) and instance B
 * ({@code CARERELAY_CONCERNS_ENABLED=false}), alternated.
 * </ul>
 */
public final class PushBench {

    static final String START = "<!-- push:start -->";
    static final String END = "<!-- push:end -->";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who registers the ten endpoints (the demo partner systems; an endpoint belongs to its system's agency). The first hangs. */
    private static final List<String> OWNERS = List.of(PartnerTokens.WELFARE, PartnerTokens.WELFARE, PartnerTokens.WELFARE,
            PartnerTokens.NORTHGATE, PartnerTokens.NORTHGATE, PartnerTokens.NORTHGATE, PartnerTokens.MINDBRIDGE, PartnerTokens.MINDBRIDGE,
            PartnerTokens.RIVERSIDE, PartnerTokens.RIVERSIDE);

    /** A registered endpoint and its receiver. */
    record Endpoint(long id, String partner, String agency, Receivers.Receiver receiver) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String db = a.getOrDefault("db", "carerelay_bench");
        Path jar = Path.of(a.getOrDefault("jar", ".cache/bench/build/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        Path work = Path.of(a.getOrDefault("work", ".cache/bench")).toAbsolutePath();
        Path out = Path.of(a.getOrDefault("out", "docs/benchmarks.md"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int rate = Integer.parseInt(a.getOrDefault("rate", "20"));
        String only = a.getOrDefault("only", "P6,P7");
        String javaOpts = System.getenv().getOrDefault("BENCH_PORTAL_JAVA_OPTS", "-Xmx1g");
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String loadAtStart = load();
        List<String[]> verdicts = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "carerelay", "carerelay")) {
            int portA = AppInstance.freePort(List.of());
            int portB = AppInstance.freePort(List.of(portA));
            BenchmarkRun.say("Starting instance A (port " + portA + ", shipped settings) and B (port " + portB + ", concern rules off)");
            try (AppInstance appA = AppInstance.start("A", jar, portA, db, javaOpts, Map.of(), work);
                    AppInstance appB = AppInstance.start("B", jar, portB, db, javaOpts, Map.of("CARERELAY_CONCERNS_ENABLED", "false"), work)) {
                Map<String, Long> agencies = agencies(c);
                if (only.contains("P6")) {
                    p6(c, appA, agencies, seconds, rate, work, verdicts, lines);
                }
                if (only.contains("P7")) {
                    p7(c, appA, appB, agencies, seconds, work, verdicts, lines);
                }
            }
            StringBuilder md = new StringBuilder();
            md.append("Measured by `deploy/bench/push.sh` on ").append(started).append(" at commit `")
                    .append(a.getOrDefault("commit", "?").substring(0, Math.min(10, a.getOrDefault("commit", "?").length())))
                    .append("` on the database `").append(db).append("` (").append(dataset(work, db)).append("; 2 shared cores; load ")
                    .append(loadAtStart).append(" at the start, ").append(load()).append(" at the end). Each load step lasts ").append(seconds)
                    .append(" s after a 15 s warm-up; rounds alternate so that both sides see the shared machine's changing load.\n\n");
            md.append("| measure | target | result | |\n|---|---|---|---|\n");
            verdicts.forEach(v -> md.append("| ").append(String.join(" | ", v)).append(" |\n"));
            md.append('\n');
            lines.forEach(l -> md.append(l).append('\n'));
            writeSection(out, md.toString());
            System.out.println("Wrote " + out);
        }
    }

    // ---- P6

    private static void p6(Connection c, AppInstance app, Map<String, Long> agencies, int seconds, int rate, Path work,
            List<String[]> verdicts, List<String> lines) throws Exception {
        List<Receivers.Receiver> receivers = new ArrayList<>();
        try {
            for (int i = 0; i < OWNERS.size(); i++) {
                receivers.add(Receivers.start(i == 0));
            }
            BenchmarkRun.say("P6: 10 endpoints registered through /api/v1/webhooks (the first never answers); ingest at " + rate + " events/s");
            List<Endpoint> endpoints = register(app, receivers);
            Endpoint hanging = endpoints.get(0);
            fixedRate(app, c, agencies, rate, 10, "p6warm"); // warm-up, not measured
            drain(c, hanging.id(), Duration.ofMinutes(3));
            int hangingBefore = hanging.receiver().requests.get();
            List<Sent> sent = fixedRate(app, c, agencies, rate, seconds, "p6lat" + Long.toString(System.currentTimeMillis(), 36));
            // every expected receipt, or three minutes
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            List<Double> all = new ArrayList<>();
            List<Double> besideHanging = new ArrayList<>();
            List<Double> others = new ArrayList<>();
            int expected = 0;
            int missing = 0;
            for (Sent s : sent) {
                for (Map.Entry<Long, String> d : s.deliveries().entrySet()) {
                    for (Endpoint e : endpoints) {
                        if (e == hanging || !e.agency().equals(d.getValue())) {
                            continue;
                        }
                        expected++;
                        Long at = e.receiver().firstSeen.get(d.getKey());
                        while (at == null && System.nanoTime() < deadline) {
                            Thread.sleep(50);
                            at = e.receiver().firstSeen.get(d.getKey());
                        }
                        if (at == null) {
                            missing++;
                            continue;
                        }
                        // from the ingest request to the receipt: the message may arrive before the ingest answer does (the
                        // dispatcher is woken on commit), so the request's start is the honest zero
                        double ms = (at - s.sentAt()) / 1e6;
                        all.add(ms);
                        (e.agency().equals(hanging.agency()) ? besideHanging : others).add(ms);
                    }
                }
            }
            int failed = (int) sent.stream().filter(s -> s.status() < 200 || s.status() > 299).count();
            List<Double> sorted = Wrk.sorted(all);
            double p50 = Wrk.percentile(sorted, 50);
            double p99 = Wrk.percentile(sorted, 99);
            verdicts.add(new String[] {"P6 ingest request to webhook receipt, 9 answering endpoints (1 of 10 hangs), p50 / p99",
                "recorded (no target)", String.format(Locale.ROOT, "%.0f ms / %.0f ms", p50, p99), ""});
            lines.add("### P6 webhooks: ingest to receipt\n");
            lines.add(String.format(Locale.ROOT, "- %d events at %d events/s for %d s (open loop, JDK HTTP client, partner tokens; %d not 2xx);"
                    + " %d messages expected at the 9 answering receivers, %d missing after 3 minutes. Latency from sending the ingest request"
                    + " to the receiver's receipt of the matching `delivery.created`: %s", sent.size(), rate, seconds, failed, expected,
                    missing, summary(all)) + " [load " + load() + "]");
            lines.add("- the 2 answering endpoints of " + hanging.agency() + ", the agency of the hanging one: " + summary(besideHanging)
                    + "; the 7 endpoints of the other agencies: " + summary(others));
            lines.add(String.format(Locale.ROOT, "- the hanging endpoint (%s) was sent %d requests during the measured step and answered none;"
                    + " its messages wait for their retries (15 s timeout, then the schedule) while the others are delivered",
                    hanging.agency(), hanging.receiver().requests.get() - hangingBefore));
            lines.add("- endpoints per agency: " + endpoints.stream().collect(java.util.stream.Collectors.groupingBy(Endpoint::agency,
                    LinkedHashMap::new, java.util.stream.Collectors.counting())) + "; delivery.created only");

            BenchmarkRun.say("P6: ingest throughput with the endpoints registered (on) and without any (off), alternated");
            lines.add("\n### P6 webhooks: ingest throughput on vs off (P3's load, 16 connections)\n");
            Wrk.run(app.url + "/api/v1/events", IngestLoad.script(c, agencies, "p6w" + System.currentTimeMillis()), 2, 16, 15, work);
            drain(c, hanging.id(), Duration.ofMinutes(5));
            double on = 0;
            double off = 0;
            int rounds = 2;
            for (int round = 1; round <= rounds; round++) {
                if (endpoints.isEmpty()) {
                    endpoints = register(app, receivers);
                    hanging = endpoints.get(0);
                }
                Thread.sleep(2000);
                double eps = ingestRound(c, app, agencies, seconds, work, lines, "round " + round + ", webhooks on (10 endpoints, 1 hanging)");
                long t = System.nanoTime();
                long backlog = drain(c, hanging.id(), Duration.ofMinutes(5));
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + String.format(Locale.ROOT, "; messages %s, outbox drained %.0f s after"
                        + " the step (the hanging endpoint's %d excepted)", messagesSince(c), (System.nanoTime() - t) / 1e9, backlog));
                on += eps;
                delete(app, endpoints);
                endpoints = List.of();
                Thread.sleep(2000);
                off += ingestRound(c, app, agencies, seconds, work, lines, "round " + round + ", webhooks off (no endpoint)");
            }
            double ratio = on / off;
            verdicts.add(new String[] {"P6 ingest events/s with webhooks on vs off", ">= 90 %",
                String.format(Locale.ROOT, "%.0f %% (%,.0f vs %,.0f events/s)", ratio * 100, on / rounds, off / rounds),
                ratio >= 0.9 ? "met" : "**missed**"});
        } finally {
            receivers.forEach(Receivers.Receiver::close);
        }
    }

    /** One ingest request sent at a fixed rate: when it was sent, when its answer arrived, its deliveries (id, recipient agency slug). */
    record Sent(int status, long sentAt, long answeredAt, Map<Long, String> deliveries) {
    }

    private static List<Sent> fixedRate(AppInstance app, Connection c, Map<String, Long> agencies, int rate, int seconds, String nonce)
            throws Exception {
        List<IngestLoad.Request> requests = IngestLoad.requests(c, agencies, nonce, rate * seconds, nonce.hashCode());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "p6-ingest");
            t.setDaemon(true);
            return t;
        })).connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String partner : OWNERS.stream().distinct().toList()) {
            tokens.put(partner, PartnerTokens.token(partner));
        }
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < requests.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            IngestLoad.Request r = requests.get(i);
            HttpRequest request = HttpRequest.newBuilder(URI.create(app.url + "/api/v1/events")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens.get(r.partner())).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "p6-" + UUID.randomUUID()).POST(HttpRequest.BodyPublishers.ofString(r.body())).build();
            long sentAt = System.nanoTime();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long at = System.nanoTime();
                if (error != null) {
                    sent.add(new Sent(0, sentAt, at, Map.of()));
                    return;
                }
                Map<Long, String> deliveries = new LinkedHashMap<>();
                if (response.statusCode() / 100 == 2) {
                    try {
                        for (JsonNode d : JSON.readTree(response.body()).path("deliveries")) {
                            deliveries.put(d.get("id").asLong(), d.get("agency").asText());
                        }
                    } catch (java.io.IOException e) {
                        // no deliveries read
                    }
                }
                sent.add(new Sent(response.statusCode(), sentAt, at, deliveries));
            }));
        }
        for (CompletableFuture<?> f : pending) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // counted above
            }
        }
        return new ArrayList<>(sent);
    }

    private static List<Endpoint> register(AppInstance app, List<Receivers.Receiver> receivers) throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < OWNERS.size(); i++) {
            String partner = OWNERS.get(i);
            Receivers.Receiver r = receivers.get(i);
            HttpResponse<String> answer = api(app, "POST", "/api/v1/webhooks", partner, "{\"url\":\"" + r.url + "\",\"kinds\":[\"delivery.created\"],"
                    + "\"description\":\"P6 receiver " + (i + 1) + (r.hangs ? " (hangs)" : "") + "\"}");
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("registration: " + answer.statusCode() + " " + answer.body());
            }
            JsonNode created = JSON.readTree(answer.body());
            endpoints.add(new Endpoint(created.at("/endpoint/id").asLong(), partner, partner.replaceFirst("^ingest-", ""), r));
        }
        return endpoints;
    }

    private static void delete(AppInstance app, List<Endpoint> endpoints) throws Exception {
        for (Endpoint e : endpoints) {
            HttpResponse<String> answer = api(app, "DELETE", "/api/v1/webhooks/" + e.id(), e.partner(), null);
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("delete: " + answer.statusCode() + " " + answer.body());
            }
        }
    }

    private static HttpResponse<String> api(AppInstance app, String method, String path, String partner, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(partner));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until no message is pending or sending except the hanging endpoint's; returns how many of those wait. */
    private static long drain(Connection c, long hangingId, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (count(c, "SELECT count(*) FROM webhook_message WHERE state IN ('pending', 'sending') AND endpoint_id <> " + hangingId) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outbox did not drain within " + max);
            }
            Thread.sleep(200);
        }
        return count(c, "SELECT count(*) FROM webhook_message WHERE state IN ('pending', 'sending') AND endpoint_id = " + hangingId);
    }

    private static String messagesSince(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT count(*), count(*) FILTER (WHERE state = 'delivered') FROM webhook_message
                WHERE created_at > now() - interval '2 minutes'""")) {
            r.next();
            return String.format(Locale.ROOT, "%,d written in the last 2 minutes (%,d delivered)", r.getLong(1), r.getLong(2));
        }
    }

    // ---- P7

    private static void p7(Connection c, AppInstance on, AppInstance off, Map<String, Long> agencies, int seconds, Path work,
            List<String[]> verdicts, List<String> lines) throws Exception {
        BenchmarkRun.say("P7: ingest with the three concern rules live (A) and with evaluation off (B), alternated");
        lines.add("\n### P7 concern rules: ingest throughput with the rules vs none (P3's load, 16 connections)\n");
        lines.add("- rules live: " + String.join(", ", column(c, "SELECT code || ' v' || version || ' (' || status || ')' FROM concern_rule"
                + " WHERE current ORDER BY code")));
        for (AppInstance app : List.of(on, off)) {
            Wrk.run(app.url + "/api/v1/events", IngestLoad.script(c, agencies, "p7w" + System.currentTimeMillis()), 2, 16, 15, work);
        }
        double withRules = 0;
        double without = 0;
        int rounds = 2;
        for (int round = 1; round <= rounds; round++) {
            long concerns = count(c, "SELECT count(*) FROM concern");
            long signals = count(c, "SELECT count(*) FROM concern_signal");
            withRules += ingestRound(c, on, agencies, seconds, work, lines, "round " + round + ", rules live (instance A)");
            lines.set(lines.size() - 1, lines.get(lines.size() - 1) + String.format(Locale.ROOT, "; %,d signals recorded, %,d concerns raised",
                    count(c, "SELECT count(*) FROM concern_signal") - signals, count(c, "SELECT count(*) FROM concern") - concerns));
            without += ingestRound(c, off, agencies, seconds, work, lines, "round " + round + ", rules off (instance B,"
                    + " `CARERELAY_CONCERNS_ENABLED=false`)");
        }
        double ratio = withRules / without;
        verdicts.add(new String[] {"P7 ingest events/s with the three concern rules vs none", ">= 90 %",
            String.format(Locale.ROOT, "%.0f %% (%,.0f vs %,.0f events/s)", ratio * 100, withRules / rounds, without / rounds),
            ratio >= 0.9 ? "met" : "**missed**"});
    }

    // ---- shared

    /** P3's load for {@code seconds}; adds a line and returns the events stored per second. */
    private static double ingestRound(Connection c, AppInstance app, Map<String, Long> agencies, int seconds, Path work, List<String> lines,
            String what) throws Exception {
        String nonce = Long.toString(System.currentTimeMillis(), 36);
        Instant start = Instant.now();
        Wrk.Result r = Wrk.run(app.url + "/api/v1/events", IngestLoad.script(c, agencies, nonce), 2, 16, seconds, work);
        long stored = IngestLoad.eventsSince(c, start.minusSeconds(1));
        double eps = (double) stored / seconds;
        lines.add(String.format(Locale.ROOT, "- %s: %,.0f events/s (%,d stored); %s [load %s]", what, eps, stored, r.line(), load()));
        System.out.println("  " + lines.get(lines.size() - 1));
        return eps;
    }

    private static String summary(List<Double> values) {
        List<Double> s = Wrk.sorted(values);
        return s.isEmpty() ? "none" : String.format(Locale.ROOT, "%,d receipts, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms", s.size(),
                Wrk.percentile(s, 50), Wrk.percentile(s, 90), Wrk.percentile(s, 99), s.get(s.size() - 1));
    }

    private static String dataset(Path work, String db) {
        try {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newInputStream(work.resolve("dataset-" + db + ".properties"))) {
                p.load(in);
            }
            return "preset `" + p.getProperty("preset") + "`, " + String.format(Locale.ROOT, "%,d", Long.parseLong(p.getProperty("rows.delivery", "0")))
                    + " deliveries generated";
        } catch (Exception e) {
            return "data set summary not found";
        }
    }

    private static Map<String, Long> agencies(Connection c) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT slug, id FROM agency")) {
            while (r.next()) {
                m.put(r.getString(1), r.getLong(2));
            }
        }
        return m;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    static String load() {
        try {
            return Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static void writeSection(Path out, String body) throws Exception {
        String section = START + "\n" + body + END;
        String md = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n";
        int a = md.indexOf(START);
        int b = md.indexOf(END);
        if (a >= 0 && b > a) {
            md = md.substring(0, a) + section + md.substring(b + END.length());
        } else {
            int notes = md.indexOf("\n## Notes");
            String block = "\n## Push and concern rules (deploy/bench/push.sh)\n\n" + section + "\n";
            md = notes >= 0 ? md.substring(0, notes) + block + md.substring(notes) : md + block;
        }
        Files.writeString(out, md);
    }
}
