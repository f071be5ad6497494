package org.carerelay.notify;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.KeycloakLoginPage;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestMail;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Urgent items outside the portal, end to end in the packaged app: Eastside's admin lists an on-call and a team lead
 * address (unique to this run) and sets the urgent-review rule to 60 and 180 minutes; Riverside's EHR shares three
 * symptom deteriorations with Eastside; the app's clock moves on; the job mails each on-call contact exactly one notice
 * per item through the real SMTP server (GreenMail on loopback), with no client name or content. The link leads
 * through Keycloak's sign-in to the item; acknowledging (on the item page, or through the "acknowledge" link) stops the
 * team lead stage, which still reaches the lead for the item left alone. A used or expired link is refused clearly.
 * Other test classes make urgent deliveries too: mail is read by this run's addresses and references only.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class UrgentNoticeIT {

    static final String TAG = TestNames.letters(8);
    static final String ON_CALL = "oncall-" + TAG.toLowerCase() + "@eastside.example.org";
    static final String LEAD = "lead-" + TAG.toLowerCase() + "@eastside.example.org";
    static final String SUBJECT = "1 urgent item is waiting for Eastside Community Response Team in CareRelay";
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static Page admin;

    @BeforeAll
    static void setUp() {
        admin = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
        OnCallSettings.add(admin, "on-call", ON_CALL);
        OnCallSettings.add(admin, "lead", LEAD);
        OnCallSettings.rule(admin, "urgent_review", "60", "180"); // the test clock moves in whole hours
        assertThat(admin.getByTestId("notice")).containsText("on-call contacts after 60 minutes, team lead contacts after 180 minutes");
    }

    @AfterAll
    static void tearDown() {
        resetClock();
        OnCallSettings.remove(admin, "on-call", ON_CALL);
        OnCallSettings.remove(admin, "lead", LEAD);
        OnCallSettings.rule(admin, "urgent_review", "30", "60"); // the defaults again
        admin.context().close();
    }

    static void moveClock(int hours) {
        RestAssured.given().contentType("application/json").post("/test-support/clock/advance?hours=" + hours).then().statusCode(200);
    }

    static void resetClock() {
        RestAssured.given().contentType("application/json").post("/test-support/clock/reset").then().statusCode(200);
    }

    static long share(String given, String family, String symptom) {
        String localId = "URG-" + TAG + "-" + given;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.person(localId, given, family, "1950-02-03"), now,
                EventBodies.fields("symptom", symptom, "severity", "severe", "reportedVia", "phone", "observedAt", now)));
        return TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id
                JOIN client_identifier i ON i.client_id = d.client_id
                WHERE i.local_id = ? AND a.slug = 'eastside-community'""", localId);
    }

    /** The messages to this address about this delivery. */
    static List<TestMail.Message> mail(String address, long deliveryId) {
        return TestMail.to(address).stream().filter(m -> m.body().contains("Reference: delivery " + deliveryId + "\n")).toList();
    }

    static TestMail.Message awaitOne(String address, long deliveryId) {
        Eventually.until("a notice about delivery " + deliveryId + " reaches " + address, Duration.ofSeconds(60),
                () -> !mail(address, deliveryId).isEmpty());
        return mail(address, deliveryId).get(0);
    }

    static String link(TestMail.Message m, boolean acknowledge) {
        return m.body().lines().filter(l -> l.startsWith(Browser.PORTAL_URL + "/urgent/link/"))
                .filter(l -> l.endsWith("/acknowledge") == acknowledge).findFirst().orElseThrow(() -> new AssertionError(m.body()));
    }

    @Test
    void anItemWaitingPastTheThresholdNotifiesOncePerStageUntilItIsAcknowledged() {
        String family = "Notified" + TAG;
        long opened = share("Ada", family, "Breathless at rest");
        long leftAlone = share("Bo", family, "Chest pain");
        long acknowledgedByLink = share("Cy", family, "Confused");
        try {
            moveClock(1); // past the on-call threshold (60 minutes), not the team lead's (180)
            TestMail.Message first = awaitOne(ON_CALL, opened);
            TestMail.Message control = awaitOne(ON_CALL, leftAlone);
            TestMail.Message third = awaitOne(ON_CALL, acknowledgedByLink);
            assertEquals(SUBJECT, first.subject());
            for (TestMail.Message m : List.of(first, control, third)) {
                String all = m.subject() + "\n" + m.body();
                for (String secret : List.of(family, "Ada", "Bo ", "Cy ", "Breathless", "Chest pain", "Confused", "Symptom", "URG-" + TAG)) {
                    assertFalse(all.contains(secret), "the notice must not carry '" + secret + "': " + all);
                }
            }
            assertTrue(first.body().contains("Waiting: 1 h"), first.body());

            // The link leads through Keycloak's sign-in to the item; acknowledging there stops the next stage.
            Page responder = browser.newPage();
            responder.navigate(link(first, false));
            assertTrue(KeycloakLoginPage.isShown(responder), "the link needs a sign-in first: " + responder.url());
            KeycloakLoginPage.signIn(responder, DemoUsers.RESPONDER_EASTSIDE, DemoUsers.PASSWORD);
            responder.waitForURL(Browser.PORTAL_URL + "/urgent/items/" + opened);
            assertThat(responder.locator("h1")).hasText("delivery " + opened);
            assertThat(responder.getByTestId("state")).containsText("New");
            responder.getByTestId("acknowledge").click();
            assertThat(responder.getByTestId("notice")).containsText("you acknowledged delivery " + opened);
            assertThat(responder.getByTestId("state")).containsText("Acknowledged");
            Browser.screenshot(responder, "urgent-item-acknowledged");

            // A used link is refused, saying why.
            responder.navigate(link(first, false));
            assertThat(responder.getByTestId("link-refused")).containsText("Each link in a notice works once");
            assertThat(responder.locator("h1")).hasText("This link has already been used");

            // Someone of another agency gets nothing from a link (and does not use it up).
            Page foreign = browser.newPage();
            foreign.navigate(link(control, false));
            KeycloakLoginPage.signIn(foreign, DemoUsers.OFFICER_NORTHGATE, DemoUsers.PASSWORD);
            foreign.waitForURL(url -> url.startsWith(Browser.PORTAL_URL));
            assertThat(foreign.locator("body")).containsText("No delivery " + leftAlone + " for your agency");
            foreign.context().close();

            // The "acknowledge" link acknowledges in the name of whoever signs in.
            Page lead = browser.newPage();
            lead.navigate(link(third, true));
            KeycloakLoginPage.signIn(lead, DemoUsers.LEAD_EASTSIDE, DemoUsers.PASSWORD);
            lead.waitForURL(Browser.PORTAL_URL + "/urgent/items/" + acknowledgedByLink + "?acknowledged=true");
            assertThat(lead.getByTestId("state")).containsText("Acknowledged");
            lead.context().close();

            moveClock(2); // 3 hours: past the team lead threshold
            awaitOne(LEAD, leftAlone); // the item nobody acknowledged reaches the team lead contact
            assertEquals(List.of(), mail(LEAD, opened), "acknowledged in the portal: no team lead notice");
            assertEquals(List.of(), mail(LEAD, acknowledgedByLink), "acknowledged through the link: no team lead notice");
            assertEquals("1 urgent item is still waiting for Eastside Community Response Team in CareRelay",
                    mail(LEAD, leftAlone).get(0).subject());
            for (long delivery : List.of(opened, leftAlone, acknowledgedByLink)) {
                assertEquals(1, mail(ON_CALL, delivery).size(), "exactly one on-call notice about delivery " + delivery);
            }

            // The admin sees each notice, sent, by reference only.
            admin.navigate(Browser.PORTAL_URL + "/admin/on-call");
            assertThat(admin.locator("[data-testid=notices] tr[data-delivery='" + opened + "']")).hasAttribute("data-state", "sent");

            // A link past its lifetime (12 hours) is refused, saying why.
            moveClock(11);
            responder.navigate(link(control, false));
            assertThat(responder.locator("h1")).hasText("This link has expired");
            assertThat(responder.getByTestId("link-refused")).containsText("delivery " + leftAlone);
            responder.context().close();
        } finally {
            resetClock();
        }
        assertTrue(TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE resource_type = 'urgent-link' AND outcome = 'denied' AND resource_id = ?""",
                String.valueOf(leftAlone)) >= 1, "the expired link's refusal is audited");
    }
}
