package org.carerelay.handover;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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

/** A nurse writes a discharge handover in the portal: draft, edit, submit; bad values are named at the field. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HandoverFormIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static Locator control(Page page, String id) {
        return page.locator("[id='" + id + "']");
    }

    static long handoverRows() {
        return TestDatabase.number("SELECT (SELECT count(*) FROM handover) + (SELECT count(*) FROM handover_action_item) + (SELECT count(*) FROM handover_query)");
    }

    /** Everything but mobility concerns. */
    static void fill(Page page, String localId, String family) {
        page.getByLabel("Your hospital's ID for this person").fill(localId);
        page.getByLabel("Given name").fill("Walter");
        page.getByLabel("Family name").fill(family);
        page.getByLabel("Date of birth").fill("1944-05-17");
        page.getByLabel("Discharge date").fill("2026-11-25");
        page.getByLabel("Discharge recommendation").selectOption("home_with_support");
        page.getByLabel("Urgency").selectOption("urgent_review");
        page.getByLabel("Triage notes").fill("Chest infection treated; oxygen weaned.");
        page.getByLabel("Medication (row 1)").fill("Furosemide");
        page.getByLabel("Risk (row 1)").fill("Dehydration if fluids drop");
        page.getByLabel("Severity (row 1)").selectOption("medium");
        page.getByLabel("Follow-up needs").fill("GP review in a week\nDaily weight check");
        page.getByLabel("If … (rule 1)").fill("Breathless at rest");
        page.getByLabel("Then … (rule 1)").fill("Call 911");
        page.getByLabel("Action (item 1)").fill("First contact at home");
        page.getByLabel("Window (item 1)").selectOption("24");
    }

    @Test
    void nurseSavesADraftEditsItAndSubmitsItIncomplete() {
        Page page = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        page.navigate(Browser.PORTAL_URL + "/handovers/new");
        assertThat(page.locator("h1")).hasText("New discharge handover");
        assertThat(page.getByLabel("Responsible agency (item 1)")).hasValue("eastside-community");
        String localId = "RIV-" + UUID.randomUUID();
        String family = "Handover" + UUID.randomUUID().toString().replaceAll("[0-9-]", "").substring(0, 6);
        fill(page, localId, family);
        page.getByTestId("save-draft").click();
        page.waitForURL(url -> url.matches(".*/handovers/drafts/\\d+/edit.*"));
        long draftId = Long.parseLong(page.url().replaceAll(".*/drafts/(\\d+)/edit.*", "$1"));
        assertThat(page.getByTestId("saved-notice")).containsText("Draft saved");
        assertThat(page.getByTestId("missing-notice")).containsText("mobility and functional concerns");
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover WHERE id = ? AND status = 'draft'", draftId));
        assertThat(page.getByLabel("Family name")).hasValue(family);
        assertThat(page.getByLabel("Medication (row 1)")).hasValue("Furosemide");
        Browser.screenshot(page, "handover-draft");

        page.navigate(Browser.PORTAL_URL + "/handovers/drafts");
        assertThat(page.getByTestId("draft-" + draftId)).containsText(family);
        page.getByTestId("draft-" + draftId).getByText("Edit draft").click();
        page.waitForURL(url -> url.contains("/handovers/drafts/" + draftId + "/edit"));

        // edit: a second action item due in 72 hours, then submit
        page.getByLabel("Action (item 2)").fill("Medication review");
        page.getByLabel("Window (item 2)").selectOption("72");
        page.getByTestId("submit-handover").click();
        page.waitForURL(url -> url.matches(".*/handovers/" + draftId + "([?#].*)?$"));
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM handover WHERE id = ? AND status = 'submitted' AND incomplete
                AND 'mobilityConcerns' = ANY(missing) AND event_id IS NOT NULL""", draftId));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ? AND automatic", draftId));
        assertEquals(2, TestDatabase.number("""
                SELECT count(*) FROM handover_action_item i JOIN agency a ON a.id = i.responsible_agency_id
                WHERE i.handover_id = ? AND a.slug = 'eastside-community'""", draftId));
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM handover h JOIN handover_action_item i ON i.handover_id = h.id
                WHERE h.id = ? AND i.window_hours = 72 AND i.due_at = h.submitted_at + interval '72 hours'""", draftId));

        // a submitted handover is corrected, not edited
        page.navigate(Browser.PORTAL_URL + "/handovers/drafts/" + draftId + "/edit");
        assertThat(page.getByTestId("notice")).containsText("corrected, not edited");
    }

    @Test
    void badWindowHoursAreNamedAtTheFieldAndNothingIsStored() {
        Page page = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        page.navigate(Browser.PORTAL_URL + "/handovers/new");
        String family = "Window" + UUID.randomUUID().toString().replaceAll("[0-9-]", "").substring(0, 6);
        fill(page, "RIV-" + UUID.randomUUID(), family);
        page.getByLabel("Window (item 1)").selectOption("custom");
        page.getByLabel("Hours, if other (item 1)").fill("0");
        long rows = TestDatabase.storedRows();
        long handovers = handoverRows();
        page.getByTestId("submit-handover").click();
        assertThat(page.getByTestId("error-summary")).containsText("Action item window (item 1)");
        assertThat(page.getByTestId("error-item-0-window")).containsText("1 to 2160");
        assertThat(page.getByLabel("Family name")).hasValue(family);
        assertThat(page.getByLabel("Hours, if other (item 1)")).hasValue("0");
        Browser.screenshot(page, "handover-bad-window");
        assertEquals(rows, TestDatabase.storedRows());
        assertEquals(handovers, handoverRows());

        page.getByLabel("Hours, if other (item 1)").fill("soon");
        page.getByTestId("save-draft").click();
        assertThat(page.getByTestId("error-item-0-window")).containsText("whole number");
        assertEquals(rows, TestDatabase.storedRows());
        assertEquals(handovers, handoverRows());
        assertTrue(page.url().endsWith("/handovers"), page.url());
    }

    @Test
    void onlyAgenciesThatReceiveTheHandoverCanBeResponsibleAndACraftedOneIsNamedAtTheField() {
        Page page = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        page.navigate(Browser.PORTAL_URL + "/handovers/new");
        Locator agency = page.getByLabel("Responsible agency (item 1)");
        assertThat(agency.locator("option[value='eastside-community']")).hasCount(1);
        assertThat(agency.locator("option[value='riverside-hospital']")).hasCount(1);
        assertThat(agency.locator("option[value='county-commissioning']")).hasCount(0);
        assertThat(agency.locator("option[value='harbor-support']")).hasCount(0);

        String family = "Crafted" + org.carerelay.harness.TestNames.letters(6);
        fill(page, "RIV-" + UUID.randomUUID(), family);
        // a crafted request: the commissioners never receive handovers
        agency.evaluate("s => { s.add(new Option('County commissioning', 'county-commissioning')); s.value = 'county-commissioning'; }");
        long rows = TestDatabase.storedRows();
        long handovers = handoverRows();
        page.getByTestId("submit-handover").click();
        assertThat(page.getByTestId("error-summary")).containsText("Action item responsible agency (item 1)");
        assertThat(page.getByTestId("error-item-0-agency")).containsText("county-commissioning does not receive this handover");
        assertThat(page.getByLabel("Family name")).hasValue(family);
        assertEquals(rows, TestDatabase.storedRows());
        assertEquals(handovers, handoverRows());
        page.context().close();
    }
}
