package org.carerelay.partnerapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The partner API end to end with real client-credentials tokens: share, replay, read and move deliveries. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class PartnerApiIT {

    static final String PROBLEM_JSON = "application/problem+json";

    // ------------------------------------------------------------------ sharing an event

    @Test
    void missedContactIsStoredAndRoutedToHarborDueInTwentyFourHours() {
        String localId = EventBodies.newLocalId();
        Instant occurredAt = EventBodies.anHourAgo();
        ObjectNode body = EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS", localId, occurredAt);

        PartnerHttp.Reply reply = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, PartnerHttp.newKey(), body);

        assertEquals(201, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        assertEquals("false", reply.header("Idempotent-Replayed"), reply::toString);
        JsonNode created = reply.json();
        assertTrue(created.path("id").asLong() > 0, reply::toString);
        JsonNode deliveries = created.get("deliveries");
        assertEquals(1, deliveries.size(), reply::toString);
        JsonNode delivery = deliveries.get(0);
        assertTrue(delivery.path("id").asLong() > 0, reply::toString);
        assertEquals("harbor-support", delivery.path("agency").asText());
        assertEquals("new", delivery.path("state").asText());
        assertEquals(occurredAt.plus(Duration.ofHours(24)), Instant.parse(delivery.path("dueAt").asText()));
        // behavioral-health details without the client's consent: only the minimum notice
        assertTrue(delivery.path("minimumNotice").asBoolean(), reply::toString);

        assertEquals(1, PartnerHttp.eventsForLocalId(localId));
        assertEquals(created.get("id").asLong(), TestDatabase.number("""
                SELECT e.id FROM shared_event e JOIN client_identifier ci ON ci.client_id = e.client_id
                JOIN agency a ON a.id = ci.agency_id WHERE ci.local_id = ? AND a.slug = 'mindbridge-bh'""", localId));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM delivery WHERE event_id = ?", created.get("id").asLong()));
    }

    @Test
    void dischargeHandoverFromRiversideGoesOnlyWhereTheAgreementIsActive() {
        // RIV-HARBOR-DISCHARGE is suspended; RIV-EAST-DISCHARGE is active
        PartnerHttp.Reply reply = PartnerHttp.postEvent(PartnerTokens.RIVERSIDE, PartnerHttp.newKey(),
                EventBodies.valid("DISCHARGE_HANDOVER"));

        assertEquals(201, reply.status(), reply::toString);
        List<String> agencies = new ArrayList<>();
        reply.json().get("deliveries").forEach(d -> agencies.add(d.path("agency").asText()));
        assertEquals(List.of("eastside-community"), agencies, reply::toString);
    }

    static Stream<String> everyCatalogueType() {
        return EventBodies.SENDER.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCatalogueType")
    void aCorrectBodyOfEveryTypeIsAccepted(String type) {
        PartnerHttp.Reply reply = PartnerHttp.postEvent(EventBodies.SENDER.get(type), PartnerHttp.newKey(), EventBodies.valid(type));

        assertEquals(201, reply.status(), reply::toString);
        assertFalse(reply.json().get("deliveries").isEmpty(), reply::toString);
    }

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

    // ------------------------------------------------------------------ who may call

    @Test
    void withoutATokenTheAnswerIs401ProblemWithABearerChallenge() {
        long before = TestDatabase.storedRows();

        PartnerHttp.Reply reply = PartnerHttp.postEvent(null, PartnerHttp.newKey(), EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS"));

        assertEquals(401, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith(PROBLEM_JSON), reply::toString);
        assertTrue(reply.json().path("type").asText().endsWith("/unauthorized"), reply::toString);
        assertNotNull(reply.header("WWW-Authenticate"), reply::toString);
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply::toString);
        assertEquals(before, TestDatabase.storedRows());

        for (String path : List.of("/api/v1/feed", "/api/v1/event-types")) {
            PartnerHttp.Reply read = PartnerHttp.get(null, path);
            assertEquals(401, read.status(), read::toString);
            assertTrue(read.header("Content-Type").startsWith(PROBLEM_JSON), read::toString);
            assertTrue(read.header("WWW-Authenticate").startsWith("Bearer"), read::toString);
        }
    }

    @Test
    void anInvalidTokenIsRefusedWith401AndStoresNothing() {
        // Refused by the OIDC layer before any resource runs: status and challenge only (its body is
        // Quarkus's empty one, not problem+json; reported, not asserted here).
        long before = TestDatabase.storedRows();
        PartnerHttp.Reply reply = PartnerHttp.send(null, "POST", "/api/v1/events",
                Map.of("Authorization", "Bearer not.a.token", "Idempotency-Key", PartnerHttp.newKey()), PartnerHttp.JSON_TYPE,
                PartnerHttp.bytes(EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS")));

        assertEquals(401, reply.status(), reply::toString);
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply::toString);
        assertEquals(before, TestDatabase.storedRows());
    }

    @Test
    void aBodyOverTheServersOwnLimitIsRefusedWith413AndStoresNothing() {
        // Above quarkus.http.limits.max-body-size (10 MB) Vert.x refuses it before the resource runs:
        // status only (empty body, not problem+json; reported, not asserted here).
        long before = TestDatabase.storedRows();
        byte[] body = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        PartnerHttp.Reply reply = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, PartnerHttp.newKey(), body);

        assertEquals(413, reply.status(), reply::toString);
        assertEquals(before, TestDatabase.storedRows());
    }

    @Test
    void anotherAgencyCannotSeeOrMoveADelivery() {
        // Every client in the realm has the partner-system role, so the refusal tested is the agency one:
        // Riverside and County Welfare get 404 for a delivery to Harbor (its existence is not disclosed).
        PartnerHttp.Reply created = PartnerHttp.postEvent(PartnerTokens.MINDBRIDGE, PartnerHttp.newKey(),
                EventBodies.valid("MISSED_CONTACT_AFTER_CRISIS"));
        assertEquals(201, created.status(), created::toString);
        long harborDelivery = created.json().get("deliveries").get(0).get("id").asLong();

        PartnerHttp.Reply read = PartnerHttp.get(PartnerTokens.RIVERSIDE, "/api/v1/deliveries/" + harborDelivery);
        assertEquals(404, read.status(), read::toString);
        assertTrue(read.header("Content-Type").startsWith(PROBLEM_JSON), read::toString);
        assertTrue(read.json().path("type").asText().endsWith("/not-found"), read::toString);
        assertFalse(read.text().contains("harbor"), read::toString);

        PartnerHttp.Reply source = PartnerHttp.get(PartnerTokens.MINDBRIDGE, "/api/v1/deliveries/" + harborDelivery);
        assertEquals(404, source.status(), "the source is not the recipient either: " + source);

        PartnerHttp.Reply ack = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + harborDelivery + "/acknowledge", null);
        assertEquals(404, ack.status(), ack::toString);
        assertTrue(ack.header("Content-Type").startsWith(PROBLEM_JSON), ack::toString);
        PartnerHttp.Reply complete = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + harborDelivery + "/complete",
                "{\"outcome\": \"actioned\"}");
        assertEquals(404, complete.status(), complete::toString);
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND state <> 'new'", harborDelivery));

        PartnerHttp.Reply missing = PartnerHttp.get(PartnerTokens.WELFARE, "/api/v1/deliveries/999999999");
        assertEquals(404, missing.status(), missing::toString);
    }

    // ------------------------------------------------------------------ the catalogue

    @Test
    void eventTypesListEveryCatalogueTypeWithItsFields() throws IOException {
        JsonNode file = PartnerHttp.JSON.readTree(LocalStack.root().resolve("src/main/resources/catalogue/event-types.json").toFile());

        PartnerHttp.Reply reply = PartnerHttp.get(PartnerTokens.RIVERSIDE, "/api/v1/event-types");

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply::toString);
        Map<String, JsonNode> served = new LinkedHashMap<>();
        reply.json().forEach(t -> served.put(t.path("code").asText(), t));
        Set<String> expectedCodes = new TreeSet<>();
        file.forEach(t -> expectedCodes.add(t.get("code").asText()));
        assertEquals(expectedCodes, new TreeSet<>(served.keySet()));
        assertEquals(expectedCodes, new TreeSet<>(EventBodies.SENDER.keySet()), "the test helper knows every type");

        for (JsonNode expected : file) {
            String code = expected.get("code").asText();
            JsonNode type = served.get(code);
            assertTrue(type.path("version").asInt() >= 1, code);
            assertEquals(expected.get("urgency").asText(), type.path("urgency").asText(), code);
            assertEquals(expected.get("windowHours").asInt(), type.path("windowHours").asInt(), code);
            assertEquals(expected.get("sensitivity").asText(), type.path("sensitivity").asText(), code);
            assertTrue(type.path("title").isTextual() && type.path("meaning").isTextual() && type.path("action").isTextual(), code);
            JsonNode fields = type.get("fields");
            assertEquals(expected.get("fields").size(), fields.size(), code);
            for (int i = 0; i < fields.size(); i++) {
                JsonNode want = expected.get("fields").get(i);
                JsonNode got = fields.get(i);
                String where = code + "." + want.get("name").asText();
                assertEquals(want.get("name").asText(), got.path("name").asText(), where);
                assertEquals(want.get("type").asText(), got.path("type").asText(), where);
                assertTrue(got.path("required").isBoolean(), where);
                assertEquals(want.get("required").asBoolean(), got.path("required").asBoolean(), where);
                if (want.get("type").asText().equals("enum")) {
                    assertEquals(want.get("values"), got.get("values"), where);
                } else {
                    assertTrue(got.path("values").isMissingNode() || got.path("values").isNull(), where);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the recipient side

    @Test
    void aRecipientReadsAcknowledgesAndCompletesItsDelivery() {
        String localId = EventBodies.newLocalId();
        Instant occurredAt = EventBodies.anHourAgo();
        PartnerHttp.Reply created = PartnerHttp.postEvent(PartnerTokens.NORTHGATE, PartnerHttp.newKey(),
                EventBodies.valid("URGENT_ACCESS_PROBLEM", localId, occurredAt));
        assertEquals(201, created.status(), created::toString);
        Map<String, JsonNode> byAgency = new LinkedHashMap<>();
        created.json().get("deliveries").forEach(d -> byAgency.put(d.path("agency").asText(), d));
        assertEquals(Set.of("county-welfare", "harbor-support", "eastside-community"), byAgency.keySet(), created::toString);
        JsonNode receipt = byAgency.get("county-welfare");
        long id = receipt.get("id").asLong();
        assertEquals(occurredAt.plus(Duration.ofHours(8)), Instant.parse(receipt.path("dueAt").asText()));

        List<JsonNode> feed = walkFeedUntilItShows(PartnerTokens.WELFARE, List.of(id));
        JsonNode item = feed.stream().filter(i -> i.path("id").asLong() == id).findFirst().orElse(null);
        assertNotNull(item, "the feed shows the delivery");
        assertEquals("URGENT_ACCESS_PROBLEM", item.path("type").asText());
        assertEquals("northgate-housing", item.path("sourceAgency").asText());
        assertEquals("new", item.path("state").asText());
        assertEquals(created.json().get("id").asLong(), item.path("eventId").asLong());

        PartnerHttp.Reply read = PartnerHttp.get(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id);
        assertEquals(200, read.status(), read::toString);
        JsonNode details = read.json();
        assertEquals(id, details.path("id").asLong());
        assertEquals("URGENT_ACCESS_PROBLEM", details.path("type").asText());
        assertEquals("northgate-housing", details.path("sourceAgency").asText());
        assertEquals("new", details.path("state").asText());
        assertFalse(details.path("minimumNotice").asBoolean());
        assertEquals(occurredAt, Instant.parse(details.path("occurredAt").asText()));
        assertEquals("no_heating", details.path("data").path("problem").asText());
        assertEquals("Boiler failed; outside temperature below freezing.", details.path("data").path("description").asText());
        assertTrue(details.path("data").path("vulnerableHousehold").asBoolean());
        assertEquals(0, details.path("withheldFields").size());
        assertTrue(details.path("client").path("givenName").asText().startsWith("Dana"));
        assertEquals("1987-04-12", details.path("client").path("birthDate").asText());

        PartnerHttp.Reply tooEarly = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id + "/complete",
                "{\"outcome\": \"actioned\"}");
        assertProblem(tooEarly, 409, "invalid-transition");

        PartnerHttp.Reply ack = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id + "/acknowledge", null);
        assertEquals(200, ack.status(), ack::toString);
        assertEquals("acknowledged", ack.json().path("state").asText());

        PartnerHttp.Reply again = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id + "/acknowledge", null);
        assertProblem(again, 409, "invalid-transition");

        // a reason PostgreSQL cannot store (U+0000 inside the text) is a bad field, not a server error
        PartnerHttp.Reply nul = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id + "/complete",
                "{\"outcome\": \"declined\", \"reason\": \"not\\u0000ours\"}");
        assertProblem(nul, 400, "invalid-request");
        assertEquals(List.of("reason"), fields(nul));

        PartnerHttp.Reply done = PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id + "/complete",
                "{\"outcome\": \"actioned\"}");
        assertEquals(200, done.status(), done::toString);
        assertEquals("completed", done.json().path("state").asText());
        assertEquals("actioned", done.json().path("outcome").asText());

        PartnerHttp.Reply after = PartnerHttp.get(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id);
        assertEquals("completed", after.json().path("state").asText());
        assertProblem(PartnerHttp.postJson(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id + "/complete",
                "{\"outcome\": \"declined\", \"reason\": \"changed my mind\"}"), 409, "invalid-transition");
        assertEquals(List.of("deliver:new", "acknowledge:acknowledged", "complete:completed"), transitions(id));
        // the other recipients' deliveries did not move
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM delivery WHERE event_id = ? AND id <> ? AND state <> 'new'",
                created.json().get("id").asLong(), id));
    }

    @Test
    void pagingTheFeedOneByOneVisitsEveryDeliveryOnce() {
        Set<Long> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            PartnerHttp.Reply created = PartnerHttp.postEvent(PartnerTokens.NORTHGATE, PartnerHttp.newKey(),
                    EventBodies.valid("URGENT_ACCESS_PROBLEM"));
            assertEquals(201, created.status(), created::toString);
            created.json().get("deliveries").forEach(d -> {
                if (d.path("agency").asText().equals("county-welfare")) {
                    mine.add(d.path("id").asLong());
                }
            });
        }
        assertEquals(3, mine.size());
        walkFeedUntilItShows(PartnerTokens.WELFARE, mine);

        List<Long> oneByOne = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            PartnerHttp.Reply page = PartnerHttp.get(PartnerTokens.WELFARE, "/api/v1/feed?limit=1" + after(cursor));
            assertEquals(200, page.status(), page::toString);
            JsonNode items = page.json().get("items");
            assertTrue(items.size() <= 1, page::toString);
            if (items.isEmpty()) {
                assertEquals(cursor, page.json().path("next").isNull() ? null : page.json().path("next").asText(),
                        "an empty page keeps the cursor");
                break;
            }
            oneByOne.add(items.get(0).path("id").asLong());
            String next = page.json().path("next").asText();
            assertFalse(next.isBlank(), page::toString);
            cursor = next;
            assertTrue(++pages < 10_000, "the feed ends");
        }

        assertEquals(oneByOne.size(), new LinkedHashSet<>(oneByOne).size(), "no delivery twice: " + oneByOne);
        assertTrue(oneByOne.containsAll(mine), oneByOne + " should contain " + mine);
        List<Long> allAtOnce = walkFeed(PartnerTokens.WELFARE, 500).stream().map(i -> i.path("id").asLong()).toList();
        assertEquals(allAtOnce, oneByOne, "the same deliveries in the same order");
        assertEquals(TestDatabase.number("""
                SELECT count(*) FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id WHERE a.slug = 'county-welfare'"""),
                oneByOne.size(), "every delivery to county-welfare");
    }

    @Test
    void aRecipientSeesOnlyTheFieldsItsAgreementAllows() {
        PartnerHttp.Reply created = PartnerHttp.postEvent(PartnerTokens.NORTHGATE, PartnerHttp.newKey(),
                EventBodies.valid("HOUSING_INSTABILITY_ALERT"));
        assertEquals(201, created.status(), created::toString);
        long id = -1;
        for (JsonNode d : created.json().get("deliveries")) {
            if (d.path("agency").asText().equals("county-welfare")) {
                id = d.path("id").asLong();
            }
        }
        assertTrue(id > 0, created::toString);

        PartnerHttp.Reply read = PartnerHttp.get(PartnerTokens.WELFARE, "/api/v1/deliveries/" + id);

        assertEquals(200, read.status(), read::toString);
        JsonNode details = read.json();
        JsonNode data = details.get("data");
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("riskType", "tenancyEndDate", "rentArrearsAmount", "details"), names, read::toString);
        assertEquals("eviction_notice", data.path("riskType").asText());
        assertEquals(1250.5, data.path("rentArrearsAmount").asDouble());
        assertFalse(data.has("healthImpactNotes"), read::toString);
        assertFalse(read.text().contains("depression"), "the withheld text is nowhere in the answer");
        List<String> withheld = new ArrayList<>();
        details.get("withheldFields").forEach(f -> withheld.add(f.asText()));
        assertEquals(List.of("healthImpactNotes"), withheld, read::toString);
        assertFalse(details.path("minimumNotice").asBoolean());
    }

    // ------------------------------------------------------------------ helpers

    static void assertProblem(PartnerHttp.Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith(PROBLEM_JSON), reply::toString);
        assertTrue(reply.json().path("type").asText().endsWith("/" + type), reply::toString);
    }

    static List<String> fields(PartnerHttp.Reply reply) {
        List<String> fields = new ArrayList<>();
        reply.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    static String after(String cursor) {
        return cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    /** Every item of the agency's feed, page by page until an empty page. */
    /**
     * The feed shows a delivery once every transaction that started before it committed has ended
     * (so it never skips one); another transaction running at that moment, such as the report
     * refresh, can delay it briefly. Walks the feed until these deliveries are in it (at most 10 s).
     */
    static List<JsonNode> walkFeedUntilItShows(String client, java.util.Collection<Long> ids) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<JsonNode> feed = walkFeed(client, 500);
            Set<Long> seen = new java.util.HashSet<>();
            feed.forEach(i -> seen.add(i.path("id").asLong()));
            if (seen.containsAll(ids) || System.nanoTime() > deadline) {
                return feed;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return feed;
            }
        }
    }

    static List<JsonNode> walkFeed(String client, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            PartnerHttp.Reply page = PartnerHttp.get(client, "/api/v1/feed?limit=" + limit + after(cursor));
            assertEquals(200, page.status(), page::toString);
            JsonNode json = page.json();
            if (json.get("items").isEmpty()) {
                return items;
            }
            json.get("items").forEach(items::add);
            cursor = json.path("next").asText();
        }
        throw new AssertionError("the feed did not end");
    }

    static List<String> transitions(long deliveryId) {
        List<String> steps = new ArrayList<>();
        try (var c = TestDatabase.owner(); var s = c.prepareStatement(
                "SELECT action, to_state FROM delivery_transition WHERE delivery_id = ? ORDER BY at, id")) {
            s.setLong(1, deliveryId);
            try (var r = s.executeQuery()) {
                while (r.next()) {
                    steps.add(r.getString(1) + ":" + r.getString(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return steps;
    }
}
