package org.carerelay.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/**
 * The partner API of the portal under test, called the way a partner system calls it: a real
 * client-credentials token ({@link PartnerTokens}), JSON, and a fresh Idempotency-Key. Aimed at
 * {@link Browser#PORTAL_URL}, so it works in {@code @BeforeAll} too.
 */
public final class PartnerApi {

    private PartnerApi() {
    }

    /** A request as {@code partner} (e.g. {@link PartnerTokens#RIVERSIDE}) with a new Idempotency-Key; add the body and send it. */
    public static RequestSpecification as(String partner) {
        return RestAssured.given().baseUri(Browser.PORTAL_URL).auth().oauth2(PartnerTokens.token(partner)).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }

    /** POST /api/v1/events (a body from {@link EventBodies}); the answer must be 201 Created. */
    public static ExtractableResponse<Response> share(String partner, JsonNode event) {
        return as(partner).body(EventBodies.json(event)).post("/api/v1/events").then().statusCode(201).extract();
    }

    /** POST /api/v1/handovers (a body from {@link HandoverBodies}); the answer must be 201 Created. Returns the handover's id. */
    public static long submitHandover(String partner, JsonNode handover) {
        return as(partner).body(EventBodies.json(handover)).post("/api/v1/handovers").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
