package org.carerelay.partnerapi;

import static org.carerelay.partnerapi.PartnerHttp.assertProblem;
import static org.carerelay.partnerapi.PartnerHttp.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
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
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** The recipient's side of the partner API: read, acknowledge and complete a delivery, page through the feed, see only the agreed fields. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class PartnerApiDeliveriesIT {

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
