package org.carerelay.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.deliveries.Outcome;
import org.carerelay.fhir.FhirStore.AuditRow;
import org.carerelay.fhir.FhirStore.ConsentRow;
import org.carerelay.fhir.audit.AuditEventMapper;
import org.carerelay.fhir.consent.ConsentMapper;
import org.carerelay.fhir.event.FieldValues;
import org.carerelay.fhir.task.TaskStatusMap;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

/** The mapping rules that need no running app: status both ways, field values both ways, consent periods, audit events. */
class FhirMappingTest {

    @Test
    void everyDeliveryStateAndOutcomeHasOneTaskStatusAndReadsBack() {
        for (DeliveryState state : DeliveryState.values()) {
            List<Outcome> outcomes = state == DeliveryState.COMPLETED ? List.of(Outcome.values()) : java.util.Arrays.asList((Outcome) null);
            for (Outcome outcome : outcomes) {
                TaskStatusMap row = TaskStatusMap.of(state, outcome);
                assertEquals(row, TaskStatusMap.fromFhir(row.taskStatus, row.businessStatus()).orElseThrow(), row.name());
            }
        }
        assertEquals(TaskStatus.REQUESTED, TaskStatusMap.of(DeliveryState.NEW, null).taskStatus);
        assertEquals(TaskStatus.ACCEPTED, TaskStatusMap.of(DeliveryState.ACKNOWLEDGED, null).taskStatus);
        assertEquals(TaskStatus.INPROGRESS, TaskStatusMap.of(DeliveryState.IN_PROGRESS, null).taskStatus);
        assertEquals(TaskStatus.REJECTED, TaskStatusMap.of(DeliveryState.COMPLETED, Outcome.DECLINED).taskStatus);
        assertEquals(TaskStatus.COMPLETED, TaskStatusMap.of(DeliveryState.COMPLETED, Outcome.ACTIONED).taskStatus);
        assertTrue(TaskStatusMap.fromFhir(TaskStatus.CANCELLED, null).isEmpty(), "a requester's cancel is no delivery state");
    }

    @Test
    void everyFieldTypeGoesToFhirAndBackUnchanged() {
        check(new FieldDefinition("notes", "Notes", "text", false, null), "No answer at the door.");
        check(new FieldDefinition("amount", "Amount", "number", false, null), new BigDecimal("1250.50"));
        check(new FieldDefinition("attempts", "Attempts", "number", false, null), new BigDecimal("3"));
        check(new FieldDefinition("risk", "Immediate risk", "boolean", true, null), true);
        check(new FieldDefinition("on", "Closed on", "date", true, null), "2026-11-22");
        check(new FieldDefinition("at", "Missed at", "datetime", true, null), "2026-11-25T09:00:00Z");
        check(new FieldDefinition("level", "Risk level", "enum", true, List.of("low", "high")), "high");
        check(new FieldDefinition("needs", "Needs", "list", true, null), List.of("GP review", "Physiotherapy"));
    }

    private static void check(FieldDefinition field, Object value) {
        Observation o = new Observation();
        FieldValues.toFhir("SOME_TYPE", field, value, o);
        Object back = FieldValues.fromFhir("SOME_TYPE", field, o).orElseThrow();
        if (value instanceof BigDecimal number) {
            assertEquals(0, number.compareTo((BigDecimal) back), field.name());
        } else if (field.type().equals("datetime")) {
            assertEquals(Instant.parse((String) value), Instant.parse((String) back));
        } else {
            assertEquals(value, back, field.name());
        }
    }

    @Test
    void aGivenConsentEndsWithTheNextDecisionThatCoversItsRecipient() {
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        ConsentRow given = new ConsentRow(1, 9, 5L, "behavioral_health", "given", "clinician.mindbridge", 3, t0);
        ConsentRow otherAgency = new ConsentRow(2, 9, 6L, "behavioral_health", "withdrawn", "clinician.mindbridge", 3, t0.plusSeconds(60));
        ConsentRow otherCategory = new ConsentRow(3, 9, 5L, "health", "withdrawn", "clinician.mindbridge", 3, t0.plusSeconds(120));
        ConsentRow allAgencies = new ConsentRow(4, 9, null, "behavioral_health", "withdrawn", "clinician.mindbridge", 3, t0.plusSeconds(180));
        List<ConsentRow> history = List.of(given, otherAgency, otherCategory, allAgencies);
        assertEquals(t0.plusSeconds(180), ConsentMapper.endedAt(given, history));
        assertNull(ConsentMapper.endedAt(allAgencies, history));
        AgencyRef mindbridge = new AgencyRef(3, "mindbridge-bh", "MindBridge", "behavioral health");
        Consent ended = ConsentMapper.toFhir(given, mindbridge, new AgencyRef(5, "harbor-support", "Harbor", "support"), t0.plusSeconds(180));
        assertEquals(Consent.ConsentState.INACTIVE, ended.getStatus());
        assertEquals(t0.plusSeconds(180), ended.getProvision().getPeriod().getEnd().toInstant());
        Consent withdrawal = ConsentMapper.toFhir(allAgencies, mindbridge, null, null);
        assertEquals(Consent.ConsentState.INACTIVE, withdrawal.getStatus());
        assertEquals(Consent.ConsentProvisionType.DENY, withdrawal.getProvision().getType());
    }

    @Test
    void breakGlassIsASecurityAlertWithTheBtgPurposeAndADenialNamesNoClient() {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        AgencyRef eastside = new AgencyRef(2, "eastside-community", "Eastside", "community");
        AuditEvent grant = AuditEventMapper.toFhir(new AuditRow(7, at, "req-1", "sub", "responder.eastside", 2L, "break_glass", "client-record",
                "44", 44L, new String[0], Purpose.BREAK_GLASS.code, "allowed", "typed justification with clinical words", "10.0.0.1"), eastside);
        assertEquals("110113", grant.getType().getCode());
        assertEquals("BTG", grant.getPurposeOfEventFirstRep().getCodingFirstRep().getCode());
        assertEquals("BTG", grant.getAgentFirstRep().getPurposeOfUseFirstRep().getCodingFirstRep().getCode());
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(grant);
        assertTrue(!json.contains("clinical words"), "no free text typed by staff");
        assertTrue(json.contains("Patient/44"));

        AuditEvent denial = AuditEventMapper.toFhir(new AuditRow(8, at, "req-2", "sub", "ingest-riverside-hospital", 1L, "view", "fhir/Task",
                "12", 44L, new String[0], Purpose.PARTNER_SYSTEM.code, "denied", "no care relationship with the client", null), eastside);
        assertEquals(AuditEvent.AuditEventOutcome._4, denial.getOutcome());
        assertTrue(!FhirContext.forR4Cached().newJsonParser().encodeResourceToString(denial).contains("Patient/44"), "a denial names no client");
    }
}
