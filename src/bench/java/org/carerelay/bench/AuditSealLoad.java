package org.carerelay.bench;

import java.security.KeyPair;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.carerelay.audit.SealBatch;

/**
 * The sealer's lag under load: writer threads insert audit entries as the application role, one
 * transaction each, at a fixed total rate (open loop), while a sealer seals every second as the
 * portal's does; each entry's lag is its epoch's sealed_at minus the moment its commit returned.
 */
final class AuditSealLoad {

    record Result(int writers, double targetRate, long entries, double seconds, double insertP50, double insertP99, double lagP50,
            double lagP90, double lagP99, double lagMax, long epochs, long sealerRuns) {

        String line() {
            return String.format(Locale.ROOT, "%d writers at %.0f entries/s for %.0f s: %,d entries (%.0f/s), insert and commit p50 %.1f ms,"
                    + " p99 %.1f ms; commit to sealed p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s; %,d epochs (%.0f entries each on"
                    + " average), sealer every 1 s", writers, targetRate, seconds, entries, entries / seconds, insertP50, insertP99, lagP50,
                    lagP90, lagP99, lagMax, epochs, epochs == 0 ? 0.0 : (double) entries / epochs);
        }
    }

    private AuditSealLoad() {
    }

    static Result run(String url, int writers, double rate, int seconds, int batch, KeyPair key) throws Exception {
        ConcurrentLinkedQueue<long[]> committed = new ConcurrentLinkedQueue<>(); // id, commit time (µs since epoch), insert nanos
        AtomicLong sealerRuns = new AtomicLong();
        ScheduledExecutorService sealer = Executors.newSingleThreadScheduledExecutor();
        Connection sealing = DriverManager.getConnection(url, "carerelay_app", "carerelay_app");
        sealer.scheduleWithFixedDelay(() -> {
            try {
                sealerRuns.incrementAndGet();
                while (SealBatch.sealOne(sealing, key, Clock.systemUTC(), batch, row -> {
                }) == batch) {
                    // a full batch: more may be waiting
                }
            } catch (SQLException e) {
                System.err.println("sealing failed: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long interval = (long) (1e9 * writers / rate);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long offset = interval * w / writers;
            Thread t = new Thread(() -> write(url, start + offset, interval, end, committed), "audit-writer-" + w);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<long[]> entries = new ArrayList<>(committed);
        Map<Long, Instant> sealedAt = awaitSealed(url, entries);
        sealer.shutdown();
        sealer.awaitTermination(1, TimeUnit.MINUTES);
        sealing.close();
        double[] inserts = new double[entries.size()];
        double[] lags = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            long[] e = entries.get(i);
            inserts[i] = e[2] / 1e6;
            Instant sealed = sealedAt.get(e[0]);
            lags[i] = (sealed.getEpochSecond() * 1_000_000L + sealed.getNano() / 1000 - e[1]) / 1e6;
        }
        Arrays.sort(inserts);
        Arrays.sort(lags);
        long epochs;
        try (Connection c = DriverManager.getConnection(url, "carerelay", "carerelay"); PreparedStatement s = c.prepareStatement(
                "SELECT count(DISTINCT epoch) FROM audit_seal WHERE entry_id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("bigint", entries.stream().map(e -> e[0]).toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                epochs = r.getLong(1);
            }
        }
        return new Result(writers, rate, entries.size(), elapsed, pct(inserts, 0.5), pct(inserts, 0.99), pct(lags, 0.5), pct(lags, 0.9),
                pct(lags, 0.99), lags.length == 0 ? 0 : lags[lags.length - 1], epochs, sealerRuns.get());
    }

    private static void write(String url, long first, long interval, long end, ConcurrentLinkedQueue<long[]> committed) {
        try (Connection c = DriverManager.getConnection(url, "carerelay_app", "carerelay_app"); PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_entry (at, request_id, user_id, username, agency_id, roles, action, resource_type, resource_id, client_id,
                    sensitivity, fields_shown, purpose, outcome, reason, client_address, user_agent, prev_hash, hash)
                VALUES (?, ?, ?, 'worker.harbor', 4, '{frontline}', 'view', 'client-record', ?, ?, '{health}',
                    '{"DISCHARGE_HANDOVER.triageNotes","DISCHARGE_HANDOVER.mobilityConcerns","DISCHARGE_HANDOVER.followUpNeeds"}',
                    'care_delivery', 'allowed', NULL, '10.20.4.17', ?, '', '') RETURNING id""")) {
            long n = 0;
            for (long due = first; due < end; due += interval) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long t0 = System.nanoTime();
                s.setTimestamp(1, Timestamp.from(Instant.now()));
                s.setString(2, UUID.randomUUID().toString());
                s.setString(3, "8c2f3e61-5d0b-4c3e-9e55-" + String.format("%012d", n));
                s.setString(4, String.valueOf(100_000 + n));
                s.setLong(5, 100_000 + n++);
                s.setString(6, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
                long id;
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
                Instant done = Instant.now(); // auto-commit: the commit has returned
                committed.add(new long[] {id, done.getEpochSecond() * 1_000_000L + done.getNano() / 1000, System.nanoTime() - t0});
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("audit writer failed: " + e.getMessage(), e);
        }
    }

    /** Polls until every entry has a seal (generous deadline), then reads each one's epoch's sealed_at. */
    private static Map<Long, Instant> awaitSealed(String url, List<long[]> entries) throws Exception {
        Long[] ids = entries.stream().map(e -> e[0]).toArray(Long[]::new);
        try (Connection c = DriverManager.getConnection(url, "carerelay", "carerelay")) {
            Array array = c.createArrayOf("bigint", ids);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (true) {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_seal WHERE entry_id = ANY(?)")) {
                    s.setArray(1, array);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) == ids.length) {
                            break;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("entries still unsealed after 5 minutes");
                }
                Thread.sleep(200);
            }
            Map<Long, Instant> sealed = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT s.entry_id, ep.sealed_at FROM audit_seal s JOIN audit_epoch ep ON ep.number = s.epoch WHERE s.entry_id = ANY(?)")) {
                s.setArray(1, array);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sealed.put(r.getLong(1), r.getTimestamp(2).toInstant());
                    }
                }
            }
            return sealed;
        }
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
