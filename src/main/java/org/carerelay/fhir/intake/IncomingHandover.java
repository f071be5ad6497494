package org.carerelay.fhir.intake;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.intake.RequestParts.Located;
import org.carerelay.fhir.terminology.HandoverPartCode;
import org.carerelay.fhir.terminology.Terminology;
import org.carerelay.handover.HandoverDocument;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A discharge handover's parts, posted as the entries of a transaction beside its Patient, Task and
 * ServiceRequest — the same resources {@code GET /fhir/r4/Bundle/{handoverId}} returns: an Observation per
 * text part, a MedicationStatement and its DetectedIssue per medication risk flag, and one CarePlan whose
 * activities are the action items (each scheduled from its start to its due time, performed by the
 * responsible agency) and the escalation rules. Read into the {@link HandoverDocument} the JSON API takes,
 * with the FHIRPath each of its fields came from. Pure: no database.
 */
final class IncomingHandover {

    static final List<String> PART_TYPES = List.of("Observation", "MedicationStatement", "DetectedIssue", "CarePlan");
    static final List<String> OBSERVATION_PARTS = List.of("discharge-date", "discharge-recommendation", "triage-notes", "mobility-concerns",
            "follow-up-needs", "unresolved-concerns", "symptom-reporting");
    private static final String PART_SYSTEM = Terminology.url(Terminology.HANDOVER_PART);

    /** The parts read, where each came from, and what is wrong. */
    record Parts(Map<String, Object> values, List<HandoverDocument.MedicationFlag> flags, List<String> needs,
            List<HandoverDocument.EscalationRule> rules, List<HandoverDocument.ActionItem> items, Map<String, String> paths,
            List<FieldError> invalid) {

        HandoverDocument document(HandoverDocument.Person client, String urgency) {
            return new HandoverDocument(client, (String) values.get("discharge-date"), (String) values.get("discharge-recommendation"), urgency,
                    (String) values.get("triage-notes"), flags.isEmpty() ? null : flags, (String) values.get("mobility-concerns"),
                    needs.isEmpty() ? null : needs, (String) values.get("unresolved-concerns"), (String) values.get("symptom-reporting"),
                    rules.isEmpty() ? null : rules, items.isEmpty() ? null : items);
        }
    }

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<HandoverDocument.MedicationFlag> flags = new ArrayList<>();
    private final List<String> needs = new ArrayList<>();
    private final List<HandoverDocument.EscalationRule> rules = new ArrayList<>();
    private final List<HandoverDocument.ActionItem> items = new ArrayList<>();
    private final Map<String, String> paths = new HashMap<>();
    private final List<FieldError> invalid = new ArrayList<>();
    private final Map<String, Located> medications = new LinkedHashMap<>();

    private IncomingHandover() {
    }

    /** Reads the parts; {@code subject} is the event's subject reference, which every part must name when it names one. */
    static Parts read(RequestParts request, Reference subject) {
        IncomingHandover in = new IncomingHandover();
        for (Located part : request.handoverParts) {
            if (part.resource() instanceof MedicationStatement) {
                in.medications.put(fullUrl(request, part), part);
            }
        }
        List<Located> risks = new ArrayList<>();
        boolean plan = false;
        for (Located part : request.handoverParts) {
            in.subject(part, subject);
            Resource resource = part.resource();
            if (resource instanceof Observation o) {
                in.observation(o, part.path());
            } else if (resource instanceof DetectedIssue) {
                risks.add(part);
            } else if (resource instanceof CarePlan c) {
                if (plan) {
                    in.invalid.add(new FieldError(part.path(), "one CarePlan per handover (its action items and escalation rules)"));
                } else {
                    in.plan(c, part.path());
                }
                plan = true;
            } // MedicationStatements are read with the DetectedIssue that names their risk
        }
        Map<String, Located> unpaired = new LinkedHashMap<>(in.medications);
        for (Located risk : risks) {
            in.risk((DetectedIssue) risk.resource(), risk.path(), unpaired);
        }
        unpaired.values().forEach(m -> in.invalid.add(new FieldError(m.path(), "a MedicationStatement needs a DetectedIssue (code "
                + "medication-risk) naming it in implicated, with the risk as detail and its severity")));
        return new Parts(in.values, in.flags, in.needs, in.rules, in.items, in.paths, in.invalid);
    }

