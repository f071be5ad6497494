package org.carerelay.raise;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Raising an event from the portal: choose, fill, preview the recipients, share; and the event guide. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class RaiseEventIT {

    static final String SCRIPT = "<script>alert(1)</script>";

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static String unique(String prefix) {
        return prefix + org.carerelay.harness.TestNames.letters(6);
    }

    static Locator control(Page page, String name) {
        return page.locator("[id='" + name + "']");
    }

    /** Opens the housing alert form from the list of events and fills the person and the required fields. */
    static void startHousingAlert(Page page, String localId, String family, String details) {
        page.navigate(Browser.PORTAL_URL + "/events/new");
        assertThat(page.locator("h1")).hasText("Raise an event");
        page.getByTestId("choice-HOUSING_INSTABILITY_ALERT").getByRole(AriaRole.LINK).click();
        page.waitForURL(url -> url.contains("type=HOUSING_INSTABILITY_ALERT"));
        page.getByLabel("Your agency's ID for this person").fill(localId);
        page.getByLabel("Given name").fill("Rosa");
        page.getByLabel("Family name").fill(family);
        page.getByLabel("Date of birth").fill("1961-07-09");
        control(page, "data.riskType").selectOption("eviction_notice");
        control(page, "data.rentArrearsAmount").fill("1250.50");
        control(page, "data.details").fill(details);
    }

    static long share(Page page) {
        page.getByTestId("share-button").click();
        page.waitForURL(url -> url.contains("/sent?raised="));
        return Long.parseLong(page.url().replaceAll(".*raised=(\\d+).*", "$1"));
    }

    @Test
    void officerPreviewsTheRecipientsThenSharesAHousingAlert() {
        Page page = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        page.navigate(Browser.PORTAL_URL + "/events/new");
        assertEquals(0, page.getByTestId("choice-DISCHARGE_HANDOVER").count(), "Northgate cannot send discharge handovers");
        String family = unique("Raiseperson");
        String localId = "NG-" + UUID.randomUUID();
        startHousingAlert(page, localId, family, "Notice served on 20 Nov; court date pending.");
        control(page, "data.healthImpactNotes").fill("Anxiety worsening since the notice");

        long before = TestDatabase.storedRows();
        page.getByTestId("preview-button").click();
        Locator recipients = page.getByTestId("recipient");
        assertThat(recipients).hasCount(2);
        assertTrue(page.url().contains("type=HOUSING_INSTABILITY_ALERT"), "the preview is swapped in by htmx: " + page.url());
        assertThat(page.getByTestId("recipients")).containsText("County Welfare and Benefits Support");
        assertThat(page.getByTestId("recipients")).containsText("Harbor Community Support");
        for (int i = 0; i < 2; i++) {
            Locator recipient = recipients.nth(i);
            assertThat(recipient.getByTestId("fields-seen")).containsText("Details");
            assertThat(recipient.getByTestId("fields-seen")).not().containsText("Health impact notes");
            assertThat(recipient.getByTestId("fields-withheld")).containsText("Health impact notes");
            assertThat(recipient).containsText("Care coordination");
        }
        Browser.screenshot(page, "raise-preview");
        assertEquals(before, TestDatabase.storedRows(), "a preview stores nothing");

        // A required field left empty: the form comes back with the message next to the field; nothing stored.
        control(page, "data.details").fill("");
        page.getByTestId("share-button").click();
        assertThat(page.getByTestId("error-summary")).containsText("Details");
        assertThat(page.getByTestId("error-data.details")).containsText("required");
        assertThat(control(page, "data.healthImpactNotes")).hasValue("Anxiety worsening since the notice");
        assertThat(page.getByLabel("Family name")).hasValue(family);
        Browser.screenshot(page, "raise-missing-field");
        assertEquals(before, TestDatabase.storedRows(), "an invalid event stores nothing");

        // A number that is not one is named too.
        control(page, "data.details").fill("Notice served on 20 Nov; court date pending.");
        control(page, "data.rentArrearsAmount").evaluate("e => { e.type = 'text'; e.value = 'lots'; }");
        page.getByTestId("share-button").click();
        assertThat(page.getByTestId("error-data.rentArrearsAmount")).containsText("must be a number");
        assertEquals(before, TestDatabase.storedRows());

        control(page, "data.rentArrearsAmount").fill("1250.50");
        long eventId = share(page);
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM shared_event WHERE id = ? AND type_code = 'HOUSING_INSTABILITY_ALERT'"
                + " AND submitted_by = ? AND jsonb_typeof(data->'rentArrearsAmount') = 'number'"
                + " AND data->>'healthImpactNotes' = 'Anxiety worsening since the notice'", eventId, DemoUsers.OFFICER_NORTHGATE));
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM delivery WHERE event_id = ?", eventId));
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM delivery WHERE event_id = ? AND 'healthImpactNotes' = ANY(shared_fields)", eventId));
        assertTrue(TestDatabase.number("SELECT count(*) FROM shared_event WHERE id = ? AND occurred_at > now() - interval '1 hour'"
                + " AND occurred_at <= now()", eventId) == 1, "occurred at defaults to now");

        // Starting from the client: the person is known, with the agency's own ID.
        long clientId = TestDatabase.number("SELECT client_id FROM shared_event WHERE id = ?", eventId);
        page.navigate(Browser.PORTAL_URL + "/events/new?type=HOUSING_INSTABILITY_ALERT&client=" + clientId);
        assertThat(page.getByTestId("prefilled-client")).containsText(family);
        assertThat(page.getByTestId("prefilled-client")).containsText(localId);
        assertEquals(0, page.getByLabel("Given name").count(), "the person is not typed again");
        page.context().close();
    }

    @Test
    void anEventNoAgreementCoversIsRefusedWithTheReason() {
        Page page = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        page.navigate(Browser.PORTAL_URL + "/events/new?type=DISCHARGE_HANDOVER");
        assertThat(page.getByTestId("notice")).containsText("Your agency cannot send");

        long before = TestDatabase.storedRows();
        APIResponse response = page.request().post(Browser.PORTAL_URL + "/events", Browser.fromPortalPage(page).setMaxRedirects(0)
                .setForm(FormData.create().set("type", "SYMPTOM_DETERIORATION").set("client.localId", "NG-" + UUID.randomUUID())
                        .set("client.givenName", "Ann").set("client.familyName", unique("Norefusal")).set("client.birthDate", "1970-01-02")
                        .set("occurredAt", "2026-01-05T10:00").set("data.symptom", "Breathless").set("data.severity", "mild")
                        .set("data.reportedVia", "phone").set("data.observedAt", "2026-01-05T09:00")));
        assertEquals(422, response.status());
        assertTrue(response.text().contains("No sharing agreement lets Northgate Housing Association send SYMPTOM_DETERIORATION"),
                response.text());
        assertEquals(before, TestDatabase.storedRows());
        page.context().close();
    }

    @Test
    void scriptInATextFieldIsStoredAsWrittenAndShownAsText() {
        Page officer = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        startHousingAlert(officer, "NG-" + UUID.randomUUID(), unique("Scriptperson"), SCRIPT);
        long eventId = share(officer);
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM shared_event WHERE id = ? AND data->>'details' = ?", eventId, SCRIPT));
        long clientId = TestDatabase.number("SELECT client_id FROM shared_event WHERE id = ?", eventId);
        officer.context().close();

        Page advisor = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        List<String> dialogs = new CopyOnWriteArrayList<>();
        advisor.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        advisor.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        Locator details = advisor.locator("[data-testid='event-" + eventId + "'] dd[data-field='details']");
        assertThat(details).hasText(SCRIPT);
        assertTrue(advisor.content().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped in the page source");
        advisor.waitForTimeout(500);
        Browser.screenshot(advisor, "raise-script-shown-as-text");
        assertEquals(List.of(), dialogs, "no script ran");
        advisor.context().close();
    }

    @Test
    void behavioralHealthPreviewSaysMinimumNoticeWithoutConsent() {
        Page page = browser.loginAs(DemoUsers.CLINICIAN_MINDBRIDGE);
        page.navigate(Browser.PORTAL_URL + "/events/new?type=MEDICATION_ADHERENCE_RISK_CHANGE");
        page.getByLabel("Your agency's ID for this person").fill("MB-" + UUID.randomUUID());
        page.getByLabel("Given name").fill("Sam");
        page.getByLabel("Family name").fill(unique("Consentperson"));
        page.getByLabel("Date of birth").fill("1990-03-04");
        control(page, "data.medication").fill("Lithium");
        control(page, "data.currentRisk").selectOption("high");
        page.getByTestId("preview-button").click();
        assertThat(page.getByTestId("preview-errors")).containsText("Reason for the change");
        assertThat(page.getByTestId("error-data.reason")).containsText("required");
        assertEquals(0, page.getByTestId("recipient").count(), "errors instead of recipients");
        control(page, "data.reason").fill("Missed two pharmacy collections");
        page.getByTestId("preview-button").click();
        assertThat(page.getByTestId("recipient")).hasCount(1);
        assertThat(page.getByTestId("recipient-agency")).hasText("Harbor Community Support");
        assertThat(page.getByTestId("consent")).containsText("minimum notice only unless consent is recorded");
        page.context().close();
    }

    @Test
    void guideShowsWhatEachEventMeansAndWhoReceivesItFromTheReadersAgency() {
        Page page = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        page.navigate(Browser.PORTAL_URL + "/guide");
        assertThat(page.locator("h1")).hasText("Event guide");
        Locator handover = page.getByTestId("type-DISCHARGE_HANDOVER");
        assertThat(handover.getByTestId("meaning")).containsText(
                "The person is leaving (or has left) hospital and needs community follow-up.");
        assertThat(handover.getByTestId("recipients")).containsText("Eastside Community Response Team");
        assertThat(handover.getByTestId("recipients")).not().containsText("Harbor");
        assertThat(handover).containsText("Medication risk flags");
        assertThat(page.getByTestId("type-HOUSING_INSTABILITY_ALERT").getByTestId("no-recipients")).containsText("Your agency cannot send this");
        assertThat(page.getByTestId("pathway-behavioral_health")).containsText("Behavioral-health continuity");
        Browser.screenshot(page, "event-guide");
        page.context().close();
    }
}
