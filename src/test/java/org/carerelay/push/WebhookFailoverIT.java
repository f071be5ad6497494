package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.SecondInstance;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Two instances send the same outbox; the second is killed (SIGKILL) while it is sending. Every message still
 * arrives, none is lost, and a message sent twice is the same message: the same webhook-id and the same body.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class WebhookFailoverIT {

    static final int EVENTS = 6;

    @Test
    void anInstanceKilledMidSendLosesNothingAndDuplicatesKeepTheirWebhookId() throws Exception {
        // Each message's first attempt hangs (longer than the sender's timeout); later ones are answered at once.
        // B allows the endpoint eight sends at once where A allows two: A's two hanging sends fill A's share, B claims the
        // rest. With equal shares and both instances polling once a second in a fixed phase, A could win every claim and B
        // would never be caught mid-send (seen once in CI).
        try (Receiver receiver = Receiver.start(r -> r.nthForId() == 1 ? new Receiver.Answer(200, 60_000, null) : Receiver.Answer.status(200));
                SecondInstance b = SecondInstance.start(Map.of("CARERELAY_WEBHOOK_PER_ENDPOINT_CONCURRENCY", "8"))) {
            long id = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created").get("id").asLong();
            try {
                for (int i = 0; i < EVENTS; i++) {
                    WebhookApi.housingAlert(i % 2 == 0 ? org.carerelay.harness.Browser.PORTAL_URL : b.url());
                }
                String claimedByB = "instance-" + b.pid() + "-%";
                Eventually.until("instance B is sending one of the messages", Duration.ofSeconds(120), () -> TestDatabase.number(
                        "SELECT count(*) FROM webhook_message WHERE endpoint_id = ? AND state = 'sending' AND claimed_by LIKE ?",
                        id, claimedByB) > 0);
                b.kill();

                // The abandoned send is taken again once its claim lapses; a message whose attempt failed meanwhile waits for
                // its retry, so A's clock is moved on (an hour every 20 s) rather than waited for
                long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
                long nextMove = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (WebhookApi.messages(id, "delivered") < EVENTS) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("not every message was delivered; outbox: " + outbox(id) + "; received: "
                                + receiver.requests().stream().map(r -> r.id() + "#" + r.nthForId() + "@" + r.receivedAt()).toList());
                    }
                    if (System.nanoTime() > nextMove) {
                        WebhookApi.advanceClock(1);
                        nextMove = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    }
                    Thread.sleep(250);
                }
                List<String> written = TestDatabase.ids("SELECT id FROM webhook_message WHERE endpoint_id = ?", id).stream()
                        .map(m -> String.valueOf(m)).toList();
                assertEquals(EVENTS, written.size());
                Map<String, List<Receiver.Request>> byId = receiver.requests().stream()
                        .collect(Collectors.groupingBy(Receiver.Request::id));
                assertEquals(EVENTS, byId.size(), "every message arrived: " + byId.keySet());
                for (Map.Entry<String, List<Receiver.Request>> e : byId.entrySet()) {
                    assertTrue(e.getValue().stream().map(Receiver.Request::body).distinct().count() == 1,
                            "a message sent again is the same message: " + e.getKey());
                }
                assertTrue(byId.values().stream().anyMatch(l -> l.size() > 1), "the abandoned send was sent again");
                assertEquals(EVENTS, byId.values().stream().map(l -> l.get(0).json().get("sequence").asLong()).distinct().count(),
                        "one sequence number per message");
            } finally {
                WebhookApi.resetClock();
                TestDatabase.execute("DELETE FROM webhook_endpoint WHERE id = ?", id);
            }
        }
    }

    static String outbox(long endpointId) {
        StringBuilder out = new StringBuilder();
        try (var c = TestDatabase.owner(); var s = c.prepareStatement("""
                SELECT webhook_id, state, attempts, claimed_by, lease_until, clock_timestamp() AS db_now, next_attempt_at, last_error
                FROM webhook_message WHERE endpoint_id = ? ORDER BY id""")) {
            s.setLong(1, endpointId);
            try (var r = s.executeQuery()) {
                while (r.next()) {
                    for (int i = 1; i <= 8; i++) {
                        out.append(r.getString(i)).append(i < 8 ? " " : "\n");
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            out.append(e);
        }
        return out.toString();
    }
}