    private void subject(Located part, Reference subject) {
        Resource r = part.resource();
        Reference named = r instanceof Observation o ? o.getSubject() : r instanceof MedicationStatement m ? m.getSubject()
                : r instanceof DetectedIssue d ? d.getPatient() : r instanceof CarePlan c ? c.getSubject() : null;
        if (named != null && named.hasReference() && subject != null && !named.getReference().equals(subject.getReference())) {
            invalid.add(new FieldError(part.path() + (part.resource() instanceof DetectedIssue ? ".patient" : ".subject"),
                    "must be the handover's Patient (" + subject.getReference() + ") or left out"));
        }
    }

    private void observation(Observation o, String at) {
        String code = partCode(o.getCode(), at + ".code", OBSERVATION_PARTS);
        if (code == null) {
            return;
        }
        if (values.containsKey(code) || (code.equals("follow-up-needs") && !needs.isEmpty())) {
            invalid.add(new FieldError(at + ".code", "the part " + code + " is given twice"));
            return;
        }
        String field = HandoverPartCode.of(code).orElseThrow().part.code; // the JSON API's name of the part
        switch (code) {
            case "discharge-date" -> {
                if (o.hasValueDateTimeType() && o.getValueDateTimeType().getPrecision() == TemporalPrecisionEnum.DAY) {
                    values.put(code, o.getValueDateTimeType().getValueAsString());
                } else {
                    invalid.add(new FieldError(at + ".value", "must be valueDateTime with a date only, e.g. 2026-11-25"));
                }
            }
            case "discharge-recommendation" -> {
                Coding coding = o.hasValueCodeableConcept() ? o.getValueCodeableConcept().getCoding().stream()
                        .filter(c -> PART_SYSTEM.equals(c.getSystem())).findFirst().orElse(null) : null;
                if (coding == null || !coding.hasCode()) {
                    invalid.add(new FieldError(at + ".value", "must be valueCodeableConcept with a code of " + PART_SYSTEM
                            + " (a discharge recommendation, e.g. home_with_support)"));
                } else {
                    values.put(code, coding.getCode());
                }
            }
            case "follow-up-needs" -> {
                for (int i = 0; i < o.getComponent().size(); i++) {
                    Observation.ObservationComponentComponent c = o.getComponent().get(i);
                    if (c.hasValueStringType()) {
                        paths.put("followUpNeeds[" + needs.size() + "]", at + ".component[" + i + "].value");
                        needs.add(c.getValueStringType().getValue());
                    } else {
                        invalid.add(new FieldError(at + ".component[" + i + "].value", "must be valueString: one follow-up need"));
                    }
                }
                if (o.getComponent().isEmpty()) {
                    invalid.add(new FieldError(at + ".component", "required: one component (valueString) per follow-up need"));
                }
            }
            default -> {
                if (o.hasValueStringType()) {
                    values.put(code, o.getValueStringType().getValue());
                } else {
                    invalid.add(new FieldError(at + ".value", "must be valueString: the " + HandoverPartCode.of(code).orElseThrow().part.label));
                }
            }
        }
        paths.put(field, at + (code.equals("follow-up-needs") ? ".component" : ".value"));
    }

    private void risk(DetectedIssue issue, String at, Map<String, Located> unpaired) {
        if (partCode(issue.getCode(), at + ".code", List.of("medication-risk")) == null) {
            return;
        }
        Located medication = issue.getImplicated().size() == 1 ? unpaired.remove(issue.getImplicatedFirstRep().getReference()) : null;
        if (medication == null) {
            invalid.add(new FieldError(at + ".implicated", "must name exactly one MedicationStatement entry of this transaction (by its "
                    + "fullUrl), not already named by another DetectedIssue"));
            return;
        }
        MedicationStatement statement = (MedicationStatement) medication.resource();
        String name = statement.hasMedicationCodeableConcept() ? statement.getMedicationCodeableConcept().getText() : null;
        if (name == null || name.isBlank()) {
            invalid.add(new FieldError(medication.path() + ".medication", "required: medicationCodeableConcept with the medication as text"));
        }
        String severity = issue.getSeverity() == null ? null : switch (issue.getSeverity()) {
            case HIGH -> "high";
            case MODERATE -> "medium";
            case LOW -> "low";
            default -> null;
        };
        if (severity == null) {
            invalid.add(new FieldError(at + ".severity", "required: high, moderate or low"));
        }
        String key = "medicationRiskFlags[" + flags.size() + "]";
        paths.put(key, at);
        paths.put(key + ".medication", medication.path() + ".medication");
        paths.put(key + ".risk", at + ".detail");
        paths.put(key + ".severity", at + ".severity");
        flags.add(new HandoverDocument.MedicationFlag(name, issue.getDetail(), severity));
    }

