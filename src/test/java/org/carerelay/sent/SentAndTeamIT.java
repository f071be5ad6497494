package org.carerelay.sent;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FormData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source's "Sent" page and the team lead's "Team" page in a real Chromium, signed in through
 * Keycloak. Riverside's EHR shares a symptom deterioration that occurred 10 hours ago (window 4 h,
 * so overdue at Eastside); the nurse sees where it stands; Eastside's lead reassigns it, and a
 * second, stale form is refused without losing the first assignment. The methods run in order: the
 * nurse sees the delivery before the lead reassigns it.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentAndTeamIT {

    static final String EASTSIDE = "Eastside Community Response Team";
    static final String TAG = org.carerelay.harness.TestNames.letters(6);
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static long clientId;
    static long eventId;
    static long deliveryId;
    static long firstFillerEventId;

    @BeforeAll
    static void setUp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 25 recent events first, so the overdue one (shared last) is the newest and the oldest filler is on page 2
        for (int i = 0; i < 25; i++) {
            share("SENT-FILL-" + TAG + "-" + i, "Filler" + TAG, now.minus(1, ChronoUnit.HOURS));
            if (i == 0) {
                firstFillerEventId = TestDatabase.number("""
                        SELECT e.id FROM shared_event e JOIN client_identifier i ON i.client_id = e.client_id
                        WHERE i.local_id = ?""", "SENT-FILL-" + TAG + "-0");
            }
        }
        String localId = "SENT-" + TAG;
        share(localId, "Overdue" + TAG, now.minus(10, ChronoUnit.HOURS));
        clientId = TestDatabase.number("SELECT client_id FROM client_identifier WHERE local_id = ?", localId);
        eventId = TestDatabase.number("SELECT id FROM shared_event WHERE client_id = ?", clientId);
        deliveryId = TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id
                WHERE d.event_id = ? AND a.slug = 'eastside-community'""", eventId);
    }

    static void share(String localId, String familyName, Instant occurredAt) {
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.person(localId, "Ada", familyName, "1950-02-03"), occurredAt,
                EventBodies.fields("symptom", "Breathless", "severity", "moderate", "reportedVia", "phone", "observedAt", occurredAt)));
    }

    @Test
    @Order(1)
    void theSourceSeesWhereItsEventStandsAtEachRecipient() {
        Page nurse = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        long listsBefore = lists("sent", DemoUsers.NURSE_RIVERSIDE);
        nurse.locator("nav").getByText("Sent", new Locator.GetByTextOptions().setExact(true)).click();
        nurse.waitForURL(url -> url.endsWith("/sent"));
        assertThat(nurse.locator("h1")).hasText("Sent events");
        Locator event = nurse.getByTestId("sent-" + eventId);
        assertThat(event).containsText("Symptom deterioration reported");
        assertThat(event.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Ada Overdue" + TAG))).hasAttribute("href", "/clients/" + clientId);
        Locator delivery = nurse.getByTestId("delivery-" + deliveryId);
        assertThat(delivery.locator("th")).hasText(EASTSIDE);
        // 10 h old with a 4 h window: the escalation job (every second in tests) may have escalated it already
        assertThat(delivery.locator("[data-col=state]")).containsText("new");
        assertThat(delivery.locator("[data-col=due]")).containsText("Overdue");
        assertThat(delivery.locator("[data-col=owner]")).hasText("Team queue");
        assertThat(delivery.locator("[data-col=to-acknowledge]")).hasText("not yet");
        assertEquals(listsBefore + 1, lists("sent", DemoUsers.NURSE_RIVERSIDE), "one list entry per page view");
        assertNoAccessibilityViolations(nurse);
        Browser.screenshot(nurse, "sent-events");

        // newest first, 25 a page: the oldest filler is on the next page
        Locator events = nurse.locator("[data-testid=sent-events] > li");
        assertThat(events).hasCount(SentEvents.PAGE_SIZE);
        assertThat(nurse.getByTestId("sent-" + firstFillerEventId)).hasCount(0);
        nurse.getByTestId("older-link").click();
        nurse.waitForURL(url -> url.contains("before="));
        assertThat(nurse.getByTestId("sent-" + firstFillerEventId)).isVisible();
        assertThat(nurse.getByTestId("sent-" + eventId)).hasCount(0);
        assertThat(nurse.getByTestId("newest-link")).isVisible();

        // the banner after raising an event, only for this agency's own events
        nurse.navigate(Browser.PORTAL_URL + "/sent?raised=" + eventId);
        assertThat(nurse.getByTestId("raised-banner")).hasText("Done: Event shared with 1 agency.");
        Response bad = nurse.navigate(Browser.PORTAL_URL + "/sent?before=not-a-cursor");
        assertEquals(400, bad.status());
        nurse.context().close();

        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.navigate(Browser.PORTAL_URL + "/sent?raised=" + eventId);
        assertThat(responder.getByTestId("raised-banner")).hasCount(0);
        assertThat(responder.getByTestId("sent-" + eventId)).hasCount(0);
        responder.context().close();
    }

    @Test
    @Order(2)
    void theLeadReassignsAnOverdueDeliveryAndAStaleFormChangesNothing() {
        Page lead = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        long listsBefore = lists("team", DemoUsers.LEAD_EASTSIDE);
        lead.locator("nav").getByText("Team", new Locator.GetByTextOptions().setExact(true)).click();
        lead.waitForURL(url -> url.endsWith("/team"));
        assertThat(lead.locator("h1")).hasText("Team");
        assertEquals(listsBefore + 1, lists("team", DemoUsers.LEAD_EASTSIDE), "one list entry per page view");
        Locator row = lead.getByTestId("delivery-" + deliveryId);
        assertThat(row).containsText("Ada Overdue" + TAG);
        assertThat(row).containsText("Symptom deterioration reported");
        assertThat(row.locator("[data-col=due]")).containsText("Overdue by");
        assertThat(row.locator("[data-col=owner]")).hasText("Team queue");
        assertThat(lead.getByTestId("load-team-queue").locator("[data-col=new]")).not().hasText("0");
        assertNoAccessibilityViolations(lead);
        Browser.screenshot(lead, "team");

        // a second tab opened now holds the same version: it becomes stale after the first assignment
        Page stale = lead.context().newPage();
        stale.navigate(Browser.PORTAL_URL + "/team");

        row.getByLabel("Assign to").selectOption(DemoUsers.RESPONDER_EASTSIDE);
        row.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click();
        lead.waitForURL(url -> url.contains("/team?notice="));
        assertThat(lead.getByTestId("notice")).containsText("assigned to Jordan Reyes (responder.eastside)");
        assertEquals(DemoUsers.RESPONDER_EASTSIDE, owner());
        assertThat(lead.getByTestId("delivery-" + deliveryId).locator("[data-col=owner]")).containsText("responder.eastside");
        assertThat(lead.getByTestId("load-" + DemoUsers.RESPONDER_EASTSIDE).locator("[data-col=total]")).not().hasText("0");

        Locator staleRow = stale.getByTestId("delivery-" + deliveryId);
        staleRow.getByLabel("Assign to").selectOption(DemoUsers.LEAD_EASTSIDE);
        Response refused = stale.waitForResponse(r -> r.url().endsWith("/assign"),
                () -> staleRow.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON).click());
        assertEquals(409, refused.status());
        assertThat(stale.getByTestId("notice")).containsText("changed by lead.eastside since you opened it");
        assertThat(stale.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).containsText("Nothing was changed");
        assertEquals(DemoUsers.RESPONDER_EASTSIDE, owner(), "the stale form did not overwrite the assignment");
        Browser.screenshot(stale, "team-stale");

        // someone who is not a frontline member of the agency: refused, nothing changed
        String version = stale.getByTestId("delivery-" + deliveryId).locator("input[name=version]").inputValue();
        Locator csrf = stale.getByTestId("delivery-" + deliveryId).locator("input[type=hidden]").first();
        APIResponse notStaff = stale.request().post(Browser.PORTAL_URL + "/team/deliveries/" + deliveryId + "/assign",
                Browser.fromPortalPage(stale).setMaxRedirects(0).setForm(FormData.create().set(csrf.getAttribute("name"), csrf.inputValue())
                        .set("version", version).set("owner", DemoUsers.ADMIN_EASTSIDE)));
        assertEquals(400, notStaff.status());
        assertTrue(notStaff.text().contains("is not a frontline member of " + EASTSIDE), notStaff.text());
        assertEquals(DemoUsers.RESPONDER_EASTSIDE, owner());
        lead.context().close();
    }

    @Test
    @Order(3)
    void aResponderCannotOpenTheTeamPage() {
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        Response response = responder.navigate(Browser.PORTAL_URL + "/team");
        assertEquals(403, response.status());
        assertThat(responder.locator("nav").getByText("Team", new Locator.GetByTextOptions().setExact(true))).hasCount(0);
        responder.context().close();
    }

    static String owner() {
        try (var c = TestDatabase.owner(); var s = c.prepareStatement("SELECT owner_username FROM delivery WHERE id = ?")) {
            s.setLong(1, deliveryId);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long lists(String resource, String username) {
        return TestDatabase.number("SELECT count(*) FROM audit_entry WHERE action = 'list' AND resource_type = ? AND username = ?",
                resource, username);
    }

    static void assertNoAccessibilityViolations(Page page) {
        AxeResults results = new AxeBuilder(page).include("main").withTags(List.of("wcag2a", "wcag2aa")).analyze();
        assertEquals(List.of(), results.getViolations().stream().map(v -> v.getId() + ": " + v.getHelp() + " " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList()).toList());
    }
}
