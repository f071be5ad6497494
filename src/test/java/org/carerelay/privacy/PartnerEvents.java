package org.carerelay.privacy;

import io.restassured.RestAssured;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;

/** Sets up test data the way a partner system does: a POST /api/v1/events with a real token. */
final class PartnerEvents {

    private PartnerEvents() {
    }

    /** Shares one event about a new person (unique name) and returns the client id CareRelay gave them. */
    static long share(String partnerClient, String type, String localId, String dataJson) {
        String suffix = localId.replaceAll("[^A-Za-z0-9]", "").substring(0, 12);
        String body = """
                {"type":"%s","client":{"localId":"%s","givenName":"Dana%s","familyName":"Whitfield%s","birthDate":"1987-04-12"},
                 "occurredAt":"%s","data":%s}""".formatted(type, localId, suffix, suffix,
                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), dataJson);
        // the portal under test by its URL: in @BeforeAll, RestAssured's port is not yet set (it would be 8080)
        RestAssured.given().baseUri(Browser.PORTAL_URL).auth().oauth2(PartnerTokens.token(partnerClient)).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/api/v1/events").then().statusCode(201);
        return TestDatabase.number("SELECT client_id FROM client_identifier WHERE local_id = ?", localId);
    }
}
