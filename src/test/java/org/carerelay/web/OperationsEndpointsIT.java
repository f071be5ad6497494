package org.carerelay.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics answer on the management interface only (its own port, not behind the Ingress):
 * the public port knows nothing of them. The public OpenAPI document describes the partner API and
 * nothing of the portal's pages.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class OperationsEndpointsIT {

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics")) {
            given().redirects().follow(false).when().get(path).then().statusCode(404);
        }
    }

    @Test
    void healthIsUpOnTheManagementInterfaceWithTheDatabaseCheck() {
        given().baseUri(Browser.MANAGEMENT_URL).port(Browser.MANAGEMENT_PORT).when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections health check")));
        given().baseUri(Browser.MANAGEMENT_URL).port(Browser.MANAGEMENT_PORT).when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void metricsAreOnTheManagementInterface() {
        given().baseUri(Browser.MANAGEMENT_URL).port(Browser.MANAGEMENT_PORT).when().get("/q/metrics")
                .then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesThePartnerApiOnly() throws Exception {
        String json = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode document = new ObjectMapper().readTree(json);
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertTrue(paths.containsAll(List.of("/api/v1/events", "/api/v1/event-types", "/api/v1/feed", "/api/v1/deliveries/{id}",
                "/api/v1/handovers")), "the partner API is described: " + paths);
        for (String path : paths) {
            assertTrue(path.startsWith("/api/v1/"), "only partner API paths, found " + path);
        }
        assertFalse(json.contains("/worklist") || json.contains("/clients/") || json.contains("/privacy"), "no portal route is named");
        List<String> schemas = new ArrayList<>();
        document.path("components").path("schemas").fieldNames().forEachRemaining(schemas::add);
        assertFalse(schemas.contains("TemplateInstance"), "no schema only a portal page used: " + schemas);
        assertEquals("CareRelay partner API", document.path("info").path("title").asText());
    }
}
