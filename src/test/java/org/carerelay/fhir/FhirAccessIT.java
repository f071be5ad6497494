package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.TestDatabase;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The portal's rules hold over FHIR: no relationship, nothing (404, audited, nothing stored); a
 * recipient sees only its agreement's fields (a withheld field is absent, never blank) and only its
 * own Task; audit entries only of the caller's agency; every refusal an OperationOutcome.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
class FhirAccessIT {

    static long denied(String client, String resourceType) {
        return TestDatabase.number("SELECT count(*) FROM audit_entry WHERE username = ? AND outcome = 'denied' AND resource_type = ?",
                client, resourceType);
    }

    static void assertNotFound(FhirApi.Reply reply) {
        assertEquals(404, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/fhir+json"), reply::toString);
        OperationOutcome outcome = reply.outcome();
        FhirValidation.assertValid(outcome);
        assertEquals(OperationOutcome.IssueType.NOTFOUND, outcome.getIssueFirstRep().getCode());
    }

    @Test
    void anotherAgencysTokenGetsNothingOfAClientItHasNoRelationshipWith() {
        PartnerPosts.Shared shared = PartnerPosts.event(PartnerTokens.NORTHGATE, EventBodies.valid("URGENT_ACCESS_PROBLEM"));
        long welfareDelivery = shared.delivery("county-welfare");
        String riverside = PartnerTokens.RIVERSIDE;
        Map<String, String> reads = Map.of(
                "/fhir/r4/Task/" + welfareDelivery, "fhir/Task",
                "/fhir/r4/ServiceRequest/" + shared.eventId(), "fhir/ServiceRequest",
                "/fhir/r4/Patient/" + shared.clientId(), "fhir/Patient",
                "/fhir/r4/Consent?patient=Patient/" + shared.clientId(), "fhir/Consent",
                "/fhir/r4/Flag?patient=" + shared.clientId(), "fhir/Flag",
                "/fhir/r4/ServiceRequest?patient=" + shared.clientId(), "fhir/ServiceRequest");
        long stored = TestDatabase.storedRows();
        for (Map.Entry<String, String> read : reads.entrySet()) {
            long before = denied(riverside, read.getValue());
            FhirApi.Reply reply = FhirApi.get(riverside, read.getKey());
            assertNotFound(reply);
            assertFalse(reply.body().contains(shared.body().path("client").path("familyName").asText()), "nothing about the client");
            assertEquals(before + 1, denied(riverside, read.getValue()), "one denied audit entry for " + read.getKey());
        }
        assertEquals(stored, TestDatabase.storedRows(), "nothing stored");

        long before = denied(riverside, "fhir/Task");
        assertNotFound(FhirApi.get(riverside, "/fhir/r4/Task/999999999"));
        assertEquals(before + 1, denied(riverside, "fhir/Task"), "a guessed id is a refusal too");
    }

    @Test
    void aRecipientSeesOnlyItsAgreementsFieldsAndOnlyItsOwnTask() {
        PartnerPosts.Shared shared = PartnerPosts.event(PartnerTokens.NORTHGATE, EventBodies.valid("HOUSING_INSTABILITY_ALERT"));
        String welfare = PartnerTokens.WELFARE;

        ServiceRequest seen = FhirApi.read(welfare, "/fhir/r4/ServiceRequest/" + shared.eventId(), ServiceRequest.class);
        FhirValidation.assertValid(seen);
        // NORTHGATE-COUNTY-HOUSING shares riskType, tenancyEndDate, rentArrearsAmount and details: not the health notes
        assertNull(FhirReadsIT.fieldObservation(seen, "HOUSING_INSTABILITY_ALERT.healthImpactNotes"), "withheld: absent");
        assertNotNull(FhirReadsIT.fieldObservation(seen, "HOUSING_INSTABILITY_ALERT.details"));
        String json = FhirValidation.context().newJsonParser().encodeResourceToString(seen);
        assertFalse(json.contains(shared.body().path("data").path("healthImpactNotes").asText()), "the withheld text appears nowhere");
        assertFalse(json.contains("healthImpactNotes"), "not even as an empty element");
        assertTrue(seen.getMeta().getSecurity().stream().anyMatch(c -> c.getCode().equals("REDACTED")));
        assertTrue(seen.getNoteFirstRep().getText().contains("withheld"), seen.getNoteFirstRep().getText());
        assertEquals(List.of("Organization/county-welfare"), seen.getPerformer().stream().map(r -> r.getReference()).toList(),
                "the other recipients are not disclosed");

        Task own = FhirApi.read(welfare, "/fhir/r4/Task/" + shared.delivery("county-welfare"), Task.class);
        FhirValidation.assertValid(own);
        long before = denied(welfare, "fhir/Task");
        assertNotFound(FhirApi.get(welfare, "/fhir/r4/Task/" + shared.delivery("harbor-support")));
        assertEquals(before + 1, denied(welfare, "fhir/Task"), "another recipient's Task: 404, audited");
        assertEquals(1, TestDatabase.number("""
                SELECT count(*) FROM audit_entry WHERE username = ? AND action = 'view' AND resource_type = 'fhir/ServiceRequest'
                AND resource_id = ? AND 'HOUSING_INSTABILITY_ALERT.details' = ANY(fields_shown)
                AND NOT 'HOUSING_INSTABILITY_ALERT.healthImpactNotes' = ANY(fields_shown)""", welfare, String.valueOf(shared.eventId())),
                "the read is audited with the fields it returned");
    }

    @Test
    void auditEventsAreTheCallersOwnAgencysEntriesOnly() {
        PartnerPosts.event(PartnerTokens.NORTHGATE, EventBodies.valid("URGENT_ACCESS_PROBLEM"));
        FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/Patient/999999998");
        // the agency's audit client reads its audit trail; its partner system may not, and the audit client reads nothing else
        long refusedRoutes = TestDatabase.number("SELECT count(*) FROM audit_entry WHERE outcome = 'denied' AND resource_type = 'route'"
                + " AND username IN (?, ?)", PartnerTokens.RIVERSIDE, PartnerTokens.RIVERSIDE_AUDIT);
        FhirApi.Reply partnerReadsAudit = FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/AuditEvent");
        assertEquals(403, partnerReadsAudit.status(), partnerReadsAudit::toString);
        FhirValidation.assertValid(partnerReadsAudit.outcome());
        FhirApi.Reply auditReadsTasks = FhirApi.get(PartnerTokens.RIVERSIDE_AUDIT, "/fhir/r4/Task");
        assertEquals(403, auditReadsTasks.status(), auditReadsTasks::toString);
        FhirApi.Reply auditUsesApi = FhirApi.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                org.carerelay.harness.Browser.PORTAL_URL + "/api/v1/feed")).header("Accept", "application/json")
                .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.RIVERSIDE_AUDIT)).GET().build());
        assertEquals(403, auditUsesApi.status(), auditUsesApi::toString);
        assertEquals(refusedRoutes + 3, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE outcome = 'denied' AND resource_type = 'route'"
                + " AND username IN (?, ?)", PartnerTokens.RIVERSIDE, PartnerTokens.RIVERSIDE_AUDIT), "each refusal is audited");

        Bundle own = FhirApi.read(PartnerTokens.RIVERSIDE_AUDIT, "/fhir/r4/AuditEvent?_count=20", Bundle.class);
        FhirValidation.assertValid(own);
        assertFalse(own.getEntry().isEmpty());
        for (Bundle.BundleEntryComponent entry : own.getEntry()) {
            AuditEvent event = (AuditEvent) entry.getResource();
            assertTrue(event.getAgent().stream().anyMatch(a -> "Organization/riverside-hospital".equals(a.getWho().getReference())),
                    "an entry of Riverside's: " + entry.getFullUrl());
            assertFalse(event.getAgent().stream().anyMatch(a -> "Organization/northgate-housing".equals(a.getWho().getReference())));
            assertTrue(event.getPurposeOfEvent().stream().allMatch(p -> p.getCodingFirstRep().getSystem().endsWith("v3-ActReason")));
        }
        long northgateEntry = TestDatabase.number("SELECT max(e.id) FROM audit_entry e JOIN agency a ON a.id = e.agency_id WHERE a.slug = 'northgate-housing'");
        long before = denied(PartnerTokens.RIVERSIDE_AUDIT, "fhir/AuditEvent");
        assertNotFound(FhirApi.get(PartnerTokens.RIVERSIDE_AUDIT, "/fhir/r4/AuditEvent/" + northgateEntry));
        assertEquals(before + 1, denied(PartnerTokens.RIVERSIDE_AUDIT, "fhir/AuditEvent"));
    }

    @Test
    void everyRefusalIsAnOperationOutcomeWithTheRestStatus() {
        long stored = TestDatabase.storedRows();

        FhirApi.Reply noToken = FhirApi.get(null, "/fhir/r4/Task");
        assertEquals(401, noToken.status(), noToken::toString);
        assertTrue(noToken.header("WWW-Authenticate").startsWith("Bearer"), noToken::toString);
        assertEquals(OperationOutcome.IssueType.LOGIN, noToken.outcome().getIssueFirstRep().getCode());
        FhirValidation.assertValid(noToken.outcome());

        FhirApi.Reply xml = FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/Task?_format=xml");
        assertEquals(406, xml.status(), xml::toString);
        FhirValidation.assertValid(xml.outcome());

        FhirApi.Reply bad = FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/Task?status=bogus&_count=0&_lastUpdated=yesterday");
        assertEquals(400, bad.status(), bad::toString);
        OperationOutcome problems = bad.outcome();
        FhirValidation.assertValid(problems);
        assertEquals(3, problems.getIssue().size(), "one issue per bad parameter: " + bad);
        assertTrue(problems.getIssue().stream().allMatch(i -> i.getCode() == OperationOutcome.IssueType.INVALID));
        assertTrue(bad.body().contains("status: 'bogus'") && bad.body().contains("_count:") && bad.body().contains("_lastUpdated:"), bad::toString);

        FhirApi.Reply strict = FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/Task?colour=red", Map.of("Prefer", "handling=strict"));
        assertEquals(400, strict.status(), strict::toString);
        assertEquals(200, FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/Task?colour=red").status(), "lenient by default");

        assertNotFound(FhirApi.get(PartnerTokens.RIVERSIDE, "/fhir/r4/Medication/1"));

        FhirApi.Reply post = FhirApi.send(HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/fhir/r4/Task/1"))
                .header("Authorization", "Bearer " + PartnerTokens.token(PartnerTokens.RIVERSIDE)).header("Content-Type", "application/fhir+json")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, post.status(), post::toString);
        FhirValidation.assertValid(post.outcome());

        assertEquals(stored, TestDatabase.storedRows(), "nothing stored");
    }
}
