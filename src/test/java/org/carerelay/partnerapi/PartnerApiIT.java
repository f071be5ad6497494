package org.carerelay.partnerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The partner API end to end with real client-credentials tokens: sharing an event of every catalogue type, and the
 * catalogue it publishes. Replays are in PartnerApiIdempotencyIT, who may call in PartnerApiCallersIT, the recipient's
 * side (read, acknowledge, complete, the feed) in PartnerApiDeliveriesIT.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class PartnerApiIT {

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
        assertEquals(expectedCodes, EventBodies.everyType(), "the test helper knows every type");

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
}
