package org.carerelay.fhir.handover;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.fhir.FhirStore.ActionItemRow;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.event.EventMapper;
import org.carerelay.fhir.terminology.HandoverPartCode;
import org.carerelay.fhir.terminology.Terminology;
import org.carerelay.handover.Handover;
import org.carerelay.handover.HandoverDocument;
import org.carerelay.handover.HandoverRules;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A submitted discharge handover as a collection Bundle of its structured parts: each text part an
 * Observation, each medication risk flag a MedicationStatement with a DetectedIssue carrying its
 * severity, and one CarePlan whose activities are the action items (each with its own window) and
 * the escalation rules ("if" as the reason, "then" as the activity). A part the viewer may not see
 * is absent.
 */
public final class HandoverBundleMapper {

    /** The handover as the viewer may see it. */
    public record Source(Handover handover, AgencyRef sourceAgency, Set<String> visibleParts, String withheldReason,
            List<ActionItemRow> items, LongFunction<AgencyRef> agencies) {
    }

    private HandoverBundleMapper() {
    }

    public static Bundle toFhir(Source s) {
        Handover h = s.handover();
        HandoverDocument d = h.document;
        Bundle bundle = new Bundle();
        bundle.setId(String.valueOf(h.id));
        bundle.getMeta().setLastUpdated(Date.from(h.updatedAt));
        if (s.withheldReason() != null) {
            bundle.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "REDACTED", "redacted"));
        }
        bundle.setIdentifier(new Identifier().setSystem(FhirUrls.HANDOVER_ID).setValue(h.id + "/v" + h.version));
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(Date.from(h.submittedAt));
        Reference patient = FhirUrls.patient(h.clientId);
        Reference author = FhirUrls.organization(s.sourceAgency());
        if (shows(s, HandoverPartCode.DISCHARGE_DATE, d.dischargeDate())) {
            add(bundle, h, HandoverPartCode.DISCHARGE_DATE.code, observation(s, HandoverPartCode.DISCHARGE_DATE,
                    new DateTimeType(d.dischargeDate())));
        }
        if (shows(s, HandoverPartCode.DISCHARGE_RECOMMENDATION, d.dischargeRecommendation())) {
            add(bundle, h, HandoverPartCode.DISCHARGE_RECOMMENDATION.code, observation(s, HandoverPartCode.DISCHARGE_RECOMMENDATION, new CodeableConcept(
                    Terminology.coding(Terminology.HANDOVER_PART, d.dischargeRecommendation(), Terminology.words(d.dischargeRecommendation())))));
        }
        text(bundle, s, HandoverPartCode.TRIAGE_NOTES, d.triageNotes());
        text(bundle, s, HandoverPartCode.MOBILITY_CONCERNS, d.mobilityConcerns());
        if (visible(s, HandoverPartCode.FOLLOW_UP_NEEDS) && !d.needs().isEmpty()) {
            Observation needs = observation(s, HandoverPartCode.FOLLOW_UP_NEEDS, null);
            d.needs().forEach(n -> needs.addComponent().setCode(part(HandoverPartCode.FOLLOW_UP_NEEDS)).setValue(new StringType(n)));
            add(bundle, h, HandoverPartCode.FOLLOW_UP_NEEDS.code, needs);
        }
        text(bundle, s, HandoverPartCode.UNRESOLVED_CONCERNS, d.unresolvedConcerns());
        text(bundle, s, HandoverPartCode.SYMPTOM_REPORTING, d.symptomReporting());
        if (visible(s, HandoverPartCode.MEDICATION_RISK)) {
            List<HandoverDocument.MedicationFlag> flags = d.flags();
            for (int i = 0; i < flags.size(); i++) {
                HandoverDocument.MedicationFlag flag = flags.get(i);
                MedicationStatement medication = new MedicationStatement();
                medication.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
                medication.setMedication(new CodeableConcept().setText(flag.medication()));
                medication.setSubject(patient);
                medication.setDateAssertedElement(new DateTimeType(Date.from(h.submittedAt)));
                medication.setInformationSource(author);
                String medicationUrl = add(bundle, h, "medication-" + i, medication);
                DetectedIssue risk = new DetectedIssue();
                risk.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
                risk.setCode(part(HandoverPartCode.MEDICATION_RISK));
                risk.setSeverity(severity(flag.severity()));
                risk.setPatient(patient);
                risk.setIdentified(new DateTimeType(Date.from(h.submittedAt)));
                risk.addImplicated(new Reference(medicationUrl).setDisplay(flag.medication()));
                risk.setDetail(flag.risk());
                add(bundle, h, "medication-risk-" + i, risk);
            }
        }
        add(bundle, h, "plan", plan(s, patient, author));
        return bundle;
    }

    private static CarePlan plan(Source s, Reference patient, Reference author) {
        Handover h = s.handover();
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(part(HandoverPartCode.DISCHARGE_PLAN));
        plan.setTitle("Discharge follow-up plan");
        plan.setSubject(patient);
        plan.getPeriod().setStartElement(EventMapper.instant(h.submittedAt));
        plan.setCreatedElement(new DateTimeType(Date.from(h.submittedAt)));
        plan.setAuthor(author);
        for (ActionItemRow item : s.items()) {
            CarePlan.CarePlanActivityComponent activity = plan.addActivity();
            CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
            detail.setCode(part(HandoverPartCode.ACTION_ITEM));
            detail.setStatus(itemStatus(item));
            detail.setDescription(item.description());
            detail.setScheduled(new org.hl7.fhir.r4.model.Period().setStartElement(EventMapper.instant(h.submittedAt))
                    .setEndElement(EventMapper.instant(item.dueAt())));
            detail.addPerformer(FhirUrls.organization(s.agencies().apply(item.responsibleAgencyId())));
            if (item.outcome() != null) {
                activity.addOutcomeCodeableConcept(new CodeableConcept(
                        Terminology.coding(Terminology.HANDOVER_PART, item.outcome(), Terminology.words(item.outcome()))));
            }
        }
        for (HandoverDocument.EscalationRule rule : h.document.rules()) {
            CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
            detail.setCode(part(HandoverPartCode.ESCALATION_RULE));
            detail.setStatus(CarePlanActivityStatus.NOTSTARTED);
            detail.addReasonCode().setText(rule.when());
            detail.setDescription(rule.then());
        }
        if (h.incomplete) {
            plan.addNote().setText("Incomplete: shared without " + HandoverRules.describe(List.of(h.missing)) + ".");
        }
        if (s.withheldReason() != null) {
            plan.addNote().setText(s.withheldReason());
        }
        return plan;
    }

    static CarePlanActivityStatus itemStatus(ActionItemRow item) {
        if (!"completed".equals(item.state())) {
            return CarePlanActivityStatus.NOTSTARTED;
        }
        return switch (item.outcome() == null ? "done" : item.outcome()) {
            case "not_needed" -> CarePlanActivityStatus.CANCELLED;
            case "could_not_complete" -> CarePlanActivityStatus.STOPPED;
            default -> CarePlanActivityStatus.COMPLETED;
        };
    }

    static DetectedIssue.DetectedIssueSeverity severity(String severity) {
        return switch (severity == null ? "" : severity) {
            case "high" -> DetectedIssue.DetectedIssueSeverity.HIGH;
            case "medium" -> DetectedIssue.DetectedIssueSeverity.MODERATE;
            default -> DetectedIssue.DetectedIssueSeverity.LOW;
        };
    }

    private static boolean visible(Source s, HandoverPartCode code) {
        return s.visibleParts().contains(code.part.code);
    }

    private static boolean shows(Source s, HandoverPartCode code, String value) {
        return visible(s, code) && value != null && !value.isBlank();
    }

    private static void text(Bundle bundle, Source s, HandoverPartCode code, String value) {
        if (shows(s, code, value)) {
            add(bundle, s.handover(), code.code, observation(s, code, new StringType(value)));
        }
    }

    private static Observation observation(Source s, HandoverPartCode code, Type value) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(part(code));
        o.setSubject(FhirUrls.patient(s.handover().clientId));
        o.setEffective(EventMapper.instant(s.handover().submittedAt));
        o.addPerformer(FhirUrls.organization(s.sourceAgency()));
        if (value != null) {
            o.setValue(value);
        }
        return o;
    }

    private static CodeableConcept part(HandoverPartCode code) {
        return new CodeableConcept(Terminology.coding(Terminology.HANDOVER_PART, code.code, code.display));
    }

    /** Adds the entry under a stable urn:uuid (the same on every read) and returns that full URL. */
    private static String add(Bundle bundle, Handover h, String name, Resource resource) {
        String url = "urn:uuid:" + UUID.nameUUIDFromBytes(("carerelay-handover/" + h.id + "/" + name).getBytes(StandardCharsets.UTF_8));
        bundle.addEntry().setFullUrl(url).setResource(resource);
        return url;
    }
}
