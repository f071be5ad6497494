package org.carerelay.fhir;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.carerelay.harness.TestNames;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What people do in the portal shows over FHIR: Harbor raises a behavioral-health event, MindBridge's
 * system reads it without the details (no consent), a clinician takes it (the Task's owner becomes
 * that person) and records consent, then withdraws it (Consent active, then inactive with the date).
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class FhirConsentIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static void recordConsent(Page page, String recipient, String decision) {
        page.locator("summary", new Page.LocatorOptions().setHasText("Record a consent decision")).click();
        page.getByLabel("Shared with").selectOption(recipient);
        page.getByLabel("Category").selectOption("behavioral_health");
        page.getByLabel("Decision").selectOption(decision);
        page.getByText("Record the decision").click();
        assertThat(page.getByTestId("consent-recorded")).isVisible();
    }

    @Test
    void behavioralHealthDetailWithoutConsentIsAbsentAndConsentReadsAsConsent() {
        String family = "Fhirconsent" + TestNames.letters(6);
        String notes = "Said he hears voices again " + UUID.randomUUID();
        Page harbor = browser.loginAs(DemoUsers.WORKER_HARBOR);
        harbor.navigate(Browser.PORTAL_URL + "/events/new?type=FOLLOW_UP_MISSED");
        harbor.getByLabel("Your agency's ID for this person").fill("HB-" + UUID.randomUUID());
        harbor.getByLabel("Given name").fill("Lee");
        harbor.getByLabel("Family name").fill(family);
        harbor.getByLabel("Date of birth").fill("1990-09-09");
        harbor.locator("[id='data.scheduledFor']").fill("2026-11-24T10:00");
        harbor.locator("[id='data.attempts']").fill("3");
        harbor.locator("[id='data.notes']").fill(notes);
        harbor.getByTestId("share-button").click();
        harbor.waitForURL(url -> url.contains("/sent?raised="));
        long eventId = Long.parseLong(harbor.url().replaceAll(".*raised=(\\d+).*", "$1"));
        long clientId = TestDatabase.number("SELECT client_id FROM shared_event WHERE id = ?", eventId);
        long deliveryId = TestDatabase.number("""
                SELECT d.id FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id WHERE d.event_id = ? AND a.slug = 'mindbridge-bh'""",
                eventId);

        // MindBridge's system: a minimum notice, the details absent
        ServiceRequest request = FhirApi.read(PartnerTokens.MINDBRIDGE, "/fhir/r4/ServiceRequest/" + eventId, ServiceRequest.class);
        FhirValidation.assertValid(request);
        assertTrue(request.getContained().isEmpty() && request.getSupportingInfo().isEmpty(), "no field without consent");
        assertTrue(request.getNoteFirstRep().getText().startsWith("Minimum notice"), request.getNoteFirstRep().getText());
        assertFalse(FhirValidation.context().newJsonParser().encodeResourceToString(request).contains(notes));
        assertEquals("FOLLOW_UP_MISSED", request.getCode().getCodingFirstRep().getCode());

        Task task = FhirApi.read(PartnerTokens.MINDBRIDGE, "/fhir/r4/Task/" + deliveryId, Task.class);
        FhirValidation.assertValid(task);
        assertEquals("Organization/mindbridge-bh", task.getOwner().getReference());
        assertEquals("Organization/harbor-support", task.getRequester().getReference());

        // a clinician takes it in the portal: the owner is now that person, in MindBridge
        Page mindbridge = browser.loginAs(DemoUsers.CLINICIAN_MINDBRIDGE);
        mindbridge.navigate(Browser.PORTAL_URL + "/worklist");
        APIResponse took = mindbridge.request().post(Browser.PORTAL_URL + "/worklist/deliveries/" + deliveryId + "/take",
                Browser.fromPortalPage(mindbridge).setForm(FormData.create().set("note", "")));
        assertEquals(200, took.status(), took.text());
        Task taken = FhirApi.read(PartnerTokens.MINDBRIDGE, "/fhir/r4/Task/" + deliveryId, Task.class);
        FhirValidation.assertValid(taken);
        assertEquals("#owner", taken.getOwner().getReference());
        PractitionerRole owner = (PractitionerRole) taken.getContained().get(0);
        assertEquals(DemoUsers.CLINICIAN_MINDBRIDGE, owner.getIdentifierFirstRep().getValue());
        assertEquals("Organization/mindbridge-bh", owner.getOrganization().getReference());

        // consent recorded, then withdrawn, in the portal
        mindbridge.navigate(Browser.PORTAL_URL + "/clients/" + clientId);
        recordConsent(mindbridge, "mindbridge-bh", "given");
        recordConsent(mindbridge, "mindbridge-bh", "withdrawn");
        Bundle consents = FhirApi.read(PartnerTokens.MINDBRIDGE, "/fhir/r4/Consent?patient=Patient/" + clientId, Bundle.class);
        FhirValidation.assertValid(consents);
        List<Consent> decisions = consents.getEntry().stream().map(e -> (Consent) e.getResource()).toList();
        assertEquals(2, decisions.size());
        Consent given = decisions.get(0);
        Consent withdrawn = decisions.get(1);
        assertEquals(Consent.ConsentState.INACTIVE, given.getStatus(), "given, then withdrawn: no longer in force");
        assertEquals(Consent.ConsentProvisionType.PERMIT, given.getProvision().getType());
        assertEquals(withdrawn.getDateTime(), given.getProvision().getPeriod().getEnd(), "it ended on the withdrawal date");
        assertEquals("Organization/mindbridge-bh", given.getProvision().getActorFirstRep().getReference().getReference());
        assertEquals(Consent.ConsentState.INACTIVE, withdrawn.getStatus());
        assertEquals(Consent.ConsentProvisionType.DENY, withdrawn.getProvision().getType());
        assertEquals("behavioral_health", withdrawn.getCategory().get(1).getCodingFirstRep().getCode());
        Consent one = FhirApi.read(PartnerTokens.MINDBRIDGE, "/fhir/r4/Consent/" + given.getIdElement().getIdPart(), Consent.class);
        FhirValidation.assertValid(one);
        assertEquals(DemoUsers.CLINICIAN_MINDBRIDGE,
                ((org.hl7.fhir.r4.model.Provenance) one.getContained().get(0)).getAgentFirstRep().getWho().getIdentifier().getValue(),
                "who recorded it");
        harbor.context().close();
        mindbridge.context().close();
    }
}
