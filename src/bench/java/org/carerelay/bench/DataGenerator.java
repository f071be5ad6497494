package org.carerelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Synthetic data at scale (issue #8): a seeded, deterministic history of the demo network written with
 * PostgreSQL COPY into a migrated database that the app has loaded the demo network into. Not a test.
 *
 * <pre>deploy/bench/generate.sh --preset ci|town|county [--db carerelay_bench] [--seed N] [--anchor 2026-11-25T12:00:00Z] [--deliveries N]</pre>
 *
 * The same seed and anchor give the same rows. It replaces the exchange's data (clients, events,
 * deliveries, audit trail, handovers, break-glass) and keeps agencies, event types, agreements and staff.
 * It prints progress with rates while it runs, then refreshes the report rollups when the database has
 * {@code report_refresh}, seals the audit trail into signed epochs as the portal's sealer does, and verifies it.
 */
public final class DataGenerator {

    /** Deliveries and audit rows to generate over the days before the anchor; events follow from the routes (about 1.55 each). */
    record Preset(String name, long deliveries, int days, long audit) {
    }

    static final Map<String, Preset> PRESETS = Map.of(
            "ci", new Preset("ci", 10_000, 21, 60_000),
            "town", new Preset("town", 200_000, 120, 1_000_000),
            "county", new Preset("county", 2_000_000, 365, 10_000_000));

