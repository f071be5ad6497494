package org.carerelay.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;

/**
 * P3: events per second through POST /api/v1/events (validation, client matching, routing,
 * deliveries, markers, relationships, fan-out, audit, idempotency record) with wrk building each
 * request in Lua: the four partner systems, a mix of types (one to three recipients each), mostly
 * about clients the source already knows, a unique Idempotency-Key per request. The baseline is
 * pgbench's single-row INSERT at the same concurrency on the same PostgreSQL.
 */
final class IngestLoad {

    /** One kind of request: the source's partner system, the agency whose local ids it uses, the type, and its data. */
    private record Kind(String partner, String agency, String type, Function<String, ObjectNode> data) {
    }

    /** The mix of requests; each one's data is built for a time an hour ago. */
    private static final List<Kind> KINDS = List.of(
            new Kind(PartnerTokens.RIVERSIDE, "riverside-hospital", "SYMPTOM_DETERIORATION", at -> EventBodies.fields("symptom",
                    "Ankle swelling", "severity", "moderate", "reportedVia", "remote_monitoring", "observedAt", at)),
            new Kind(PartnerTokens.RIVERSIDE, "riverside-hospital", "FOLLOW_UP_SCHEDULED",
                    at -> EventBodies.fields("scheduledFor", at, "contactType", "home_visit")),
            new Kind(PartnerTokens.MINDBRIDGE, "mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", at -> EventBodies.fields(
                    "crisisDischargeDate", "2026-01-01", "missedContactAt", at, "contactAttempts", 2, "lastKnownRiskLevel", "high")),
            new Kind(PartnerTokens.NORTHGATE, "northgate-housing", "HOUSING_INSTABILITY_ALERT", at -> EventBodies.fields(
                    "riskType", "rent_arrears", "rentArrearsAmount", 1200, "details", "Notice served; wants help. " + at)),
            new Kind(PartnerTokens.NORTHGATE, "northgate-housing", "URGENT_ACCESS_PROBLEM", at -> EventBodies.fields(
                    "problem", "no_heating", "description", "Boiler broken since " + at + ".", "vulnerableHousehold", true)),
            new Kind(PartnerTokens.WELFARE, "county-welfare", "BENEFITS_INTERRUPTION", at -> EventBodies.fields("benefit", "snap",
                    "interruptedOn", "2026-01-02", "reason", "missed_recertification", "details", "Letter to an old address. " + at)));

    record Baseline(int clients, double tps, String command) {
    }

    private IngestLoad() {
    }

