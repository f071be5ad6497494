package org.carerelay.handover;

import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.handover.HandoverForm.ErrorLink;
import org.carerelay.handover.HandoverForm.Field;
import org.carerelay.handover.HandoverForm.FlagRow;
import org.carerelay.handover.HandoverForm.ItemRow;
import org.carerelay.handover.HandoverForm.Option;
import org.carerelay.handover.HandoverForm.RuleRow;

/** Everything the handover form shows: the values, the messages at the fields, and what is still missing. */
public record HandoverFormView(Long draftId, String saved, String refusal, List<ErrorLink> errors, List<String> missing,
        Field clientLocalId, Field givenName, Field familyName, Field birthDate, Field dischargeDate,
        Field dischargeRecommendation, List<Option> recommendations, Field urgency, List<Option> urgencies,
        Field triageNotes, List<FlagRow> flags, Field mobilityConcerns, Field followUpNeeds, Field unresolvedConcerns,
        Field symptomReporting, List<RuleRow> rules, List<ItemRow> items) {

    static final List<String> RECOMMENDATION_CODES = List.of("", "home_independent", "home_with_support", "supported_accommodation",
            "residential_care");
    static final List<String> RECOMMENDATION_LABELS = List.of("Choose…", "Home, independent", "Home with support",
            "Supported accommodation", "Residential care");
    static final List<String> URGENCY_CODES = List.of("", "urgent_review", "routine_follow_up", "information_only");
    static final List<String> URGENCY_LABELS = List.of("Use the event's default", "Urgent review", "Routine follow-up", "Information only");

    public String action() {
        return draftId == null ? "/handovers" : "/handovers/drafts/" + draftId;
    }

    public boolean showSummary() {
        return !errors.isEmpty();
    }

    static HandoverFormView of(Long draftId, Map<String, String> v, Map<String, String> errorsAt, List<ErrorLink> errors, String saved,
            String refusal, List<String> missing, List<AgencyRef> agencies) {
        Field recommendation = HandoverForm.field("dischargeRecommendation", v, errorsAt);
        Field urgency = HandoverForm.field("urgency", v, errorsAt);
        return new HandoverFormView(draftId, saved, refusal, errors, HandoverRules.labels(missing),
                HandoverForm.field("clientLocalId", v, errorsAt), HandoverForm.field("givenName", v, errorsAt),
                HandoverForm.field("familyName", v, errorsAt), HandoverForm.field("birthDate", v, errorsAt),
                HandoverForm.field("dischargeDate", v, errorsAt), recommendation,
                HandoverForm.options(recommendation.value(), RECOMMENDATION_CODES, RECOMMENDATION_LABELS), urgency,
                HandoverForm.options(urgency.value(), URGENCY_CODES, URGENCY_LABELS),
                HandoverForm.field("triageNotes", v, errorsAt), HandoverForm.flagRows(v, errorsAt),
                HandoverForm.field("mobilityConcerns", v, errorsAt), HandoverForm.field("followUpNeeds", v, errorsAt),
                HandoverForm.field("unresolvedConcerns", v, errorsAt), HandoverForm.field("symptomReporting", v, errorsAt),
                HandoverForm.ruleRows(v, errorsAt), HandoverForm.itemRows(v, errorsAt, agencies));
    }
}
