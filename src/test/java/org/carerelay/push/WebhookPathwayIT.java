package org.carerelay.push;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A partner's receiver gets every webhook of a pathway exactly as docs/partner-api.md describes it: the hospital
 * side (Northgate) shares a housing alert, County Welfare's system is told of the new delivery, acknowledges and
 * completes it through the API, and both agencies hear of each state change, signed, in order, numbered.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class WebhookPathwayIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eachAgencysReceiverGetsEveryWebhookOfThePathwaySignedInOrderAndNumbered() throws Exception {
        try (Receiver welfareSide = Receiver.accepting(); Receiver northgateSide = Receiver.accepting()) {
            JsonNode welfare = WebhookApi.register(PartnerTokens.WELFARE, welfareSide.url(), "delivery.created", "delivery.changed");
            JsonNode northgate = WebhookApi.register(PartnerTokens.NORTHGATE, northgateSide.url(), "delivery.changed");
            String welfareSecret = welfare.get("secret").asText();
            try {
                long delivery = WebhookApi.housingAlert();
                List<Receiver.Request> created = welfareSide.await(1, r -> r.type().equals("delivery.created"), WAIT);
                assertEquals(delivery, created.get(0).json().at("/data/deliveryId").asLong());
                assertEquals(200, WebhookApi.call("POST", "/api/v1/deliveries/" + delivery + "/acknowledge", PartnerTokens.WELFARE, "{}").status());
                assertEquals(200, WebhookApi.call("POST", "/api/v1/deliveries/" + delivery + "/complete", PartnerTokens.WELFARE,
                        "{\"outcome\":\"actioned\"}").status());

                List<Receiver.Request> received = welfareSide.await(3, r -> true, WAIT);
                assertEquals(List.of("delivery.created", "delivery.changed", "delivery.changed"), received.stream().map(Receiver.Request::type).toList());
                assertEquals(List.of("new", "acknowledged", "completed"), received.stream().map(r -> r.json().at("/data/state").asText()).toList(),
                        "a delivery's messages arrive in order");
                assertEquals(List.of(1L, 2L, 3L), received.stream().map(r -> r.json().get("sequence").asLong()).toList(),
                        "the endpoint's sequence numbers, without a gap");
                for (Receiver.Request r : received) {
                    assertTrue(DocumentedReceiver.verify(welfareSecret, r.id(), r.timestamp(), r.signature(), r.body(), Instant.now()),
                            "the documented check accepts " + r.body());
                    assertEquals(r.id(), r.json().get("id").asText(), "the body names its webhook-id");
                    assertTrue(r.id().matches("msg_[0-9a-f]{32}"), r.id());
                    assertEquals(delivery, r.json().at("/data/deliveryId").asLong());
                    assertEquals("recipient", r.json().at("/data/role").asText());
                    assertFalse(r.body().contains("Kim") || r.body().contains("rent_arrears"), "thin: no client data in a webhook");
                }
                assertEquals(3, received.stream().map(Receiver.Request::id).distinct().count(), "one webhook-id per message");

                // The documented check refuses a replay (the same request later) and any change
                Receiver.Request first = received.get(0);
                assertFalse(DocumentedReceiver.verify(welfareSecret, first.id(), first.timestamp(), first.signature(), first.body(),
                        Instant.now().plus(Duration.ofMinutes(6))), "a replay six minutes later is stale");
                // a later timestamp than the one signed (the message may have arrived within this very second)
                String fresh = String.valueOf(Math.max(Instant.now().getEpochSecond(), Long.parseLong(first.timestamp()) + 1));
                assertFalse(DocumentedReceiver.verify(welfareSecret, first.id(), fresh, first.signature(), first.body(), Instant.now()),
                        "a fresh timestamp on an old signature");
                assertFalse(DocumentedReceiver.verify(welfareSecret, first.id(), first.timestamp(), first.signature(),
                        first.body().replace("delivery.created", "delivery.changed"), Instant.now()), "a changed body");
                assertFalse(DocumentedReceiver.verify(WebhookSigner.newSecret(), first.id(), first.timestamp(), first.signature(), first.body(),
                        Instant.now()), "another secret");

                // The links and the cursor work with the receiver's own token
                JsonNode data = first.json().get("data");
                assertEquals(200, get(data.at("/links/delivery").asText(), PartnerTokens.WELFARE), "links.delivery");
                assertEquals(200, get(data.at("/links/fhirTask").asText(), PartnerTokens.WELFARE), "links.fhirTask");
                WebhookApi.Reply after = WebhookApi.call("GET", "/api/v1/feed?after=" + data.get("feedCursor").asText(), PartnerTokens.WELFARE, null);
                assertEquals(200, after.status(), after.text());
                for (JsonNode item : after.json().get("items")) {
                    assertNotEquals(delivery, item.get("id").asLong(), "the cursor is this delivery's position: the feed continues after it");
                }

                // The source hears of both state changes (no recipient links for it)
                List<Receiver.Request> source = northgateSide.await(2, r -> r.json().at("/data/deliveryId").asLong() == delivery, WAIT);
                assertEquals(List.of("acknowledged", "completed"), source.stream().map(r -> r.json().at("/data/state").asText()).toList());
                for (Receiver.Request r : source) {
                    assertEquals("source", r.json().at("/data/role").asText());
                    assertTrue(r.json().at("/data/feedCursor").isMissingNode() && r.json().at("/data/links/delivery").isMissingNode(), r.body());
                    assertTrue(DocumentedReceiver.verify(northgate.get("secret").asText(), r.id(), r.timestamp(), r.signature(), r.body(),
                            Instant.now()));
                }
                Thread.sleep(1500);
                assertEquals(3, welfareSide.requests().size(), "each message once");
                assertEquals(0, WebhookApi.messages(welfare.get("id").asLong(), "pending") + WebhookApi.messages(welfare.get("id").asLong(), "sending"));
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, welfare.get("id").asLong());
                WebhookApi.delete(PartnerTokens.NORTHGATE, northgate.get("id").asLong());
            }
        }
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
        try (Receiver receiver = Receiver.accepting()) {
            JsonNode endpoint = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created");
            long id = endpoint.get("id").asLong();
            try {
                String old = endpoint.get("secret").asText();
                WebhookApi.Reply rotated = WebhookApi.call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", PartnerTokens.WELFARE, null);
                assertEquals(200, rotated.status(), rotated.text());
                String fresh = rotated.json().get("secret").asText();
                assertNotEquals(old, fresh);
                assertTrue(fresh.startsWith("whsec_"));
                assertFalse(rotated.json().at("/endpoint/previousSecretExpiresAt").isNull());
                WebhookApi.housingAlert();
                Receiver.Request r = receiver.await(1, x -> true, WAIT).get(0);
                assertEquals(2, r.signature().split(" ").length, r.signature());
                assertTrue(DocumentedReceiver.verify(fresh, r.id(), r.timestamp(), r.signature(), r.body(), Instant.now()), "new secret");
                assertTrue(DocumentedReceiver.verify(old, r.id(), r.timestamp(), r.signature(), r.body(), Instant.now()), "old secret, during the overlap");
                assertFalse(TestDatabase.number("SELECT count(*) FROM webhook_endpoint WHERE id = ? AND position(convert_to(?, 'UTF8') IN secret) > 0",
                        id, fresh.substring(6)) > 0, "the secret is not stored in clear");
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, id);
            }
        }
    }

    /** The agency admin's page: status and figures, "send a test event", resending a dead letter; another agency's endpoint is not there. */
    @Test
    void theAgencyAdminWatchesEndpointsSendsATestEventAndResendsADeadLetter() throws Exception {
        String secret = WebhookSigner.newSecret();
        try (Receiver receiver = Receiver.accepting(); Browser browser = new Browser()) {
            long eastside = TestDatabase.number("SELECT id FROM agency WHERE slug = 'eastside-community'");
            // Eastside has no partner system in the demo realm: its endpoint is put in place as the API would
            byte[] sealed = new SecretBox("carerelay-development-webhook-key-not-secret").seal(secret);
            long endpoint = TestDatabase.number("""
                    INSERT INTO webhook_endpoint (agency_id, url, kinds, description, secret, created_by, created_at)
                    VALUES (?, ?, '{delivery.created}', 'Eastside case system', ?, 'test', now()) RETURNING id""", eastside, receiver.url(), sealed);
            String dead = "msg_" + UUID.randomUUID().toString().replace("-", "");
            TestDatabase.execute("""
                    INSERT INTO webhook_message (endpoint_id, webhook_id, kind, sequence, data, created_at, state, attempts, next_attempt_at,
                                                 last_status, last_error, dead_at)
                    VALUES (?, ?, 'delivery.created', 1, '{"deliveryId": 1}', now() - interval '4 days', 'dead', 10, now(), 503,
                            'HTTP 503: down for maintenance', now())""", endpoint, dead);
            TestDatabase.execute("UPDATE webhook_endpoint SET last_sequence = 1 WHERE id = ?", endpoint);
            JsonNode foreign = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created");
            try {
                Page page = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
                page.navigate(Browser.PORTAL_URL + "/admin/webhooks");
                var card = page.getByTestId("endpoint-" + endpoint);
                assertThat(card.getByTestId("status")).containsText("Active");
                assertThat(card.getByTestId("dead-letters")).hasText("1");
                assertThat(card.getByTestId("dead-" + dead)).containsText("HTTP 503: down for maintenance");
                assertEquals(0, page.getByTestId("endpoint-" + foreign.get("id").asLong()).count(), "another agency's endpoint is not shown");
                Browser.screenshot(page, "webhooks-admin");

                card.getByText("Send a test event").click();
                assertThat(page.getByTestId("notice")).containsText("test event");
                Receiver.Request test = receiver.await(1, r -> r.type().equals("test"), WAIT).get(0);
                assertTrue(DocumentedReceiver.verify(secret, test.id(), test.timestamp(), test.signature(), test.body(), Instant.now()));
                assertEquals(2, test.json().get("sequence").asLong());

                page.getByTestId("endpoint-" + endpoint).getByTestId("dead-" + dead).getByText("Resend").click();
                assertThat(page.getByTestId("notice")).containsText("will be sent again");
                Receiver.Request resent = receiver.await(1, r -> r.id().equals(dead), WAIT).get(0);
                assertEquals(1, resent.json().get("sequence").asLong(), "the same message, its own sequence number");
                page.navigate(Browser.PORTAL_URL + "/admin/webhooks");
                assertThat(page.getByTestId("endpoint-" + endpoint).getByTestId("dead-letters")).hasText("0",
                        new LocatorAssertions.HasTextOptions().setTimeout(10_000));
                assertThat(page.getByTestId("endpoint-" + endpoint).getByTestId("last-success")).not().containsText("never");

                // The admin's forms act on the admin's agency only: another agency's endpoint is a 404 and an audited refusal
                var response = page.request().post(Browser.PORTAL_URL + "/admin/webhooks/" + foreign.get("id").asLong() + "/test",
                        Browser.fromPortalPage(page).setHeader("Content-Type", "application/x-www-form-urlencoded").setData("").setMaxRedirects(0));
                assertEquals(404, response.status());
                String requestId = response.headers().get("x-request-id");
                assertEquals(1, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = 'denied' "
                        + "AND resource_type = 'webhook-endpoint'", requestId));
                assertEquals(0, WebhookApi.messages(foreign.get("id").asLong(), "pending"), "nothing queued for the other agency");
            } finally {
                TestDatabase.execute("DELETE FROM webhook_endpoint WHERE id = ?", endpoint);
                WebhookApi.delete(PartnerTokens.WELFARE, foreign.get("id").asLong());
            }
        }
    }

    static int get(String url, String partner) {
        String path = url.substring(url.indexOf("/", url.indexOf("//") + 2));
        return WebhookApi.call("GET", path, partner, null).status();
    }
}
