package org.carerelay.sharing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Consent recorded by the source opens the behavioral-health details; a withdrawal hides them at once. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class ConsentIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static void missedContact(String localId, String family, String note) {
        PartnerApi.share(PartnerTokens.MINDBRIDGE, EventBodies.event("MISSED_CONTACT_AFTER_CRISIS",
                ClientBodies.person(localId, "Lee", family, "1990-09-09"), "2026-11-24T10:00:00Z",
                EventBodies.fields("crisisDischargeDate", "2026-11-21", "missedContactAt", "2026-11-24T09:00:00Z", "contactAttempts", 3,
                        "lastKnownRiskLevel", "high", "clinicalNotes", note)));
    }

    /**
     * Consent governs what is shared from the moment it is recorded: an event routed without it
     * stays a minimum notice; events after it carry the details; a withdrawal hides those details
     * from the recipient's view at once.
     */
    @Test
    void consentGivenThenWithdrawnChangesWhatHarborSeesAtOnce() {
        String family = "Consent" + UUID.randomUUID().toString().substring(0, 6);
        String localId = "MB-" + UUID.randomUUID();
        String before = "Missed the Monday call " + UUID.randomUUID();
        String note = "Hearing voices again since Monday " + UUID.randomUUID();
        missedContact(localId, family, before);
        long clientId = TestDatabase.number("SELECT id FROM client WHERE family_name = ?", family);
        String record = Browser.PORTAL_URL + "/clients/" + clientId;

        Page harbor = browser.loginAs(DemoUsers.WORKER_HARBOR);
        harbor.navigate(record);
        assertThat(harbor.getByTestId("withheld").first()).containsText("Minimum notice");
        assertFalse(harbor.content().contains(before));

        Page mindbridge = browser.loginAs(DemoUsers.CLINICIAN_MINDBRIDGE);
        mindbridge.navigate(record);
        mindbridge.locator("summary", new Page.LocatorOptions().setHasText("Record a consent decision")).click();
        mindbridge.getByLabel("Shared with").selectOption("harbor-support");
        mindbridge.getByLabel("Category").selectOption("behavioral_health");
        mindbridge.getByLabel("Decision").selectOption("given");
        mindbridge.getByText("Record the decision").click();
        assertThat(mindbridge.getByTestId("consent-recorded")).isVisible();
        missedContact(localId, family, note);

        harbor.navigate(record);
        assertThat(harbor.locator("main")).containsText(note);
        assertFalse(harbor.content().contains(before), "the event routed before consent stays a minimum notice");

        mindbridge.locator("summary", new Page.LocatorOptions().setHasText("Record a consent decision")).click();
        mindbridge.getByLabel("Shared with").selectOption("harbor-support");
        mindbridge.getByLabel("Decision").selectOption("withdrawn");
        mindbridge.getByText("Record the decision").click();
        assertThat(mindbridge.getByTestId("consent-recorded")).isVisible();

        harbor.navigate(record);
        assertThat(harbor.getByTestId("withheld").first()).containsText("no longer in force");
        assertFalse(harbor.content().contains(note), "withdrawn: the details are gone from Harbor's view at once");
        Browser.screenshot(harbor, "consent-withdrawn");
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM consent_record WHERE client_id = ?", clientId));

        long consentRows = TestDatabase.number("SELECT count(*) FROM consent_record");
        com.microsoft.playwright.APIResponse bad = mindbridge.request().post(record + "/consent",
                Browser.fromPortalPage(mindbridge).setMaxRedirects(0)
                        .setForm(com.microsoft.playwright.options.FormData.create().set("recipient", "atlantis").set("category", "general")
                                .set("status", "maybe")));
        assertEquals(400, bad.status());
        assertEquals(consentRows, TestDatabase.number("SELECT count(*) FROM consent_record"), "bad input stores nothing");
        harbor.context().close();
        mindbridge.context().close();
    }
}