    /** The wrk script: tokens fetched now (they live five minutes), clients read from the database. */
    static String script(Connection db, Map<String, Long> agencies, String nonce) throws SQLException {
        Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder lua = new StringBuilder("local kinds = {\n");
        for (Kind k : KINDS) {
            String data = EventBodies.json(k.data().apply(hourAgo.toString())).replace("\\", "\\\\").replace("\"", "\\\"");
            lua.append(String.format(Locale.ROOT, "  {token=\"%s\", clients=\"%s\", type=\"%s\", data=\"%s\"},%n",
                    PartnerTokens.fetch(k.partner(), "demo-secret"), k.agency(), k.type(), data));
        }
        lua.append("}\nlocal people = {\n");
        for (String slug : KINDS.stream().map(Kind::agency).distinct().toList()) {
            lua.append("  [\"").append(slug).append("\"] = {\n");
            try (PreparedStatement s = db.prepareStatement("""
                    SELECT i.local_id, c.given_name, c.family_name, c.birth_date FROM client_identifier i JOIN client c ON c.id = i.client_id
                    WHERE i.agency_id = ? ORDER BY i.client_id DESC LIMIT 400""")) {
                s.setLong(1, agencies.get(slug));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        lua.append(String.format("    {\"%s\", \"%s\", \"%s\", \"%s\"},%n", r.getString(1), r.getString(2),
                                r.getString(3).replace("'", "\\'"), r.getString(4)));
                    }
                }
            }
            lua.append("  },\n");
        }
        lua.append("}\n").append("local occurred = \"").append(hourAgo).append("\"\n").append("local nonce = \"").append(nonce).append("\"\n");
        lua.append("""
                local threads = {}
                local next_id = 0
                function setup(thread)
                  next_id = next_id + 1
                  thread:set("tid", next_id)
                  table.insert(threads, thread)
                end
                function init(args)
                  bad = 0
                  counter = 0
                  math.randomseed(tid * 7919)
                end
                function request()
                  counter = counter + 1
                  local k = kinds[math.random(#kinds)]
                  local who
                  if math.random(100) <= 80 and #people[k.clients] > 0 then
                    local p = people[k.clients][math.random(#people[k.clients])]
                    who = string.format('{"localId":"%s","givenName":"%s","familyName":"%s","birthDate":"%s"}', p[1], p[2], p[3], p[4])
                  else
                    who = string.format('{"localId":"BENCH-%s-%d-%d","givenName":"Bench%d","familyName":"Load%s","birthDate":"1970-01-01"}',
                      nonce, tid, counter, counter, nonce)
                  end
                  local body = string.format('{"type":"%s","occurredAt":"%s","client":%s,"data":%s}', k.type, occurred, who, k.data)
                  return wrk.format("POST", "/api/v1/events", {["Authorization"] = "Bearer " .. k.token,
                    ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. nonce .. "-" .. tid .. "-" .. counter}, body)
                end
                function response(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
                function done(summary, latency, requests)
                  local total = 0
                  for _, t in ipairs(threads) do total = total + t:get("bad") end
                  io.write(string.format("NON2XX %d\\n", total))
                end
                """);
        return lua.toString();
    }

    /** One request of the same mix for a Java client (P6): the partner system's client id and the JSON body. */
    record Request(String partner, String body) {
    }

    /**
     * {@code count} requests of the mix that {@link #script} sends, built in Java: the same types and data, 80 % about
     * clients the source already knows, the rest new ones (unique per {@code nonce}).
     */
    static List<Request> requests(Connection db, Map<String, Long> agencies, String nonce, int count, long seed) throws SQLException {
        String occurred = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, List<String>> people = new java.util.HashMap<>();
        for (String slug : KINDS.stream().map(Kind::agency).distinct().toList()) {
            List<String> who = new java.util.ArrayList<>();
            try (PreparedStatement s = db.prepareStatement("""
                    SELECT i.local_id, c.given_name, c.family_name, c.birth_date FROM client_identifier i JOIN client c ON c.id = i.client_id
                    WHERE i.agency_id = ? ORDER BY i.client_id DESC LIMIT 400""")) {
                s.setLong(1, agencies.get(slug));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ObjectNode p = EventBodies.fields("localId", r.getString(1), "givenName", r.getString(2), "familyName", r.getString(3),
                                "birthDate", r.getString(4));
                        who.add(EventBodies.json(p));
                    }
                }
            }
            people.put(slug, who);
        }
        java.util.Random random = new java.util.Random(seed);
        List<Request> requests = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Kind k = KINDS.get(random.nextInt(KINDS.size()));
            List<String> known = people.get(k.agency());
            String who = random.nextInt(100) < 80 && !known.isEmpty() ? known.get(random.nextInt(known.size()))
                    : EventBodies.json(EventBodies.fields("localId", "BENCH-" + nonce + "-" + i, "givenName", "Bench" + i, "familyName",
                            "Load" + nonce, "birthDate", "1970-01-01"));
            requests.add(new Request(k.partner(), "{\"type\":\"" + k.type() + "\",\"occurredAt\":\"" + occurred + "\",\"client\":" + who
                    + ",\"data\":" + EventBodies.json(k.data().apply(occurred)) + "}"));
        }
        return requests;
    }

    /** pgbench: single-row INSERTs into a scratch table of the same database, {@code clients} connections. */
    static Baseline pgbench(Connection db, String dbName, int clients, int seconds, Path dir) throws SQLException, IOException,
            InterruptedException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_single_row (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, payload TEXT NOT NULL)");
        }
        Path script = dir.resolve("pgbench-insert.sql");
        Files.writeString(script, "INSERT INTO bench_single_row (at, payload) VALUES (now(), "
                + "'a single row of about the size of an event summary, written in its own transaction');\n");
        List<String> command = List.of("pgbench", "-h", "127.0.0.1", "-U", "carerelay", "-n", "-c", String.valueOf(clients), "-j",
                String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds), "-f", script.toString(), dbName);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE bench_single_row");
        }
        Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no tps in pgbench output: " + out);
        }
        return new Baseline(clients, Double.parseDouble(m.group(1)), String.join(" ", command).replace(script.toString(), "insert.sql"));
    }

    /** Events the partner systems shared since {@code since} (to check wrk's count against the database). */
    static long eventsSince(Connection db, Instant since) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM shared_event WHERE received_at >= ? AND submitted_by LIKE 'ingest-%'")) {
            s.setObject(1, java.sql.Timestamp.from(since));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
