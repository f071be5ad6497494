package org.carerelay.privacy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.file.Files;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The privacy officer's pages in a real Chromium, signed in through Keycloak: the access log (filters,
 * bad filters, CSV), the accounting of disclosures (page, print view, CSV), and break-glass end to
 * end (a frontline user of an agency without a relationship requests emergency access, Eastside's
 * privacy officer reviews it). Data comes in through the partner API; checks beneath go to the database.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class PrivacyPagesIT {

    static final Locator.GetByLabelOptions EXACT = new Locator.GetByLabelOptions().setExact(true);
    static final String PURPOSE = "Safe transfer of care after discharge";
    static Browser browser; // one Chromium for the class, set by PortalUnderTest
    static long clientId;
    static long deliveryId;

    @BeforeAll
    static void setUp() {
        clientId = PartnerEvents.share("ingest-riverside-hospital", "SYMPTOM_DETERIORATION", "PRIV-" + UUID.randomUUID(),
                EventBodies.fields("symptom", "Breathless at rest", "severity", "moderate", "reportedVia", "remote_monitoring",
                        "observedAt", "2026-11-24T09:00:00Z", "vitalSigns", "SpO2 91%"));
        deliveryId = TestDatabase.number("SELECT id FROM delivery WHERE client_id = ?", clientId);
        long eastside = TestDatabase.number("SELECT id FROM agency WHERE slug = 'eastside-community'");
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM care_relationship WHERE client_id = ? AND agency_id = ?", clientId, eastside),
                "Eastside received the event, so it holds the client's records");
    }

    @Test
    void accessLogShowsTheResponderViewFiltersAndExports() throws Exception {
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(responder.locator("h1")).containsText("Dana");
        responder.context().close();
        long viewId = TestDatabase.number("""
                SELECT max(id) FROM audit_entry WHERE username = 'responder.eastside' AND client_id = ? AND action = 'view'
                AND outcome = 'allowed'""", clientId);
        assertTrue(viewId > 0, "the responder's view was audited");

        Page officer = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE);
        assertTrue(officer.url().endsWith("/privacy"), "a privacy officer lands on the privacy start page: " + officer.url());
        assertThat(officer.locator("h1")).hasText("Privacy");
        officer.locator("nav").getByText("Access log").click();
        assertThat(officer.locator("h1")).hasText("Access log");
        Locator row = officer.getByTestId("entry-" + viewId);
        assertThat(row).isVisible();
        assertThat(row.locator("[data-col=user]")).hasText(DemoUsers.RESPONDER_EASTSIDE);
        assertThat(row.locator("[data-col=action]")).hasText("view");
        assertThat(row.locator("[data-col=client]")).hasText(String.valueOf(clientId));
        assertThat(row).containsText("Eastside Community Response Team");
        assertThat(row).containsText("Frontline staff");
        assertThat(row).containsText("SYMPTOM_DETERIORATION.symptom");
        Browser.screenshot(officer, "privacy-access-log");

        // filter by user (a prefix) and client: only the responder's entries about this client
        officer.getByLabel("User (username, or its beginning)").fill("responder.east");
        officer.getByLabel("Client id").fill(String.valueOf(clientId));
        officer.getByText("Apply filters").click();
        officer.waitForURL(url -> url.contains("user=responder.east"));
        assertThat(officer.getByTestId("entry-" + viewId)).isVisible();
        Locator rows = officer.locator("[data-testid=access-log] tbody tr");
        for (int i = 0; i < rows.count(); i++) {
            assertEquals(DemoUsers.RESPONDER_EASTSIDE, rows.nth(i).getAttribute("data-user"));
            assertEquals(String.valueOf(clientId), rows.nth(i).getAttribute("data-client"));
        }
        officer.getByLabel("User (username, or its beginning)").fill(DemoUsers.PRIVACY_EASTSIDE);
        officer.getByText("Apply filters").click();
        officer.waitForURL(url -> url.contains("user=privacy.eastside"));
        assertThat(officer.getByTestId("entry-" + viewId)).hasCount(0);

        // CSV with the same filters: the row, and an export audit entry
        officer.navigate(Browser.PORTAL_URL + "/privacy/access-log?user=responder.eastside&client=" + clientId + "&action=view");
        long exportsBefore = exports("access-log");
        Download download = officer.waitForDownload(() -> officer.getByTestId("csv-link").click());
        String csv = Files.readString(download.path());
        assertTrue(csv.startsWith("\"id\",\"time\",\"user\""), csv);
        assertTrue(csv.contains("\"" + viewId + "\",") && csv.contains("\"responder.eastside\"") && csv.contains("\"view\""), csv);
        assertTrue(csv.contains("\"" + clientId + "\""), csv);
        assertEquals(exportsBefore + 1, exports("access-log"), "the download is audited as an export");

        // a bad filter is named, and nothing is shown
        Response bad = officer.navigate(Browser.PORTAL_URL + "/privacy/access-log?from=2026-02-30&client=" + clientId);
        assertEquals(400, bad.status());
        assertThat(officer.getByTestId("filter-errors")).containsText("From date");
        assertThat(officer.getByTestId("filter-errors")).containsText("2026-02-30");
        assertThat(officer.locator("[data-testid=access-log]")).hasCount(0);
        officer.navigate(Browser.PORTAL_URL + "/privacy/access-log?action=peek&client=abc");
        assertThat(officer.getByTestId("filter-errors")).containsText("Action");
        assertThat(officer.getByTestId("filter-errors")).containsText("Client id");
        Browser.screenshot(officer, "privacy-access-log-bad-filter");
        officer.context().close();
    }

    @Test
    void accessLogPagesOlderEntriesByKeyset() {
        Page officer = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE);
        String ownLists = Browser.PORTAL_URL + "/privacy/access-log?user=privacy.eastside&action=list";
        for (int i = 0; i < 55; i++) { // each listing is itself audited: at least 55 list entries by the officer
            assertEquals(200, officer.request().get(ownLists).status());
        }
        officer.navigate(ownLists);
        Locator rows = officer.locator("[data-testid=access-log] tbody tr");
        assertThat(rows).hasCount(50);
        long lastOnFirstPage = Long.parseLong(rows.nth(49).getAttribute("data-testid").substring("entry-".length()));
        officer.getByTestId("older-link").click();
        officer.waitForURL(url -> url.contains("before=" + lastOnFirstPage));
        assertTrue(rows.count() >= 5, "the older page continues the log");
        for (int i = 0; i < rows.count(); i++) {
            long id = Long.parseLong(rows.nth(i).getAttribute("data-testid").substring("entry-".length()));
            assertTrue(id < lastOnFirstPage, "older page shows only older entries: " + id);
            assertEquals("list", rows.nth(i).getAttribute("data-action"));
        }
        assertThat(officer.getByLabel("Action")).hasValue("list");
        officer.context().close();
    }

    @Test
    void disclosuresListTheDeliveryToEastsideWithItsLegalBasis() throws Exception {
        Page officer = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE);
        officer.getByLabel("Client id").fill(String.valueOf(clientId));
        officer.getByText("Show disclosures").click();
        officer.waitForURL(url -> url.endsWith("/privacy/clients/" + clientId + "/disclosures"));
        assertThat(officer.locator("h1")).hasText("Accounting of disclosures");
        Locator row = officer.getByTestId("delivery-" + deliveryId);
        assertThat(row.locator("[data-col=recipient]")).hasText("Eastside Community Response Team");
        assertThat(row.locator("[data-col=source]")).containsText("Riverside");
        assertThat(row.locator("[data-col=description]")).containsText("Symptom deterioration reported: Symptom, Severity");
        assertThat(row.locator("[data-col=legal-basis]")).hasAttribute("data-legal-basis", "treatment");
        assertThat(row.locator("[data-col=legal-basis]")).containsText("Treatment");
        assertThat(row.locator("[data-col=purpose]")).containsText(PURPOSE);
        assertTrue(TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'privacy.eastside' AND action = 'view'
                AND resource_type = 'disclosures' AND client_id = ?""", clientId) >= 1, "the accounting view is audited");
        Browser.screenshot(officer, "privacy-disclosures");

        officer.getByTestId("print-link").click();
        officer.waitForURL(url -> url.endsWith("/disclosures/print"));
        assertThat(officer.locator("nav")).hasCount(0);
        assertThat(officer.locator("h1")).hasCount(1);
        assertThat(officer.getByTestId("delivery-" + deliveryId)).containsText(PURPOSE);
        Browser.screenshot(officer, "privacy-disclosures-print");
        officer.navigate(Browser.PORTAL_URL + "/privacy/clients/" + clientId + "/disclosures?print=true");
        assertThat(officer.locator("nav")).hasCount(0);
        assertThat(officer.getByTestId("delivery-" + deliveryId)).isVisible();

        long exportsBefore = exports("disclosures");
        APIResponse csv = officer.request().get(Browser.PORTAL_URL + "/privacy/clients/" + clientId + "/disclosures.csv");
        assertEquals(200, csv.status());
        assertTrue(csv.headers().get("content-type").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.headers().get("content-disposition").startsWith("attachment"), csv.headers().toString());
        assertTrue(csv.text().contains("\"treatment\"") && csv.text().contains("\"Eastside Community Response Team\""), csv.text());
        assertTrue(csv.text().contains(PURPOSE), csv.text());
        assertEquals(exportsBefore + 1, exports("disclosures"));
        officer.context().close();
    }

    @Test
    void otherRolesAndOtherAgenciesClientsAreRefused() {
        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        assertEquals(403, responder.navigate(Browser.PORTAL_URL + "/privacy/access-log").status());
        assertEquals(403, responder.navigate(Browser.PORTAL_URL + "/privacy/break-glass").status());
        assertEquals(403, responder.navigate(Browser.PORTAL_URL + "/privacy/clients/" + clientId + "/disclosures").status());
        responder.context().close();

        // a client only Northgate, County Welfare and Harbor hold: Eastside's officer may not see their disclosures
        long housingClient = PartnerEvents.share("ingest-northgate-housing", "HOUSING_INSTABILITY_ALERT", "PRIV-" + UUID.randomUUID(),
                EventBodies.fields("riskType", "eviction_notice", "details", "Notice served after four months of arrears."));
        Page officer = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE);
        Response refused = officer.navigate(Browser.PORTAL_URL + "/privacy/clients/" + housingClient + "/disclosures");
        assertEquals(403, refused.status());
        assertTrue(TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'privacy.eastside' AND outcome = 'denied'
                AND resource_type = 'disclosures' AND client_id = ?""", housingClient) >= 1, "the refusal is audited");
        officer.context().close();
    }

    @Test
    void breakGlassIsRequestedAuditedAndReviewedByTheHoldingAgency() {
        long northgate = TestDatabase.number("SELECT id FROM agency WHERE slug = 'northgate-housing'");
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM care_relationship WHERE client_id = ? AND agency_id = ?",
                clientId, northgate), "Northgate has no relationship with this client");

        Page frontline = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        frontline.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        assertThat(frontline.locator("h1")).hasText("You cannot open this record");
        frontline.getByText("Request emergency access").click();
        assertThat(frontline.locator("h1")).hasText("Request emergency access");
        frontline.locator("#reason-urgent_clinical_need").check();
        frontline.locator("#justification").fill("Too short.");
        frontline.locator("form.form").evaluate("form => form.noValidate = true"); // let the server judge it
        frontline.getByText("Open the record with emergency access").click();
        assertThat(frontline.locator("#error-summary")).containsText("at least 30 characters");
        assertEquals(0, grants(), "no grant for a too-short justification");

        frontline.locator("#reason-urgent_clinical_need").check();
        frontline.locator("#justification").fill("Found collapsed at the tenancy; paramedics need current medication and allergies.");
        frontline.getByText("Open the record with emergency access").click();
        frontline.waitForURL(url -> url.endsWith("/clients/" + clientId));
        assertThat(frontline.getByTestId("break-glass-banner")).isVisible();
        Browser.screenshot(frontline, "privacy-break-glass-record");
        frontline.context().close();
        assertEquals(1, grants());
        long grantId = TestDatabase.number("SELECT id FROM break_glass_grant WHERE client_id = ? AND username = 'officer.northgate'", clientId);
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE action = 'break_glass' AND username = 'officer.northgate' AND client_id = ?""",
                clientId));

        Page officer = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE);
        officer.locator("nav").getByText("Break-glass reviews").click();
        Locator grant = officer.getByTestId("grant-" + grantId);
        assertThat(grant.locator("[data-col=who]")).hasText("officer.northgate, Northgate Housing Association");
        assertThat(grant.locator("[data-col=reason]")).containsText("Urgent clinical need");
        assertThat(grant.locator("[data-col=justification]")).containsText("Found collapsed at the tenancy");
        grant.getByLabel("Not appropriate", EXACT).check();
        grant.getByText("Record review").click();
        assertThat(officer.getByTestId("review-error")).containsText("Note");
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM break_glass_grant WHERE id = ? AND review_outcome IS NOT NULL", grantId),
                "nothing stored without the note");

        grant = officer.getByTestId("grant-" + grantId);
        assertThat(grant.getByLabel("Not appropriate", EXACT)).isChecked();
        grant.locator("textarea").fill("Housing staff should have called 911; the care team was reachable.");
        grant.getByText("Record review").click();
        assertThat(officer.getByTestId("review-confirmation")).containsText("emergency access " + grantId);
        assertThat(officer.getByTestId("grant-" + grantId)).hasCount(0);
        assertThat(officer.getByTestId("reviewed-" + grantId).locator("[data-col=review]")).containsText("not appropriate");
        assertThat(officer.getByTestId("reviewed-" + grantId)).containsText("the care team was reachable");
        Browser.screenshot(officer, "privacy-break-glass-reviewed");
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM break_glass_grant WHERE id = ? AND review_outcome = 'not_appropriate'
                AND reviewed_by = 'privacy.eastside' AND reviewed_at IS NOT NULL AND review_note LIKE 'Housing staff%'""", grantId));
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE action = 'review' AND resource_type = 'break-glass-grant' AND resource_id = ?
                AND username = 'privacy.eastside' AND client_id = ?""", String.valueOf(grantId), clientId));

        // the emergency access appears in the access log and in the client's accounting of disclosures
        officer.navigate(Browser.PORTAL_URL + "/privacy/access-log?action=break_glass&client=" + clientId);
        assertThat(officer.locator("[data-testid=access-log] tbody tr[data-user='officer.northgate']")).hasCount(1);
        officer.navigate(Browser.PORTAL_URL + "/privacy/clients/" + clientId + "/disclosures");
        assertThat(officer.getByTestId("emergency_access-" + grantId).locator("[data-col=description]"))
                .containsText("emergency access by officer.northgate of Northgate Housing Association");
        officer.context().close();
    }

    private static long grants() {
        return TestDatabase.number("SELECT count(*) FROM break_glass_grant WHERE client_id = ?", clientId);
    }

    private static long exports(String resourceType) {
        return TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'privacy.eastside' AND action = 'export' AND resource_type = ?""",
                resourceType);
    }
}
