package org.carerelay.partnerapi;

import static org.carerelay.partnerapi.PartnerHttp.PROBLEM_JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** Who may call the partner API: no token, an invalid token, an oversized body, another agency's delivery. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class PartnerApiCallersIT {

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
    void aBodyOverTheServersOwnLimitIsRefusedWith413AndStoresNothing() throws java.io.IOException {
        // Above quarkus.http.limits.max-body-size (10 MB) the server refuses it by its Content-Length, before the resource
        // runs: status only (empty body, not problem+json). The request is written by hand and its body never sent: a
        // client still uploading 11 MB when the server answers and closes may lose the answer to a reset (seen once).
        long before = TestDatabase.storedRows();
        String status;
        try (java.net.Socket socket = new java.net.Socket("localhost", org.carerelay.harness.Browser.PORTAL_PORT)) {
            socket.setSoTimeout(60_000);
            String head = "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + PartnerTokens.token(PartnerTokens.MINDBRIDGE) + "\r\nIdempotency-Key: " + PartnerHttp.newKey()
                    + "\r\nContent-Length: " + (11 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                    .readLine();
        }

        assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "the answer: " + status);
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
}
