package org.carerelay.handover;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a discharge handover, in the order a person reads them: the name the document, the form and
 * the queries use, the words on screen, the catalogue field of the DISCHARGE_HANDOVER event that carries the
 * part (null: not shared as an event field, always shown), whether a complete handover needs it, and whether a
 * recipient may raise a query about it.
 */
public enum HandoverPart {
    DISCHARGE_DATE("dischargeDate", "discharge date", "dischargeDate", true, true),
    DISCHARGE_RECOMMENDATION("dischargeRecommendation", "discharge recommendation", "dischargeRecommendation", true, true),
    URGENCY("urgency", "urgency", null, false, false),
    TRIAGE_NOTES("triageNotes", "triage notes", "triageNotes", true, true),
    UNRESOLVED_CONCERNS("unresolvedConcerns", "unresolved concerns", "unresolvedConcerns", false, true),
    MEDICATION_RISK_FLAGS("medicationRiskFlags", "medication risk flags", "medicationRiskFlags", false, true),
    MOBILITY_CONCERNS("mobilityConcerns", "mobility and functional concerns", "mobilityConcerns", true, true),
    FOLLOW_UP_NEEDS("followUpNeeds", "follow-up needs", "followUpNeeds", true, true),
    SYMPTOM_REPORTING("symptomReporting", "remote symptom reporting expectations", "symptomReportingExpectations", false, true),
    ESCALATION_RULES("escalationRules", "escalation rules", null, false, true),
    ACTION_ITEMS("actionItems", "action items", null, true, true);

    /** The part's name in the document, the form and the queries. */
    public final String code;
    /** The words on screen, lower case (e.g. "missing: discharge date, triage notes"). */
    public final String label;
    /** The catalogue field that carries the part in the shared event, or null. */
    public final String eventField;
    public final boolean required;
    public final boolean queryable;

    HandoverPart(String code, String label, String eventField, boolean required, boolean queryable) {
        this.code = code;
        this.label = label;
        this.eventField = eventField;
        this.required = required;
        this.queryable = queryable;
    }

    /** The label as a heading: "Mobility and functional concerns". */
    public String heading() {
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    public static Optional<HandoverPart> of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The label of a named part, or the name itself when it is none. */
    public static String labelOf(String code) {
        return of(code).map(p -> p.label).orElse(code);
    }

    /** The parts a recipient may query, in reading order. */
    public static List<HandoverPart> queryable() {
        return Arrays.stream(values()).filter(p -> p.queryable).toList();
    }

    /** The parts shared as event fields: a recipient sees those its delivery carries. */
    public static List<HandoverPart> eventParts() {
        return Arrays.stream(values()).filter(p -> p.eventField != null).toList();
    }
}
