package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/** Registration through /api/v1/webhooks: bad input refused with problem+json and nothing stored; each agency sees only its own. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class WebhookRegistrationIT {

    @Test
    void badRegistrationsAnswerProblemJsonNamingTheFieldAndStoreNothing() {
        String ok = "http://127.0.0.1:45999/hooks";
        int managementPort = Browser.MANAGEMENT_PORT;
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"url\":\"ftp://partner.example.org/x\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"file:///etc/passwd\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"http://169.254.169.254/latest/meta-data/\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"http://[fe80::1]/hooks\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"" + Browser.PORTAL_URL + "/api/v1/feed\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"http://127.0.0.1:" + Browser.PORTAL_PORT + "/api/v1/events\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"http://127.0.0.1:" + managementPort + "/q/metrics\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"http://user:pw@127.0.0.1:45999/\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"http://no-such-host.invalid/\",\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"kinds\":[\"delivery.created\"]}", "url"),
                Map.entry("{\"url\":\"" + ok + "\",\"kinds\":[\"delivery.exploded\"]}", "kinds[0]"),
                Map.entry("{\"url\":\"" + ok + "\",\"kinds\":[\"delivery.created\",\"test\"]}", "kinds[1]"),
                Map.entry("{\"url\":\"" + ok + "\",\"kinds\":[]}", "kinds"),
                Map.entry("{\"url\":\"" + ok + "\"}", "kinds"),
                Map.entry("{\"url\":\"" + ok + "\",\"kinds\":[\"delivery.created\"],\"secret\":\"mine\"}", "secret"),
                Map.entry("{\"url\":\"" + ok + "\",\"kinds\":[\"delivery.created\"],\"description\":\"" + "x".repeat(501) + "\"}", "description"),
                Map.entry("[1,2]", "body"));
        long before = TestDatabase.number("SELECT count(*) FROM webhook_endpoint");
        List<String> failures = new ArrayList<>();
        cases.forEach((body, field) -> {
            WebhookApi.Reply reply = WebhookApi.call("POST", "/api/v1/webhooks", PartnerTokens.WELFARE, body);
            if (reply.status() != 400 || !reply.contentType().startsWith("application/problem+json")) {
                failures.add(body + " → " + reply.status() + " " + reply.contentType() + " " + reply.text());
                return;
            }
            boolean named = false;
            for (JsonNode e : reply.json().path("errors")) {
                named |= e.path("field").asText().equals(field);
            }
            if (!named) {
                failures.add(body + " does not name " + field + ": " + reply.text());
            }
        });
        WebhookApi.Reply notJson = WebhookApi.call("POST", "/api/v1/webhooks", PartnerTokens.WELFARE, "{\"url\":");
        assertEquals(400, notJson.status(), notJson.text());
        assertEquals(List.of(), failures);
        assertEquals(before, TestDatabase.number("SELECT count(*) FROM webhook_endpoint"), "nothing stored");
    }

    @Test
    void aPartnerRegistersListsPausesRotatesAndDeletesItsOwnEndpoint() throws Exception {
        try (Receiver receiver = Receiver.accepting()) {
            WebhookApi.Reply created = WebhookApi.call("POST", "/api/v1/webhooks", PartnerTokens.WELFARE,
                    "{\"url\":\"" + receiver.url() + "\",\"kinds\":[\"delivery.created\",\"delivery.changed\"],\"description\":\"Case system\"}");
            assertEquals(201, created.status(), created.text());
            long id = created.json().at("/endpoint/id").asLong();
            String secret = created.json().get("secret").asText();
            assertTrue(secret.startsWith("whsec_") && Base64.getDecoder().decode(secret.substring(6)).length >= 24, secret);
            try {
                WebhookApi.Reply one = WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null);
                assertEquals(200, one.status());
                assertFalse(one.text().contains(secret.substring(6)), "the secret is shown once only");
                assertEquals("active", one.json().get("status").asText());
                assertEquals(List.of("delivery.created", "delivery.changed"), List.of(one.json().get("kinds").get(0).asText(),
                        one.json().get("kinds").get(1).asText()));
                assertTrue(WebhookApi.call("GET", "/api/v1/webhooks", PartnerTokens.WELFARE, null).text().contains("\"id\":" + id));

                assertEquals("paused", WebhookApi.call("PATCH", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, "{\"status\":\"paused\"}")
                        .json().get("status").asText());
                assertEquals(400, WebhookApi.call("PATCH", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, "{\"status\":\"gone\"}").status());
                WebhookApi.housingAlert();
                Thread.sleep(2000);
                assertEquals(0, receiver.requests().size(), "paused: kept, not sent");
                assertEquals(1, WebhookApi.messages(id, "pending"));
                WebhookApi.call("PATCH", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, "{\"status\":\"active\"}");
                Receiver.Request r = receiver.await(1, x -> true, Duration.ofSeconds(30)).get(0);
                assertTrue(DocumentedReceiver.verify(secret, r.id(), r.timestamp(), r.signature(), r.body(), Instant.now()));

                assertEquals(204, WebhookApi.call("DELETE", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).status());
                assertEquals(404, WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).status());
                assertEquals(0, TestDatabase.number("SELECT count(*) FROM webhook_message WHERE endpoint_id = ?", id));
                assertTrue(TestDatabase.number("SELECT count(*) FROM audit_entry WHERE resource_type = 'webhook-endpoint' AND resource_id = ?"
                        + " AND action = 'write' AND outcome = 'allowed'", String.valueOf(id)) >= 4, "registration and changes are audited");
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, id);
            }
        }
    }

    @Test
    void anotherAgencyCannotSeeChangeOrResendAnEndpointAndEachTryIsAudited() {
        JsonNode endpoint = WebhookApi.register(PartnerTokens.WELFARE, "http://127.0.0.1:45998/hooks", "delivery.created");
        long id = endpoint.get("id").asLong();
        try {
            assertFalse(WebhookApi.call("GET", "/api/v1/webhooks", PartnerTokens.RIVERSIDE, null).text().contains("\"id\":" + id),
                    "not in the other agency's list");
            String[][] tries = {{"GET", "", null}, {"PATCH", "", "{\"status\":\"paused\"}"}, {"DELETE", "", null},
                {"POST", "/rotate-secret", null}, {"POST", "/resend?message=msg_" + "0".repeat(32), null},
                {"POST", "/resend-since?at=2026-01-01T00:00:00Z", null}};
            for (String[] t : tries) {
                WebhookApi.Reply reply = WebhookApi.call(t[0], "/api/v1/webhooks/" + id + t[1], PartnerTokens.RIVERSIDE, t[2]);
                assertEquals(404, reply.status(), t[0] + t[1] + ": " + reply.text());
                assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
                assertTrue(TestDatabase.auditOf(reply.requestId()).contains("denied webhook-endpoint " + id),
                        t[0] + t[1] + " left a denied audit entry: " + TestDatabase.auditOf(reply.requestId()));
            }
            JsonNode still = WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).json();
            assertEquals("active", still.get("status").asText(), "unchanged");
            assertTrue(still.get("previousSecretExpiresAt").isNull(), "not rotated");
            assertEquals(404, WebhookApi.call("GET", "/api/v1/webhooks/999999999", PartnerTokens.RIVERSIDE, null).status(),
                    "the same answer as for an id that does not exist");
        } finally {
            WebhookApi.delete(PartnerTokens.WELFARE, id);
        }
    }
}
