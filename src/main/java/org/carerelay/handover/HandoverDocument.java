package org.carerelay.handover;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The structured discharge dataset, as the form and the partner API send it. A part left out is
 * null (or an empty list); completeness is judged by {@link HandoverRules}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record HandoverDocument(Person client, String dischargeDate, String dischargeRecommendation, String urgency,
        String triageNotes, List<MedicationFlag> medicationRiskFlags, String mobilityConcerns, List<String> followUpNeeds,
        String unresolvedConcerns, String symptomReporting, List<EscalationRule> escalationRules, List<ActionItem> actionItems) {

    /** The person, as the hospital knows them. */
    public record Person(String localId, String givenName, String familyName, String birthDate) {
    }

    /** A medication risk: which medication, what the risk is, how severe (low, medium, high). */
    public record MedicationFlag(String medication, String risk, String severity) {
        public String summary() {
            return medication + ": " + risk + " (" + severity + ")";
        }
    }

    /** "If this happens, do that." */
    public record EscalationRule(@JsonProperty("if") String when, @JsonProperty("then") String then) {
    }

    /** Something that must happen within a window, and which agency must do it. */
    public record ActionItem(String description, Integer windowHours, String responsibleAgency) {
    }

    public List<MedicationFlag> flags() {
        return medicationRiskFlags == null ? List.of() : medicationRiskFlags;
    }

    public List<String> needs() {
        return followUpNeeds == null ? List.of() : followUpNeeds;
    }

    public List<EscalationRule> rules() {
        return escalationRules == null ? List.of() : escalationRules;
    }

    public List<ActionItem> items() {
        return actionItems == null ? List.of() : actionItems;
    }
}
