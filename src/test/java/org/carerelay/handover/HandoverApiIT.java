package org.carerelay.handover;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /api/v1/handovers with real client-credentials tokens: complete, incomplete, replay, and bad bodies. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HandoverApiIT {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode complete(String localId) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("client").put("localId", localId).put("givenName", "Maria").put("familyName", "Okafor")
                .put("birthDate", "1949-03-02");
        body.put("dischargeDate", "2026-11-25").put("dischargeRecommendation", "home_with_support").put("urgency", "urgent_review")
                .put("triageNotes", "Admitted after a fall; hip repaired.");
        body.putArray("medicationRiskFlags").addObject().put("medication", "Warfarin").put("risk", "Bleeding risk").put("severity", "high");
        body.put("mobilityConcerns", "Walks with a frame.");
        body.putArray("followUpNeeds").add("INR check within 3 days").add("Physiotherapy");
        body.put("unresolvedConcerns", "Lives alone.").put("symptomReporting", "Report dizziness the same day.");
        body.putArray("escalationRules").addObject().put("if", "A new fall").put("then", "Call 911 and the ward");
        ArrayNode items = body.putArray("actionItems");
        items.addObject().put("description", "First contact at home").put("windowHours", 24).put("responsibleAgency", "eastside-community");
        items.addObject().put("description", "Medication review").put("windowHours", 72).put("responsibleAgency", "eastside-community");
        return body;
    }

    static Response post(String client, String key, String contentType, String body) {
        return given().auth().oauth2(PartnerTokens.token(client)).header("Idempotency-Key", key).contentType(contentType).body(body)
                .when().post("/api/v1/handovers");
    }

    static Response post(String key, JsonNode body) {
        return post(PartnerTokens.RIVERSIDE, key, "application/json", body.toString());
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    static long handovers() {
        return TestDatabase.number("SELECT (SELECT count(*) FROM handover) + (SELECT count(*) FROM handover_action_item) + (SELECT count(*) FROM handover_query)");
    }

    @Test
    void completeHandoverIsSharedWithItsActionItemsDueAfterTheirWindows() throws Exception {
        Response reply = post(newKey(), complete("RIV-" + UUID.randomUUID()));
        assertEquals(201, reply.statusCode(), reply.asString());
        JsonNode created = JSON.readTree(reply.asString());
        long id = created.path("id").asLong();
        assertTrue(id > 0 && created.path("eventId").asLong() > 0, reply.asString());
        assertEquals(1, created.path("version").asInt());
        assertFalse(created.path("incomplete").asBoolean(), reply.asString());
        assertEquals(0, created.path("missing").size());
        JsonNode items = created.path("actionItems");
        assertEquals(2, items.size(), reply.asString());
        Instant submitted = Instant.ofEpochMilli(
                TestDatabase.number("SELECT floor(extract(epoch FROM submitted_at) * 1000)::bigint FROM handover WHERE id = ?", id));
        assertEquals(submitted.plus(Duration.ofHours(24)).toEpochMilli(), Instant.parse(items.get(0).path("dueAt").asText()).toEpochMilli());
        assertEquals(submitted.plus(Duration.ofHours(72)).toEpochMilli(), Instant.parse(items.get(1).path("dueAt").asText()).toEpochMilli());
        assertEquals("eastside-community", items.get(0).path("responsibleAgency").asText());
        assertTrue(items.get(0).path("id").asLong() > 0);
        JsonNode deliveries = created.path("deliveries");
        assertEquals(1, deliveries.size(), "only the active agreement (Eastside), not the suspended Harbor one: " + reply.asString());
        assertEquals("eastside-community", deliveries.get(0).path("agency").asText());
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ?", id));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover WHERE id = ? AND status = 'submitted' AND NOT incomplete", id));
    }

    @Test
    void missingMobilityConcernsStillFlowsIncompleteWithAQueryToTheSource() throws Exception {
        ObjectNode body = complete("RIV-" + UUID.randomUUID());
        body.remove("mobilityConcerns");
        Response reply = post(newKey(), body);
        assertEquals(201, reply.statusCode(), reply.asString());
        JsonNode created = JSON.readTree(reply.asString());
        assertTrue(created.path("incomplete").asBoolean(), reply.asString());
        assertEquals(1, created.path("missing").size());
        assertEquals("mobilityConcerns", created.path("missing").get(0).asText());
        long id = created.path("id").asLong();
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM handover_query WHERE handover_id = ? AND automatic AND status = 'open' AND kind = 'missing'
                AND text LIKE '%mobility and functional concerns%'""", id));
    }

    @Test
    void aRetryWithTheSameKeyGetsTheSameAnswerAndAnotherBodyIsAConflict() throws Exception {
        String key = newKey();
        ObjectNode body = complete("RIV-" + UUID.randomUUID());
        Response first = post(key, body);
        assertEquals(201, first.statusCode(), first.asString());
        long stored = handovers();
        Response again = post(key, body);
        assertEquals(201, again.statusCode(), again.asString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(JSON.readTree(first.asString()), JSON.readTree(again.asString()));
        assertEquals(stored, handovers(), "a replay stores nothing");
        body.put("triageNotes", "Something else");
        Response other = post(key, body);
        assertEquals(409, other.statusCode(), other.asString());
        assertTrue(other.asString().contains("Idempotency-Key"), other.asString());
        assertEquals(stored, handovers());
    }

    static void assertRefused(int status, String field, Response reply, long rows, long handoverRows) {
        assertEquals(status, reply.statusCode(), reply.asString());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertTrue(reply.asString().contains("\"" + field + "\""), "names " + field + ": " + reply.asString());
        assertEquals(rows, TestDatabase.storedRows(), "nothing stored: " + reply.asString());
        assertEquals(handoverRows, handovers(), "no handover stored: " + reply.asString());
    }

    static void badBody(String field, Consumer<ObjectNode> change) {
        ObjectNode body = complete("RIV-" + UUID.randomUUID());
        change.accept(body);
        long rows = TestDatabase.storedRows();
        long handoverRows = handovers();
        assertRefused(400, field, post(newKey(), body), rows, handoverRows);
    }

    @Test
    void badBodiesAreRefusedNamingTheFieldAndStoreNothing() {
        badBody("medicationRiskFlags[0].colour", b -> ((ObjectNode) b.get("medicationRiskFlags").get(0)).put("colour", "red"));
        badBody("wardNumber", b -> b.put("wardNumber", 7));
        badBody("medicationRiskFlags[0].severity", b -> ((ObjectNode) b.get("medicationRiskFlags").get(0)).put("severity", "extreme"));
        badBody("actionItems[1].windowHours", b -> ((ObjectNode) b.get("actionItems").get(1)).put("windowHours", 0));
        badBody("actionItems[0].windowHours", b -> ((ObjectNode) b.get("actionItems").get(0)).put("windowHours", "soon"));
        badBody("actionItems[0].responsibleAgency", b -> ((ObjectNode) b.get("actionItems").get(0)).put("responsibleAgency", "nowhere-agency"));
        badBody("dischargeDate", b -> b.put("dischargeDate", "25/11/2026"));
        badBody("triageNotes", b -> b.put("triageNotes", "before\u0000after"));
        badBody("followUpNeeds", b -> b.putObject("followUpNeeds").put("a", 1));
        badBody("client.birthDate", b -> ((ObjectNode) b.get("client")).remove("birthDate"));

        long rows = TestDatabase.storedRows();
        long handoverRows = handovers();
        assertRefused(400, "body", post(PartnerTokens.RIVERSIDE, newKey(), "application/json", "{\"client\": {"), rows, handoverRows);
        assertRefused(415, "Content-Type", post(PartnerTokens.RIVERSIDE, newKey(), "text/plain", complete("RIV-1").toString()), rows, handoverRows);
        Response noKey = given().auth().oauth2(PartnerTokens.token(PartnerTokens.RIVERSIDE)).contentType("application/json")
                .body(complete("RIV-2").toString()).when().post("/api/v1/handovers");
        assertRefused(400, "Idempotency-Key", noKey, rows, handoverRows);
    }

    @Test
    void anActionItemMayNameOnlyAnAgencyThatReceivesTheHandoverOrTheSource() {
        // harbor-support's discharge agreement with Riverside is suspended; the commissioners never receive handovers
        for (String agency : new String[] {"harbor-support", "county-commissioning"}) {
            ObjectNode body = complete("RIV-" + UUID.randomUUID());
            ((ObjectNode) body.get("actionItems").get(1)).put("responsibleAgency", agency);
            long rows = TestDatabase.storedRows();
            long handoverRows = handovers();
            Response reply = post(newKey(), body);
            assertRefused(400, "actionItems[1].responsibleAgency", reply, rows, handoverRows);
            assertTrue(reply.asString().contains(agency + " does not receive this handover"), reply.asString());
        }
        ObjectNode own = complete("RIV-" + UUID.randomUUID());
        ((ObjectNode) own.get("actionItems").get(1)).put("responsibleAgency", "riverside-hospital");
        Response reply = post(newKey(), own);
        assertEquals(201, reply.statusCode(), "the source may keep an item itself: " + reply.asString());
    }

    @Test
    void anAgencyWithoutADischargeAgreementIsRefused() {
        long rows = TestDatabase.storedRows();
        long handoverRows = handovers();
        Response reply = post(PartnerTokens.WELFARE, newKey(), "application/json", complete("CW-" + UUID.randomUUID()).toString());
        assertEquals(422, reply.statusCode(), reply.asString());
        assertEquals(rows, TestDatabase.storedRows());
        assertEquals(handoverRows, handovers());
    }

    @Test
    void noTokenIsUnauthorized() {
        Response reply = given().header("Idempotency-Key", newKey()).contentType("application/json").body(complete("RIV-3").toString())
                .when().post("/api/v1/handovers");
        assertEquals(401, reply.statusCode(), reply.asString());
    }
}