    private void plan(CarePlan plan, String at) {
        for (int i = 0; i < plan.getActivity().size(); i++) {
            String path = at + ".activity[" + i + "].detail";
            CarePlan.CarePlanActivityDetailComponent detail = plan.getActivity().get(i).getDetail();
            String code = partCode(detail.getCode(), path + ".code", List.of("action-item", "escalation-rule"));
            if ("action-item".equals(code)) {
                actionItem(detail, path);
            } else if ("escalation-rule".equals(code)) {
                String key = "escalationRules[" + rules.size() + "]";
                paths.put(key, path);
                paths.put(key + ".if", path + ".reasonCode");
                paths.put(key + ".then", path + ".description");
                rules.add(new HandoverDocument.EscalationRule(detail.hasReasonCode() ? detail.getReasonCodeFirstRep().getText() : null,
                        detail.getDescription()));
            }
        }
    }

    /** An action item: what (description), who (the performer Organization) and its window (scheduledPeriod end minus start, whole hours). */
    private void actionItem(CarePlan.CarePlanActivityDetailComponent detail, String at) {
        String key = "actionItems[" + items.size() + "]";
        paths.put(key, at);
        paths.put(key + ".description", at + ".description");
        paths.put(key + ".windowHours", at + ".scheduled");
        paths.put(key + ".responsibleAgency", at + ".performer");
        Integer hours = null;
        if (detail.hasScheduledPeriod() && detail.getScheduledPeriod().hasStart() && detail.getScheduledPeriod().hasEnd()) {
            Period period = detail.getScheduledPeriod();
            Duration window = Duration.between(period.getStart().toInstant(), period.getEnd().toInstant());
            if (window.toMinutesPart() != 0 || window.toSecondsPart() != 0 || window.isNegative() || window.isZero()) {
                invalid.add(new FieldError(at + ".scheduled", "the window (end minus start) must be a whole number of hours, e.g. 24, 48 or 72"));
            } else {
                hours = (int) Math.min(window.toHours(), Integer.MAX_VALUE);
            }
        } else {
            invalid.add(new FieldError(at + ".scheduled", "required: scheduledPeriod with start and end (the end minus the start is the "
                    + "item's window; CareRelay sets the due time from when it receives the handover)"));
        }
        String agency = detail.getPerformer().size() == 1 ? IncomingEvent.agencySlug(detail.getPerformerFirstRep()) : null;
        if (agency == null) {
            invalid.add(new FieldError(at + ".performer", "required: exactly one Organization/{agency}, the agency responsible for the item"));
        }
        items.add(new HandoverDocument.ActionItem(detail.getDescription(), hours, agency));
    }

    /** The part's code in CareRelay's handover-part system, if it is one of {@code allowed}; otherwise null and a problem. */
    private String partCode(CodeableConcept concept, String at, List<String> allowed) {
        Coding coding = concept.getCoding().stream().filter(c -> PART_SYSTEM.equals(c.getSystem())).findFirst().orElse(null);
        if (coding == null || !allowed.contains(coding.getCode())) {
            invalid.add(new FieldError(at, "must be coded in " + PART_SYSTEM + " as one of " + String.join(", ", allowed)
                    + (coding == null ? "" : ", not " + coding.getCode())));
            return null;
        }
        return coding.getCode();
    }

    private static String fullUrl(RequestParts request, Located part) {
        return request.fullUrlOf(part);
    }
}
