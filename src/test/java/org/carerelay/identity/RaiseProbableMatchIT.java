package org.carerelay.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, section 1, through <em>Raise an event</em>: a person typed into the form with the name and
 * birth date of another agency's client is a probable match, not a link, until a steward decides.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class RaiseProbableMatchIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static Locator control(Page page, String name) {
        return page.locator("[id='" + name + "']");
    }

    /** Fills the housing alert form for a person typed in (not raised from a record). */
    static void fillHousingAlert(Page page, String localId, String family, String details) {
        page.navigate(Browser.PORTAL_URL + "/events/new");
        page.getByTestId("choice-HOUSING_INSTABILITY_ALERT").getByRole(AriaRole.LINK).click();
        page.waitForURL(url -> url.contains("type=HOUSING_INSTABILITY_ALERT"));
        page.getByLabel("Your agency's ID for this person").fill(localId);
        page.getByLabel("Given name").fill("Marta");
        page.getByLabel("Family name").fill(family);
        page.getByLabel("Date of birth").fill(IdentityFixtures.BIRTH_DATE);
        control(page, "data.riskType").selectOption("eviction_notice");
        control(page, "data.details").fill(details);
    }

    static long share(Page page) {
        page.getByTestId("share-button").click();
        page.waitForURL(url -> url.contains("/sent?raised="));
        return Long.parseLong(page.url().replaceAll(".*raised=(\\d+).*", "$1"));
    }

    @Test
    void aPersonTypedIntoTheFormWithAnotherAgencysClientsNameAndBirthDateWaitsForTheSteward() {
        String family = IdentityFixtures.family("Formmatch");
        String note = "Riverside-only note " + UUID.randomUUID();
        long existing = IdentityFixtures.clientOfEvent(IdentityFixtures.riversideFollowUp(family, note, null).get("id").asLong());
        String details = "Notice served after arrears " + UUID.randomUUID();

        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        fillHousingAlert(northgate, "NHA-" + UUID.randomUUID(), family, details);
        long eventId = share(northgate);
        // The sender still sees where each of its deliveries stands.
        assertThat(northgate.locator("main")).containsText("County Welfare and Benefits Support");
        long provisional = IdentityFixtures.clientOfEvent(eventId);
        assertNotEquals(existing, provisional, "a provisional client, not the Riverside client");
        long exception = IdentityFixtures.exceptionFor(provisional);
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM identity_exception WHERE id = ? AND status = 'open' AND match_kind = 'probable'",
                exception));

        Response refused = northgate.navigate(Browser.PORTAL_URL + "/clients/" + existing);
        assertEquals(403, refused.status());
        assertThat(northgate.getByTestId("error-message")).containsText("no care relationship");
        assertEquals(1, IdentityFixtures.entries(refused.headerValue("x-request-id"), "denied"));
        northgate.navigate(Browser.PORTAL_URL + "/clients/" + provisional);
        assertThat(northgate.getByTestId("identity-check-flag")).isVisible();
        assertThat(northgate.locator("main")).containsText(details);
        assertThat(northgate.locator("main")).not().containsText("Follow-up contact scheduled");
        assertFalse(northgate.content().contains(note));

        Page harbor = browser.loginAs(DemoUsers.WORKER_HARBOR);
        harbor.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        assertThat(harbor.locator("tr", new Page.LocatorOptions().setHasText(family)).getByTestId("identity-check-flag"))
                .containsText("awaiting identity check");
        Browser.screenshot(harbor, "identity-flag-on-worklist");

        Page steward = browser.loginAs(DemoUsers.STEWARD_COUNTY);
        steward.getByTestId("exception-" + exception).getByRole(AriaRole.LINK).click();
        assertThat(steward.locator("h1")).hasText("Identity exception " + exception);
        steward.getByTestId("same-person-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("Linked as the same person");
        assertEquals(existing, IdentityFixtures.clientOfEvent(eventId));

        assertEquals(200, northgate.navigate(Browser.PORTAL_URL + "/clients/" + existing).status());
        assertThat(northgate.locator("main")).containsText(details);
        assertThat(northgate.locator("main")).containsText("Follow-up contact scheduled");
        assertFalse(northgate.content().contains(note), "Riverside's fields stay outside Northgate's agreements");
        harbor.navigate(Browser.PORTAL_URL + "/worklist?q=" + family);
        assertThat(harbor.locator("tr", new Page.LocatorOptions().setHasText(family))).isVisible();
        assertEquals(0, harbor.getByTestId("identity-check-flag").count(), "no flag once the steward has confirmed");

        steward.locator("#undo-reason").fill("Wrong person chosen.");
        steward.getByTestId("undo-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("undone");
        assertEquals(provisional, IdentityFixtures.clientOfEvent(eventId));
        assertEquals(403, northgate.navigate(Browser.PORTAL_URL + "/clients/" + existing).status());
        northgate.context().close();
        harbor.context().close();
        steward.context().close();
    }

    @Test
    void theSameMedicaidIdTypedIntoTheFormLinksAndABadOneIsNamedAndStoresNothing() {
        String family = IdentityFixtures.family("Formstrong");
        String medicaid = IdentityFixtures.medicaid();
        long existing = IdentityFixtures.clientOfEvent(
                IdentityFixtures.riversideFollowUp(family, "Riverside note", medicaid).get("id").asLong());

        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        fillHousingAlert(northgate, "NHA-" + UUID.randomUUID(), family, "Notice served");
        northgate.getByLabel("Medicaid member ID (optional)").fill("not a number!");
        long before = TestDatabase.storedRows();
        northgate.getByTestId("share-button").click();
        assertThat(northgate.getByTestId("error-client.medicaidId")).containsText("not a valid Medicaid member ID");
        assertEquals(before, TestDatabase.storedRows(), "a bad Medicaid id stores nothing");

        northgate.getByLabel("Medicaid member ID (optional)").fill(medicaid.substring(0, 6) + "-" + medicaid.substring(6));
        long eventId = share(northgate);
        assertEquals(existing, IdentityFixtures.clientOfEvent(eventId), "linked by the strong identifier");
        assertEquals(200, northgate.navigate(Browser.PORTAL_URL + "/clients/" + existing).status());
        northgate.context().close();
    }

    @Test
    void staffRaisingFromARecordTheirAgencyHoldsLinkToThatClient() {
        String family = IdentityFixtures.family("Fromrecord");
        long existing = IdentityFixtures.clientOfEvent(IdentityFixtures.riversideFollowUp(family, "Riverside note", null).get("id").asLong());

        Page eastside = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        eastside.navigate(Browser.PORTAL_URL + "/events/new?type=URGENT_ACCESS_PROBLEM&client=" + existing);
        assertThat(eastside.getByTestId("prefilled-client")).containsText(family);
        eastside.getByLabel("Your agency's ID for this person").fill("ECR-" + UUID.randomUUID());
        control(eastside, "data.problem").selectOption("no_heating");
        control(eastside, "data.description").fill("Boiler failed overnight.");
        eastside.locator("[id='data.vulnerableHousehold']").check();
        long eventId = share(eastside);
        assertEquals(existing, IdentityFixtures.clientOfEvent(eventId), "the client the record was opened for");
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM identity_exception WHERE ? = ANY(candidate_client_ids)", existing));
        eastside.context().close();
    }
}
