package org.carerelay.partnerapi;

import static org.carerelay.partnerapi.PartnerHttp.PROBLEM_JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests to the partner API, one thing wrong in each: every one is refused with the right
 * status and RFC 9457 problem type, names the bad field(s), and stores nothing at all.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerApiBadRequestsIT {

    static final String MISSED = "MISSED_CONTACT_AFTER_CRISIS";
    static final String DELIVERY = "{delivery}";

    /** A delivery to county-welfare (new), the target of the bad completions. */
    long deliveryId;

    /**
     * One bad request. {@code path} may hold {delivery}; {@code body} null sends none; {@code key}
     * false sends no Idempotency-Key.
     */
    record Case(String name, String client, String method, String path, String contentType, boolean key, byte[] body,
            int status, String type, List<String> fields) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Made once, on first use (after Quarkus has pointed RestAssured at the app). */
    long deliveryToComplete() {
        if (deliveryId > 0) {
            return deliveryId;
        }
        PartnerHttp.Reply created = PartnerHttp.postEvent(PartnerTokens.NORTHGATE, PartnerHttp.newKey(),
                EventBodies.valid("URGENT_ACCESS_PROBLEM"));
        assertEquals(201, created.status(), created::toString);
        for (JsonNode d : created.json().get("deliveries")) {
            if (d.get("agency").asText().equals("county-welfare")) {
                deliveryId = d.get("id").asLong();
            }
        }
        assertTrue(deliveryId > 0, created::toString);
        return deliveryId;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRequests")
    void isRefusedNamingTheFieldAndStoresNothing(Case c) {
        String path = c.path().contains(DELIVERY) ? c.path().replace(DELIVERY, String.valueOf(deliveryToComplete())) : c.path();
        long before = TestDatabase.storedRows();
        Map<String, String> headers = new LinkedHashMap<>();
        if (c.key()) {
            headers.put("Idempotency-Key", PartnerHttp.newKey());
        }

        PartnerHttp.Reply reply = PartnerHttp.send(c.client(), c.method(), path, headers, c.contentType(), c.body());

        assertEquals(c.status(), reply.status(), reply::toString);
        String contentType = reply.header("Content-Type");
        assertNotNull(contentType, reply::toString);
        assertTrue(contentType.startsWith(PROBLEM_JSON), () -> "Content-Type " + contentType + ": " + reply);
        JsonNode problem = reply.json();
        assertTrue(problem.path("type").asText().endsWith("/" + c.type()), () -> "type: " + reply);
        assertEquals(c.status(), problem.path("status").asInt(), reply::toString);
        assertTrue(problem.path("title").isTextual() && problem.path("detail").isTextual(), reply::toString);
        List<String> named = new ArrayList<>();
        problem.path("errors").forEach(e -> named.add(e.path("field").asText()));
        for (String field : c.fields()) {
            assertTrue(named.contains(field), () -> "errors[*].field " + named + " should contain " + field + ": " + reply);
        }
        assertEquals(before, TestDatabase.storedRows(), () -> "something was stored by " + c.name() + ": " + reply);
        if (deliveryId > 0 && path.contains("/deliveries/" + deliveryId + "/")) {
            assertEquals(0, TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND state <> 'new'", deliveryId),
                    "the delivery did not move");
        }
    }

    /** [{"system": s1, "value": v1}, ...] */
    static ArrayNode identifiers(String... systemsAndValues) {
        ArrayNode list = EventBodies.array();
        for (int i = 0; i < systemsAndValues.length; i += 2) {
            list.addObject().put("system", systemsAndValues[i]).put("value", systemsAndValues[i + 1]);
        }
        return list;
    }

    static Stream<Case> badRequests() {
        Instant now = Instant.now();
        String tooLongText = "x".repeat(10_001);
        List<Case> cases = new ArrayList<>();

        // ---- the event type
        cases.add(event("unknown type", MISSED, b -> b.put("type", "NO_SUCH_EVENT"), "type"));
        cases.add(event("type missing", MISSED, b -> b.remove("type"), "type"));
        cases.add(event("type not a string", MISSED, b -> b.put("type", 42), "type"));
        cases.add(event("type in lower case", MISSED, b -> b.put("type", "missed_contact_after_crisis"), "type"));

        // ---- the client
        cases.add(event("client missing", MISSED, b -> b.remove("client"), "client"));
        cases.add(event("client not an object", MISSED, b -> b.put("client", "Dana Whitfield"), "client"));
        cases.add(event("unknown client field", MISSED, b -> EventBodies.client(b).put("nickname", "Dee"), "client.nickname"));
        for (String field : List.of("localId", "givenName", "familyName", "birthDate")) {
            cases.add(event("client." + field + " missing", MISSED, b -> EventBodies.client(b).remove(field), "client." + field));
        }
        cases.add(event("client.givenName blank", MISSED, b -> EventBodies.client(b).put("givenName", "   "), "client.givenName"));
        cases.add(event("client.localId not a string", MISSED, b -> EventBodies.client(b).put("localId", 20931), "client.localId"));
        cases.add(event("client.localId over 64 characters", MISSED, b -> EventBodies.client(b).put("localId", "L".repeat(65)),
                "client.localId"));
        cases.add(event("client.birthDate bad format", MISSED, b -> EventBodies.client(b).put("birthDate", "12/04/1987"),
                "client.birthDate"));
        cases.add(event("client.birthDate in the future", MISSED,
                b -> EventBodies.client(b).put("birthDate", LocalDate.now().plusDays(2).toString()), "client.birthDate"));

        // ---- strong identifiers (issue 12): only the listed systems count, each value in its system's format
        cases.add(event("identifiers not a list", MISSED, b -> EventBodies.client(b).put("identifiers", "medicaid:AB1234"),
                "client.identifiers"));
        cases.add(event("identifier of an unknown system", MISSED,
                b -> EventBodies.client(b).set("identifiers", identifiers("ssn", "123-45-6789")), "client.identifiers[0].system"));
        cases.add(event("identifier without a value", MISSED,
                b -> EventBodies.client(b).set("identifiers", identifiers("medicaid", "  ")), "client.identifiers[0].value"));
        cases.add(event("Medicare MBI in the wrong format", MISSED,
                b -> EventBodies.client(b).set("identifiers", identifiers("medicare-mbi", "0SL0-IO0-BZ00")), "client.identifiers[0].value"));
        cases.add(event("the same identifier system twice", MISSED,
                b -> EventBodies.client(b).set("identifiers", identifiers("medicaid", "AB123456", "medicaid", "CD654321")),
                "client.identifiers[1].system"));
        cases.add(event("unknown field in an identifier", MISSED, b -> {
            ArrayNode list = identifiers("medicaid", "AB123456");
            ((ObjectNode) list.get(0)).put("issuer", "NY");
            EventBodies.client(b).set("identifiers", list);
        }, "client.identifiers[0].issuer"));

        // ---- occurredAt and urgency
        cases.add(event("occurredAt missing", MISSED, b -> b.remove("occurredAt"), "occurredAt"));
        cases.add(event("occurredAt not a date-time", MISSED, b -> b.put("occurredAt", "yesterday morning"), "occurredAt"));
        cases.add(event("occurredAt far in the future", MISSED,
                b -> b.put("occurredAt", now.plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()), "occurredAt"));
        cases.add(event("urgency unknown", MISSED, b -> b.put("urgency", "asap"), "urgency"));
        cases.add(event("urgency not a string", MISSED, b -> b.put("urgency", 1), "urgency"));

        // ---- data against the catalogue
        cases.add(event("data missing", MISSED, b -> b.remove("data"), "data"));
        cases.add(event("data not an object", MISSED, b -> b.set("data", EventBodies.array().add("high")), "data"));
        cases.add(event("unknown data field", MISSED, b -> EventBodies.data(b).put("favouriteColour", "blue"), "data.favouriteColour"));
        cases.add(event("required data field missing", MISSED, b -> EventBodies.data(b).remove("lastKnownRiskLevel"),
                "data.lastKnownRiskLevel"));
        cases.add(event("required data field null", MISSED, b -> EventBodies.data(b).putNull("crisisDischargeDate"),
                "data.crisisDischargeDate"));
        cases.add(event("number field given a string", MISSED, b -> EventBodies.data(b).put("contactAttempts", "two"),
                "data.contactAttempts"));
        cases.add(event("boolean field given \"yes\"", "URGENT_ACCESS_PROBLEM",
                b -> EventBodies.data(b).put("vulnerableHousehold", "yes"), "data.vulnerableHousehold"));
        cases.add(event("enum field given an unknown value", MISSED, b -> EventBodies.data(b).put("lastKnownRiskLevel", "extreme"),
                "data.lastKnownRiskLevel"));
        cases.add(event("date field in the wrong format", MISSED, b -> EventBodies.data(b).put("crisisDischargeDate", "22/11/2026"),
                "data.crisisDischargeDate"));
        cases.add(event("date field that does not exist", "HOUSING_INSTABILITY_ALERT",
                b -> EventBodies.data(b).put("tenancyEndDate", "2027-02-30"), "data.tenancyEndDate"));
        cases.add(event("datetime field without an offset", MISSED,
                b -> EventBodies.data(b).put("missedContactAt", "2026-11-25T09:00:00"), "data.missedContactAt"));
        cases.add(event("list field given a string", "DISCHARGE_HANDOVER",
                b -> EventBodies.data(b).put("followUpNeeds", "wound check"), "data.followUpNeeds"));
        cases.add(event("list with a non-text item", "DISCHARGE_HANDOVER",
                b -> EventBodies.data(b).set("followUpNeeds", EventBodies.array().add("wound check").add(7)), "data.followUpNeeds[1]"));
        cases.add(event("text field over 10000 characters", MISSED, b -> EventBodies.data(b).put("clinicalNotes", tooLongText),
                "data.clinicalNotes"));
        cases.add(event("client.givenName with a NUL character", MISSED, b -> EventBodies.client(b).put("givenName", "Da\u0000na"),
                "client.givenName"));
        cases.add(event("text field with a NUL character", "URGENT_ACCESS_PROBLEM",
                b -> EventBodies.data(b).put("description", "no heat\u0000"), "data.description"));
        cases.add(event("list item with a NUL character", "DISCHARGE_HANDOVER",
                b -> EventBodies.data(b).set("followUpNeeds", EventBodies.array().add("wound\u0000check")), "data.followUpNeeds[0]"));
        cases.add(event("text field given a number", "URGENT_ACCESS_PROBLEM", b -> EventBodies.data(b).put("description", 12),
                "data.description"));

        // ---- the body as a whole
        cases.add(event("unknown top-level field", MISSED, b -> b.put("priority", "high"), "priority"));
        cases.add(event("several bad fields at once are all named", MISSED, b -> {
            EventBodies.client(b).put("birthDate", "1987-13-01");
            EventBodies.data(b).put("contactAttempts", "two");
            b.put("urgency", "whenever");
        }, "client.birthDate", "data.contactAttempts", "urgency"));
        cases.add(raw("malformed JSON", "{\"type\": \"MISSED_CONTACT_AFTER_CRISIS\", \"client\": {".getBytes(StandardCharsets.UTF_8),
                400, "malformed-json", "body"));
        cases.add(raw("JSON with a trailing comma", "{\"type\": \"MISSED_CONTACT_AFTER_CRISIS\",}".getBytes(StandardCharsets.UTF_8),
                400, "malformed-json", "body"));
        byte[] valid = PartnerHttp.bytes(EventBodies.valid(MISSED));
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 6);
        System.arraycopy(" {}{}]".getBytes(StandardCharsets.US_ASCII), 0, trailing, valid.length, 6);
        cases.add(raw("a correct body followed by more tokens", trailing, 400, "malformed-json", "body"));
        cases.add(raw("empty body", new byte[0], 400, "invalid-request", "body"));
        cases.add(raw("body is a JSON array", "[]".getBytes(StandardCharsets.UTF_8), 400, "invalid-request", "body"));
        cases.add(new Case("Content-Type text/plain", PartnerTokens.MINDBRIDGE, "POST", "/api/v1/events", "text/plain", true,
                PartnerHttp.bytes(EventBodies.valid(MISSED)), 415, "unsupported-media-type", List.of("Content-Type")));
        cases.add(new Case("no Content-Type", PartnerTokens.MINDBRIDGE, "POST", "/api/v1/events", null, true,
                PartnerHttp.bytes(EventBodies.valid(MISSED)), 415, "unsupported-media-type", List.of("Content-Type")));
        ObjectNode huge = EventBodies.valid(MISSED);
        EventBodies.data(huge).put("clinicalNotes", "y".repeat(300 * 1024));
        cases.add(raw("body over 256 KB", PartnerHttp.bytes(huge), 413, "payload-too-large", "body"));
        cases.add(new Case("Idempotency-Key missing", PartnerTokens.MINDBRIDGE, "POST", "/api/v1/events", PartnerHttp.JSON_TYPE, false,
                PartnerHttp.bytes(EventBodies.valid(MISSED)), 400, "missing-idempotency-key", List.of("Idempotency-Key")));

        // ---- no sharing agreement for the caller's agency
        cases.add(new Case("county-welfare sends DISCHARGE_HANDOVER (no agreement)", PartnerTokens.WELFARE, "POST", "/api/v1/events",
                PartnerHttp.JSON_TYPE, true, PartnerHttp.bytes(EventBodies.valid("DISCHARGE_HANDOVER")), 422, "no-sharing-agreement",
                List.of("type")));
        cases.add(new Case("riverside sends HOUSING_INSTABILITY_ALERT (no agreement)", PartnerTokens.RIVERSIDE, "POST",
                "/api/v1/events", PartnerHttp.JSON_TYPE, true, PartnerHttp.bytes(EventBodies.valid("HOUSING_INSTABILITY_ALERT")), 422,
                "no-sharing-agreement", List.of("type")));
        cases.add(new Case("mindbridge sends URGENT_ACCESS_PROBLEM (no agreement)", PartnerTokens.MINDBRIDGE, "POST",
                "/api/v1/events", PartnerHttp.JSON_TYPE, true, PartnerHttp.bytes(EventBodies.valid("URGENT_ACCESS_PROBLEM")), 422,
                "no-sharing-agreement", List.of("type")));

        // ---- completing a delivery
        cases.add(complete("complete with an unknown outcome", "{\"outcome\": \"fixed\"}", "invalid-request", "outcome"));
        cases.add(complete("complete declined without a reason", "{\"outcome\": \"declined\"}", "invalid-request", "reason"));
        cases.add(complete("complete transferred with a blank reason", "{\"outcome\": \"transferred\", \"reason\": \"  \"}",
                "invalid-request", "reason"));
        cases.add(complete("complete with a NUL character in the reason", "{\"outcome\": \"declined\", \"reason\": \"not\\u0000ours\"}",
                "invalid-request", "reason"));
        cases.add(complete("complete without an outcome", "{}", "invalid-request", "outcome"));
        cases.add(complete("complete with an unknown field", "{\"outcome\": \"actioned\", \"note\": \"done\"}", "invalid-request", "note"));
        cases.add(complete("complete with malformed JSON", "{\"outcome\": ", "malformed-json", "body"));
        cases.add(new Case("complete a delivery whose id is not a number", PartnerTokens.WELFARE, "POST",
                "/api/v1/deliveries/abc/complete", PartnerHttp.JSON_TYPE, false,
                "{\"outcome\": \"actioned\"}".getBytes(StandardCharsets.UTF_8), 400, "invalid-request", List.of("id")));

        // ---- the feed
        cases.add(feed("feed with limit=0", "?limit=0", "limit"));
        cases.add(feed("feed with limit=501", "?limit=501", "limit"));
        cases.add(feed("feed with limit=ten", "?limit=ten", "limit"));
        cases.add(feed("feed with a garbage cursor", "?after=not-a-cursor!!", "after"));
        cases.add(feed("feed with a well-encoded cursor it never gave out",
                "?after=" + cursor("12:abc"),
                "after"));
        cases.add(feed("feed with a cursor whose delivery id is out of range", "?after=" + cursor("1:9999999999999999999"), "after"));
        return cases.stream();
    }

    static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** A correct event of the type from the agency that may send it, with one mutation. */
    static Case event(String name, String type, Consumer<ObjectNode> mutation, String... fields) {
        ObjectNode body = EventBodies.valid(type);
        mutation.accept(body);
        return new Case(name, EventBodies.SENDER.get(type), "POST", "/api/v1/events", PartnerHttp.JSON_TYPE, true,
                PartnerHttp.bytes(body), 400, "invalid-request", List.of(fields));
    }

    static Case raw(String name, byte[] body, int status, String type, String field) {
        return new Case(name, PartnerTokens.MINDBRIDGE, "POST", "/api/v1/events", PartnerHttp.JSON_TYPE, true, body, status, type,
                List.of(field));
    }

    static Case complete(String name, String json, String type, String field) {
        return new Case(name, PartnerTokens.WELFARE, "POST", "/api/v1/deliveries/" + DELIVERY + "/complete", PartnerHttp.JSON_TYPE,
                false, json.getBytes(StandardCharsets.UTF_8), 400, type, List.of(field));
    }

    static Case feed(String name, String query, String field) {
        return new Case(name, PartnerTokens.WELFARE, "GET", "/api/v1/feed" + query, null, false, null, 400, "invalid-request",
                List.of(field));
    }
}
