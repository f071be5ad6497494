package org.carerelay.partnerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.SecondInstance;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar has no way to turn auditing off: the benchmark's bypass exists only in a benchmark
 * build (-Dcarerelay.bench=true). An instance of the packaged jar started with the bypass variable set
 * still records every view.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class AuditAlwaysOnIT {

    @Test
    void theBenchmarkBypassVariableChangesNothingInTheShippedJar() throws Exception {
        PartnerHttp.Reply created = PartnerHttp.postEvent(PartnerTokens.NORTHGATE, PartnerHttp.newKey(), EventBodies.valid("URGENT_ACCESS_PROBLEM"));
        assertEquals(201, created.status(), created::toString);
        long delivery = 0;
        for (JsonNode d : created.json().get("deliveries")) {
            if (d.get("agency").asText().equals("county-welfare")) {
                delivery = d.get("id").asLong();
            }
        }
        assertTrue(delivery > 0, created::toString);

        try (SecondInstance b = SecondInstance.start(Map.of("CARERELAY_AUDIT_BENCHMARK_BYPASS", "true"))) {
            HttpResponse<String> view = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(b.url() + "/api/v1/deliveries/" + delivery))
                            .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.WELFARE)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, view.statusCode(), view.body());
            String requestId = view.headers().firstValue("X-Request-Id").orElse(null);
            assertNotNull(requestId, view.headers().map().toString());
            assertEquals(1, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = 'allowed' AND action = 'view'"
                    + " AND resource_type = 'delivery' AND resource_id = ?", requestId, String.valueOf(delivery)),
                    "the view was audited on the instance started with the bypass variable; its log: " + b.log());
        }
    }
}
