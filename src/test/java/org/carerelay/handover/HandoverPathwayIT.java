package org.carerelay.handover;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pathway 1 end to end in the browser: the discharge nurse submits a handover without the
 * mobility section; it is flagged incomplete and a query lands on Riverside's worklist; the
 * community responder sees it arrive live with its 24 h first-contact item, acknowledges and
 * records first contact; 73 hours later the 72 h medication review is overdue and escalated to
 * the team lead, and the hospital sees it overdue; the nurse corrects a medication flag and the
 * responder sees the corrected version and what changed.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HandoverPathwayIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    @AfterAll
    static void tearDown() {
        RestAssured.given().contentType("application/json").post("/test-support/clock/reset").then().statusCode(200);
    }

    static void assertNoAccessibilityViolations(Page page) {
        java.util.List<String> violations = new com.deque.html.axecore.playwright.AxeBuilder(page)
                .withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations().stream()
                .map(v -> page.url() + ": " + v.getId() + " " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), violations);
    }

    @Test
    void dischargeToCommunityResponse() throws Exception {
        String family = "Pathwayone" + org.carerelay.harness.TestNames.letters(5);

        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.waitForResponse(r -> r.url().contains("/worklist/stream"), () -> responder.navigate(Browser.PORTAL_URL + "/worklist"));

        Page nurse = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        nurse.navigate(Browser.PORTAL_URL + "/handovers/new");
        HandoverFormIT.fill(nurse, "RIV-" + UUID.randomUUID(), family);
        nurse.getByLabel("Medication (row 1)").fill("Warfarin");
        nurse.getByLabel("Risk (row 1)").fill("INR unstable after surgery");
        nurse.getByLabel("Severity (row 1)").selectOption("medium");
        nurse.getByLabel("Action (item 1)").fill("First contact");
        nurse.getByLabel("Window (item 1)").selectOption("24");
        nurse.getByLabel("Action (item 2)").fill("Medication review");
        nurse.getByLabel("Window (item 2)").selectOption("72");
        nurse.getByTestId("submit-handover").click();
        nurse.waitForURL(url -> url.matches(".*/handovers/\\d+.*"));
        long handoverId = TestDatabase.number("SELECT h.id FROM handover h JOIN client c ON c.id = h.client_id WHERE c.family_name = ?", family);
        assertThat(nurse.getByTestId("incomplete")).containsText("mobility and functional concerns");
        nurse.navigate(Browser.PORTAL_URL + "/worklist");
        assertThat(nurse.getByTestId("handover-queries")).containsText(family);
        Browser.screenshot(nurse, "pathway1-query-on-riverside-worklist");

        assertThat(responder.getByTestId("arrivals")).containsText("new");
        responder.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        Locator row = responder.locator("tr", new Page.LocatorOptions().setHasText(family));
        assertThat(row).containsText("Hospital discharge handover");
        assertThat(row.getByTestId("next-action")).containsText("First contact");
        assertThat(row.getByTestId("next-action")).containsText("in 23 h");
        row.getByTestId("open-handover").click();
        assertThat(responder.getByTestId("what-when").locator("li.timeline-event").first()).containsText("First contact");
        responder.getByTestId("acknowledge").click();
        assertThat(responder.getByTestId("notice")).containsText("Handover acknowledged");
        responder.locator("#contact-method").selectOption("phone");
        responder.locator("form[action$='/first-contact'] button[type=submit]").click();
        assertThat(responder.getByTestId("first-contacts")).containsText("responder.eastside");
        Browser.screenshot(responder, "pathway1-responder-handover");
        assertNoAccessibilityViolations(responder);

        long review = TestDatabase.number("SELECT id FROM handover_action_item WHERE handover_id = ? AND position = 2", handoverId);
        try {
            RestAssured.given().contentType("application/json").post("/test-support/clock/advance?hours=73").then().statusCode(200);
            long deadline = System.currentTimeMillis() + 15_000;
            while (TestDatabase.number("SELECT count(*) FROM handover_action_item WHERE id = ? AND escalated_at IS NOT NULL", review) == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "the 72 h item is escalated after the clock moves 73 h");
                Thread.sleep(250);
            }
            Page lead = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
            lead.navigate(Browser.PORTAL_URL + "/team");
            assertThat(lead.getByTestId("action-" + review)).containsText("Medication review");
            nurse.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId);
            assertThat(nurse.getByTestId("what-when").locator("li.timeline-event").nth(1)).containsText("Overdue");
            Browser.screenshot(nurse, "pathway1-hospital-sees-overdue");
            lead.context().close();
        } finally {
            RestAssured.given().contentType("application/json").post("/test-support/clock/reset").then().statusCode(200);
        }

        nurse.navigate(Browser.PORTAL_URL + "/handovers/" + handoverId + "/queries");
        assertNoAccessibilityViolations(nurse);
        nurse.getByTestId("correct-link").click();
        assertNoAccessibilityViolations(nurse);
        nurse.locator("[id='flag-sev-0']").selectOption("high");
        nurse.getByLabel("What you changed and why").fill("Warfarin risk raised to high: INR 4.8 on discharge bloods.");
        nurse.getByTestId("correct-button").click();
        nurse.waitForURL(url -> url.contains("notice=corrected"));
        long corrected = TestDatabase.number("SELECT id FROM handover WHERE previous_id = ?", handoverId);

        responder.navigate(Browser.PORTAL_URL + "/handovers/" + corrected);
        assertThat(responder.getByTestId("corrected")).isVisible();
        assertThat(responder.getByTestId("what-changed")).containsText("Warfarin");
        assertThat(responder.getByTestId("what-changed")).containsText("high");
        Browser.screenshot(responder, "pathway1-corrected");
        assertNoAccessibilityViolations(responder);
        responder.context().close();
        nurse.context().close();
    }
}
