package org.carerelay.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, section 1: a name and a birth date never open another agency's record. A partner system
 * sends a person known to another agency by name and birth date only: the event is accepted and
 * routed under a provisional client, the sender sees only what it sent, recipients see the row
 * flagged, consent cannot be recorded, and only an identity steward's decision (audited, reversible)
 * links the records.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class ProbableMatchIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    /** A Riverside client and Northgate's probable match of them: [existing client, provisional client, Northgate's event]. */
    record Scenario(String family, String riversideNote, String details, long existing, long provisional, long northgateEvent,
            long exception, JsonNode answer) {
    }

    static Scenario probableMatch(String prefix) {
        String family = IdentityFixtures.family(prefix);
        String note = "Riverside-only note " + UUID.randomUUID();
        String details = "Arrears since the summer " + UUID.randomUUID();
        JsonNode riverside = IdentityFixtures.riversideFollowUp(family, note, null);
        long existing = IdentityFixtures.clientOfEvent(riverside.get("id").asLong());
        JsonNode northgate = IdentityFixtures.northgateAlert(family, "NHA-" + UUID.randomUUID(), details, null);
        long event = northgate.get("id").asLong();
        long provisional = IdentityFixtures.clientOfEvent(event);
        return new Scenario(family, note, details, existing, provisional, event, IdentityFixtures.exceptionFor(provisional), northgate);
    }

    @Test
    void aProbableMatchOpensNothingUntilAStewardConfirmsAndTheLinkCanBeUndone() {
        Scenario s = probableMatch("Probable");

        // The partner's event is accepted and routed, under a provisional client, and the answer says an identity check is pending.
        assertEquals("pending", s.answer().path("identityCheck").asText(), s.answer().toString());
        assertEquals(2, s.answer().get("deliveries").size(), "routed to County Welfare and Harbor as always");
        assertNotEquals(s.existing(), s.provisional());
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM identity_exception WHERE id = ? AND status = 'open' AND match_kind = 'probable'
                  AND candidate_client_ids = ARRAY[?]::bigint[]""", s.exception(), s.existing()));
        assertEquals(0, IdentityFixtures.relationships(s.existing(), "northgate-housing"), "no relationship with the existing client");

        // Northgate's staff: the existing client's record is refused (audited); the provisional record holds only what Northgate sent.
        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        Response refused = northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.existing());
        assertEquals(403, refused.status());
        assertFalse(northgate.content().contains(s.riversideNote()));
        assertEquals(1, IdentityFixtures.entries(refused.headerValue("x-request-id"), "denied"));
        northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.provisional());
        assertThat(northgate.getByTestId("identity-check-flag")).containsText("awaiting identity check");
        assertThat(northgate.locator("main")).containsText(s.details());
        assertThat(northgate.locator("main")).not().containsText("Follow-up contact scheduled");
        assertThat(northgate.locator("main")).not().containsText("Follow-up due");
        assertFalse(northgate.content().contains(s.riversideNote()));
        assertEquals(0, northgate.locator("form[action$='/consent']").count(), "no consent form while the identity check waits");

        // Consent needs a confirmed relationship: refused, audited, nothing stored.
        long consents = TestDatabase.number("SELECT count(*) FROM consent_record");
        APIResponse consent = IdentityFixtures.postForm(northgate, "/clients/" + s.provisional() + "/consent",
                FormData.create().set("recipient", "all").set("category", "behavioral_health").set("status", "given"));
        assertEquals(403, consent.status());
        assertTrue(consent.text().contains("identity steward"), consent.text());
        assertEquals(1, IdentityFixtures.entries(consent.headers().get("x-request-id"), "denied"));
        assertEquals(consents, TestDatabase.number("SELECT count(*) FROM consent_record"));

        // A recipient sees the row flagged.
        Page welfare = browser.loginAs(DemoUsers.ADVISOR_WELFARE);
        welfare.navigate(Browser.PORTAL_URL + "/worklist?q=" + s.family());
        Locator row = welfare.locator("tr", new Page.LocatorOptions().setHasText(s.family()));
        assertThat(row.getByTestId("identity-check-flag")).hasText("Possible match with an existing client — awaiting identity check");

        // The identity steward lands on the queue, opens the exception: names, birth dates, who holds a local id — nothing clinical.
        Page steward = browser.loginAs(DemoUsers.STEWARD_COUNTY);
        assertThat(steward.locator("h1")).hasText("Identity exceptions");
        Response opened = steward.waitForResponse(r -> r.url().endsWith("/identity/exceptions/" + s.exception()),
                () -> steward.getByTestId("exception-" + s.exception()).getByRole(AriaRole.LINK).click());
        assertThat(steward.getByTestId("side-by-side")).containsText("Riverside General Hospital");
        assertThat(steward.getByTestId("provisional-holders")).containsText("Northgate Housing Association");
        assertThat(steward.getByTestId("candidate-" + s.existing() + "-name")).hasText("Marta " + s.family());
        assertFalse(steward.content().contains(s.details()) || steward.content().contains(s.riversideNote()), "no clinical content");
        assertEquals(2, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE request_id = ? AND username = 'steward.county' AND action = 'view'
                  AND resource_type = 'identity-exception' AND resource_id = ? AND purpose = 'identity_resolution'
                  AND client_id IN (?, ?)""", opened.headerValue("x-request-id"), String.valueOf(s.exception()), s.existing(), s.provisional()));
        Browser.screenshot(steward, "identity-exception-side-by-side");

        // Same person: everything of the provisional client moves to the existing one, recorded and audited.
        steward.getByTestId("same-person-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("Linked as the same person");
        assertEquals(s.existing(), IdentityFixtures.clientOfEvent(s.northgateEvent()));
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM delivery WHERE event_id = ? AND client_id = ?", s.northgateEvent(), s.existing()));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM client_marker WHERE client_id = ? AND marker = 'housing_unstable'", s.existing()));
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM client_marker WHERE client_id = ?", s.provisional()));
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM client_identifier WHERE client_id = ?", s.existing()));
        for (String agency : new String[] {"northgate-housing", "county-welfare", "harbor-support"}) {
            assertEquals(1, TestDatabase.number("""
                    SELECT count(*) FROM care_relationship WHERE client_id = ? AND agency_id = ? AND linked_by = 'identity_steward'
                      AND confirmed_by = 'steward.county' AND confirmed_at IS NOT NULL""", s.existing(), IdentityFixtures.agency(agency)),
                    agency + " gains a relationship confirmed by the steward");
        }
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM care_relationship WHERE client_id = ?", s.provisional()));
        assertEquals(2, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'steward.county' AND action = 'write' AND resource_type = 'identity-exception'
                  AND resource_id = ? AND reason LIKE 'same person:%' AND client_id IN (?, ?)""",
                String.valueOf(s.exception()), s.existing(), s.provisional()));

        // Now Northgate opens the existing client's record: its own alert, Riverside's event without its fields.
        northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.existing());
        assertThat(northgate.locator("main")).containsText(s.details());
        assertThat(northgate.locator("main")).containsText("Follow-up contact scheduled");
        assertThat(northgate.locator("main")).containsText("Not shared with your agency");
        assertFalse(northgate.content().contains(s.riversideNote()));
        assertEquals(0, northgate.getByTestId("identity-check-flag").count());

        // Riverside's privacy officer sees who gained a relationship with its client, and who confirmed it.
        Page privacy = browser.loginAs(DemoUsers.PRIVACY_RIVERSIDE);
        privacy.navigate(Browser.PORTAL_URL + "/privacy/access-log?client=" + s.existing());
        Locator link = privacy.locator("[data-testid=identity-link][data-client='" + s.existing() + "']",
                new Page.LocatorOptions().setHasText("Northgate Housing Association"));
        assertThat(link.locator("[data-col=how]")).containsText("confirmed by an identity steward");
        assertThat(link.locator("[data-col=confirmed-by]")).hasText("steward.county");
        assertThat(privacy.getByTestId("access-log")).containsText("steward.county");

        // The commissioners' audit report counts links confirmed by a steward, by the agency that gained them (small numbers hidden).
        Page commissioner = browser.loginAs(DemoUsers.COMMISSIONER_COUNTY);
        commissioner.navigate(Browser.PORTAL_URL + "/reports/audit?agency=northgate-housing");
        Locator links = commissioner.getByTestId("table-identity-links").locator("tbody tr",
                new Locator.LocatorOptions().setHasText("Northgate Housing Association"));
        assertThat(links.locator("td").first()).not().hasText("0");
        assertFalse(commissioner.content().contains(s.family()), "no client identity in a report");
        commissioner.context().close();

        // Undo (with a reason): exactly what moved goes back, and Northgate is refused again.
        steward.locator("#undo-reason").fill("Linked in error: Northgate's tenant has a different middle name.");
        steward.getByTestId("undo-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("undone");
        assertEquals(s.provisional(), IdentityFixtures.clientOfEvent(s.northgateEvent()));
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM delivery WHERE event_id = ? AND client_id = ?", s.northgateEvent(), s.provisional()));
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM client_marker WHERE client_id = ? AND marker = 'housing_unstable'", s.existing()));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM client_marker WHERE client_id = ? AND marker = 'follow_up_due'", s.existing()));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM client_marker WHERE client_id = ? AND marker = 'housing_unstable'", s.provisional()));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM client_identifier WHERE client_id = ?", s.existing()));
        assertEquals(0, IdentityFixtures.relationships(s.existing(), "northgate-housing"));
        assertEquals(1, IdentityFixtures.relationships(s.provisional(), "northgate-housing"));
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM identity_exception WHERE id = ? AND status = 'open'", s.exception()));
        assertEquals(2, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'steward.county' AND action = 'write' AND resource_type = 'identity-exception'
                  AND resource_id = ? AND reason LIKE '%undone%Linked in error%'""", String.valueOf(s.exception())));
        Response again = northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.existing());
        assertEquals(403, again.status());
        northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.provisional());
        assertThat(northgate.getByTestId("identity-check-flag")).isVisible();
        northgate.context().close();
        welfare.context().close();
        steward.context().close();
        privacy.context().close();
    }

    /**
     * Issue 16: signals combine over the linked person, so confirming the link raises a concern the two records could not
     * raise apart (MindBridge's safeguarding concern + Welfare's missed contact). Undoing the link moves the concern
     * signals back with their events, as confirming moved them; the concern raised over the linked person stays with it.
     */
    @Test
    void undoingALinkMovesTheConcernSignalsBackWithTheirEvents() {
        String family = IdentityFixtures.family("Signals");
        long safeguarding = IdentityFixtures.post(PartnerTokens.MINDBRIDGE, "SAFEGUARDING_CONCERN", "MB-" + UUID.randomUUID(), family, null,
                EventBodies.fields("concernType", "self_neglect", "description", "Not eating", "immediateRisk", false)).get("id").asLong();
        long existing = IdentityFixtures.clientOfEvent(safeguarding);
        long missed = IdentityFixtures.post(PartnerTokens.WELFARE, "MISSED_WELFARE_CONTACT", "CW-" + UUID.randomUUID(), family, null,
                EventBodies.fields("appointmentAt", "2026-11-24T09:00:00Z", "appointmentType", "welfare_check")).get("id").asLong();
        long provisional = IdentityFixtures.clientOfEvent(missed);
        long exception = IdentityFixtures.exceptionFor(provisional);
        assertNotEquals(existing, provisional);
        String concerns = """
                SELECT count(*) FROM concern c JOIN concern_rule r ON r.id = c.rule_id
                WHERE r.code = 'SAFEGUARDING_MISSED_CONTACT_7D' AND NOT c.shadow AND c.client_id = ?""";
        assertEquals(0, TestDatabase.number(concerns, existing) + TestDatabase.number(concerns, provisional), "apart, neither record meets the rule");
        String signalsOf = "SELECT count(*) FROM concern_signal WHERE event_id = ? AND client_id = ?";
        assertTrue(TestDatabase.number(signalsOf, missed, provisional) > 0, "Welfare's missed contact is a signal of the provisional client");

        Page steward = browser.loginAs(DemoUsers.STEWARD_COUNTY);
        steward.navigate(Browser.PORTAL_URL + "/identity/exceptions/" + exception);
        steward.getByTestId("same-person-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("Linked as the same person");
        assertEquals(1, TestDatabase.number(concerns, existing), "linked, the two signals from two agencies raise the concern");
        assertEquals(0, TestDatabase.number(signalsOf, missed, provisional), "confirming moved the signal to the linked client");
        assertTrue(TestDatabase.number(signalsOf, missed, existing) > 0);

        steward.locator("#undo-reason").fill("Linked in error: a different person of the same name and birth date.");
        steward.getByTestId("undo-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("undone");
        assertEquals(provisional, IdentityFixtures.clientOfEvent(missed));
        assertEquals(0, TestDatabase.number(signalsOf, missed, existing), "undoing moved the signal back");
        assertTrue(TestDatabase.number(signalsOf, missed, provisional) > 0);
        assertTrue(TestDatabase.number(signalsOf, safeguarding, existing) > 0, "MindBridge's signal stays with its own client");
        assertEquals(0, TestDatabase.number("""
                SELECT count(*) FROM concern_signal s JOIN shared_event e ON e.id = s.event_id
                WHERE e.id IN (?, ?) AND s.client_id <> e.client_id""", safeguarding, missed), "every signal is its event's client's");
        assertEquals(1, TestDatabase.number(concerns, existing), "the concern raised over the linked person stays, for a lead to close");
        steward.context().close();
    }

    @Test
    void differentPeopleNeedsAReasonAndKeepsTheRecordsApart() {
        Scenario s = probableMatch("Apart");
        Page steward = browser.loginAs(DemoUsers.STEWARD_COUNTY);
        steward.navigate(Browser.PORTAL_URL + "/identity/exceptions/" + s.exception());

        // Without a reason: refused, named, nothing decided.
        steward.locator("#different-people-reason").evaluate("e => e.removeAttribute('required')");
        steward.getByTestId("different-people-button").click();
        assertThat(steward.getByTestId("decision-error")).containsText("Reason");
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM identity_exception WHERE id = ? AND status = 'open'", s.exception()));

        steward.locator("#different-people-reason").fill("Different Medicaid numbers on both records; confirmed by phone with Northgate.");
        steward.getByTestId("different-people-button").click();
        assertThat(steward.getByTestId("decision-confirmation")).containsText("different people");
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM identity_exception WHERE id = ? AND status = 'resolved' AND decision = 'different_people'
                  AND reason LIKE 'Different Medicaid numbers%' AND resolved_by = 'steward.county'""", s.exception()));
        assertEquals(s.provisional(), IdentityFixtures.clientOfEvent(s.northgateEvent()), "nothing moved");
        assertEquals(0, IdentityFixtures.relationships(s.existing(), "northgate-housing"));
        assertEquals(2, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = 'steward.county' AND action = 'write' AND resource_type = 'identity-exception'
                  AND resource_id = ? AND reason LIKE 'different people:%'""", String.valueOf(s.exception())),
                "one entry for the provisional client, one for the candidate");
        steward.context().close();

        // Kept apart: Northgate still cannot open the other client; its own record is no longer flagged, and now takes consent.
        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        assertEquals(403, northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.existing()).status());
        northgate.navigate(Browser.PORTAL_URL + "/clients/" + s.provisional());
        assertEquals(0, northgate.getByTestId("identity-check-flag").count());
        APIResponse consent = IdentityFixtures.postForm(northgate, "/clients/" + s.provisional() + "/consent",
                FormData.create().set("recipient", "all").set("category", "health").set("status", "given"));
        assertEquals(303, consent.status(), consent.text());
        northgate.context().close();

        // A second decision on a decided exception is a conflict; nothing changes.
        Page again = browser.loginAs(DemoUsers.STEWARD_COUNTY);
        APIResponse second = IdentityFixtures.postForm(again, "/identity/exceptions/" + s.exception() + "/same-person",
                FormData.create().set("candidate", String.valueOf(s.existing())));
        assertEquals(409, second.status());
        assertEquals(s.provisional(), IdentityFixtures.clientOfEvent(s.northgateEvent()));
        again.context().close();
    }

    @Test
    void theSameMedicaidIdWithNameAndBirthDateLinksWithoutAStewardAndIsShownAsSuch() {
        String family = IdentityFixtures.family("Strong");
        String medicaid = IdentityFixtures.medicaid();
        String note = "Riverside-only note " + UUID.randomUUID();
        long existing = IdentityFixtures.clientOfEvent(IdentityFixtures.riversideFollowUp(family, note, medicaid).get("id").asLong());
        JsonNode answer = IdentityFixtures.northgateAlert(family, "NHA-" + UUID.randomUUID(), "Notice served", medicaid.toLowerCase());
        assertFalse(answer.has("identityCheck"), answer.toString());
        assertEquals(existing, IdentityFixtures.clientOfEvent(answer.get("id").asLong()), "linked to the existing client");
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM identity_exception WHERE ? = ANY(candidate_client_ids)", existing));
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM care_relationship WHERE client_id = ? AND agency_id = ? AND linked_by = 'strong_identifier'
                  AND confirmed_by IS NULL AND confirmed_at IS NOT NULL""", existing, IdentityFixtures.agency("northgate-housing")));

        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        assertEquals(200, northgate.navigate(Browser.PORTAL_URL + "/clients/" + existing).status());
        northgate.context().close();
        Page privacy = browser.loginAs(DemoUsers.PRIVACY_RIVERSIDE);
        privacy.navigate(Browser.PORTAL_URL + "/privacy/access-log?client=" + existing);
        Locator link = privacy.locator("[data-testid=identity-link][data-client='" + existing + "']",
                new Page.LocatorOptions().setHasText("Northgate Housing Association"));
        assertThat(link.locator("[data-col=how]")).containsText("Strong identifier");
        privacy.context().close();
    }

    @Test
    void consentIsNotRecordedUnderEmergencyAccessAndTheRefusalIsAudited() {
        Scenario s = probableMatch("Glass");
        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        APIResponse grant = IdentityFixtures.postForm(northgate, "/clients/" + s.existing() + "/break-glass", FormData.create()
                .set("reason", "urgent_clinical_need")
                .set("justification", "Found collapsed at the tenancy; paramedics need the current medication list."));
        assertEquals(303, grant.status(), grant.text());
        long consents = TestDatabase.number("SELECT count(*) FROM consent_record");
        APIResponse consent = IdentityFixtures.postForm(northgate, "/clients/" + s.existing() + "/consent",
                FormData.create().set("recipient", "all").set("category", "health").set("status", "given"));
        assertEquals(403, consent.status());
        assertTrue(consent.text().contains("not under emergency access"), consent.text());
        assertEquals(1, IdentityFixtures.entries(consent.headers().get("x-request-id"), "denied"));
        assertEquals(consents, TestDatabase.number("SELECT count(*) FROM consent_record"));
        northgate.context().close();
    }

    @Test
    void onlyTheStewardOpensTheQueueAndNobodyElseDecides() {
        Scenario s = probableMatch("Refused");
        Page northgate = browser.loginAs(DemoUsers.OFFICER_NORTHGATE);
        Response queue = northgate.navigate(Browser.PORTAL_URL + "/identity/exceptions");
        assertEquals(403, queue.status());
        assertEquals(1, IdentityFixtures.entries(queue.headerValue("x-request-id"), "denied"));
        APIResponse decide = IdentityFixtures.postForm(northgate, "/identity/exceptions/" + s.exception() + "/same-person",
                FormData.create().set("candidate", String.valueOf(s.existing())));
        assertEquals(403, decide.status());
        assertEquals(1, IdentityFixtures.entries(decide.headers().get("x-request-id"), "denied"));
        assertEquals(s.provisional(), IdentityFixtures.clientOfEvent(s.northgateEvent()), "nothing moved");
        northgate.context().close();

        // The steward sees no clinical record.
        Page steward = browser.loginAs(DemoUsers.STEWARD_COUNTY);
        Response record = steward.navigate(Browser.PORTAL_URL + "/clients/" + s.existing());
        assertEquals(403, record.status());
        assertThat(steward.getByTestId("error-message")).containsText("Identity stewards");
        assertEquals(1, IdentityFixtures.entries(record.headerValue("x-request-id"), "denied"));
        steward.context().close();
    }
}
