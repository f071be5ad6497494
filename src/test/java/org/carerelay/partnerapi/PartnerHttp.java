package org.carerelay.partnerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.harness.PartnerTokens;

/**
 * Plain HTTP calls to the partner API of the app under test, with real client-credentials tokens:
 * full control over headers and the exact bytes of the body (empty, malformed, oversized).
 */
final class PartnerHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private PartnerHttp() {
    }

    /** One answer: status, headers and the exact body bytes. */
    record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text(), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + text();
        }
    }

    /** The app under test: RestAssured's port once Quarkus has set it, else the test port (8081 unless overridden). */
    static String baseUrl() {
        int port = RestAssured.port > 0 ? RestAssured.port
                : Integer.parseInt(System.getenv().getOrDefault("CARERELAY_TEST_HTTP_PORT", "8081"));
        return "http://localhost:" + port;
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * Sends a request. {@code client} null: no Authorization header. {@code contentType} null: no
     * Content-Type header. {@code body} null: no body.
     */
    static Reply send(String client, String method, String path, Map<String, String> headers, String contentType, byte[] body) {
        return sendWithToken(client == null ? null : PartnerTokens.token(client), method, path, headers, contentType, body);
    }

    /** As {@link #send}, with this exact bearer token (any string: expired, forged, garbage); null sends none. */
    static Reply sendWithToken(String token, String method, String path, Map<String, String> headers, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    static Reply postEvent(String client, String key, JsonNode body) {
        return postEvent(client, key, bytes(body));
    }

    static Reply postEvent(String client, String key, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return send(client, "POST", "/api/v1/events", headers, JSON_TYPE, body);
    }

    static Reply postJson(String client, String path, String json) {
        return send(client, "POST", path, Map.of(), JSON_TYPE, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply get(String client, String path) {
        return send(client, "GET", path, Map.of(), null, null);
    }

    static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer is an RFC 9457 problem of this status and type. */
    static void assertProblem(Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith(PROBLEM_JSON), reply::toString);
        assertTrue(reply.json().path("type").asText().endsWith("/" + type), reply::toString);
    }

    /** The fields a problem's errors name. */
    static List<String> fields(Reply reply) {
        List<String> fields = new ArrayList<>();
        reply.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    /** shared_event rows about the client an agency knows by this local id. */
    static long eventsForLocalId(String localId) {
        return org.carerelay.harness.TestDatabase.number("""
                SELECT count(*) FROM shared_event e
                WHERE e.client_id IN (SELECT client_id FROM client_identifier WHERE local_id = ?)""", localId);
    }
}
