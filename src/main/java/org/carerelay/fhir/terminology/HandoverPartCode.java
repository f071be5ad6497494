package org.carerelay.fhir.terminology;

import org.carerelay.handover.HandoverPart;

/**
 * The codes of {@value Terminology#HANDOVER_PART}, in the order the code system lists them: each part of a handover the
 * FHIR Bundle carries, named by the {@link HandoverPart} it stands for (the one list of parts), and the discharge plan
 * the CarePlan is. The display is the part's heading, unless the code names one resource per item (a flag, a rule,
 * an action item).
 */
public enum HandoverPartCode {
    DISCHARGE_DATE("discharge-date", HandoverPart.DISCHARGE_DATE, null),
    DISCHARGE_RECOMMENDATION("discharge-recommendation", HandoverPart.DISCHARGE_RECOMMENDATION, null),
    TRIAGE_NOTES("triage-notes", HandoverPart.TRIAGE_NOTES, null),
    MOBILITY_CONCERNS("mobility-concerns", HandoverPart.MOBILITY_CONCERNS, null),
    FOLLOW_UP_NEEDS("follow-up-needs", HandoverPart.FOLLOW_UP_NEEDS, null),
    UNRESOLVED_CONCERNS("unresolved-concerns", HandoverPart.UNRESOLVED_CONCERNS, null),
    SYMPTOM_REPORTING("symptom-reporting", HandoverPart.SYMPTOM_REPORTING, null),
    MEDICATION_RISK("medication-risk", HandoverPart.MEDICATION_RISK_FLAGS, "Medication risk flag"),
    ESCALATION_RULE("escalation-rule", HandoverPart.ESCALATION_RULES, "Escalation rule (if this happens, do that)"),
    ACTION_ITEM("action-item", HandoverPart.ACTION_ITEMS, "Action item with its own window"),
    DISCHARGE_PLAN("discharge-plan", null, "Discharge follow-up plan");

    public final String code;
    /** The part of the handover document, or null for the plan. */
    public final HandoverPart part;
    public final String display;

    HandoverPartCode(String code, HandoverPart part, String display) {
        this.code = code;
        this.part = part;
        this.display = display != null ? display : part.heading();
    }

    public static java.util.Optional<HandoverPartCode> of(String code) {
        return java.util.Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
