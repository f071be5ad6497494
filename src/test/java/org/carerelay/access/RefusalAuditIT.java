package org.carerelay.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.HandoverBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone guessing ids leaves a trace: every refused read or change of another agency's delivery or
 * handover, and of an id that does not exist, answers the same 404 (existence is not revealed) and
 * writes exactly one denied audit entry naming the resource tried. Nothing changes.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class RefusalAuditIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    /** A delivery to Harbor: foreign to Eastside and to County Welfare. */
    static long foreign;
    /** An id no delivery or handover has. */
    static long unknown;
    /** A discharge handover Riverside shared with Eastside: foreign to Northgate. */
    static long handover;

    @BeforeAll
    static void setUp() {
        String family = "Guessed" + TestNames.letters(8);
        PartnerApi.share(PartnerTokens.MINDBRIDGE, EventBodies.event("MISSED_CONTACT_AFTER_CRISIS",
                ClientBodies.person("MB-" + UUID.randomUUID(), "Sam", family, "1980-02-03"), EventBodies.anHourAgo(),
                EventBodies.fields("crisisDischargeDate", "2026-11-20", "missedContactAt", "2026-11-24T09:00:00Z", "contactAttempts", 2,
                        "lastKnownRiskLevel", "high")));
        foreign = TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN client c ON c.id = d.client_id JOIN agency a ON a.id = d.recipient_agency_id
                WHERE c.family_name = ? AND a.slug = 'harbor-support'""", family);
        ObjectNode handoverBody = HandoverBodies.handover(
                ClientBodies.person("HO-" + UUID.randomUUID(), "Ida", "Handed" + TestNames.letters(8), "1947-01-09"), "2026-11-24", "Fall at home.");
        handoverBody.putArray("actionItems").add(HandoverBodies.actionItem("First contact", 24, "eastside-community"));
        handover = PartnerApi.submitHandover(PartnerTokens.RIVERSIDE, handoverBody);
        unknown = TestDatabase.number("SELECT greatest((SELECT max(id) FROM delivery), (SELECT max(id) FROM handover)) + 1000000");
    }

    static long changes() {
        return TestDatabase.number("""
                SELECT (SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action <> 'escalate')
                     + (SELECT count(*) FROM delivery_note WHERE delivery_id = ?)""", foreign, foreign);
    }

    /** The same message for an unknown id and a foreign one, once the id itself is taken out. */
    static String withoutId(String text, long id) {
        return text.replaceAll("(?s).*<main[^>]*>|</main>.*", "").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ref")
                .replaceAll("\\b" + id + "\\b", "N");
    }

    @Test
    void thePartnerApiRefusesAnotherAgencysAndUnknownDeliveriesAlikeAndAuditsEachOnce() {
        long before = changes();
        for (String[] call : new String[][] {{"POST", "/acknowledge", null}, {"POST", "/complete", "{\"outcome\":\"actioned\"}"}, {"GET", "", null}}) {
            String detail = null;
            for (long id : new long[] {foreign, unknown}) {
                var request = RestAssured.given().auth().oauth2(PartnerTokens.token(PartnerTokens.WELFARE)).contentType("application/json");
                if (call[2] != null) {
                    request.body(call[2]);
                }
                Response r = call[0].equals("GET") ? request.get("/api/v1/deliveries/" + id + call[1])
                        : request.post("/api/v1/deliveries/" + id + call[1]);
                String label = call[0] + " /api/v1/deliveries/" + (id == foreign ? "{foreign}" : "{unknown}") + call[1];
                assertEquals(404, r.statusCode(), label + ": " + r.asString());
                assertTrue(r.contentType().startsWith("application/problem+json"), label);
                assertEquals(List.of("denied delivery " + id), TestDatabase.auditOf(r.header("X-Request-Id")), label);
                String same = r.jsonPath().getString("detail").replaceAll("\\b" + id + "\\b", "N");
                if (detail != null) {
                    assertEquals(detail, same, label + ": the same answer as for the other id");
                }
                detail = same;
            }
        }
        assertEquals(before, changes(), "nothing changed");
    }

    @Test
    void theWorklistRefusesAnotherAgencysAndUnknownDeliveriesAlikeAndAuditsEachOnce() {
        Page page = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        page.navigate(Browser.PORTAL_URL + "/events/new?type=URGENT_ACCESS_PROBLEM"); // a page with a form (and its token)
        long before = changes();
        for (String action : List.of("acknowledge", "take", "start", "note", "assign", "complete")) {
            String answer = null;
            for (long id : new long[] {foreign, unknown}) {
                APIResponse r = page.request().post(Browser.PORTAL_URL + "/worklist/deliveries/" + id + "/" + action,
                        Browser.fromPortalPage(page).setMaxRedirects(0).setForm(FormData.create().set("version", "1")
                                .set("note", "Called the client").set("assignee", DemoUsers.RESPONDER_EASTSIDE).set("outcome", "actioned")));
                String label = "POST /worklist/deliveries/" + (id == foreign ? "{foreign}" : "{unknown}") + "/" + action;
                assertEquals(404, r.status(), label + ": " + r.text());
                assertEquals(List.of("denied delivery " + id), TestDatabase.auditOf(r.headers().get("x-request-id")), label);
                String same = withoutId(r.text(), id);
                if (answer != null) {
                    assertEquals(answer, same, label + ": the same page as for the other id");
                }
                answer = same;
            }
        }
        for (long id : new long[] {foreign, unknown}) {
            APIResponse r = page.request().get(Browser.PORTAL_URL + "/worklist/rows/" + id);
            assertEquals(404, r.status(), "GET /worklist/rows/" + id);
            assertEquals(List.of("denied delivery " + id), TestDatabase.auditOf(r.headers().get("x-request-id")));
        }
        assertEquals(before, changes(), "nothing changed");
        page.context().close();
    }

    @Test
    void theTeamPageRefusesAnotherAgencysAndUnknownDeliveriesAlikeAndAuditsEachOnce() {
        Page page = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        page.navigate(Browser.PORTAL_URL + "/events/new?type=URGENT_ACCESS_PROBLEM"); // a page with a form (and its token)
        long before = changes();
        for (long id : new long[] {foreign, unknown}) {
            APIResponse r = page.request().post(Browser.PORTAL_URL + "/team/deliveries/" + id + "/assign", Browser.fromPortalPage(page)
                    .setMaxRedirects(0).setForm(FormData.create().set("version", "1").set("owner", DemoUsers.RESPONDER_EASTSIDE)));
            assertEquals(404, r.status(), "POST /team/deliveries/" + id + "/assign: " + r.text());
            assertEquals(List.of("denied delivery " + id), TestDatabase.auditOf(r.headers().get("x-request-id")));
        }
        assertEquals(before, changes(), "nothing changed");
        page.context().close();
    }

    @Test
    void aRefusedHandoverNamesTheHandoverAndLooksLikeAnUnknownOne() {
        Page page = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        String answer = null;
        for (long id : new long[] {handover, unknown}) {
            com.microsoft.playwright.Response r = page.navigate(Browser.PORTAL_URL + "/handovers/" + id);
            assertEquals(404, r.status(), "GET /handovers/" + id);
            assertEquals(List.of("denied handover " + id), TestDatabase.auditOf(r.headers().get("x-request-id")));
            String same = withoutId(page.content(), id);
            if (answer != null) {
                assertEquals(answer, same, "the same page for a handover not shared and for none at all");
            }
            answer = same;

            com.microsoft.playwright.Response queries = page.navigate(Browser.PORTAL_URL + "/handovers/" + id + "/queries");
            assertEquals(404, queries.status(), "GET /handovers/" + id + "/queries");
            assertEquals(List.of("denied handover-queries " + id), TestDatabase.auditOf(queries.headers().get("x-request-id")));
        }
        page.context().close();
    }
}
