package org.carerelay.handover;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.HandoverBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A recipient queries a handover; the source sees it on its worklist, answers one query and corrects the handover. */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class HandoverQueriesIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    /** Riverside's EHR submits a complete handover with one medication flag; returns its id. */
    static long submitHandover(String family) {
        ObjectNode body = HandoverBodies.handover(
                ClientBodies.person("RIV-" + UUID.randomUUID().toString().substring(0, 8), "Ada", family, "1950-03-04"), "2026-11-24",
                "Fall at home, hip fracture repaired.");
        body.put("dischargeRecommendation", "home_with_support").put("urgency", "urgent_review").put("mobilityConcerns", "Walks with a frame.");
        body.putArray("medicationRiskFlags").add(HandoverBodies.medicationFlag("Warfarin", "Bleeding risk after surgery", "medium"));
        body.putArray("followUpNeeds").add("Home safety check");
        body.putArray("actionItems").add(HandoverBodies.actionItem("Home visit", 48, "eastside-community"));
        return PartnerApi.submitHandover(PartnerTokens.RIVERSIDE, body);
    }

    static long queries(long handoverId) {
        return TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ?", handoverId);
    }

    /** A webhook endpoint of the agency for these kinds, put in place as the API would (its sends fail: only what it is sent is checked). */
    static long endpoint(String agency, String kinds) {
        byte[] sealed = new org.carerelay.push.SecretBox("carerelay-development-webhook-key-not-secret").seal(org.carerelay.push.WebhookSigner.newSecret());
        return TestDatabase.number("""
                INSERT INTO webhook_endpoint (agency_id, url, kinds, description, secret, created_by, created_at)
                SELECT id, 'http://127.0.0.1:9/queries', ?::text[], 'queries test', ?, 'test', now() FROM agency WHERE slug = ? RETURNING id""",
                kinds, sealed, agency);
    }

    /** The statuses the endpoint's messages of this kind carry for the handover, in the order they were written. */
    static java.util.List<String> sent(long endpointId, String kind, long handoverId) {
        return TestDatabase.column("""
                SELECT data->>'status' FROM webhook_message WHERE endpoint_id = ? AND kind = ? AND (data->>'handoverId')::bigint = ?
                ORDER BY id""", endpointId, kind, handoverId);
    }

    @Test
    void recipientQueriesSourceAnswersAndCorrects() throws Exception {
        String family = "Queried" + UUID.randomUUID().toString().replaceAll("[0-9-]", "").substring(0, 5);
        long id = submitHandover(family);
        long riversideEndpoint = endpoint("riverside-hospital", "{handover.query}");
        long eastsideEndpoint = endpoint("eastside-community", "{handover.answer}");
        try {
            queriesAnsweredAndCorrected(id, family);
            // the partner systems were told: each query to the source, the answer and the correction to the agency that asked
            assertEquals(java.util.List.of("open", "open"), sent(riversideEndpoint, "handover.query", id));
            assertEquals(java.util.List.of("answered", "corrected"), sent(eastsideEndpoint, "handover.answer", id));
        } finally {
            TestDatabase.execute("DELETE FROM webhook_endpoint WHERE id IN (?, ?)", riversideEndpoint, eastsideEndpoint);
        }
    }

    private void queriesAnsweredAndCorrected(long id, String family) throws Exception {

        Page responder = browser.loginAs(DemoUsers.RESPONDER_EASTSIDE);
        responder.navigate(Browser.PORTAL_URL + "/handovers/" + id + "/queries");
        assertThat(responder.getByTestId("no-queries")).isVisible();
        // Bad input: empty text → message, nothing stored.
        responder.getByTestId("raise-button").click();
        assertThat(responder.getByTestId("error-text")).containsText("required");
        assertEquals(0, queries(id));

        responder.getByLabel("Part of the handover").selectOption("medicationRiskFlags");
        responder.getByLabel("Looks wrong").check();
        responder.getByLabel("Your question").fill("Warfarin severity should be high after this surgery?");
        responder.getByTestId("raise-button").click();
        assertThat(responder.getByTestId("notice")).containsText("Your query was sent");
        responder.getByLabel("Part of the handover").selectOption("whole");
        responder.getByLabel("Missing").check();
        responder.getByLabel("Your question").fill("Who is the GP?");
        responder.getByTestId("raise-button").click();
        assertEquals(2, queries(id));
        long wrongQuery = TestDatabase.number("SELECT id FROM handover_query WHERE handover_id = ? AND kind = 'wrong'", id);
        long gpQuery = TestDatabase.number("SELECT id FROM handover_query WHERE handover_id = ? AND kind = 'missing'", id);
        assertThat(responder.getByTestId("query-" + wrongQuery)).containsText("looks wrong");
        Browser.screenshot(responder, "handover-queries-recipient");

        Page nurse = browser.loginAs(DemoUsers.NURSE_RIVERSIDE);
        nurse.navigate(Browser.PORTAL_URL + "/worklist");
        assertThat(nurse.getByTestId("handover-query-" + wrongQuery)).containsText("medication risk flags");
        nurse.getByTestId("handover-query-" + wrongQuery).getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
        nurse.waitForURL(url -> url.endsWith("/handovers/" + id + "/queries"));
        assertThat(nurse.getByTestId("query-" + wrongQuery)).containsText("Warfarin severity");

        nurse.locator("[id='answer-" + gpQuery + "']").fill("Dr Patel, Riverside Practice.");
        nurse.getByTestId("answer-button-" + gpQuery).click();
        assertThat(nurse.getByTestId("query-" + gpQuery).getByTestId("query-status")).hasText("answered");
        assertThat(nurse.getByTestId("query-" + gpQuery).getByTestId("query-answer")).containsText("Dr Patel");

        nurse.getByTestId("correct-link").click();
        assertThat(nurse.locator("[id='flag-med-0']")).hasValue("Warfarin");
        nurse.locator("[id='flag-sev-0']").selectOption("high");
        nurse.getByLabel("What you changed and why").fill("Severity raised to high after the responder's query.");
        nurse.getByTestId("correct-button").click();
        nurse.waitForURL(url -> url.contains("notice=corrected"));
        Browser.screenshot(nurse, "handover-corrected");

        long next = TestDatabase.number("SELECT id FROM handover WHERE previous_id = ?", id);
        assertEquals(2, TestDatabase.number("SELECT version FROM handover WHERE id = ?", next));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover WHERE id = ? AND status = 'superseded'", id));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover_query WHERE id = ? AND status = 'corrected' AND correction_handover_id = ?",
                wrongQuery, next));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover_query WHERE id = ? AND status = 'answered'", gpQuery));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover WHERE id = ? AND document->'medicationRiskFlags'->0->>'severity' = 'high'", next));

        // The old version cannot be corrected again.
        assertEquals(409, nurse.navigate(Browser.PORTAL_URL + "/handovers/" + id + "/correct").status());

        // Another agency sees nothing.
        Page officer = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        assertEquals(404, officer.navigate(Browser.PORTAL_URL + "/handovers/" + id + "/queries").status());
        assertEquals(404, officer.navigate(Browser.PORTAL_URL + "/handovers/999999999/queries").status());
    }
}
