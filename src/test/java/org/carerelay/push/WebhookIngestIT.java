package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A receiver that never answers slows neither ingest nor the other endpoints: ingest is measured side by side
 * without and with it (a generous factor, no absolute times), and a healthy endpoint of the same agency gets
 * every message meanwhile. The hanging endpoint never holds more than its share of senders.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class WebhookIngestIT {

    static final int EVENTS = 15;

    @Test
    void aReceiverThatNeverAnswersSlowsNeitherIngestNorTheOtherEndpoints() throws Exception {
        for (int i = 0; i < 5; i++) {
            WebhookApi.housingAlert(); // warm up
        }
        long without = ingest();
        try (Receiver hanging = Receiver.start(r -> new Receiver.Answer(200, 120_000, null)); Receiver healthy = Receiver.accepting()) {
            long hangingId = WebhookApi.register(PartnerTokens.WELFARE, hanging.url(), "delivery.created").get("id").asLong();
            long healthyId = WebhookApi.register(PartnerTokens.WELFARE, healthy.url(), "delivery.created").get("id").asLong();
            try {
                List<Long> inFlight = new ArrayList<>();
                long with = ingest(() -> inFlight.add(WebhookApi.messages(hangingId, "sending")));
                assertTrue(with < without * 3 + 3_000, "ingest with a hanging receiver took " + with + " ms, without " + without + " ms");

                List<Receiver.Request> got = healthy.await(EVENTS, r -> true, Duration.ofSeconds(60));
                Set<Long> deliveries = new HashSet<>();
                got.forEach(r -> deliveries.add(r.json().at("/data/deliveryId").asLong()));
                assertEquals(EVENTS, deliveries.size(), "the healthy endpoint got every delivery while the other hung");
                inFlight.add(WebhookApi.messages(hangingId, "sending"));
                assertTrue(inFlight.stream().allMatch(n -> n <= 2), "at most the per-endpoint concurrency in flight: " + inFlight);
                assertTrue(hanging.requests().size() >= 1 && hanging.requests().size() <= 2 * 3,
                        "the hanging endpoint only gets its share: " + hanging.requests().size());
            } finally {
                TestDatabase.execute("DELETE FROM webhook_endpoint WHERE id IN (?, ?)", hangingId, healthyId);
            }
        }
    }

    static long ingest() {
        return ingest(() -> { });
    }

    static long ingest(Runnable between) {
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            WebhookApi.housingAlert();
            between.run();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
