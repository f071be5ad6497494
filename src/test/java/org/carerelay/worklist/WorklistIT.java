package org.carerelay.worklist;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worklist in a real browser: live arrivals, one-click actions, conflicts, escaping. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class WorklistIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static ObjectNode person(String prefix, String family) {
        return ClientBodies.person(prefix + "-" + UUID.randomUUID(), "Robin", family, "1984-06-01");
    }

    static void post(String client, ObjectNode body) {
        PartnerApi.share(client, body);
    }

    static ObjectNode missedContact(ObjectNode person) {
        return EventBodies.event("MISSED_CONTACT_AFTER_CRISIS", person, now(), EventBodies.fields("crisisDischargeDate", "2026-11-20",
                "missedContactAt", now(), "contactAttempts", 2, "lastKnownRiskLevel", "high", "clinicalNotes", "Voice flat on last call"));
    }

    /** An urgent access problem Northgate shares about a new person of this family name. */
    static ObjectNode urgentAccess(String family, String problem, String description, boolean vulnerableHousehold) {
        return EventBodies.event("URGENT_ACCESS_PROBLEM", person("NHA", family), now(),
                EventBodies.fields("problem", problem, "description", description, "vulnerableHousehold", vulnerableHousehold));
    }

    static String now() {
        return Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Page openWorklist(String username) {
        Page page = browser.loginAs(username);
        page.waitForResponse(r -> r.url().contains("/worklist/stream"), () -> page.navigate(Browser.PORTAL_URL + "/worklist"));
        assertThat(page.locator("h1")).containsText("Worklist");
        return page;
    }

    @Test
    void pathwayTwoMissedContactArrivesLiveAndIsWorkedToCompletion() {
        String family = "Livearrival" + UUID.randomUUID().toString().substring(0, 6);
        // A busy team: more urgent items due sooner than the new one than fit on the worklist's first page
        for (int i = 0; i <= WorklistService.PAGE_SIZE; i++) {
            post(PartnerTokens.MINDBRIDGE, missedContact(person("MB", "Busyteam" + UUID.randomUUID().toString().substring(0, 6))));
        }
        Page harbor = openWorklist(DemoUsers.WORKER_HARBOR);
        post(PartnerTokens.MINDBRIDGE, missedContact(person("MB", family)));

        assertThat(harbor.getByTestId("arrivals")).containsText(java.util.regex.Pattern.compile("[1-9]\\d* new since you opened this page"));
        Browser.screenshot(harbor, "worklist-live-arrival");
        harbor.getByTestId("arrivals").getByText("Show them").click();
        // "Show them" lists what arrived since the page was opened, however long the team's worklist is
        assertThat(harbor.getByTestId("arrived-filter")).containsText("Showing what arrived since");
        Locator row = harbor.locator("tr", new Page.LocatorOptions().setHasText(family));
        assertThat(row).containsText("Missed contact after crisis discharge");
        assertThat(row.getByTestId("state")).hasText("new");

        row.getByText("Acknowledge").click();
        assertThat(row.getByTestId("row-message")).hasText("Acknowledged.");
        assertThat(row.getByTestId("state")).hasText("acknowledged");
        row.locator("summary", new Locator.LocatorOptions().setHasText("Complete")).click();
        row.getByLabel("Outcome").selectOption("actioned");
        row.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Complete")).click();
        assertThat(row.getByTestId("state")).hasText("completed — actioned");
        Browser.screenshot(harbor, "worklist-completed");

        long clientId = TestDatabase.number("SELECT id FROM client WHERE family_name = ?", family);
        harbor.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(harbor.getByTestId("markers")).containsText("Crisis risk elevated");
        assertThat(harbor.getByTestId("withheld").first()).containsText("Minimum notice");
        assertFalse(harbor.content().contains("Voice flat on last call"), "no consent: Harbor never sees the clinical note");

        Page mindbridge = browser.loginAs(DemoUsers.CLINICIAN_MINDBRIDGE);
        mindbridge.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(mindbridge.getByTestId("markers")).containsText("Crisis risk elevated");
        assertThat(mindbridge.locator("main")).containsText("Voice flat on last call");
        assertThat(mindbridge.locator("table.loop")).containsText("Completed — Actioned");
        assertThat(mindbridge.getByTestId("already-done")).containsText("Harbor Community Support");
        long eventId = TestDatabase.number("SELECT id FROM shared_event WHERE client_id = ?", clientId);
        mindbridge.navigate(Browser.PORTAL_URL + "/sent");
        assertThat(mindbridge.getByTestId("recipients-" + eventId)).containsText("Harbor Community Support");
        assertThat(mindbridge.getByTestId("recipients-" + eventId)).containsText("completed");
        assertThat(mindbridge.getByTestId("recipients-" + eventId)).containsText("actioned");
        Browser.screenshot(mindbridge, "sent-closed-loop");
        harbor.context().close();
        mindbridge.context().close();
    }

    @Test
    void theSecondPersonActingOnAStaleRowIsToldWhoChangedItFirst() {
        String family = "Stalerow" + UUID.randomUUID().toString().substring(0, 6);
        post(PartnerTokens.NORTHGATE, urgentAccess(family, "no_heating", "Boiler out", true));
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.route("**/worklist/stream", route -> route.abort()); // a page that lost its live connection
        responder.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        Page lead = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        lead.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);

        lead.locator("tr", new Page.LocatorOptions().setHasText(family)).getByText("Acknowledge").click();
        assertThat(lead.locator("tr", new Page.LocatorOptions().setHasText(family)).getByTestId("state")).hasText("acknowledged");

        Locator stale = responder.locator("tr", new Page.LocatorOptions().setHasText(family));
        stale.getByText("Acknowledge").click();
        assertThat(stale.getByTestId("row-message")).containsText("changed by lead.eastside");
        assertThat(stale.getByTestId("state")).hasText("acknowledged");
        Browser.screenshot(responder, "worklist-conflict");
        long deliveryId = TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN client c ON c.id = d.client_id JOIN agency a ON a.id = d.recipient_agency_id
                WHERE c.family_name = ? AND a.slug = 'eastside-community'""", family);
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM delivery_transition WHERE delivery_id = ? AND action = 'acknowledge'", deliveryId));
        responder.context().close();
        lead.context().close();
    }

    @Test
    void scriptInATextFieldIsShownAsText() {
        String family = "Escaping" + UUID.randomUUID().toString().substring(0, 6);
        String hostile = "<script>alert('x')</script><img src=x onerror=alert('y')>";
        post(PartnerTokens.NORTHGATE, urgentAccess(family, "other", hostile, false));
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        AtomicBoolean dialog = new AtomicBoolean();
        responder.onDialog(d -> {
            dialog.set(true);
            d.dismiss();
        });
        long clientId = TestDatabase.number("SELECT id FROM client WHERE family_name = ?", family);
        responder.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(responder.locator("[data-field=description]")).hasText(hostile);
        responder.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        assertThat(responder.locator("tr", new Page.LocatorOptions().setHasText(family))).isVisible();
        responder.waitForTimeout(500);
        assertFalse(dialog.get(), "no script ran");
        responder.context().close();
    }

    @Test
    void filtersAndSearchNarrowTheList() {
        String family = "Filtered" + UUID.randomUUID().toString().substring(0, 6);
        post(PartnerTokens.NORTHGATE, urgentAccess(family, "no_power", "Meter fault", false));
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.navigate(Browser.PORTAL_URL + "/worklist?q=" + family.toLowerCase());
        assertThat(responder.locator("tbody tr")).hasCount(1);
        responder.navigate(Browser.PORTAL_URL + "/worklist?q=" + family + "&owner=me");
        assertThat(responder.getByTestId("empty")).isVisible();
        responder.navigate(Browser.PORTAL_URL + "/worklist?state=bogus");
        assertThat(responder.locator("[role=alert]")).containsText("state");
        responder.context().close();
    }
}
