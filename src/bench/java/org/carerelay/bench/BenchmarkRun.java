package org.carerelay.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The benchmark harness (issue #8; not a test): starts two portal instances from the packaged jar
 * against the generated data set, measures P1-P5 side by side in one run and writes
 * docs/benchmarks.md. Run it with {@code deploy/bench/run.sh}.
 *
 * <ul>
 * <li>P1: the worklist's first page of the busiest agency (rendered HTML, signed in) against a trivial
 * signed-in page with one indexed query, at saturation (wrk); then the worklist at a fixed 100 requests/s.
 * <li>P2: a client record with its audit entry (instance A) against the same view with auditing
 * bypassed (instance B, CARERELAY_AUDIT_BENCHMARK_BYPASS; only a benchmark build has that switch).
 * <li>P3: events/s through POST /api/v1/events against pgbench single-row INSERTs, same concurrency.
 * <li>P4: each commissioner report's server time.
 * <li>P5: ingest on A to the row visible in a browser's worklist on B (SSE).
 * <li>Audit sealing: the sealer's lag (entry time to sealed) for the entries P2 wrote.
 * </ul>
 */
public final class BenchmarkRun {

    /** The frontline demo user of each agency (DEMO-NETWORK.md). */
    static final Map<String, String> FRONTLINE = Map.of("riverside-hospital", "nurse.riverside", "eastside-community", "responder.eastside",
            "mindbridge-bh", "clinician.mindbridge", "harbor-support", "worker.harbor", "northgate-housing", "officer.northgate",
            "county-welfare", "advisor.welfare");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String db = a.getOrDefault("db", "carerelay_bench");
        Path jar = Path.of(a.getOrDefault("jar", ".cache/bench/build/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        Path work = Path.of(a.getOrDefault("work", ".cache/bench")).toAbsolutePath();
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        String javaOpts = System.getenv().getOrDefault("BENCH_PORTAL_JAVA_OPTS", "-Xmx1g");
        BenchReport report = new BenchReport(Path.of(a.getOrDefault("out", "docs/benchmarks.md")));
        Properties dataset = new Properties();
        Path datasetFile = work.resolve("dataset-" + db + ".properties");
        if (!Files.exists(datasetFile)) {
            throw new IllegalStateException("no data set summary " + datasetFile + ": run deploy/bench/generate.sh --preset county first");
        }
        try (var in = Files.newInputStream(datasetFile)) {
            dataset.load(in);
        }
        report.setup(a.getOrDefault("commit", "?"), a.getOrDefault("source", "head"), dataset, seconds, javaOpts);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "carerelay", "carerelay")) {
            report.machine(c);
            run(c, db, jar, work, seconds, javaOpts, dataset, report);
        } finally {
            report.write();
        }
        System.out.println("Wrote " + a.getOrDefault("out", "docs/benchmarks.md"));
    }

    private static void run(Connection c, String db, Path jar, Path work, int seconds, String javaOpts, Properties dataset, BenchReport report)
            throws Exception {
        int portA = AppInstance.freePort(List.of());
        int portB = AppInstance.freePort(List.of(portA));
        say("Starting instance A (port " + portA + ", audited) and B (port " + portB + ", audit bypassed for P2)");
        AppInstance appA = AppInstance.start("A", jar, portA, db, javaOpts, Map.of(), work);
        AppInstance appB = AppInstance.start("B", jar, portB, db, javaOpts, Map.of("CARERELAY_AUDIT_BENCHMARK_BYPASS", "true"), work);
        try {
            String[] busiest = busiestAgency(c);
            String user = FRONTLINE.get(busiest[0]);
            report.note("P1 agency", busiest[0] + " (" + busiest[1] + " open deliveries; signed in as " + user + ")");
            String probe = appA.url + "/bench/probe";
            String worklist = appA.url + "/worklist";
            long client = typicalClient(c, busiest[0]);
            String record = "/clients/" + client;
            report.note("P2 client", "client " + client + " (" + clientEvents(c, client) + " events in the record)");
            long added = count(c, "SELECT count(*) FROM shared_event") - Long.parseLong(dataset.getProperty("rows.shared_event", "0"));
            report.note("Data set state", added == 0 ? "as generated (first run on it)"
                    : String.format(java.util.Locale.ROOT, "%,d events added since it was generated (earlier runs' P3 and P5 ingest);"
                            + " regenerate it for a run comparable with a first one", added));

            say("Warm-up (JIT, pools, caches): 15 s each");
            String cookie = PortalLogin.cookieHeader(appA.url, user);
            String cookieB = PortalLogin.cookieHeader(appB.url, user);
            Wrk.get(probe, cookie(cookie), 2, 32, 15, work);
            Wrk.get(worklist, cookie(cookie), 2, 32, 15, work);
            Wrk.get(appA.url + record, cookie(cookie), 2, 32, 15, work);
            Wrk.get(appB.url + record, cookie(cookieB), 2, 32, 15, work);
            appA.takeMaxRssMb();
            appB.takeMaxRssMb();

            say("P1: worklist against the trivial page at saturation (2 threads, 32 connections), " + BenchReport.ROUNDS + " rounds");
            for (int round = 1; round <= BenchReport.ROUNDS; round++) {
                cookie = PortalLogin.cookieHeader(appA.url, user);
                Wrk.Result p = checked(Wrk.get(probe, cookie(cookie), 2, 32, seconds, work), probe, cookie);
                Wrk.Result w = checked(Wrk.get(worklist, cookie(cookie), 2, 32, seconds, work), worklist, cookie);
                report.p1Round(round, p, w);
            }
            report.rss("P1 saturation", appA.takeMaxRssMb(), appB.takeMaxRssMb());
            say("P1: worklist at a fixed 100 requests/s for " + seconds + " s");
            cookie = PortalLogin.cookieHeader(appA.url, user);
            report.p1Fixed(FixedRate.run(worklist, cookie, 100, seconds));
            report.rss("P1 fixed rate", appA.takeMaxRssMb(), appB.takeMaxRssMb());

            say("P2: client record with its audit entry (A) and with auditing bypassed (B), " + BenchReport.ROUNDS + " rounds");
            Instant p2Start = Instant.now();
            for (int round = 1; round <= BenchReport.ROUNDS; round++) {
                cookie = PortalLogin.cookieHeader(appA.url, user);
                cookieB = PortalLogin.cookieHeader(appB.url, user);
                long before = auditRows(c);
                Wrk.Result audited = checked(Wrk.get(appA.url + record, cookie(cookie), 2, 32, seconds, work), appA.url + record, cookie);
                long afterA = auditRows(c);
                Wrk.Result bypassed = checked(Wrk.get(appB.url + record, cookie(cookieB), 2, 32, seconds, work), appB.url + record, cookieB);
                long afterB = auditRows(c);
                report.p2Round(round, audited, afterA - before, bypassed, afterB - afterA);
            }
            report.rss("P2", appA.takeMaxRssMb(), appB.takeMaxRssMb());
            say("Audit sealing: lag of the entries P2 wrote (entry time to its epoch's sealed time)");
            report.sealLag(sealLag(c, p2Start, Instant.now()));

            say("P4: commissioner reports' server time");
            LocalDate to = LocalDate.ofInstant(Instant.parse(dataset.getProperty("anchor")), ZoneId.of("America/New_York"));
            LocalDate from = to.minusDays(Long.parseLong(dataset.getProperty("days", "365")));
            refreshReports(c);
            String commissioner = PortalLogin.cookieHeader(appA.url, "commissioner.county");
            report.p4(ReportTimes.measure(appA.url, commissioner, from, to));

            say("P3: ingest through POST /api/v1/events against pgbench single-row inserts");
            Map<String, Long> agencies = agencies(c);
            Wrk.run(appA.url + "/api/v1/events", IngestLoad.script(c, agencies, "warm" + System.currentTimeMillis()), 2, 16, 15, work);
            for (int clients : List.of(4, 16)) {
                String nonce = Long.toString(System.currentTimeMillis(), 36);
                Instant start = Instant.now();
                Wrk.Result ingest = Wrk.run(appA.url + "/api/v1/events", IngestLoad.script(c, agencies, nonce), 2, clients, seconds, work);
                long stored = IngestLoad.eventsSince(c, start.minusSeconds(1));
                long rssA = appA.takeMaxRssMb();
                IngestLoad.Baseline pg = IngestLoad.pgbench(c, db, clients, seconds, work);
                report.p3(clients, ingest, stored, pg);
                report.rss("P3 ingest, " + clients + " connections", rssA, appB.takeMaxRssMb());
            }

            say("Tried: P1 with a covering index for the worklist's bucket counts (created, measured, dropped)");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX bench_try_open_counts ON delivery (recipient_agency_id, due_at, state) WHERE state <> 'completed'");
                s.execute("VACUUM delivery");
            }
            try {
                cookie = PortalLogin.cookieHeader(appA.url, user);
                Wrk.get(worklist, cookie(cookie), 2, 32, 15, work);
                cookie = PortalLogin.cookieHeader(appA.url, user);
                Wrk.Result w = checked(Wrk.get(worklist, cookie(cookie), 2, 32, seconds, work), worklist, cookie);
                report.tried("P1 worklist with an index on delivery (recipient_agency_id, due_at, state) WHERE state <> 'completed', so the"
                        + " bucket counts are an index-only scan instead of visiting every open delivery's heap page: " + w.line()
                        + " against the trivial page's " + String.format(java.util.Locale.ROOT, "%,.0f", report.probeRate()) + " req/s",
                        w.requestsPerSecond() / report.probeRate());
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP INDEX IF EXISTS bench_try_open_counts");
                }
            }

            say("Tried: P2 with a connection pool of 64 instead of 20 (both instances restarted)");
            appA.close();
            appB.close();
            appA = AppInstance.start("A", jar, portA, db, javaOpts, Map.of("CARERELAY_DB_POOL_SIZE", "64"), work);
            appB = AppInstance.start("B", jar, portB, db, javaOpts, Map.of("CARERELAY_DB_POOL_SIZE", "64",
                    "CARERELAY_AUDIT_BENCHMARK_BYPASS", "true"), work);
            Wrk.get(appA.url + record, cookie(PortalLogin.cookieHeader(appA.url, user)), 2, 32, 15, work);
            Wrk.get(appB.url + record, cookie(PortalLogin.cookieHeader(appB.url, user)), 2, 32, 15, work);
            cookie = PortalLogin.cookieHeader(appA.url, user);
            cookieB = PortalLogin.cookieHeader(appB.url, user);
            Wrk.Result audited = checked(Wrk.get(appA.url + record, cookie(cookie), 2, 32, seconds, work), appA.url + record, cookie);
            Wrk.Result bypassed = checked(Wrk.get(appB.url + record, cookie(cookieB), 2, 32, seconds, work), appB.url + record, cookieB);
            report.tried("P2 with `CARERELAY_DB_POOL_SIZE=64` (default 20): audited " + audited.line() + "; bypassed " + bypassed.line(),
                    audited.requestsPerSecond() / bypassed.requestsPerSecond());

            say("Tried: P3 at 16 connections with synchronous_commit off for the bench database (A restarted)");
            appA.close();
            try (Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + db + " SET synchronous_commit = off");
            }
            try {
                appA = AppInstance.start("A", jar, portA, db, javaOpts, Map.of(), work);
                Wrk.run(appA.url + "/api/v1/events", IngestLoad.script(c, agencies, "warm" + System.currentTimeMillis()), 2, 16, 15, work);
                Instant start = Instant.now();
                Wrk.Result ingest = Wrk.run(appA.url + "/api/v1/events", IngestLoad.script(c, agencies, "nosync" + start.toEpochMilli()), 2, 16,
                        seconds, work);
                long stored = IngestLoad.eventsSince(c, start.minusSeconds(1));
                report.tried(String.format(java.util.Locale.ROOT, "P3 at 16 connections with `synchronous_commit = off` (commits do not"
                        + " wait for the WAL flush): %,.0f events/s (%s)", (double) stored / seconds, ingest.line()), Double.NaN);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER DATABASE " + db + " RESET synchronous_commit");
                }
                appA.close();
            }
            appA = AppInstance.start("A", jar, portA, db, javaOpts, Map.of(), work);

            say("P5: ingest on A, visible in a browser's worklist on B (both restarted with the shipped settings)");
            appB.close();
            appB = AppInstance.start("B", jar, portB, db, javaOpts, Map.of(), work);
            report.p5(LiveArrival.measure(appA.url, appB.url, "responder.eastside", 100));
            report.rss("P5", appA.takeMaxRssMb(), appB.takeMaxRssMb());
        } finally {
            appA.close();
            appB.close();
        }
    }

    /** The sealer's lag for the entries written in [from, to): waits until they are sealed, then the percentiles of sealed_at - at. */
    static double[] sealLag(Connection c, Instant from, Instant to) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        String window = " FROM audit_entry e WHERE e.at >= ? AND e.at < ?";
        while (count(c, from, to, "SELECT count(*)" + window + " AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("P2's audit entries are still unsealed after 5 minutes");
            }
            Thread.sleep(500);
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*), count(DISTINCT x.epoch), percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag)
                FROM (SELECT s.epoch, extract(epoch FROM ep.sealed_at - e.at) AS lag FROM audit_entry e
                      JOIN audit_seal s ON s.entry_id = e.id JOIN audit_epoch ep ON ep.number = s.epoch WHERE e.at >= ? AND e.at < ?) x""")) {
            s.setTimestamp(1, java.sql.Timestamp.from(from));
            s.setTimestamp(2, java.sql.Timestamp.from(to));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new double[] {r.getLong(1), r.getLong(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6)};
            }
        }
    }

    private static long count(Connection c, Instant from, Instant to, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, java.sql.Timestamp.from(from));
            s.setTimestamp(2, java.sql.Timestamp.from(to));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static void say(String s) {
        System.out.println("\n==> " + s);
    }

    private static List<String[]> cookie(String header) {
        List<String[]> headers = new java.util.ArrayList<>();
        headers.add(new String[] {"Cookie", header});
        return headers;
    }

    /** The session must still be good after the run: then every request of it was served signed in (wrk counts redirects as success). */
    private static Wrk.Result checked(Wrk.Result r, String url, String cookie) throws Exception {
        int status = PortalLogin.status(url, cookie);
        if (status != 200) {
            throw new IllegalStateException(url + " answered " + status + " after the run: the session did not hold");
        }
        System.out.println("  " + url + ": " + r.line());
        return r;
    }

    /** The agency with the most open deliveries (the busiest worklist). */
    private static String[] busiestAgency(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT a.slug, count(*) FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id
                WHERE d.state <> 'completed' GROUP BY a.slug ORDER BY 2 DESC LIMIT 1""")) {
            r.next();
            return new String[] {r.getString(1), String.valueOf(r.getLong(2))};
        }
    }

    /** A client of the agency with a typical multi-agency record (8 to 12 events). */
    private static long typicalClient(Connection c, String slug) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.client_id FROM care_relationship r JOIN agency a ON a.id = r.agency_id
                WHERE a.slug = ? AND (SELECT count(*) FROM shared_event e WHERE e.client_id = r.client_id) BETWEEN 8 AND 12
                ORDER BY r.client_id LIMIT 1""")) {
            s.setString(1, slug);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no client of " + slug + " with 8 to 12 events");
                }
                return r.getLong(1);
            }
        }
    }

    private static long clientEvents(Connection c, long client) throws SQLException {
        return count(c, "SELECT count(*) FROM shared_event WHERE client_id = " + client);
    }

    private static long auditRows(Connection c) throws SQLException {
        return count(c, "SELECT max(id) FROM audit_entry");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
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

    /** The rollups up to date before P4 (the instances also refresh them every 30 s). */
    private static void refreshReports(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long t = System.nanoTime();
            try (ResultSet r = s.executeQuery("SELECT report_refresh(now(), 'America/New_York')")) {
                r.next();
                System.out.printf("  report_refresh: %s day recomputes in %.1f s%n", r.getString(1), (System.nanoTime() - t) / 1e9);
            }
        }
    }
}
