package org.carerelay.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;

/** Test data the way a partner system makes it: POST /api/v1/events and /api/v1/handovers with a real token. */
final class PartnerPosts {

    static final ObjectMapper JSON = new ObjectMapper();

    private PartnerPosts() {
    }

    /** What the API answered to a share: the event, its client, and each recipient's delivery. */
    record Shared(long eventId, long clientId, JsonNode deliveries, JsonNode body) {

        long delivery(String agency) {
            for (JsonNode d : deliveries) {
                if (d.path("agency").asText().equals(agency)) {
                    return d.path("id").asLong();
                }
            }
            throw new AssertionError("no delivery to " + agency + " in " + deliveries);
        }
    }

    static Shared event(String client, ObjectNode body) {
        JsonNode created = post(client, "/api/v1/events", body);
        long clientId = TestDatabase.number("SELECT client_id FROM shared_event WHERE id = ?", created.path("id").asLong());
        return new Shared(created.path("id").asLong(), clientId, created.path("deliveries"), body);
    }

    static JsonNode post(String client, String path, JsonNode body) {
        FhirApi.Reply reply = FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path))
                .header("Authorization", "Bearer " + PartnerTokens.token(client)).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (reply.status() != 201) {
            throw new AssertionError("POST " + path + " as " + client + ": " + reply);
        }
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalogue as the partner API publishes it: code → event type (fields, urgency, window). */
    static Map<String, JsonNode> eventTypes() {
        FhirApi.Reply reply = FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/api/v1/event-types"))
                .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.RIVERSIDE)).GET().build());
        Map<String, JsonNode> types = new HashMap<>();
        try {
            JSON.readTree(reply.body()).forEach(t -> types.put(t.path("code").asText(), t));
        } catch (IOException e) {
            throw new IllegalStateException(reply.toString(), e);
        }
        return types;
    }

    /** The catalogue file the app publishes (for what the API does not show, such as the markers a type sets). */
    static Map<String, JsonNode> catalogueFile() {
        Map<String, JsonNode> types = new HashMap<>();
        try (java.io.InputStream in = PartnerPosts.class.getResourceAsStream("/catalogue/event-types.json")) {
            JSON.readTree(in).forEach(t -> types.put(t.path("code").asText(), t));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return types;
    }

    /** A complete discharge handover from Riverside to Eastside, with two action items, a high-severity flag and an escalation rule. */
    static ObjectNode handover(String localId, String family) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("client").put("localId", localId).put("givenName", "Walter").put("familyName", family).put("birthDate", "1944-05-17");
        body.put("dischargeDate", "2026-11-25").put("dischargeRecommendation", "home_with_support").put("urgency", "urgent_review")
                .put("triageNotes", "Chest infection treated; oxygen weaned.");
        body.putArray("medicationRiskFlags").addObject().put("medication", "Warfarin").put("risk", "INR unstable").put("severity", "high");
        body.put("mobilityConcerns", "Uses a frame; stairs to the bathroom.");
        body.putArray("followUpNeeds").add("GP review in a week").add("Physiotherapy");
        body.put("unresolvedConcerns", "Lives alone.").put("symptomReporting", "Daily weight through the app.");
        body.putArray("escalationRules").addObject().put("if", "Breathless at rest").put("then", "Call 911");
        ArrayNode items = body.putArray("actionItems");
        items.addObject().put("description", "First contact").put("windowHours", 24).put("responsibleAgency", "eastside-community");
        items.addObject().put("description", "Medication review").put("windowHours", 72).put("responsibleAgency", "eastside-community");
        return body;
    }
}
