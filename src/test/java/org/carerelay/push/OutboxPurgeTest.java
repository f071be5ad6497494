package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.carerelay.clock.CareClock;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's retention: delivered messages older than 30 days (the default) are purged; recent delivered ones,
 * dead letters and messages still to send stay, whatever their age. Time moves with the one clock.
 */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class OutboxPurgeTest {

    @Inject
    OutboxPurge purge;

    @Inject
    CareClock clock;

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void oldDeliveredMessagesGoRecentAndDeadOnesStay() {
        // a paused endpoint: the dispatcher leaves its messages alone
        byte[] sealed = new SecretBox("carerelay-development-webhook-key-not-secret").seal(WebhookSigner.newSecret());
        long endpoint = TestDatabase.number("""
                INSERT INTO webhook_endpoint (agency_id, url, kinds, description, secret, created_by, created_at, status)
                SELECT id, 'http://127.0.0.1:9/purge', '{delivery.created}', 'purge test', ?, 'test', now(), 'paused'
                FROM agency WHERE slug = 'county-welfare' RETURNING id""", sealed);
        try {
            long oldDelivered = message(endpoint, 1, "delivered", "delivered_at", 40);
            long recentDelivered = message(endpoint, 2, "delivered", "delivered_at", 1);
            long oldDead = message(endpoint, 3, "dead", "dead_at", 90);
            long oldPending = message(endpoint, 4, "pending", null, 60);

            assertTrue(purge.runOnce() >= 1);
            assertEquals(0, exists(oldDelivered), "delivered 40 days ago: purged");
            assertEquals(1, exists(recentDelivered), "delivered yesterday: kept");
            assertEquals(1, exists(oldDead), "a dead letter stays until it is resent");
            assertEquals(1, exists(oldPending), "a message still to send stays");

            clock.advance(Duration.ofDays(30));
            purge.runOnce();
            assertEquals(0, exists(recentDelivered), "30 days later the one delivered yesterday is past the retention too");
            assertEquals(1, exists(oldDead));
            assertEquals(1, exists(oldPending));
        } finally {
            TestDatabase.execute("DELETE FROM webhook_endpoint WHERE id = ?", endpoint);
        }
    }

    /** A message written {@code daysAgo}, in {@code state}, with its state's time {@code daysAgo} as well. */
    private static long message(long endpoint, long sequence, String state, String at, int daysAgo) {
        String when = "now() - make_interval(days => " + daysAgo + ")";
        return TestDatabase.number("INSERT INTO webhook_message (endpoint_id, webhook_id, kind, sequence, data, created_at, state,"
                + " next_attempt_at" + (at == null ? "" : ", " + at) + ") VALUES (?, ?, 'delivery.created', ?, '{}', " + when + ", ?, "
                + when + (at == null ? "" : ", " + when) + ") RETURNING id",
                endpoint, "msg_" + UUID.randomUUID().toString().replace("-", ""), sequence, state);
    }

    private static long exists(long id) {
        return TestDatabase.number("SELECT count(*) FROM webhook_message WHERE id = ?", id);
    }
}
