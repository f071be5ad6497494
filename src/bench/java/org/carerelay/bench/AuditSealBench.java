package org.carerelay.bench;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.carerelay.audit.AuditVerification;
import org.carerelay.audit.AuditVerifier;
import org.carerelay.audit.SealBatch;
import org.carerelay.audit.SealKeys;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * The audit sealer's benchmark (issue #18), apart from the portal and Keycloak; not a test. On its own
 * database (migrated here, its audit tables emptied):
 * <ol>
 * <li>lag under load ({@link AuditSealLoad}): commit to sealed, p50/p90/p99, with writers at a fixed rate;
 * <li>a generated trail of {@code --rows} entries (COPY through the insert trigger), sealed and then
 * verified as the portal and verify-audit.sh verify it; the time for the county trail's 10.17 M entries is
 * extrapolated from it, linearly, and labelled so.
 * </ol>
 * It writes its section of docs/benchmarks.md (between the audit-seal markers; run.sh keeps it).
 *
 * <pre>deploy/bench/audit-seal.sh [--db carerelay_bench_audit] [--rows 1000000] [--writers 16] [--rate 200] [--seconds 60]</pre>
 */
public final class AuditSealBench {

    /** The published demo sealing key of the dev and test profiles: benchmarks only. */
    public static final String DEMO_SEAL_KEY = "MC4CAQAwBQYDK2VwBCIEIAcylyBVwLVMLiGGLkjAKfW4wOWjoG2CBuw3kGG91uCI";
    static final long COUNTY_AUDIT_ROWS = 10_168_315L;
    static final String START = "<!-- audit-seal:start -->";
    static final String END = "<!-- audit-seal:end -->";
    static final int BATCH = 10_000;
    private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private AuditSealBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String db = a.getOrDefault("db", "carerelay_bench_audit");
        if (!db.contains("bench")) {
            throw new IllegalArgumentException("refusing to empty the audit trail of '" + db + "': use a database whose name contains 'bench'");
        }
        long rows = Long.parseLong(a.getOrDefault("rows", "1000000"));
        int writers = Integer.parseInt(a.getOrDefault("writers", "16"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        String url = "jdbc:postgresql://127.0.0.1:5432/" + db;
        KeyPair key = SealKeys.fromPrivate(DEMO_SEAL_KEY);
        Flyway.configure().dataSource(url, "carerelay", "carerelay").locations("classpath:db/migration")
                .placeholders(Map.of("appRole", "carerelay_app")).load().migrate();
        StringBuilder md = new StringBuilder();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        try (Connection c = DriverManager.getConnection(url, "carerelay", "carerelay"); Statement s = c.createStatement()) {
            s.execute("TRUNCATE audit_entry, audit_seal, audit_epoch RESTART IDENTITY");
            say("Lag under load: " + writers + " writers at " + rate + " entries/s for " + seconds + " s, the sealer every second");
            String loadBefore = load();
            AuditSealLoad.Result lag = AuditSealLoad.run(url, writers, rate, seconds, BATCH, key);
            System.out.println("  " + lag.line());

            say("Generated trail: " + rows + " entries by COPY through the insert trigger");
            s.execute("TRUNCATE audit_entry, audit_seal, audit_epoch RESTART IDENTITY");
            long t = System.nanoTime();
            copy(c, rows);
            double copySeconds = (System.nanoTime() - t) / 1e9;
            s.execute("VACUUM (ANALYZE) audit_entry");
            Map<String, Object> summary = new LinkedHashMap<>();
            sealAndVerify(c, summary);
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (String table : List.of("audit_entry", "audit_seal", "audit_epoch")) {
                try (ResultSet r = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
                    r.next();
                    sizes.put(table, r.getLong(1));
                }
            }
            double verify = Double.parseDouble(summary.get("audit_verify_seconds").toString());
            double seal = Double.parseDouble(summary.get("audit_seal_seconds").toString());
            md.append(String.format(Locale.ROOT, "Measured by `deploy/bench/audit-seal.sh` on %s on the database `%s` (2 shared cores; load %s at"
                    + " the start, %s at the end). The sealer and verifier are the portal's own classes (`SealBatch`, `AuditVerifier`).%n%n",
                    started, db, loadBefore, load()));
            md.append("| measure | result |\n|---|---|\n");
            md.append(String.format(Locale.ROOT, "| sealer lag under load, commit to sealed | p99 %.2f s (p50 %.2f s, p90 %.2f s, max %.2f s) |%n",
                    lag.lagP99(), lag.lagP50(), lag.lagP90(), lag.lagMax()));
            md.append(String.format(Locale.ROOT, "| verification of %,d sealed entries (measured) | %.1f s (%,.0f entries/s) |%n", rows, verify,
                    rows / verify));
            if (rows < COUNTY_AUDIT_ROWS * 0.95) {
                md.append(String.format(Locale.ROOT, "| verification of the county trail, %,d entries (**extrapolated** linearly from the line"
                        + " above, not measured) | about %.0f s |%n", COUNTY_AUDIT_ROWS, verify * COUNTY_AUDIT_ROWS / rows));
            }
            md.append(String.format(Locale.ROOT, "| sealing %,d entries written before (catch-up, as after the upgrade to V16) | %.1f s (%,.0f"
                    + " entries/s, %s epochs of up to %,d) |%n", rows, seal, rows / seal, summary.get("audit_epochs"), BATCH));
            md.append(String.format(Locale.ROOT, "%n- Load: %s.%n", lag.line()));
            md.append(String.format(Locale.ROOT, "- Generated trail: %,d entries by COPY in %.0f s (%,.0f rows/s through the insert trigger).%n",
                    rows, copySeconds, rows / copySeconds));
            md.append(String.format(Locale.ROOT, "- Storage per entry: audit_entry %.0f bytes, audit_seal %.0f bytes, audit_epoch %.1f bytes"
                    + " (tables with their indexes, after sealing).%n", (double) sizes.get("audit_entry") / rows,
                    (double) sizes.get("audit_seal") / rows, (double) sizes.get("audit_epoch") / rows));
        }
        Path out = Path.of(a.getOrDefault("out", "docs/benchmarks.md"));
        writeSection(out, md.toString());
        System.out.println("\n" + md + "\nWrote the audit sealing section of " + out);
    }

    /** Seals everything sealable (as the sealer's catch-up does) and verifies the whole trail; times both. */
    public static void sealAndVerify(Connection c, Map<String, Object> summary) throws SQLException {
        KeyPair key = SealKeys.fromPrivate(DEMO_SEAL_KEY);
        long t = System.nanoTime();
        long sealed = 0;
        long[] mismatches = {0};
        while (true) {
            int n = SealBatch.sealOne(c, key, Clock.systemUTC(), BATCH, row -> mismatches[0]++);
            if (n > 0) {
                sealed += n;
                if (sealed % 1_000_000 < BATCH) {
                    System.out.printf(Locale.ROOT, "  sealed %,d entries (%.0f s)%n", sealed, (System.nanoTime() - t) / 1e9);
                }
            } else if (n == 0) {
                break;
            } else {
                sleep(); // a portal instance is sealing: let it
            }
        }
        double sealSeconds = (System.nanoTime() - t) / 1e9;
        long epochs;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM audit_epoch")) {
            r.next();
            epochs = r.getLong(1);
        }
        summary.put("audit_sealed_rows", sealed);
        summary.put("audit_epochs", epochs);
        summary.put("audit_seal_seconds", String.format(Locale.ROOT, "%.1f", sealSeconds));
        System.out.printf(Locale.ROOT, "Sealing: %,d entries into epochs in %.1f s (%d entries did not match their stored hash)%n", sealed,
                sealSeconds, mismatches[0]);
        PublicKey publicKey = key.getPublic();
        t = System.nanoTime();
        AuditVerification v = new AuditVerifier(Map.of(SealKeys.keyId(publicKey), publicKey), null).verify(c);
        double verifySeconds = (System.nanoTime() - t) / 1e9;
        summary.put("audit_chain_checked", v.rowsChecked());
        summary.put("audit_verify_seconds", String.format(Locale.ROOT, "%.1f", verifySeconds));
        summary.put("audit_verify_problems", v.problemsFound());
        System.out.printf(Locale.ROOT, "Verification: %s (%.1f s)%n", v.summary(), verifySeconds);
        if (!v.intact()) {
            throw new IllegalStateException("the sealed audit trail does not verify: " + v.summary());
        }
    }

