package org.carerelay.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;

/** The partner API calls the webhook tests make, with real client-credentials tokens. */
final class WebhookApi {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, String contentType, String text, String requestId) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(status + " " + text, e);
            }
        }
    }

    private WebhookApi() {
    }

    static Reply call(String instance, String method, String path, String partner, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + PartnerTokens.token(partner));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (path.startsWith("/api/v1/events")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    response.headers().firstValue("X-Request-Id").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply call(String method, String path, String partner, String body) {
        return call(Browser.PORTAL_URL, method, path, partner, body);
    }

    /** Registers an endpoint and returns the answer (201: {endpoint, secret}) with the endpoint's id added as {@code id}. */
    static JsonNode register(String partner, String url, String... kinds) {
        Reply reply = call("POST", "/api/v1/webhooks", partner, "{\"url\":\"" + url + "\",\"kinds\":" + kindsJson(kinds)
                + ",\"description\":\"test receiver\"}");
        if (reply.status() != 201) {
            throw new AssertionError("registration: " + reply.status() + " " + reply.text());
        }
        com.fasterxml.jackson.databind.node.ObjectNode created = (com.fasterxml.jackson.databind.node.ObjectNode) reply.json();
        return created.put("id", created.at("/endpoint/id").asLong()); // the endpoint's id beside its secret, for short tests
    }

    static String kindsJson(String... kinds) {
        List<String> quoted = new ArrayList<>();
        for (String k : kinds) {
            quoted.add("\"" + k + "\"");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    static void delete(String partner, long id) {
        call("DELETE", "/api/v1/webhooks/" + id, partner, null);
    }

    /** Northgate shares a housing alert: one delivery to County Welfare and one to Harbor. Returns Welfare's delivery id. */
    static long housingAlert() {
        return housingAlert(Browser.PORTAL_URL);
    }

    static long housingAlert(String instance) {
        String letters = TestNames.letters(8);
        String occurred = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        Reply reply = call(instance, "POST", "/api/v1/events", PartnerTokens.NORTHGATE,
                "{\"type\":\"HOUSING_INSTABILITY_ALERT\",\"client\":{\"localId\":\"NHA-" + UUID.randomUUID() + "\",\"givenName\":\"Kim\","
                        + "\"familyName\":\"Webhook" + letters + "\",\"birthDate\":\"1961-01-01\"},\"occurredAt\":\"" + occurred + "\","
                        + "\"data\":{\"riskType\":\"rent_arrears\",\"details\":\"Two months behind\"}}");
        if (reply.status() != 201) {
            throw new AssertionError("event: " + reply.status() + " " + reply.text());
        }
        for (JsonNode d : reply.json().get("deliveries")) {
            if (d.get("agency").asText().equals("county-welfare")) {
                return d.get("id").asLong();
            }
        }
        throw new AssertionError("no delivery to County Welfare: " + reply.text());
    }

    static long messages(long endpointId, String state) {
        return TestDatabase.number("SELECT count(*) FROM webhook_message WHERE endpoint_id = ? AND state = ?", endpointId, state);
    }

    static void advanceClock(int hours) {
        testSupport("/test-support/clock/advance?hours=" + hours);
    }

    static void resetClock() {
        testSupport("/test-support/clock/reset");
    }

    private static void testSupport(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
