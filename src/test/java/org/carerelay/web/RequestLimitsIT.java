package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Requests over CareRelay's limits are refused with a body that says so: problem+json on the partner
 * API, the product's error page in the portal. Body over 10 MB: 413; address over 8,192 characters: 414;
 * header block over 20 KB: 431. Nothing is stored.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class RequestLimitsIT {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final long ELEVEN_MB = 11L * 1024 * 1024;
    static final String LONG_QUERY = "?q=" + "a".repeat(9_000);
    static final String BIG_HEADER = "b".repeat(30_000);

    @Test
    void anOversizedBodyToTheApiIsAProblem() {
        long stored = TestDatabase.storedRows();
        RawReply reply = announceBody("/api/v1/events", "application/json", "Authorization: Bearer " + PartnerTokens.token(PartnerTokens.RIVERSIDE),
                "Idempotency-Key: " + java.util.UUID.randomUUID());
        assertEquals(413, reply.status(), reply.toString());
        assertTrue(reply.head().toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), reply.toString());
        assertTrue(reply.body().contains("\"status\":413") && reply.body().contains("larger than"), reply.toString());
        assertEquals(stored, TestDatabase.storedRows(), "nothing stored");
    }

    @Test
    void anOversizedAddressToTheApiIsAProblem() {
        assertProblem(send(api("/api/v1/event-types" + LONG_QUERY).GET()), 414, "characters");
    }

    @Test
    void oversizedHeadersToTheApiAreAProblem() {
        assertProblem(send(api("/api/v1/event-types").header("X-Padding", BIG_HEADER).GET()), 431, "headers");
    }

    @Test
    void theSameRefusalsInThePortalAreTheProductsErrorPage() {
        RawReply body = announceBody("/events", "application/x-www-form-urlencoded");
        assertEquals(413, body.status(), body.toString());
        assertTrue(body.head().toLowerCase(java.util.Locale.ROOT).contains("content-type: text/html"), body.toString());
        assertTrue(body.body().contains("<h1>Request body too large</h1>"), body.toString());
        assertErrorPage(send(portal("/worklist" + LONG_QUERY).GET()), 414, "Address too long");
        assertErrorPage(send(portal("/worklist").header("X-Padding", BIG_HEADER).GET()), 431, "Request headers too large");
    }

    /** A raw HTTP/1.1 answer: status line and headers as sent, and the body. */
    record RawReply(int status, String head, String body) {
        @Override
        public String toString() {
            return head + "\n\n" + body;
        }
    }

    /**
     * Announces an 11 MB body (Content-Length) and sends only its first bytes: CareRelay must refuse it from
     * the announced length, without reading it. A raw socket, because an HTTP client that is refused in the
     * middle of sending a large body may report a broken pipe instead of the answer.
     */
    static RawReply announceBody(String path, String contentType, String... headers) {
        URI portal = URI.create(Browser.PORTAL_URL);
        try (java.net.Socket socket = new java.net.Socket(portal.getHost(), portal.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + portal.getHost() + ":" + portal.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + ELEVEN_MB + "\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[1024]);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String head = split < 0 ? answer : answer.substring(0, split);
            String body = split < 0 ? "" : answer.substring(split + 4);
            int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
            return new RawReply(status, head, body);
        } catch (IOException e) {
            throw new AssertionError("no answer to an announced 11 MB body on " + path, e);
        }
    }

    static HttpRequest.Builder api(String path) {
        return portal(path).header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.RIVERSIDE));
    }

    static HttpRequest.Builder portal(String path) {
        return HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).timeout(Duration.ofSeconds(60));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the request failed without an answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertProblem(HttpResponse<String> reply, int status, String detailNames) {
        String described = reply.statusCode() + " " + reply.headers().map() + " " + reply.body();
        assertEquals(status, reply.statusCode(), described);
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), described);
        try {
            JsonNode problem = new ObjectMapper().readTree(reply.body());
            assertEquals(status, problem.path("status").asInt(), described);
            assertTrue(problem.path("detail").asText().contains(detailNames), described);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + described, e);
        }
    }

    static void assertErrorPage(HttpResponse<String> reply, int status, String heading) {
        String described = reply.statusCode() + " " + reply.headers().map() + " " + reply.body();
        assertEquals(status, reply.statusCode(), described);
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), described);
        assertTrue(reply.body().contains("<h1>" + heading + "</h1>") && reply.body().contains("data-testid=\"error-message\""), described);
    }
}
