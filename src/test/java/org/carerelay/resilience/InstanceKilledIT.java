package org.carerelay.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.FaultCluster;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.SecondInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two portal instances behind a (client-side) load balancer; one is killed with SIGKILL while partners post
 * events through it. Partners that lose their connection retry on the survivor with the same Idempotency-Key:
 * every event ends stored exactly once, and the survivor carries on the cluster's background work alone —
 * the audit entries written after the kill are sealed by it.
 */
class InstanceKilledIT {

    static final int SENDERS = 4;
    static SecondInstance doomed;
    static SecondInstance survivor;

    @BeforeAll
    static void startTwoInstances() {
        LocalStack.ensureKeycloak();
        FaultCluster.ensure();
        doomed = SecondInstance.start(Map.of("CARERELAY_TEST_DB_URL", FaultCluster.URL));
        survivor = SecondInstance.start(Map.of("CARERELAY_TEST_DB_URL", FaultCluster.URL));
    }

    @AfterAll
    static void stop() {
        for (SecondInstance instance : new SecondInstance[] {doomed, survivor}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void partnersFailOverToTheSurvivorAndNothingIsLostOrDoubled() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicReference<SecondInstance> target = new AtomicReference<>(doomed);
        AtomicBoolean killed = new AtomicBoolean();
        PartnerSender sender = new PartnerSender(() -> killed.get() ? survivor.url() : target.get().url());
        AtomicBoolean enough = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int senderNo = s;
            sent.add(pool.submit(() -> {
                List<String> localIds = new ArrayList<>();
                for (int i = 0; !enough.get(); i++) {
                    localIds.add(sender.send("kill-" + run + "-" + senderNo + "-" + i, "KIL-" + run + "-" + senderNo + "-" + i));
                }
                return localIds;
            }));
        }
        Eventually.until("the first events are acknowledged", Duration.ofMinutes(2), () -> sender.acknowledged.size() >= SENDERS * 2);
        doomed.kill();
        killed.set(true);
        long killedAt = System.nanoTime();
        int before = sender.acknowledged.size();
        Eventually.until("the survivor acknowledges events", Duration.ofMinutes(2), () -> sender.acknowledged.size() > before + SENDERS);
        double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
        enough.set(true);
        List<String> localIds = new ArrayList<>();
        for (Future<List<String>> f : sent) {
            localIds.addAll(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertEquals(List.of(), sender.wrong, "answers outside the contract");
        assertEquals(localIds.size(), sender.acknowledged.size(), "every event acknowledged");
        Map<String, Long> stored = DatabaseFaultsIT.eventsPerClient(localIds);
        assertEquals(List.of(), localIds.stream().filter(id -> stored.getOrDefault(id, 0L) != 1L).toList(),
                "events stored other than exactly once: " + stored);
        long newest = newestAuditEntry();
        Eventually.until("the survivor seals the audit entries written after the kill", Duration.ofMinutes(2),
                () -> unsealedUpTo(newest) == 0);
        String summary = String.format(java.util.Locale.ROOT,
                "{\"fault\":\"instance killed (SIGKILL)\",\"events\":%d,\"answers\":%s,\"connectionErrors\":%d,\"lost\":0,"
                        + "\"duplicated\":0,\"failoverSeconds\":%.1f}",
                localIds.size(), sender.statuses, sender.connectionErrors.get(), failoverSeconds);
        Path out = LocalStack.root().resolve("target/resilience/instance-killed.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + "\n");
        System.out.println("RESILIENCE " + summary);
    }

    static long newestAuditEntry() throws SQLException {
        return single("SELECT coalesce(max(id), 0) AS n FROM audit_entry WHERE id > ?", 0);
    }

    /** Audit entries up to {@code id} that no seal covers yet. */
    static long unsealedUpTo(long id) throws SQLException {
        return single("SELECT count(*) AS n FROM audit_entry e WHERE e.id <= ? AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)", id);
    }

    private static long single(String sql, long parameter) throws SQLException {
        try (Connection c = FaultCluster.app(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong("n");
            }
        }
    }
}
