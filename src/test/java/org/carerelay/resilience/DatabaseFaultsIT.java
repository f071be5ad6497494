package org.carerelay.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.carerelay.harness.Eventually;
import org.carerelay.harness.FaultCluster;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.SecondInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the database under a running portal instance, on the fault tests' own cluster (FaultCluster).
 *
 * <p>A restart while partner systems post events continuously. Every request either succeeds or gets
 * a clear, retryable 503 (problem+json with Retry-After) — never a 500 or a hang; partners retrying with the
 * same Idempotency-Key end with exactly one event each; the instance reports not-ready during the outage and
 * ready after it, by itself.
 *
 * <p>A read-only database (as after a disk filled up, or during maintenance): every write is refused with a
 * clear 503 naming read-only mode, and what needs no write keeps working. A record view needs its audit entry
 * written, so it is refused too: the audit trail fails closed.
 */
class DatabaseFaultsIT {

    static final int SENDERS = 4;
    static SecondInstance instance;

    @BeforeAll
    static void startAnInstanceOnItsOwnCluster() {
        LocalStack.ensureKeycloak();
        FaultCluster.ensure();
        instance = SecondInstance.start(Map.of("CARERELAY_TEST_DB_URL", FaultCluster.URL));
    }

    @AfterAll
    static void stop() {
        FaultCluster.start(); // whatever happened, leave the cluster running for the next run
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void partnersRetryingThroughADatabaseRestartLoseNothingAndDuplicateNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        PartnerSender sender = new PartnerSender(instance::url);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        java.util.concurrent.atomic.AtomicBoolean enough = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int senderNo = s;
            sent.add(pool.submit(() -> { // each partner posts continuously until the test has seen the recovery
                List<String> localIds = new ArrayList<>();
                for (int i = 0; !enough.get(); i++) {
                    localIds.add(sender.send("restart-" + run + "-" + senderNo + "-" + i, "DBR-" + run + "-" + senderNo + "-" + i));
                }
                return localIds;
            }));
        }
        Eventually.until("the first events are acknowledged", Duration.ofMinutes(2), () -> sender.acknowledged.size() >= SENDERS);

        FaultCluster.stop();
        long outage = System.nanoTime();
        Eventually.until("the instance reports not ready", Duration.ofMinutes(1), () -> ready() != 200); // 503, or no answer in time
        Eventually.until("a partner is told to retry", Duration.ofMinutes(1), () -> sender.count(503) > 0);
        int acknowledgedBefore = sender.acknowledged.size();
        FaultCluster.start();
        long restarted = System.nanoTime();
        Eventually.until("the instance is ready again by itself", Duration.ofMinutes(2), () -> ready() == 200);
        Eventually.until("events are acknowledged again", Duration.ofMinutes(2),
                () -> sender.acknowledged.size() > acknowledgedBefore + SENDERS);
        enough.set(true);
        double recoverySeconds = (System.nanoTime() - restarted) / 1e9;
        double outageSeconds = (restarted - outage) / 1e9;

        List<String> localIds = new ArrayList<>();
        for (Future<List<String>> f : sent) {
            localIds.addAll(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertEquals(List.of(), sender.wrong, "answers outside the contract");
        assertEquals(localIds.size(), sender.acknowledged.size(), "every event acknowledged");
        Map<String, Long> stored = eventsPerClient(localIds);
        List<String> lostOrDuplicated = localIds.stream().filter(id -> stored.getOrDefault(id, 0L) != 1L).toList();
        assertEquals(List.of(), lostOrDuplicated, "events stored other than exactly once: " + stored);
        assertTrue(sender.count(503) > 0, "the outage was seen by partners");
        report(sender, localIds.size(), outageSeconds, recoverySeconds);
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesClearlyAndStillAnswersWhatNeedsNoWrite() throws Exception {
        FaultCluster.start(); // running, whatever another test left
        String localId = "RO-" + UUID.randomUUID().toString().substring(0, 8);
        int before = eventsPerClient(List.of(localId)).size();
        setReadOnly(true);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(instance.url() + "/api/v1/events"))
                    .header("Authorization", "Bearer " + org.carerelay.harness.PartnerTokens.token(org.carerelay.harness.PartnerTokens.RIVERSIDE))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "ro-" + localId)
                    .POST(HttpRequest.BodyPublishers.ofString(PartnerSender.body(localId))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, write.statusCode(), write.body());
            assertTrue(write.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(write.headers().firstValue("Retry-After").isPresent());
            assertTrue(write.body().contains("read-only mode"), write.body());
            HttpResponse<String> catalogue = http.send(HttpRequest.newBuilder(URI.create(instance.url() + "/api/v1/event-types"))
                    .header("Authorization", "Bearer " + org.carerelay.harness.PartnerTokens.token(org.carerelay.harness.PartnerTokens.RIVERSIDE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, catalogue.statusCode(), catalogue.body());
            assertEquals(200, ready(), "a read-only database is reachable: the instance stays ready");
        } finally {
            setReadOnly(false);
        }
        assertEquals(before, eventsPerClient(List.of(localId)).size(), "nothing stored");
    }

    /** Puts the database in read-only mode (or back) and restarts the cluster so every pooled connection sees it. */
    static void setReadOnly(boolean readOnly) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(FaultCluster.URL.replace("carerelay_test", "postgres"), "postgres", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE carerelay_test SET default_transaction_read_only = " + (readOnly ? "on" : "off"));
        }
        FaultCluster.stop();
        FaultCluster.start();
        Eventually.until("the instance is ready after the switch", Duration.ofMinutes(2), () -> ready() == 200);
    }

    static int ready() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:1" + instance.port() + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Map<String, Long> eventsPerClient(List<String> localIds) throws SQLException {
        Map<String, Long> counts = new java.util.HashMap<>();
        try (Connection c = FaultCluster.app(); PreparedStatement s = c.prepareStatement("""
                SELECT ci.local_id, count(e.id) AS events
                FROM client_identifier ci JOIN shared_event e ON e.client_id = ci.client_id
                WHERE ci.local_id = ANY(?) GROUP BY ci.local_id""")) {
            s.setArray(1, c.createArrayOf("text", localIds.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString("local_id"), r.getLong("events"));
                }
            }
        }
        return counts;
    }

    static void report(PartnerSender sender, int events, double outageSeconds, double recoverySeconds) throws IOException {
        String summary = String.format(java.util.Locale.ROOT,
                "{\"fault\":\"database restart\",\"events\":%d,\"answers\":%s,\"connectionErrors\":%d,\"lost\":0,\"duplicated\":0,"
                        + "\"outageSeconds\":%.1f,\"recoverySeconds\":%.1f}",
                events, sender.statuses, sender.connectionErrors.get(), outageSeconds, recoverySeconds);
        Path out = LocalStack.root().resolve("target/resilience/database-restart.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + "\n");
        System.out.println("RESILIENCE " + summary);
    }
}
