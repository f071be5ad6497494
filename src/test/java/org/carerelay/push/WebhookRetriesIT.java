package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries on the documented schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h; ±10 % jitter), with the
 * portal's clock moved on rather than waited for; 410 disables an endpoint; an exhausted message is a dead letter,
 * counted, and comes back by resend one or resend since.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class WebhookRetriesIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void resetClock() {
        WebhookApi.resetClock();
    }

    @Test
    void fiveHundredThreeTimesThenOkIsRetriedOnScheduleAndThenNeverSentAgain() throws Exception {
        try (Receiver receiver = Receiver.start(r -> Receiver.Answer.status(r.nthForId() <= 3 ? 500 : 200))) {
            long id = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created").get("id").asLong();
            try {
                WebhookApi.housingAlert();
                receiver.await(2, r -> true, WAIT); // at once, then the first retry 5 s later (real time)
                settled(id);
                Thread.sleep(2000);
                assertEquals(2, receiver.requests().size(), "the next retry waits 5 minutes");
                WebhookApi.advanceClock(1);
                receiver.await(3, r -> true, WAIT);
                settled(id);
                Thread.sleep(1500);
                assertEquals(3, receiver.requests().size(), "the next retry waits 30 minutes");
                WebhookApi.advanceClock(1);
                List<Receiver.Request> all = receiver.await(4, r -> true, WAIT);

                List<Long> sent = all.stream().map(r -> Long.parseLong(r.timestamp())).toList();
                assertTrue(sent.get(1) - sent.get(0) >= 4, "first retry after ~5 s: " + sent);
                assertTrue(sent.get(2) - sent.get(1) >= 270, "second retry after ~5 min: " + sent);
                assertTrue(sent.get(3) - sent.get(2) >= 1620, "third retry after ~30 min: " + sent);
                assertEquals(1, all.stream().map(Receiver.Request::id).distinct().count(), "the same webhook-id on every attempt");
                assertEquals(1, all.stream().map(Receiver.Request::body).distinct().count(), "the same body on every attempt");

                WebhookApi.advanceClock(48);
                Thread.sleep(2500);
                assertEquals(4, receiver.requests().size(), "delivered: never sent again");
                assertEquals(1, WebhookApi.messages(id, "delivered"));
                assertEquals(4, TestDatabase.number("SELECT attempts FROM webhook_message WHERE endpoint_id = ?", id));
                JsonNode endpoint = WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).json();
                assertEquals("active", endpoint.get("status").asText());
                assertTrue(endpoint.get("lastError").asText().startsWith("HTTP 500"), endpoint.toString());
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, id);
            }
        }
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        try (Receiver receiver = Receiver.start(r -> r.nthForId() == 1 ? new Receiver.Answer(429, 0, "7200") : Receiver.Answer.status(200))) {
            long id = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created").get("id").asLong();
            try {
                WebhookApi.housingAlert();
                receiver.await(1, r -> true, WAIT);
                settled(id);
                WebhookApi.advanceClock(1);
                Thread.sleep(2500);
                assertEquals(1, receiver.requests().size(), "429 with Retry-After: 7200 s: not after 5 s, not after an hour");
                WebhookApi.advanceClock(2);
                receiver.await(2, r -> true, WAIT);
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, id);
            }
        }
    }

    @Test
    void goneDisablesTheEndpointUntilItIsResumed() throws Exception {
        try (Receiver receiver = Receiver.start(r -> Receiver.Answer.status(410))) {
            long id = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created").get("id").asLong();
            try {
                WebhookApi.housingAlert();
                receiver.await(1, r -> true, WAIT);
                org.carerelay.harness.Eventually.until("the endpoint is disabled", WAIT, () -> "disabled".equals(
                        WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).json().get("status").asText()));
                assertEquals(1, WebhookApi.messages(id, "dead"));
                WebhookApi.housingAlert();
                WebhookApi.advanceClock(30);
                Thread.sleep(2000);
                assertEquals(1, receiver.requests().size(), "nothing more to a disabled endpoint");
                assertEquals(1, TestDatabase.number("SELECT count(*) FROM webhook_message WHERE endpoint_id = ?", id), "nor written for it");

                receiver.script(r -> Receiver.Answer.status(200));
                WebhookApi.Reply resumed = WebhookApi.call("PATCH", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, "{\"status\":\"active\"}");
                assertEquals("active", resumed.json().get("status").asText(), resumed.text());
                WebhookApi.housingAlert();
                receiver.await(2, r -> true, WAIT);
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, id);
            }
        }
    }

    @Test
    void anExhaustedMessageIsADeadLetterThatResendOneAndResendSinceBringBack() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        double deadBefore = deadLetterMetric();
        try (Receiver receiver = Receiver.start(r -> Receiver.Answer.status(503))) {
            long id = WebhookApi.register(PartnerTokens.WELFARE, receiver.url(), "delivery.created").get("id").asLong();
            try {
                WebhookApi.housingAlert();
                receiver.await(1, r -> true, WAIT);
                settled(id);
                for (int attempt = 2; attempt <= 10; attempt++) {
                    WebhookApi.advanceClock(30); // longer than any delay of the schedule with its jitter
                    receiver.await(attempt, r -> true, WAIT);
                    settled(id);
                }
                org.carerelay.harness.Eventually.until("a dead letter", WAIT, () -> WebhookApi.messages(id, "dead") == 1);
                WebhookApi.advanceClock(100);
                Thread.sleep(2000);
                assertEquals(10, receiver.requests().size(), "ten attempts in all, then nothing");
                JsonNode endpoint = WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).json();
                assertEquals("failing", endpoint.get("status").asText(), endpoint.toString());
                assertEquals(1, endpoint.get("deadLetters").asLong());
                assertTrue(deadLetterMetric() >= deadBefore + 1, "the operators' counter carerelay_webhook_dead_letters_total");

                receiver.script(r -> Receiver.Answer.status(200));
                String webhookId = receiver.requests().get(0).id();
                WebhookApi.Reply resend = WebhookApi.call("POST", "/api/v1/webhooks/" + id + "/resend?message=" + webhookId, PartnerTokens.WELFARE, null);
                assertEquals(202, resend.status(), resend.text());
                receiver.await(11, r -> r.id().equals(webhookId), WAIT);
                org.carerelay.harness.Eventually.until("the endpoint recovers", WAIT, () -> "active".equals(
                        WebhookApi.call("GET", "/api/v1/webhooks/" + id, PartnerTokens.WELFARE, null).json().get("status").asText()));
                assertEquals(404, WebhookApi.call("POST", "/api/v1/webhooks/" + id + "/resend?message=msg_" + "0".repeat(32),
                        PartnerTokens.WELFARE, null).status(), "an unknown message");

                WebhookApi.Reply since = WebhookApi.call("POST", "/api/v1/webhooks/" + id + "/resend-since?at=" + before, PartnerTokens.WELFARE, null);
                assertEquals(202, since.status(), since.text());
                assertEquals(1, since.json().get("queued").asInt());
                receiver.await(12, r -> r.id().equals(webhookId), WAIT);
                assertEquals(400, WebhookApi.call("POST", "/api/v1/webhooks/" + id + "/resend-since?at=yesterday", PartnerTokens.WELFARE, null).status());
            } finally {
                WebhookApi.delete(PartnerTokens.WELFARE, id);
            }
        }
    }

    /** Waits until the endpoint's attempt in flight is recorded (its next time is computed from the clock as it was then). */
    static void settled(long endpointId) {
        org.carerelay.harness.Eventually.until("the attempt is recorded", WAIT, () -> WebhookApi.messages(endpointId, "sending") == 0);
    }

    static double deadLetterMetric() throws Exception {
        HttpResponse<String> metrics = WebhookApi.HTTP.send(HttpRequest.newBuilder(URI.create(Browser.MANAGEMENT_URL + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(l -> l.startsWith("carerelay_webhook_dead_letters_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
