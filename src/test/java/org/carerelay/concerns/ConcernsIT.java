package org.carerelay.concerns;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
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
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multi-agency concerns end to end: Northgate's housing alert, Welfare's missed contact and a follow-up MindBridge
 * scheduled for Harbor that falls overdue (the app's clock moved on) raise one concern for every agency involved, each
 * naming only what that agency may see; a fourth signal joins it; Eastside's lead closes it as not a concern and the
 * commissioners' report counts it. Then the consent case, shadow mode and refused rule definitions.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConcernsIT {

    static final String TAG = TestNames.letters(6);
    static Browser browser;

    @AfterAll
    static void resetClock() {
        RestAssured.given().contentType("application/json").post("/test-support/clock/reset").then().statusCode(200);
    }

    static ObjectNode person(String prefix, String medicaid, String family) {
        return ClientBodies.withMedicaid(ClientBodies.person(prefix + "-" + TAG + family, "Rowan", family + TAG, "1961-03-09"), medicaid);
    }

    static void share(String partner, String type, ObjectNode client, Instant at, ObjectNode data) {
        PartnerApi.share(partner, EventBodies.event(type, client, at, data));
    }

    static long concernOf(long clientId, boolean shadow) {
        return TestDatabase.number("SELECT coalesce(max(id), 0) FROM concern WHERE client_id = ? AND shadow = ?", clientId, shadow);
    }

    static long deliveryAt(long concernId, String agency) {
        return TestDatabase.number("""
                SELECT coalesce(max(d.id), 0) FROM delivery d JOIN concern c ON c.event_id = d.event_id JOIN agency a ON a.id = d.recipient_agency_id
                WHERE c.id = ? AND a.slug = ?""", concernId, agency);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void threeAgenciesSignalsRaiseOneConcernForEveryAgencyInvolved() {
        String medicaid = "CN" + TAG.toUpperCase() + "A1";
        String family = "Concern";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        share(PartnerTokens.NORTHGATE, "HOUSING_INSTABILITY_ALERT", person("NG", medicaid, family), now.minus(Duration.ofHours(2)),
                EventBodies.fields("riskType", "rent_arrears", "details", "Boiler broken, arrears " + TAG));
        share(PartnerTokens.WELFARE, "MISSED_WELFARE_CONTACT", person("CW", medicaid, family), now.minus(Duration.ofHours(1)),
                EventBodies.fields("appointmentAt", now.minus(Duration.ofHours(1)), "appointmentType", "benefits_review", "notes", "No answer " + TAG));
        share(PartnerTokens.MINDBRIDGE, "FOLLOW_UP_SCHEDULED", person("MB", medicaid, family), now.minus(Duration.ofMinutes(30)),
                EventBodies.fields("scheduledFor", now.plus(Duration.ofHours(1)), "contactType", "home_visit", "responsibleTeam", "Harbor"));
        long clientId = TestDatabase.number("SELECT client_id FROM client_identifier WHERE local_id = ?", "NG-" + TAG + family);
        assertEquals(0, concernOf(clientId, false), "two signals and a follow-up not yet due: no concern");

        try {
            RestAssured.given().contentType("application/json").post("/test-support/clock/advance?hours=2").then().statusCode(200);
            Eventually.until("the overdue follow-up raises the concern", Duration.ofSeconds(20), () -> concernOf(clientId, false) > 0);
        } finally {
            resetClock();
        }
        long concernId = concernOf(clientId, false);
        for (String agency : List.of("northgate-housing", "county-welfare", "harbor-support", "mindbridge-bh", "eastside-community")) {
            assertTrue(deliveryAt(concernId, agency) > 0, agency + " is involved and receives the concern");
        }
        assertEquals(0, deliveryAt(concernId, "riverside-hospital"), "an uninvolved agency gets nothing");

        Page harbor = browser.loginAs(DemoUsers.WORKER_HARBOR);
        harbor.navigate(Browser.PORTAL_URL + "/worklist?type=MULTI_AGENCY_CONCERN");
        Locator row = harbor.getByTestId("delivery-" + deliveryAt(concernId, "harbor-support"));
        assertThat(row).containsText("Multi-agency concern");
        assertThat(row).containsText("urgent review");
        row.getByTestId("open-concern").click();
        assertThat(harbor.locator("h1")).containsText("Multi-agency concern " + concernId);
        Locator signals = harbor.getByTestId("signal");
        assertThat(signals).hasCount(3);
        assertThat(harbor.getByTestId("signals")).containsText("Housing instability alert");
        assertThat(harbor.getByTestId("signals")).containsText("Northgate Housing Association");
        assertThat(harbor.getByTestId("signals")).containsText("Missed welfare contact");
        assertThat(harbor.getByTestId("signals")).containsText("not followed up by its due time");
        assertFalse(harbor.content().contains("Boiler broken"), "never another agency's field values");
        assertFalse(harbor.content().contains("No answer " + TAG));
        assertThat(harbor.getByTestId("close-form")).hasCount(0);
        Browser.screenshot(harbor, "concern-harbor");

        // a fourth signal joins the open concern
        share(PartnerTokens.WELFARE, "MISSED_WELFARE_CONTACT", person("CW", medicaid, family), now,
                EventBodies.fields("appointmentAt", now, "appointmentType", "welfare_check"));
        assertEquals(concernId, concernOf(clientId, false));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM concern WHERE client_id = ? AND NOT shadow", clientId));
        harbor.reload();
        assertThat(harbor.getByTestId("signal")).hasCount(4);
        harbor.context().close();

        Page welfare = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        welfare.navigate(Browser.PORTAL_URL + "/concerns/" + concernId);
        assertThat(welfare.getByTestId("signal")).hasCount(3);
        assertThat(welfare.getByTestId("unnamed-signals")).containsText("One further signal from another agency");
        assertFalse(welfare.getByTestId("signals").textContent().contains("Follow-up scheduled"), "Welfare never received the follow-up");
        welfare.context().close();

        Page lead = browser.loginAs(DemoUsers.LEAD_EASTSIDE);
        lead.navigate(Browser.PORTAL_URL + "/concerns/" + concernId);
        assertThat(lead.getByTestId("unnamed-signals")).containsText("4 further signals from other agencies");
        lead.locator("#outcome-false").check();
        lead.locator("form[data-testid=close-form] button").click();
        assertThat(lead.getByTestId("notice")).containsText("Reason: say why");
        lead.locator("#outcome-false").check();
        lead.locator("#reason").fill("Known to the team; tenancy already secured " + TAG);
        lead.locator("form[data-testid=close-form] button").click();
        assertThat(lead.getByTestId("concern-status")).containsText("not a concern (false positive)");
        assertThat(lead.getByTestId("closed")).containsText("tenancy already secured");
        lead.context().close();

        Page commissioner = browser.loginAs(DemoUsers.COMMISSIONER_COUNTY);
        commissioner.navigate(Browser.PORTAL_URL + "/reports/concerns");
        Locator ruleRow = commissioner.locator("tr", new Page.LocatorOptions().setHasText("HOUSING_WELFARE_HEALTH_14D"));
        assertThat(ruleRow.first()).isVisible();
        assertTrue(TestDatabase.number("SELECT count(*) FROM concern c JOIN concern_rule r ON r.id = c.rule_id "
                + "WHERE r.code = 'HOUSING_WELFARE_HEALTH_14D' AND c.status = 'false_positive'") >= 1);
        Browser.screenshot(commissioner, "concern-report");
        commissioner.context().close();
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aBehavioralHealthSignalWithoutConsentCountsButIsNotNamed() {
        String medicaid = "CN" + TAG.toUpperCase() + "B2";
        String family = "Consent";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        share(PartnerTokens.MINDBRIDGE, "MISSED_CONTACT_AFTER_CRISIS", person("MB", medicaid, family), now.minus(Duration.ofHours(3)),
                EventBodies.fields("crisisDischargeDate", "2026-01-02", "missedContactAt", now.minus(Duration.ofHours(3)), "contactAttempts", 3,
                        "lastKnownRiskLevel", "high"));
        share(PartnerTokens.WELFARE, "MISSED_WELFARE_CONTACT", person("CW", medicaid, family), now.minus(Duration.ofHours(2)),
                EventBodies.fields("appointmentAt", now.minus(Duration.ofHours(2)), "appointmentType", "welfare_check"));
        share(PartnerTokens.MINDBRIDGE, "SAFEGUARDING_CONCERN", person("MB", medicaid, family), now.minus(Duration.ofHours(1)),
                EventBodies.fields("concernType", "self_neglect", "description", "Not eating " + TAG, "immediateRisk", false));
        long clientId = TestDatabase.number("SELECT client_id FROM client_identifier WHERE local_id = ?", "MB-" + TAG + family);
        long concernId = concernOf(clientId, false);
        assertTrue(concernId > 0, "safeguarding at MindBridge + missed contacts at two agencies: a concern");

        Page harbor = browser.loginAs(DemoUsers.WORKER_HARBOR);
        harbor.navigate(Browser.PORTAL_URL + "/concerns/" + concernId);
        assertThat(harbor.getByTestId("signals")).containsText("Safeguarding concern");
        assertThat(harbor.getByTestId("signals")).containsText("Missed welfare contact");
        assertFalse(harbor.getByTestId("signals").textContent().contains("Missed contact after crisis"),
                "no behavioral-health consent for Harbor: the signal is not named");
        assertThat(harbor.getByTestId("unnamed-signals")).containsText("One further signal from another agency");
        harbor.context().close();

        Page mindbridge = browser.loginAs(DemoUsers.CLINICIAN_MINDBRIDGE);
        mindbridge.navigate(Browser.PORTAL_URL + "/concerns/" + concernId);
        assertThat(mindbridge.getByTestId("signals")).containsText("Missed contact after crisis");
        mindbridge.context().close();
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void rulesPageShadowModeAndRefusedDefinitions() throws Exception {
        Page commissioner = browser.loginAs(DemoUsers.COMMISSIONER_COUNTY);
        commissioner.navigate(Browser.PORTAL_URL + "/concerns/rules");
        assertThat(commissioner.getByTestId("rule-HOUSING_WELFARE_HEALTH_14D-live")).containsText("Missed welfare contact");
        ObjectNode rule = EventBodies.JSON.createObjectNode().put("code", "SHADOW_ACCESS_" + TAG.toUpperCase()).put("title", "Shadow trial")
                .put("meaning", "Two urgent access problems.").put("action", "Check in.").put("status", "shadow").put("windowDays", 7)
                .put("minSignals", 1).put("minAgencies", 1).put("urgency", "urgent_review").put("actionWindowHours", 24);
        rule.putArray("namedRecipients");
        rule.putArray("signals").addObject().put("key", "access").put("label", "Urgent access problem").putArray("eventTypes").add("URGENT_ACCESS_PROBLEM");

        ObjectNode bad = rule.deepCopy().put("windowDays", 0).put("urgency", "soon");
        ((ObjectNode) bad.get("signals").get(0)).putArray("eventTypes").add("NO_SUCH_TYPE");
        APIResponse refused = commissioner.request().post(Browser.PORTAL_URL + "/concerns/rules",
                Browser.fromPortalPage(commissioner).setHeader("Content-Type", "application/json").setData(bad.toString()));
        assertTrue(refused.status() == 400 || refused.status() == 422, refused.status() + " " + refused.text());
        JsonNode problem = EventBodies.JSON.readTree(refused.text());
        String fields = problem.path("errors").toString();
        assertTrue(fields.contains("windowDays") && fields.contains("urgency") && fields.contains("signals[0].eventTypes[0]"), fields);
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM concern_rule WHERE code = ?", "SHADOW_ACCESS_" + TAG.toUpperCase()));

        APIResponse created = commissioner.request().post(Browser.PORTAL_URL + "/concerns/rules",
                Browser.fromPortalPage(commissioner).setHeader("Content-Type", "application/json").setData(rule.toString()));
        assertEquals(201, created.status(), created.text());
        commissioner.context().close();

        String family = "Shadow";
        share(PartnerTokens.NORTHGATE, "URGENT_ACCESS_PROBLEM", person("NG", "CN" + TAG.toUpperCase() + "C3", family), Instant.now(),
                EventBodies.fields("problem", "no_heating", "description", "No heating", "vulnerableHousehold", true));
        long clientId = TestDatabase.number("SELECT client_id FROM client_identifier WHERE local_id = ?", "NG-" + TAG + family);
        assertTrue(concernOf(clientId, true) > 0, "the shadow rule counted a concern");
        assertEquals(0, concernOf(clientId, false));
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM shared_event WHERE client_id = ? AND type_code = 'MULTI_AGENCY_CONCERN'", clientId),
                "a shadow rule delivers nothing");

        Page worker = browser.loginAs(DemoUsers.WORKER_HARBOR);
        APIResponse notCommissioner = worker.request().post(Browser.PORTAL_URL + "/concerns/rules",
                Browser.fromPortalPage(worker).setHeader("Content-Type", "application/json").setData(rule.toString()));
        assertEquals(403, notCommissioner.status());
        worker.context().close();
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void theConcernPageRefusesOtherAgenciesAndRoles() {
        long concernId = TestDatabase.number("SELECT coalesce(max(id), 0) FROM concern WHERE NOT shadow AND event_id IS NOT NULL");
        org.junit.jupiter.api.Assumptions.assumeTrue(concernId > 0);
        long harborHas = TestDatabase.number("""
                SELECT count(*) FROM delivery d JOIN concern c ON c.event_id = d.event_id JOIN agency a ON a.id = d.recipient_agency_id
                WHERE c.id = ? AND a.slug = 'riverside-hospital'""", concernId);
        assertEquals(0, harborHas);
        long deniedBefore = TestDatabase.number("SELECT count(*) FROM audit_entry WHERE resource_type = 'concern' AND outcome = 'denied'");
        Page nurse = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        assertEquals(404, nurse.navigate(Browser.PORTAL_URL + "/concerns/" + concernId).status());
        nurse.context().close();
        for (String user : List.of(DemoUsers.COMMISSIONER_COUNTY, DemoUsers.PRIVACY_EASTSIDE, DemoUsers.ADMIN_EASTSIDE)) {
            Page p = browser.loginAs(user);
            int status = p.navigate(Browser.PORTAL_URL + "/concerns/" + concernId).status();
            assertTrue(status == 403 || status == 404, user + ": " + status);
            p.context().close();
        }
        assertTrue(TestDatabase.number("SELECT count(*) FROM audit_entry WHERE resource_type = 'concern' AND outcome = 'denied'") >= deniedBefore + 4);
    }
}
