package org.carerelay.handover;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The handover page in the packaged app: Riverside's EHR submits an incomplete handover (no mobility
 * concerns) for Eastside; the responder sees what must happen when, the medication flags and the
 * incomplete banner, acknowledges, records first contact and completes the 24 h item; the clock is
 * moved 73 h on, and the 72 h item is overdue and escalated for the responder, Eastside's lead and
 * the Riverside nurse. A user of an agency the handover was not shared with is refused, audited.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HandoverPageIT {

    static final String TAG = org.carerelay.harness.TestNames.letters(6);
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static long handoverId;
    static long clientId;

    @BeforeAll
    static void setUp() {
        // incomplete: no mobility concerns
        ObjectNode body = HandoverBodies.handover(ClientBodies.person("HO-" + TAG, "Hana", "Handover" + TAG, "1948-06-12"), "2026-11-24",
                "Admitted with a fall; hip fracture repaired.");
        body.put("dischargeRecommendation", "home_with_support").put("urgency", "urgent_review");
        body.putArray("medicationRiskFlags").add(HandoverBodies.medicationFlag("Warfarin", "Bleeding risk after fall", "high"))
                .add(HandoverBodies.medicationFlag("Furosemide", "Dehydration", "low"));
        body.putArray("followUpNeeds").add("Wound check").add("Falls assessment");
        body.put("unresolvedConcerns", "Lives alone; daughter visits weekly.").put("symptomReporting", "Reports pain score daily through the app.");
        body.putArray("escalationRules").add(EventBodies.fields("if", "Pain score above 7", "then", "Call the ward within 1 hour"));
        body.putArray("actionItems").add(HandoverBodies.actionItem("Medication review", 72, "eastside-community"))
                .add(HandoverBodies.actionItem("First contact", 24, "eastside-community"));
        handoverId = PartnerApi.submitHandover(PartnerTokens.RIVERSIDE, body);
        clientId = TestDatabase.number("SELECT client_id FROM handover WHERE id = ?", handoverId);
    }

    @AfterAll
    static void tearDown() {
        resetClock();
    }

    static void resetClock() {
        RestAssured.given().contentType("application/json").post("/test-support/clock/reset").then().statusCode(200);
    }

    static long item(String description) {
        return TestDatabase.number("SELECT id FROM handover_action_item WHERE handover_id = ? AND description = ?", handoverId, description);
    }

    @Test
    void theResponderActsAndOverdueItemsEscalate() throws InterruptedException {
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId);
        Locator items = responder.getByTestId("what-when").locator("li.timeline-event");
        assertThat(items.first()).containsText("First contact");
        assertThat(items.first()).containsText("Eastside");
        assertThat(items.nth(1)).containsText("Medication review");
        assertThat(responder.getByTestId("medication-flags")).containsText("Warfarin");
        assertThat(responder.getByTestId("medication-flags").locator("tr", new Locator.LocatorOptions().setHasText("Warfarin")))
                .containsText("High");
        assertThat(responder.getByTestId("incomplete")).containsText("mobility and functional concerns");
        assertThat(responder.getByTestId("escalation-rules")).containsText("If Pain score above 7, then Call the ward within 1 hour");
        Browser.screenshot(responder, "handover-page");

        responder.getByTestId("acknowledge").click();
        assertThat(responder.getByTestId("notice")).containsText("Handover acknowledged");
        assertThat(responder.getByTestId("my-delivery-state")).hasText("Acknowledged");

        responder.locator("#contact-method").selectOption("home_visit");
        responder.locator("#contact-note").fill("Seen at home, daughter present.");
        responder.locator("form[action$='/first-contact'] button[type=submit]").click();
        assertThat(responder.getByTestId("notice")).containsText("First contact recorded");
        assertThat(responder.getByTestId("first-contacts")).containsText("home visit by responder.eastside");

        long first = item("First contact");
        long review = item("Medication review");
        Locator firstItem = responder.getByTestId("what-when").locator("li.timeline-event").first();
        firstItem.locator("summary").click();
        firstItem.locator("select[name=outcome]").selectOption("done");
        firstItem.locator("button[type=submit]").click();
        assertThat(responder.getByTestId("notice")).containsText("Action completed: First contact");
        assertThat(responder.getByTestId("what-when").locator("li.timeline-event").first().locator("[data-col=state]"))
                .containsText("Completed — done by responder.eastside");
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM handover_action_item WHERE id = ? AND state = 'completed' AND outcome = 'done'
                  AND completed_by = 'responder.eastside' AND completed_at IS NOT NULL""", first));

        try {
            RestAssured.given().contentType("application/json").post("/test-support/clock/advance?hours=73").then().statusCode(200);
            awaitEscalation(review);
            responder.reload();
            Locator reviewState = responder.getByTestId("what-when").locator("li.timeline-event").nth(1).locator("[data-col=state]");
            assertThat(reviewState).containsText("Overdue");
            assertThat(reviewState).containsText("Escalated");
            Browser.screenshot(responder, "handover-overdue");
            responder.context().close();

            Page lead = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
            lead.navigate(Browser.PORTAL_URL + "/team");
            Locator row = lead.getByTestId("action-" + review);
            assertThat(row).containsText("Hana Handover" + TAG);
            assertThat(row).containsText("Medication review");
            assertThat(row.locator("[data-col=due]")).containsText("Escalated");
            assertThat(lead.getByTestId("action-" + first)).hasCount(0);
            lead.context().close();

            Page nurse = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
            nurse.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId);
            assertThat(nurse.getByTestId("what-when").locator("li.timeline-event").nth(1).locator("[data-col=state]"))
                    .containsText("Overdue");
            assertThat(nurse.getByTestId("loop")).containsText("Acknowledged");
            nurse.context().close();
        } finally {
            resetClock();
        }
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE resource_type = 'handover-action-item' AND resource_id = ?
                  AND action = 'write' AND reason LIKE 'escalate%'""", String.valueOf(review)));
    }

    @Test
    void thePrintViewHasNoNavigation() {
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        Response response = responder.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId + "/print");
        assertEquals(200, response.status());
        assertThat(responder.getByTestId("print-view")).containsText("Warfarin");
        assertThat(responder.locator("nav")).hasCount(0);
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'responder.eastside' AND resource_type = 'handover-print'
                  AND resource_id = ? AND action = 'view'""", String.valueOf(handoverId)));
        responder.context().close();
    }

    @Test
    void badInputIsRefusedWithAMessageAndNothingIsStored() {
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId);
        Locator csrf = responder.locator("form[action$='/first-contact'] input[type=hidden]");
        String name = csrf.getAttribute("name");
        String token = csrf.getAttribute("value");
        long contacts = TestDatabase.number("SELECT count(*) FROM handover_first_contact WHERE handover_id = ?", handoverId);
        com.microsoft.playwright.APIResponse future = responder.request().post(Browser.PORTAL_URL + "/handovers/" + handoverId + "/first-contact",
                Browser.fromPortalPage(responder).setForm(com.microsoft.playwright.options.FormData.create()
                        .set(name, token).set("method", "phone").set("when", "2099-01-01T10:00")));
        assertEquals(400, future.status());
        org.junit.jupiter.api.Assertions.assertTrue(future.text().contains("cannot be in the future"));
        com.microsoft.playwright.APIResponse noMethod = responder.request().post(Browser.PORTAL_URL + "/handovers/" + handoverId + "/first-contact",
                Browser.fromPortalPage(responder).setForm(com.microsoft.playwright.options.FormData.create()
                        .set(name, token).set("method", "carrier_pigeon")));
        assertEquals(400, noMethod.status());
        assertEquals(contacts, TestDatabase.number("SELECT count(*) FROM handover_first_contact WHERE handover_id = ?", handoverId));
        long review = item("Medication review");
        com.microsoft.playwright.APIResponse outcome = responder.request().post(Browser.PORTAL_URL + "/handovers/" + handoverId + "/items/"
                + review + "/complete", Browser.fromPortalPage(responder).setForm(
                        com.microsoft.playwright.options.FormData.create().set(name, token).set("outcome", "maybe")));
        assertEquals(400, outcome.status());
        org.junit.jupiter.api.Assertions.assertTrue(outcome.text().contains("Choose an outcome"));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover_action_item WHERE id = ? AND state = 'open'", review));
        responder.context().close();
    }

    @Test
    void anotherAgencyIsRefusedAndTheDenialIsAudited() {
        Page advisor = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        Response response = advisor.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId);
        assertEquals(404, response.status(), "not shared with this agency: answered like an unknown handover");
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'advisor.welfare' AND resource_type = 'handover'
                  AND resource_id = ? AND client_id = ? AND outcome = 'denied'""", String.valueOf(handoverId), clientId));
        Response missing = advisor.navigate(Browser.PORTAL_URL + "/handovers/999999999");
        assertEquals(404, missing.status());
        advisor.context().close();
    }

    static void awaitEscalation(long itemId) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (TestDatabase.number("SELECT count(*) FROM handover_action_item WHERE id = ? AND escalated_at IS NOT NULL", itemId) == 1) {
                return;
            }
            Thread.sleep(200);
        }
        fail("action item " + itemId + " was not escalated within 10 s of moving the clock 73 hours on");
    }
}
