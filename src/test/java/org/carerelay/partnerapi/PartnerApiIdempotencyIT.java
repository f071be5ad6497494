package org.carerelay.partnerapi;

import static org.carerelay.partnerapi.PartnerHttp.PROBLEM_JSON;
import static org.carerelay.partnerapi.PartnerHttp.fields;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** The partner API's Idempotency-Key: a replay gets the first answer and stores nothing; a reused key with another body is a conflict. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class PartnerApiIdempotencyIT {

    // ------------------------------------------------------------------ idempotency

    @Test
    void aReplayGetsTheFirstAnswerAndStoresNothingNew() {
        String localId = EventBodies.newLocalId();
        String key = PartnerHttp.newKey();
        byte[] body = PartnerHttp.bytes(EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS", localId, EventBodies.anHourAgo()));

        PartnerHttp.Reply first = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, key, body);
        assertEquals(201, first.status(), first::toString);
        assertEquals("false", first.header("Idempotent-Replayed"));
        long stored = TestDatabase.storedRows();

        PartnerHttp.Reply replay = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, key, body);

        assertEquals(first.status(), replay.status(), replay::toString);
        assertArrayEquals(first.body(), replay.body(), () -> first.text() + " <> " + replay.text());
        assertEquals("true", replay.header("Idempotent-Replayed"), replay::toString);
        assertEquals(1, PartnerHttp.eventsForLocalId(localId));
        assertEquals(stored, TestDatabase.storedRows(), "a replay stores nothing");
    }

    @Test
    void theSameKeyWithADifferentBodyIsAConflict() throws IOException {
        String localId = EventBodies.newLocalId();
        String key = PartnerHttp.newKey();
        ObjectNode body = EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS", localId, EventBodies.anHourAgo());
        PartnerHttp.Reply first = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, key, body);
        assertEquals(201, first.status(), first::toString);
        long stored = TestDatabase.storedRows();

        ObjectNode changed = body.deepCopy();
        EventBodies.data(changed).put("contactAttempts", 3);
        PartnerHttp.Reply reply = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, key, changed);

        assertEquals(409, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith(PROBLEM_JSON), reply::toString);
        assertTrue(reply.json().path("type").asText().endsWith("/idempotency-key-reused"), reply::toString);
        assertTrue(fields(reply).contains("Idempotency-Key"), reply::toString);
        assertEquals(1, PartnerHttp.eventsForLocalId(localId));
        assertEquals(stored, TestDatabase.storedRows());
    }

    @Test
    void tenConcurrentPostsWithTheSameKeyStoreOneEvent() throws Exception {
        String localId = EventBodies.newLocalId();
        String key = PartnerHttp.newKey();
        byte[] body = PartnerHttp.bytes(EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS", localId, EventBodies.anHourAgo()));
        PartnerTokens.token(PartnerTokens.MINDBRIDGE); // fetched once, before the race
        int threads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PartnerHttp.Reply>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, key, body);
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            go.countDown();
            Set<Long> eventIds = new HashSet<>();
            int replayed = 0;
            for (Future<PartnerHttp.Reply> future : futures) {
                PartnerHttp.Reply reply = future.get(90, TimeUnit.SECONDS);
                assertEquals(201, reply.status(), reply::toString);
                eventIds.add(reply.json().get("id").asLong());
                if ("true".equals(reply.header("Idempotent-Replayed"))) {
                    replayed++;
                }
            }
            assertEquals(1, eventIds.size(), "every request got the same event: " + eventIds);
            assertEquals(threads - 1, replayed, "all but the first were replays");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, PartnerHttp.eventsForLocalId(localId), "exactly one shared_event row");
    }
}
