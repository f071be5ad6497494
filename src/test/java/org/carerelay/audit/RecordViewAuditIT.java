package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every record view writes exactly one audit entry, naming who, what, which fields and why. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class RecordViewAuditIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static long clientId;
    static long welfareDelivery;
    static final String FAMILY = "Audited" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void setUp() {
        PartnerApi.share(PartnerTokens.NORTHGATE, EventBodies.event("HOUSING_INSTABILITY_ALERT",
                ClientBodies.person("NHA-" + UUID.randomUUID(), "Kim", FAMILY, "1961-01-01"), "2026-11-24T10:00:00Z",
                EventBodies.fields("riskType", "rent_arrears", "details", "Two months behind", "healthImpactNotes", "Not sleeping")));
        clientId = TestDatabase.number("SELECT id FROM client WHERE family_name = ?", FAMILY);
        welfareDelivery = TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id WHERE d.client_id = ? AND a.slug = 'county-welfare'""", clientId);
    }

    record Entry(String username, String agency, List<String> roles, String action, String resourceType, String resourceId, Long client,
            List<String> sensitivity, List<String> fields, String purpose, String outcome, String userAgent) {
    }

    static List<Entry> entries(String requestId) throws Exception {
        try (Connection c = TestDatabase.owner(); PreparedStatement s = c.prepareStatement("""
                SELECT e.username, a.slug, e.roles, e.action, e.resource_type, e.resource_id, e.client_id, e.sensitivity, e.fields_shown,
                       e.purpose, e.outcome, e.user_agent
                FROM audit_entry e LEFT JOIN agency a ON a.id = e.agency_id WHERE e.request_id = ? ORDER BY e.id""")) {
            s.setString(1, requestId);
            try (ResultSet r = s.executeQuery()) {
                List<Entry> list = new java.util.ArrayList<>();
                while (r.next()) {
                    list.add(new Entry(r.getString(1), r.getString(2), List.of((String[]) r.getArray(3).getArray()), r.getString(4),
                            r.getString(5), r.getString(6), r.getObject(7) == null ? null : r.getLong(7),
                            List.of((String[]) r.getArray(8).getArray()), List.of((String[]) r.getArray(9).getArray()), r.getString(10),
                            r.getString(11), r.getString(12)));
                }
                return list;
            }
        }
    }

    @Test
    void aClientRecordViewIsOneEntryWithTheFieldsShown() throws Exception {
        Page page = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        for (String path : List.of("/clients/" + clientId, "/clients/" + clientId + "/print")) {
            Response response = page.navigate(Browser.PORTAL_URL + path);
            assertEquals(200, response.status());
            List<Entry> logged = entries(response.headers().get("x-request-id"));
            assertEquals(1, logged.size(), path + " writes exactly one entry: " + logged);
            Entry e = logged.get(0);
            assertEquals("advisor.welfare", e.username());
            assertEquals("county-welfare", e.agency());
            assertTrue(e.roles().contains("frontline"));
            assertEquals("view", e.action());
            assertEquals("client-record", e.resourceType());
            assertEquals(clientId, e.client());
            assertEquals("care_delivery", e.purpose());
            assertEquals("allowed", e.outcome());
            assertTrue(e.fields().contains("HOUSING_INSTABILITY_ALERT.details"), e.fields().toString());
            assertTrue(!e.fields().contains("HOUSING_INSTABILITY_ALERT.healthImpactNotes"), "withheld fields are not logged as shown");
            assertEquals(List.of("general"), e.sensitivity());
            assertTrue(e.userAgent() != null && !e.userAgent().isBlank());
        }
        page.context().close();
    }

    @Test
    void whenTheAuditEntryCannotBeWrittenTheRecordIsNotShown() {
        Page page = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        TestDatabase.execute("REVOKE INSERT ON audit_entry FROM carerelay_app");
        try {
            Response response = page.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
            assertEquals(500, response.status());
            assertTrue(!page.content().contains(FAMILY) && !page.content().contains("Two months behind"), "fail closed: nothing shown");
            org.carerelay.harness.Browser.screenshot(page, "audit-fail-closed");
        } finally {
            TestDatabase.execute("GRANT INSERT ON audit_entry TO carerelay_app");
        }
        assertEquals(200, page.navigate(Browser.PORTAL_URL + "/clients/" + clientId).status());
        page.context().close();
    }

    @Test
    void aRefusedViewIsOneDeniedEntry() throws Exception {
        Page page = browser.loginAs(DemoUsers.CLINICIAN_MINDBRIDGE);
        Response response = page.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertEquals(403, response.status());
        List<Entry> logged = entries(response.headers().get("x-request-id"));
        assertEquals(1, logged.size(), logged.toString());
        assertEquals("denied", logged.get(0).outcome());
        assertEquals(clientId, logged.get(0).client());
        page.context().close();
    }

    @Test
    void aPartnerDeliveryReadIsOneEntryWithTheFieldsReturned() throws Exception {
        io.restassured.response.Response response = RestAssured.given().auth().oauth2(PartnerTokens.token(PartnerTokens.WELFARE))
                .get("/api/v1/deliveries/" + welfareDelivery);
        assertEquals(200, response.statusCode());
        List<Entry> logged = entries(response.header("X-Request-Id"));
        assertEquals(1, logged.size(), logged.toString());
        Entry e = logged.get(0);
        assertEquals("ingest-county-welfare", e.username());
        assertEquals("county-welfare", e.agency());
        assertEquals("delivery", e.resourceType());
        assertEquals(String.valueOf(welfareDelivery), e.resourceId());
        assertEquals("partner_system", e.purpose());
        assertTrue(e.fields().containsAll(List.of("HOUSING_INSTABILITY_ALERT.riskType", "HOUSING_INSTABILITY_ALERT.details")), e.fields().toString());
        assertTrue(!e.fields().contains("HOUSING_INSTABILITY_ALERT.healthImpactNotes"));
    }

    @Test
    void aCallersRequestIdIsKeptAsThePrefixOfAnIdNoOtherRequestShares() throws Exception {
        String offered = "partner-trace-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            io.restassured.response.Response response = RestAssured.given().auth().oauth2(PartnerTokens.token(PartnerTokens.WELFARE))
                    .header("X-Request-Id", offered).get("/api/v1/deliveries/" + welfareDelivery);
            assertEquals(200, response.statusCode());
            String id = response.header("X-Request-Id");
            assertTrue(id.matches(java.util.regex.Pattern.quote(offered) + "~[0-9a-f]{16}"), id);
            assertEquals(1, entries(id).size(), "the audit entry carries the id the response names");
            ids.add(id);
        }
        assertTrue(!ids.get(0).equals(ids.get(1)), "the same X-Request-Id twice never makes two requests share an id: " + ids);
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE request_id = ?", offered));

        for (String malformed : List.of("short", "has spaces in it", "x".repeat(41), "ends-with-tilde~0123456789abcdef")) {
            io.restassured.response.Response response = RestAssured.given().auth().oauth2(PartnerTokens.token(PartnerTokens.WELFARE))
                    .header("X-Request-Id", malformed).get("/api/v1/deliveries/" + welfareDelivery);
            String id = response.header("X-Request-Id");
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), malformed + " → " + id);
            assertEquals(1, entries(id).size());
        }
    }
}