    /** The exchange's data, cleared before a run (agencies, catalogue, agreements and staff stay). */
    private static final String RESET = """
            TRUNCATE audit_entry, audit_seal, audit_epoch, break_glass_grant, handover_first_contact, handover_query, handover_action_item, handover,
                delivery_note, delivery_transition, client_marker, delivery, idempotency_record, consent_record, shared_event,
                care_relationship, identity_exception, client_identifier, client RESTART IDENTITY CASCADE""";
    private static final int FLUSH_CHARS = 24 << 20;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = args(args);
        Preset p = PRESETS.get(a.getOrDefault("preset", "ci"));
        if (p == null) {
            throw new IllegalArgumentException("--preset must be one of " + PRESETS.keySet());
        }
        if (a.containsKey("deliveries")) {
            long deliveries = Long.parseLong(a.get("deliveries"));
            p = new Preset(p.name() + "-" + deliveries, deliveries, p.days(), p.audit() * deliveries / p.deliveries());
        }
        String db = a.getOrDefault("db", "carerelay_bench");
        if (!db.contains("bench") && !a.containsKey("allow-any-db")) {
            throw new IllegalArgumentException("refusing to replace the data of '" + db + "': use a database whose name contains 'bench'"
                    + " (or pass --allow-any-db)");
        }
        long seed = Long.parseLong(a.getOrDefault("seed", "20261125"));
        Instant now = a.containsKey("anchor") ? Instant.parse(a.get("anchor")) : Instant.now().truncatedTo(ChronoUnit.HOURS);
        String url = "jdbc:postgresql://" + a.getOrDefault("host", "127.0.0.1") + ":" + a.getOrDefault("port", "5432") + "/" + db;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("preset", p.name());
        summary.put("seed", seed);
        summary.put("anchor", now);
        summary.put("database", db);
        summary.put("days", p.days());
        System.out.printf(Locale.ROOT, "Generating preset %s into %s: about %,d deliveries over %d days and %,d audit rows (seed %d, anchor %s)%n",
                p.name(), db, p.deliveries(), p.days(), p.audit(), seed, now);
        try (Connection main = connect(url, a); Connection auditConnection = connect(url, a)) {
            generate(p, seed, now, main, auditConnection, summary);
            finish(main, summary, !a.containsKey("no-verify"));
        }
        if (a.containsKey("summary")) {
            StringBuilder out = new StringBuilder();
            summary.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
            Files.writeString(Path.of(a.get("summary")), out);
        }
    }

    private static Connection connect(String url, Map<String, String> a) throws SQLException {
        return DriverManager.getConnection(url, a.getOrDefault("user", "carerelay"), a.getOrDefault("password", "carerelay"));
    }

    private static void generate(Preset p, long seed, Instant now, Connection main, Connection auditConnection, Map<String, Object> summary)
            throws Exception {
        Network network = Network.read(main);
        network.requireDemoNetwork();
        main.setAutoCommit(false);
        try (Statement s = main.createStatement()) {
            s.execute(RESET);
            for (String table : rollupTables(main)) {
                s.execute("TRUNCATE " + table);
            }
        }
        Staff staff = new Staff(network, (int) Math.max(2, Math.min(40, p.deliveries() / 40_000)));
        staff.record(main, now);
        main.commit();
        CopyManager copy = main.unwrap(PGConnection.class).getCopyAPI();
        Audit audit = new Audit(auditConnection, now);
        Clients clients = new Clients(network);
        History history = new History(network, staff, clients, audit, seed, now, p.days(), p.deliveries(), p.audit());
        long started = System.nanoTime();
        long[] mainRows = new long[1];
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {started, 0};
        ticker.scheduleAtFixedRate(() -> {
            long t = System.nanoTime();
            long rows = mainRows[0] + audit.written();
            double rate = (rows - last[1]) / ((t - last[0]) / 1e9);
            double avg = rows / ((t - started) / 1e9);
            last[0] = t;
            last[1] = rows;
            System.out.printf(Locale.ROOT, "  day %d/%d  events %,d  deliveries %,d  clients %,d  audit %,d written (%,d queued)"
                    + "  rows %,d  %,.0f rows/s now, %,.0f avg%n", history.day + 1, p.days(), history.eventCount, history.deliveryCount,
                    clients.size(), audit.written(), audit.created() - audit.written(), rows, rate, avg);
        }, 5, 5, TimeUnit.SECONDS);
        try {
            for (int d = 0; d < p.days(); d++) {
                history.day(d);
                if (history.bufferedChars() > FLUSH_CHARS) {
                    mainRows[0] += flush(history.tables(), copy, main);
                }
            }
            history.finish();
            mainRows[0] += flush(history.tables(), copy, main);
            CopyTable relationships = new CopyTable("care_relationship", "client_id, agency_id, basis, since");
            CopyTable markers = new CopyTable("client_marker", "client_id, marker, set_by_event_id, set_at");
            clients.writeFinalState(relationships, markers);
            mainRows[0] += flush(List.of(relationships, markers), copy, main);
            long generated = System.nanoTime();
            audit.finish();
            long done = System.nanoTime();
            double seconds = (done - started) / 1e9;
            long total = mainRows[0] + audit.written();
            System.out.printf(Locale.ROOT, "Loaded %,d rows (%,d audit) in %.0f s: %,.0f rows/s; the audit writer finished %.0f s after the rest%n",
                    total, audit.written(), seconds, total / seconds, (done - generated) / 1e9);
            summary.put("load_seconds", Math.round(seconds));
            summary.put("rows_loaded", total);
            summary.put("rows_per_second", Math.round(total / seconds));
            summary.put("audit_rows_per_second", Math.round(audit.written() / seconds));
        } finally {
            ticker.shutdownNow();
        }
        setSequences(main);
    }

    private static long flush(List<CopyTable> tables, CopyManager copy, Connection c) throws SQLException, IOException {
        long n = 0;
        for (CopyTable t : tables) {
            n += t.flush(copy);
        }
        c.commit();
        return n;
    }

    /** The commissioner-report rollups and dirty days (migration V7), if present: emptied with their sources (report_setting stays). */
    private static List<String> rollupTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'report\\_%\\_day' ORDER BY 1")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }

    private static void setSequences(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : List.of("client", "shared_event", "delivery", "handover", "handover_action_item", "handover_query",
                    "break_glass_grant")) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), coalesce((SELECT max(id) FROM " + t + "), 0) + 1, false)");
            }
        }
        c.commit();
    }

    /** VACUUM ANALYZE, the report rollups (when the function exists), sealing and verifying the audit trail, and the counts. */
    private static void finish(Connection c, Map<String, Object> summary, boolean verify) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            long t = System.nanoTime();
            s.execute("VACUUM (ANALYZE)");
            summary.put("vacuum_analyze_seconds", Math.round((System.nanoTime() - t) / 1e9));
            System.out.printf(Locale.ROOT, "VACUUM ANALYZE: %.1f s%n", (System.nanoTime() - t) / 1e9);
            try (ResultSet r = s.executeQuery("SELECT to_regprocedure('report_refresh(timestamptz, text)') IS NOT NULL")) {
                r.next();
                if (r.getBoolean(1)) {
                    t = System.nanoTime();
                    try (ResultSet x = s.executeQuery("SELECT report_refresh(now(), 'America/New_York')")) {
                        x.next();
                        double sec = (System.nanoTime() - t) / 1e9;
                        summary.put("report_refresh_seconds", String.format(Locale.ROOT, "%.1f", sec));
                        summary.put("report_refresh_result", x.getString(1));
                        System.out.printf(Locale.ROOT, "report_refresh(now(), 'America/New_York') = %s in %.1f s%n", x.getString(1), sec);
                    }
                } else {
                    summary.put("report_refresh_seconds", "n/a");
                    System.out.println("WARNING: report_refresh(timestamptz, text) does not exist yet (migration V7): rollups not refreshed");
                }
            }
            if (verify) {
                AuditSealBench.sealAndVerify(c, summary);
            }
            System.out.println("Rows:");
            for (String table : List.of("client", "client_identifier", "care_relationship", "consent_record", "shared_event", "delivery",
                    "delivery_transition", "delivery_note", "client_marker", "handover", "handover_action_item", "handover_query",
                    "handover_first_contact", "break_glass_grant", "audit_entry", "audit_seal", "audit_epoch")) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                    r.next();
                    summary.put("rows." + table, r.getLong(1));
                    System.out.printf(Locale.ROOT, "  %-24s %,14d%n", table, r.getLong(1));
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT count(*) FILTER (WHERE state = 'new'), count(*) FILTER (WHERE state = 'acknowledged'),
                           count(*) FILTER (WHERE state = 'in_progress'), count(*) FILTER (WHERE state = 'completed'),
                           count(*) FILTER (WHERE state <> 'completed' AND due_at < now()), count(*) FILTER (WHERE escalated_at IS NOT NULL)
                    FROM delivery""")) {
                r.next();
                String states = String.format(Locale.ROOT, "new %,d, acknowledged %,d, in progress %,d, completed %,d; open and overdue %,d;"
                        + " escalated %,d", r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6));
                summary.put("delivery_states", states);
                System.out.println("Deliveries: " + states);
            }
        }
    }

    private static Map<String, String> args(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            a.put(key, flag ? "true" : args[++i]);
        }
        return a;
    }
}
