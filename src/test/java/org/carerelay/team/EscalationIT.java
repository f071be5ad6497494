package org.carerelay.team;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Escalation in the packaged app: Riverside's EHR shares a symptom deterioration that happened just
 * now (window 4 h) with Eastside; the app's clock is moved 5 hours on through the test-support
 * endpoint; the scheduled job escalates the delivery by itself, and Eastside's lead and the
 * Riverside nurse who sent it both see it as escalated. The clock is always put back: the other
 * test classes share this app.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class EscalationIT {

    static final String TAG = org.carerelay.harness.TestNames.letters(6);
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static long deliveryId;

    @BeforeAll
    static void setUp() {
        String localId = "ESC-" + TAG;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.person(localId, "Ada", "Escalated" + TAG, "1950-02-03"), now,
                EventBodies.fields("symptom", "Breathless", "severity", "moderate", "reportedVia", "phone", "observedAt", now)));
        deliveryId = TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id
                JOIN client_identifier i ON i.client_id = d.client_id
                WHERE i.local_id = ? AND a.slug = 'eastside-community'""", localId);
    }

    @AfterAll
    static void tearDown() {
        resetClock();
    }

    /** A plain POST that is not a form (RestAssured would otherwise send a form content type, which CSRF checks). */
    static io.restassured.specification.RequestSpecification testSupport() {
        return RestAssured.given().contentType("application/json");
    }

    static void resetClock() {
        testSupport().post("/test-support/clock/reset").then().statusCode(200);
    }

    @Test
    void anOverdueDeliveryIsEscalatedAndBothSidesSeeIt() throws InterruptedException {
        Thread.sleep(2500); // a few runs of the job (every second in the test profile) at the real time
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND escalated_at IS NOT NULL", deliveryId),
                "due in 4 hours: not escalated");

        try {
            testSupport().post("/test-support/clock/advance?hours=5").then().statusCode(200);
            awaitEscalation();
        } finally {
            resetClock();
        }
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'escalate' AND actor = 'system'
                  AND from_state = 'new' AND to_state = 'new'""", deliveryId));

        Page lead = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        lead.navigate(Browser.PORTAL_URL + "/team");
        Locator row = lead.getByTestId("delivery-" + deliveryId);
        assertThat(row).containsText("Ada Escalated" + TAG);
        assertThat(row.locator("[data-col=due]")).containsText("Escalated");
        Browser.screenshot(lead, "team-escalated");
        lead.context().close();

        Page nurse = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        nurse.navigate(Browser.PORTAL_URL + "/sent");
        Locator delivery = nurse.getByTestId("delivery-" + deliveryId);
        assertThat(delivery.locator("[data-col=state]")).hasText("new Escalated");
        Browser.screenshot(nurse, "sent-escalated");
        nurse.context().close();
    }

    @Test
    void theClockCannotBeMovedWithoutAWholeNumberOfHours() {
        testSupport().post("/test-support/clock/advance").then().statusCode(400);
        testSupport().post("/test-support/clock/advance?hours=soon").then().statusCode(400);
    }

    static void awaitEscalation() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (TestDatabase.number("SELECT count(*) FROM delivery WHERE id = ? AND escalated_at IS NOT NULL", deliveryId) == 1) {
                return;
            }
            Thread.sleep(200);
        }
        fail("delivery " + deliveryId + " was not escalated within 10 s of moving the clock 5 hours on");
    }
}
