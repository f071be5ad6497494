package org.carerelay.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real client-credentials tokens from the local Keycloak for the demo partner systems. */
public final class PartnerTokens {

    public static final String RIVERSIDE = "ingest-riverside-hospital";
    public static final String MINDBRIDGE = "ingest-mindbridge-bh";
    public static final String NORTHGATE = "ingest-northgate-housing";
    public static final String WELFARE = "ingest-county-welfare";
    /** Riverside's audit client: the audit-reader role only (FHIR AuditEvents of its own agency). */
    public static final String RIVERSIDE_AUDIT = "audit-riverside-hospital";

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private PartnerTokens() {
    }

    /** An access token for the client (cached for the test run; tokens live 5 minutes, so it is refreshed after 4). */
    public static String token(String clientId) {
        return CACHE.compute(clientId, (id, cached) -> {
            if (cached != null && !cached.startsWith("expired:")) {
                String[] parts = cached.split("@", 2);
                if (System.currentTimeMillis() - Long.parseLong(parts[0]) < 240_000) {
                    return cached;
                }
            }
            return System.currentTimeMillis() + "@" + fetch(id, "demo-secret");
        }).split("@", 2)[1];
    }

    public static String fetch(String clientId, String secret) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.REALM_URL + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token for " + clientId + ": " + response.statusCode() + " " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
