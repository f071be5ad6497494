package org.carerelay.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.restassured.response.Response;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;

/** A person known to one agency and sent again by another, the way partner systems do it, and what the checks read. */
final class IdentityFixtures {

    static final String BIRTH_DATE = "1958-08-19";

    private IdentityFixtures() {
    }

    /** A family name no other test uses (letters only). */
    static String family(String prefix) {
        return prefix + TestNames.letters(8);
    }

    static String medicaid() {
        return "MC" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    /** Riverside's FOLLOW_UP_SCHEDULED about the person (to Eastside), with a note only its recipients may read. */
    static JsonNode riversideFollowUp(String family, String note, String medicaid) {
        return post(PartnerTokens.RIVERSIDE, "FOLLOW_UP_SCHEDULED", "RGH-" + UUID.randomUUID(), family, medicaid,
                EventBodies.fields("scheduledFor", "2026-11-26T10:00:00Z", "contactType", "home_visit", "responsibleTeam", note));
    }

    /** Northgate's HOUSING_INSTABILITY_ALERT about a person of that name and birth date (to County Welfare and Harbor). */
    static JsonNode northgateAlert(String family, String localId, String details, String medicaid) {
        return post(PartnerTokens.NORTHGATE, "HOUSING_INSTABILITY_ALERT", localId, family, medicaid,
                EventBodies.fields("riskType", "rent_arrears", "details", details, "rentArrearsAmount", 900));
    }

    static JsonNode post(String partner, String type, String localId, String family, String medicaid, ObjectNode data) {
        ObjectNode client = ClientBodies.person(localId, "Marta", family, BIRTH_DATE);
        if (medicaid != null) {
            ClientBodies.withMedicaid(client, medicaid);
        }
        Response response = PartnerApi.as(partner).body(EventBodies.json(EventBodies.event(type, client, "2026-11-24T10:00:00Z", data)))
                .post("/api/v1/events");
        assertEquals(201, response.statusCode(), response.asString());
        try {
            return new ObjectMapper().readTree(response.asString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static long clientOfEvent(long eventId) {
        return TestDatabase.number("SELECT client_id FROM shared_event WHERE id = ?", eventId);
    }

    static long agency(String slug) {
        return TestDatabase.number("SELECT id FROM agency WHERE slug = ?", slug);
    }

    static long relationships(long clientId, String slug) {
        return TestDatabase.number("SELECT count(*) FROM care_relationship WHERE client_id = ? AND agency_id = ?", clientId, agency(slug));
    }

    static long exceptionFor(long provisionalClientId) {
        return TestDatabase.number("SELECT id FROM identity_exception WHERE provisional_client_id = ?", provisionalClientId);
    }

    /** Audit entries written for one request (by its X-Request-Id), with the given outcome. */
    static long entries(String requestId, String outcome) {
        return TestDatabase.number("SELECT count(*) FROM audit_entry WHERE request_id = ? AND outcome = ?", requestId, outcome);
    }

    static String csrf(Page page) {
        return page.context().cookies(Browser.PORTAL_URL).stream().filter(c -> c.name.equals("csrf-token")).map(c -> c.value)
                .findFirst().orElse("");
    }

    /** A form post with the session's cookies and CSRF token, as the page's own form would send it. */
    static APIResponse postForm(Page page, String path, FormData form) {
        return page.request().post(Browser.PORTAL_URL + path, Browser.fromPortalPage(page).setMaxRedirects(0).setForm(form));
    }
}
