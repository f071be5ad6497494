package org.carerelay.fhir;

import java.time.Instant;
import java.util.Date;
import org.carerelay.harness.EventBodies;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * A discharge handover the way a hospital's FHIR system posts it: a transaction with the Patient, a Task for the
 * recipient, the DISCHARGE_HANDOVER ServiceRequest and the parts as entries — the same resources CareRelay's own
 * handover Bundle holds. Built with HAPI; tests change what they need before posting.
 */
final class FhirHandovers {

    static final String PART = FhirEvents.CS + "carerelay-handover-part";
    static final String PATIENT = "urn:uuid:4d0a6c1e-0000-4000-8000-000000000001";
    static final String REQUEST = "urn:uuid:4d0a6c1e-0000-4000-8000-000000000002";
    static final String MEDICATION = "urn:uuid:4d0a6c1e-0000-4000-8000-000000000003";

    private FhirHandovers() {
    }

    /** A complete handover from Riverside for Eastside: every part, one medication risk, two action items, one escalation rule. */
    static Bundle complete(String localId, String familyName) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = FhirEvents.patient(EventBodies.JSON.createObjectNode().put("localId", localId).put("givenName", "Maria")
                .put("familyName", familyName).put("birthDate", "1949-03-02"), "riverside-hospital");
        entry(b, PATIENT, patient);
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.setFocus(new Reference(REQUEST)).setFor(new Reference(PATIENT)).setOwner(new Reference("Organization/eastside-community"));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000009", task);
        ServiceRequest request = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER).setPriority(ServiceRequest.ServiceRequestPriority.URGENT)
                .setCode(new CodeableConcept(new Coding(FhirEvents.CS + "carerelay-event-type", "DISCHARGE_HANDOVER", null)))
                .setSubject(new Reference(PATIENT)).setRequester(new Reference("Organization/riverside-hospital"));
        entry(b, REQUEST, request);
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000010", observation("discharge-date").setValue(new DateTimeType("2026-11-25")));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000011", observation("discharge-recommendation")
                .setValue(new CodeableConcept(new Coding(PART, "home_with_support", null))));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000012", observation("triage-notes")
                .setValue(new StringType("Admitted after a fall at home; hip fracture repaired.")));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000013", observation("mobility-concerns")
                .setValue(new StringType("Walks short distances with a frame.")));
        Observation needs = observation("follow-up-needs");
        needs.addComponent().setCode(part("follow-up-needs")).setValue(new StringType("INR check within 3 days"));
        needs.addComponent().setCode(part("follow-up-needs")).setValue(new StringType("Physiotherapy home visit"));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000014", needs);
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000015", observation("unresolved-concerns").setValue(new StringType("Lives alone.")));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000016", observation("symptom-reporting")
                .setValue(new StringType("Report dizziness or a new fall by phone the same day.")));
        MedicationStatement medication = new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setMedication(new CodeableConcept().setText("Warfarin")).setSubject(new Reference(PATIENT));
        entry(b, MEDICATION, medication);
        DetectedIssue risk = new DetectedIssue().setStatus(DetectedIssue.DetectedIssueStatus.FINAL).setCode(part("medication-risk"))
                .setSeverity(DetectedIssue.DetectedIssueSeverity.HIGH).setPatient(new Reference(PATIENT)).setDetail("Bleeding risk; INR check due");
        risk.addImplicated(new Reference(MEDICATION));
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000017", risk);
        CarePlan plan = new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference(PATIENT));
        plan.addCategory(part("discharge-plan"));
        actionItem(plan, "First contact at home", 24, "eastside-community");
        actionItem(plan, "Medication review", 72, "eastside-community");
        CarePlan.CarePlanActivityDetailComponent rule = plan.addActivity().getDetail().setCode(part("escalation-rule"))
                .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED).setDescription("Call 911 and inform the ward");
        rule.addReasonCode().setText("A new fall or head injury");
        entry(b, "urn:uuid:4d0a6c1e-0000-4000-8000-000000000018", plan);
        return b;
    }

    static CarePlan.CarePlanActivityDetailComponent actionItem(CarePlan plan, String description, int windowHours, String agency) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return plan.addActivity().getDetail().setCode(part("action-item")).setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                .setDescription(description).setScheduled(new Period().setStart(Date.from(start))
                        .setEnd(Date.from(start.plusSeconds(3600L * windowHours))))
                .addPerformer(new Reference("Organization/" + agency));
    }

    static Observation observation(String code) {
        Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setCode(part(code));
        o.setSubject(new Reference(PATIENT));
        return o;
    }

    static CodeableConcept part(String code) {
        return new CodeableConcept(new Coding(PART, code, null));
    }

    /** The entry holding a resource of this type (the first), for a test to change. */
    static <T extends Resource> T find(Bundle b, Class<T> type) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    static int indexOf(Bundle b, Class<? extends Resource> type) {
        for (int i = 0; i < b.getEntry().size(); i++) {
            if (type.isInstance(b.getEntry().get(i).getResource())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName());
    }

    private static void entry(Bundle b, String fullUrl, Resource resource) {
        b.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }
}
