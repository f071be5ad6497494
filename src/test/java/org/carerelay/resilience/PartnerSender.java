package org.carerelay.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.carerelay.harness.PartnerTokens;

/**
 * A partner system posting events the way the partner guide tells it to: each event with its own
 * Idempotency-Key, and on a 503 (after Retry-After, capped to keep the test short) or a dropped connection,
 * the same request again with the same key until it is acknowledged. Records every answer.
 */
final class PartnerSender {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(4);

    /** An answer the partner got that the contract does not allow (a 500, a 503 without Retry-After, a hang…). */
    record Wrong(String key, String what) {
    }

    final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final AtomicInteger connectionErrors = new AtomicInteger();
    final List<Wrong> wrong = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> baseUrl;

    PartnerSender(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    int count(int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    /** Sends one event until it is acknowledged (or the test's patience ends); returns its client's local id. */
    String send(String key, String localId) throws InterruptedException {
        String body = body(localId);
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.get() + "/api/v1/events")).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.RIVERSIDE))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                wrong.add(new Wrong(key, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s"));
                continue;
            } catch (IOException e) {
                connectionErrors.incrementAndGet(); // the instance is gone or restarting: try again, same key
                Thread.sleep(500);
                continue;
            }
            int status = response.statusCode();
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status == 201 || status == 200) {
                acknowledged.put(key, status);
                return localId;
            }
            if (status == 503) {
                String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (retryAfter == null || !type.startsWith("application/problem+json")) {
                    wrong.add(new Wrong(key, "503 without Retry-After or problem+json: " + type + " " + retryAfter));
                }
                Thread.sleep(Math.min(2000, 1000L * Long.parseLong(retryAfter == null ? "1" : retryAfter)));
                continue;
            }
            wrong.add(new Wrong(key, status + " " + response.body()));
            return localId;
        }
        wrong.add(new Wrong(key, "not acknowledged within " + GIVE_UP_AFTER.toMinutes() + " minutes"));
        return localId;
    }

    static String body(String localId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "SYMPTOM_DETERIORATION");
        ObjectNode client = body.putObject("client");
        client.put("localId", localId);
        client.put("givenName", "Faye");
        client.put("familyName", "Restart");
        client.put("birthDate", "1950-01-01");
        body.put("occurredAt", "2026-11-20T09:00:00Z");
        ObjectNode data = body.putObject("data");
        data.put("symptom", "breathless on stairs");
        data.put("severity", "moderate");
        data.put("reportedVia", "phone");
        data.put("observedAt", "2026-11-20T08:30:00Z");
        return body.toString();
    }
}