    /** Entries shaped like the portal's (views, lists, writes), in chunks of 100,000, each chunk its own transaction. */
    static void copy(Connection c, long rows) throws Exception {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        Instant at = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        String[] actions = {"view", "view", "view", "list", "write"};
        for (long done = 0; done < rows;) {
            StringBuilder b = new StringBuilder(1 << 22);
            long chunk = Math.min(100_000, rows - done);
            for (long i = 0; i < chunk; i++, done++) {
                at = at.plusMillis(7);
                String action = actions[(int) (done % actions.length)];
                Object[] values = {at, UUID.randomUUID().toString(), "user-" + (done % 400), "staff." + (done % 400), 1 + done % 6,
                    List.of("frontline"), action, action.equals("list") ? "worklist" : "client-record", String.valueOf(done % 200_000),
                    done % 200_000, List.of("health"), action.equals("view") ? List.of("DISCHARGE_HANDOVER.triageNotes",
                            "DISCHARGE_HANDOVER.mobilityConcerns", "DISCHARGE_HANDOVER.followUpNeeds") : List.of(), "care_delivery", "allowed",
                    action.equals("list") ? "25 rows" : null, "10.20." + (1 + done % 6) + "." + (done % 250), BROWSER, "", ""};
                for (int v = 0; v < values.length; v++) {
                    if (v > 0) {
                        b.append('\t');
                    }
                    CopyTable.value(b, values[v]);
                }
                b.append('\n');
            }
            copy.copyIn("COPY audit_entry (at, request_id, user_id, username, agency_id, roles, action, resource_type, resource_id, client_id,"
                    + " sensitivity, fields_shown, purpose, outcome, reason, client_address, user_agent, prev_hash, hash) FROM STDIN",
                    new StringReader(b.toString()));
            if (done % 1_000_000 == 0 || done == rows) {
                System.out.printf(Locale.ROOT, "  copied %,d entries%n", done);
            }
        }
    }

    /** Replaces the audit-seal section of docs/benchmarks.md, or adds it before the notes. */
    static void writeSection(Path out, String body) throws Exception {
        String section = START + "\n" + body + END;
        String md = Files.exists(out) ? Files.readString(out) : "# Benchmarks\n";
        int a = md.indexOf(START);
        int b = md.indexOf(END);
        if (a >= 0 && b > a) {
            md = md.substring(0, a) + section + md.substring(b + END.length());
        } else {
            int notes = md.indexOf("\n## Notes");
            String block = "\n## Audit sealing (deploy/bench/audit-seal.sh)\n\n" + section + "\n";
            md = notes >= 0 ? md.substring(0, notes) + block + md.substring(notes) : md + block;
        }
        Files.writeString(out, md);
    }

    private static String load() {
        try {
            return Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static void say(String s) {
        System.out.println("\n==> " + s);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
